// Browser test of report.html in headless Chromium (Debian's `chromium`),
// driven by puppeteer-core (pinned in package.json). Run by CTest:
//   node tests/browser/report_test.mjs REPORT.html SCREENSHOT.png
// Fails (never skips) when Chromium or puppeteer-core is missing.
import { existsSync, mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const [reportArg, screenshotArg] = process.argv.slice(2);
const chromium = process.env.INNOCLUSTER_CHROMIUM || "/usr/bin/chromium";
const setupHint = "install the test dependencies with: scripts/setup.sh --tests";

function fail(message) {
  console.error(`report_test: FAIL: ${message}`);
  process.exit(1);
}
if (!reportArg || !screenshotArg) fail("usage: report_test.mjs REPORT.html SCREENSHOT.png");
if (!existsSync(reportArg)) fail(`${reportArg} does not exist (the fixture run did not write it)`);
if (!existsSync(chromium)) fail(`${chromium} not found: ${setupHint} (or set INNOCLUSTER_CHROMIUM)`);
let puppeteer;
try {
  puppeteer = (await import("puppeteer-core")).default;
} catch (e) {
  fail(`cannot load puppeteer-core (${e.code || e.message}): ${setupHint}`);
}

const checks = [];
function check(condition, message) {
  checks.push(message);
  if (!condition) throw new Error(message);
  console.log(`ok - ${message}`);
}

const browser = await puppeteer.launch({
  executablePath: chromium,
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
});
let exitCode = 0;
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1400, height: 1000 });
  const problems = [];
  page.on("console", (msg) => {
    if (msg.type() === "error" || msg.type() === "warning") problems.push(`console ${msg.type()}: ${msg.text()}`);
  });
  page.on("pageerror", (err) => problems.push(`page error: ${err.message}`));
  page.on("requestfailed", (req) => problems.push(`request failed: ${req.url()}`));
  const requests = [];
  page.on("request", (req) => requests.push(req.url()));

  const url = pathToFileURL(resolve(reportArg)).href;
  await page.goto(url, { waitUntil: "load" });

  const data = await page.evaluate(() => JSON.parse(document.getElementById("report-data").textContent));
  const n = data.clusters.length;
  check(n > 0, `the report holds ${n} clusters`);
  check(problems.length === 0, `no console errors or page errors on load${problems.length ? ": " + problems.join("; ") : ""}`);
  const foreign = requests.filter((u) => u !== url && !u.startsWith("data:"));
  check(foreign.length === 0, `nothing loaded besides the file itself${foreign.length ? ": " + foreign.join(", ") : ""}`);

  const marks = await page.$$eval("#map .mark", (els) => els.length);
  check(marks === n, `the map has one mark per cluster (${marks})`);
  for (const id of ["size-table", "intensity-table"]) {
    const rows = await page.$$eval(`#${id} tbody tr`, (els) => els.length);
    check(rows === n, `#${id} has one row per cluster (${rows})`);
  }
  const banner = await page.$("#synthetic-banner");
  check(Boolean(banner) === Boolean(data.synthetic), `the synthetic-data banner is ${data.synthetic ? "shown" : "absent"}`);

  // Click a mark that is not covered by another one, at its centre, like a user.
  const target = await page.evaluate(() => {
    const marks = [...document.querySelectorAll("#map .mark")];
    for (let k = marks.length - 1; k >= 0; --k) {
      const r = marks[k].getBoundingClientRect();
      const x = r.left + r.width / 2, y = r.top + r.height / 2;
      if (document.elementFromPoint(x, y) === marks[k]) return { index: Number(marks[k].dataset.index), x, y };
    }
    return null;
  });
  check(target !== null, "some mark can be clicked");
  await page.mouse.move(target.x, target.y);
  const tooltip = await page.$eval("#tooltip", (t) => (t.hidden ? "" : t.textContent));
  check(tooltip.includes(data.clusters[target.index].name), `hovering a mark shows its name ("${tooltip}")`);
  await page.mouse.click(target.x, target.y);
  const panel = await page.$eval("#panel", (p) => ({ hidden: p.hidden, name: p.querySelector(".panel-name")?.textContent }));
  check(!panel.hidden && panel.name === data.clusters[target.index].name,
        `clicking the mark of "${data.clusters[target.index].name}" opens its panel ("${panel.name}")`);

  // Clicking a table row opens that cluster's panel.
  const titles = await page.$$eval("#size-table thead th", (ths) => ths.map((th) => th.textContent));
  const nameColumn = 1 + titles.indexOf("Cluster");
  const rowIndex = n - 1;
  // (on its name: a table with the optional columns is wider than its box)
  await page.click(`#size-table tbody tr[data-index="${rowIndex}"] td:nth-child(${nameColumn})`);
  const rowPanel = await page.$eval("#panel .panel-name", (h) => h.textContent);
  check(rowPanel === data.clusters[rowIndex].name, `clicking a row opens its panel ("${rowPanel}")`);
  await page.click("#panel .close");

  // Sorting: the size table starts in rank order; the Cluster column sorts by name, twice reverses.
  const names = () => page.$$eval(`#size-table tbody tr td:nth-child(${nameColumn})`, (tds) => tds.map((td) => td.textContent));
  const before = await names();
  check(JSON.stringify(before) === JSON.stringify(data.clusters.map((c) => c.name)), "the size table starts in rank order");
  const header = await page.$$("#size-table thead th");
  await header[nameColumn - 1].click();
  const ascending = await names();
  const sorted = [...before].sort((a, b) => a.localeCompare(b, "en"));
  check(JSON.stringify(ascending) === JSON.stringify(sorted), "clicking 'Cluster' sorts the rows by name");
  await header[nameColumn - 1].click();
  const descending = await names();
  check(JSON.stringify(descending) === JSON.stringify([...sorted].reverse()), "clicking it again reverses the order");
  // A numeric column sorts by value, largest first, empty cells last.
  const populationColumn = 1 + (await page.$$eval("#size-table thead th", (ths) => ths.findIndex((th) => th.textContent === "Population")));
  await header[populationColumn - 1].click();
  const populations = await page.$$eval(`#size-table tbody tr td:nth-child(${populationColumn})`,
    (tds) => tds.map((td) => (td.textContent === "–" ? null : Number(td.textContent.replace(/,/g, "")))));
  const known = populations.filter((p) => p !== null);
  const largestFirst = known.every((p, k) => k === 0 || known[k - 1] >= p);
  const firstEmpty = populations.indexOf(null);
  const emptyLast = firstEmpty === -1 || populations.slice(firstEmpty).every((p) => p === null);
  check(largestFirst && emptyLast, "clicking 'Population' sorts the rows by population, largest first");
  await header[0].click();
  const reset = await names();
  check(JSON.stringify(reset) === JSON.stringify(before), "clicking 'Rank' restores the rank order");

  // "Show on the map" zooms the map to the cluster; a double click resets it.
  await page.click(`#size-table tbody tr[data-index="0"] td:nth-child(${nameColumn})`);
  await page.evaluate(() => [...document.querySelectorAll("#panel button")].find((b) => b.textContent === "Show on the map").click());
  const zoomed = await page.$eval("#map", (m) => m.viewBox.baseVal.width);
  check(zoomed < data.map.width, `"Show on the map" zooms in (view ${zoomed.toFixed(1)} units wide)`);
  await page.$eval("#map", (m) => m.dispatchEvent(new MouseEvent("dblclick", { bubbles: true })));
  const unzoomed = await page.$eval("#map", (m) => m.viewBox.baseVal.width);
  check(unzoomed === data.map.width, "a double click shows the whole world again");
  await page.click("#panel .close");

  // Optional analyses (issue 7), when the data has them.
  if (data.comparison) {
    const changeColumn = 1 + (await page.$$eval("#size-table thead th", (ths) => ths.findIndex((th) => th.textContent === "Change")));
    check(changeColumn > 0, "the size table has a 'Change' column");
    const marks = await page.$$eval(`#size-table tbody tr`, (trs, col) =>
      trs.map((tr) => ({ index: Number(tr.dataset.index), mark: tr.querySelector(`td:nth-child(${col})`).textContent })), changeColumn);
    const byRank = new Map(data.comparison.rows.map((r) => [r.rank, r]));
    const expected = (r) => (r.status === "new" ? "new" : r.rank_change > 0 ? `▲ ${r.rank_change}` :
                             r.rank_change < 0 ? `▼ ${-r.rank_change}` : "=");
    const agree = marks.length === n && marks.every((m) => m.mark !== "" && m.mark === expected(byRank.get(data.clusters[m.index].rank)));
    check(agree, `the 'Change' column has one arrow, '=' or 'new' per cluster, as the comparison says (${marks.length})`);
    const growth = await page.$$eval("#size-table thead th", (ths) => ths.filter((th) => th.textContent.endsWith(" growth")).length);
    check(growth === data.comparison.growth_metrics.length, `the size table has a growth column per compared metric (${growth})`);
    check(await page.$("#edition-comparison") !== null, "the comparison with the previous edition has its section");
  }
  if (data.methodology_comparison) {
    const rows = await page.$$eval("#methodology-table tbody tr", (els) => els.length);
    const union = n + data.methodology_comparison.rows.filter((r) => r.rank === null).length;
    check(rows === union && rows === data.methodology_comparison.rows.length,
          `the methodology comparison has one row per cluster of either run (${rows} = ${union})`);
  }
  if (data.sensitivity) {
    const plotted = Math.min(25, data.clusters.filter((c) => data.sensitivity.rows.some((r) => r.rank === c.rank)).length);
    const bars = await page.$$eval("#rank-intervals .interval", (els) => els.length);
    const dots = await page.$$eval("#rank-intervals .rank-dot", (els) => els.length);
    const medians = await page.$$eval("#rank-intervals .median", (els) => els.length);
    check(bars === plotted && dots === plotted && medians === plotted,
          `the rank-interval chart has one bar, dot and median per plotted cluster (${bars} of ${plotted})`);
    await page.click(`#size-table tbody tr[data-index="0"] td:nth-child(${nameColumn})`);
    const line = await page.$eval("#panel .panel-interval", (p) => p.textContent).catch(() => "");
    const first = data.sensitivity.rows.find((r) => r.rank === data.clusters[0].rank);
    check(line.includes(`90% range ${first.p05}–${first.p95}`), `the panel shows the cluster's rank interval ("${line}")`);
    await page.click("#panel .close");
  }

  check(problems.length === 0, `no console errors or page errors after interaction${problems.length ? ": " + problems.join("; ") : ""}`);

  // The screenshot: the map with the leading cluster's panel open, on a wide screen.
  await page.setViewport({ width: 1680, height: 1000 });
  await page.evaluate(() => {
    window.scrollTo(0, 0);
    document.querySelectorAll(".scroll").forEach((e) => { e.scrollTop = 0; });
  });
  const first = await page.evaluate(() => {
    const r = document.querySelector('#map .mark[data-index="0"]').getBoundingClientRect();
    return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
  });
  await page.mouse.click(first.x, first.y);
  await page.mouse.move(first.x, first.y);
  mkdirSync(dirname(resolve(screenshotArg)), { recursive: true });
  await page.screenshot({ path: screenshotArg, fullPage: false });
  console.log(`screenshot: ${screenshotArg}`);
} catch (e) {
  console.error(`report_test: FAIL: ${e.message}`);
  exitCode = 1;
} finally {
  await browser.close();
}
process.exit(exitCode);
