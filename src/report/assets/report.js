// innocluster report: draws the cluster marks, tables, panels and charts of
// report.html from its JSON blocks ("report-data", "report-manifest").
// Text is only ever set through textContent (never as markup), so names and
// organisations from the data cannot inject markup. Numbers are formatted with
// an explicit locale, so every browser shows the same digits.
"use strict";
(function () {
  const SVG = "http://www.w3.org/2000/svg";
  const data = JSON.parse(document.getElementById("report-data").textContent);
  const manifest = JSON.parse(document.getElementById("report-manifest").textContent);
  const clusters = data.clusters;
  const sources = data.sources;
  const names = data.country_names || {};

  // ---- helpers -------------------------------------------------------------
  const formats = new Map();
  function num(v, digits) {
    if (v === null || v === undefined || Number.isNaN(v)) return "–";
    const d = digits === undefined ? 0 : digits;
    if (!formats.has(d))
      formats.set(d, new Intl.NumberFormat("en-US", { minimumFractionDigits: d, maximumFractionDigits: d }));
    return formats.get(d).format(v);
  }
  function el(tag, attrs, text) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function svg(tag, attrs, text) {
    const e = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function economyName(code) {
    return code.split("/").map((c) => names[c] || c).join(" / ");
  }
  function factsTable(rows) {
    const t = el("table", { class: "facts" });
    for (const [k, v] of rows) {
      const tr = el("tr");
      tr.append(el("th", {}, k), el("td", {}, v));
      t.append(tr);
    }
    return t;
  }
  function gridTable(headers, rows, numeric) {
    const t = el("table", { class: "facts" });
    const head = el("tr");
    headers.forEach((h, i) => head.append(el("th", numeric && numeric[i] ? { class: "num" } : {}, h)));
    t.appendChild(el("thead")).append(head);
    const body = t.appendChild(el("tbody"));
    for (const r of rows) {
      const tr = el("tr");
      r.forEach((v, i) => tr.append(el("td", numeric && numeric[i] ? { class: "num" } : {}, v)));
      body.append(tr);
    }
    return t;
  }

  // ---- summary --------------------------------------------------------------
  const inTop = clusters.filter((c) => c.in_top).length;
  document.getElementById("summary").textContent =
    `${clusters.length} clusters (${inTop} in the top ${data.top_n}) from ${sources.map((s) => s.label).join(", ")}; ` +
    `methodology ${manifest.methodology.name} (edition ${manifest.methodology.edition}); innocluster ${manifest.version}.`;

  // ---- map ------------------------------------------------------------------
  const map = document.getElementById("map");
  const marks = document.getElementById("marks");
  const footprints = document.getElementById("footprints");
  const tooltip = document.getElementById("tooltip");
  const full = { x: 0, y: 0, w: data.map.width, h: data.map.height };
  let view = Object.assign({}, full);
  const maxScore = Math.max(1e-12, ...clusters.map((c) => c.score));
  const R_MAX = 14, R_MIN = 1.6;
  const radius = (c) => Math.max(R_MIN, R_MAX * Math.sqrt(Math.max(0, c.score) / maxScore));
  const markOf = [];
  clusters.forEach((c, i) => {
    if (c.footprint_path) footprints.append(svg("path", { class: "footprint", d: c.footprint_path }));
    const m = svg("circle", { class: "mark", cx: c.x, cy: c.y, r: radius(c), tabindex: "0", "data-index": i,
                               "aria-label": `${c.rank}. ${c.name}` });
    m.addEventListener("mouseenter", (ev) => showTooltip(c, ev));
    m.addEventListener("mousemove", (ev) => showTooltip(c, ev));
    m.addEventListener("mouseleave", () => { tooltip.hidden = true; });
    m.addEventListener("click", (ev) => { ev.stopPropagation(); openPanel(i); });
    m.addEventListener("keydown", (ev) => { if (ev.key === "Enter") openPanel(i); });
    marks.append(m);
    markOf.push(m);
  });
  function showTooltip(c, ev) {
    const box = map.parentElement.getBoundingClientRect();
    const intensity = c.intensity_rank ? ` · intensity #${c.intensity_rank}` : "";
    tooltip.textContent = `#${c.rank} ${c.name} (${c.economy}) · score ${num(c.score, 2)}${intensity}`;
    tooltip.style.left = `${ev.clientX - box.left + 12}px`;
    tooltip.style.top = `${ev.clientY - box.top + 12}px`;
    tooltip.hidden = false;
  }
  function applyView() {
    map.setAttribute("viewBox", `${view.x} ${view.y} ${view.w} ${view.h}`);
    const k = view.w / full.w;  // marks keep their screen size when zoomed
    clusters.forEach((c, i) => markOf[i].setAttribute("r", radius(c) * Math.sqrt(k)));
  }
  function zoomAt(px, py, factor) {
    const w = Math.min(full.w, Math.max(full.w / 400, view.w * factor));
    const h = w * full.h / full.w;
    view = { x: px - (px - view.x) * w / view.w, y: py - (py - view.y) * h / view.h, w, h };
    applyView();
  }
  function toMap(ev) {
    const r = map.getBoundingClientRect();
    return [view.x + (ev.clientX - r.left) / r.width * view.w, view.y + (ev.clientY - r.top) / r.height * view.h];
  }
  map.addEventListener("wheel", (ev) => {
    ev.preventDefault();
    const [px, py] = toMap(ev);
    zoomAt(px, py, ev.deltaY < 0 ? 0.8 : 1.25);
  }, { passive: false });
  let drag = null;
  map.addEventListener("pointerdown", (ev) => {
    if (ev.target.classList.contains("mark")) return;
    drag = { x: ev.clientX, y: ev.clientY, view: Object.assign({}, view) };
  });
  window.addEventListener("pointermove", (ev) => {
    if (!drag) return;
    const r = map.getBoundingClientRect();
    view.x = drag.view.x - (ev.clientX - drag.x) / r.width * view.w;
    view.y = drag.view.y - (ev.clientY - drag.y) / r.height * view.h;
    applyView();
  });
  window.addEventListener("pointerup", () => { drag = null; });
  map.addEventListener("dblclick", () => { view = Object.assign({}, full); applyView(); });
  function zoomTo(c) {
    const w = full.w / 12, h = w * full.h / full.w;
    view = { x: c.x - w / 2, y: c.y - h / 2, w, h };
    applyView();
  }

  // ---- optional analyses ------------------------------------------------------
  // Rows of the optional analyses refer to the clusters by rank (unique in a run).
  const byRank = (key) => new Map(data[key] === undefined ? [] : data[key].rows.map((r) => [r.rank, r]));
  const previousOf = byRank("comparison");
  const intervalOf = byRank("sensitivity");
  // "▲ 3" (moved up 3 places), "▼ 2", "=" or "new"; "" when there is nothing to compare.
  function changeMark(status, change) {
    if (status === "new") return "new";
    if (change === null || change === undefined) return "";
    return change > 0 ? `▲ ${change}` : change < 0 ? `▼ ${-change}` : "=";
  }
  const changeClass = (change) => (change > 0 ? "change up" : change < 0 ? "change down" : "change");
  const signed = (v, digits) => (v === null || v === undefined ? "–" : `${v > 0 ? "+" : ""}${num(v, digits)}%`);

  // ---- tables ----------------------------------------------------------------
  // Column registry: a column set shown only when its key is in the data,
  // inserted into a table after the column titled `after`.
  const text = (v) => (v === null || v === undefined ? "" : String(v));
  const COLUMNS = [
    { key: "comparison", table: "size", after: "Rank", columns: (x) => [
      { title: "Change", value: (c) => (previousOf.get(c.rank) || {}).rank_change, num: true, change: true,
        display: (c) => { const p = previousOf.get(c.rank) || {}; return changeMark(p.status, p.rank_change); },
        tip: (c) => { const p = previousOf.get(c.rank) || {};
          return p.rank_previous ? `rank ${p.rank_previous} in edition ${x.previous.edition}` : `not in edition ${x.previous.edition}`; } },
    ] },
    { key: "comparison", table: "size", after: "Score", columns: (x) => x.growth_metrics.map((k) => ({
      title: `${(sources.find((s) => s.key === k) || { label: k }).label} growth`,
      value: (c) => ((previousOf.get(c.rank) || {}).growth || {})[k], num: true,
      display: (c) => signed(((previousOf.get(c.rank) || {}).growth || {})[k], 1),
    })) },
  ];
  const SIZE_COLUMNS = [
    { title: "Rank", value: (c) => c.rank, num: true },
    { title: "Cluster", value: (c) => c.name },
    { title: "Economy", value: (c) => c.economy },
    ...sources.map((s) => ({ title: s.label, value: (c) => c[s.key], num: true, digits: 1 })),
    { title: "Score", value: (c) => c.score, num: true, digits: 2 },
    { title: "Population", value: (c) => c.population, num: true },
    { title: "Int. rank", value: (c) => c.intensity_rank, num: true },
  ];
  const INTENSITY_COLUMNS = [
    { title: "Int. rank", value: (c) => c.intensity_rank, num: true },
    { title: "Cluster", value: (c) => c.name },
    { title: "Economy", value: (c) => c.economy },
    { title: "Population", value: (c) => c.population, num: true },
    ...sources.map((s) => ({ title: `${s.label} / M`, value: (c) => c[`${s.key}_per_million`], num: true, digits: 1 })),
    { title: "Intensity", value: (c) => c.intensity, num: true, digits: 3 },
    { title: "Size rank", value: (c) => c.rank, num: true },
  ];
  for (const reg of COLUMNS) {
    if (data[reg.key] === undefined) continue;
    const columns = reg.table === "size" ? SIZE_COLUMNS : INTENSITY_COLUMNS;
    const at = columns.findIndex((col) => col.title === reg.after) + 1;
    columns.splice(at, 0, ...reg.columns(data[reg.key]));
  }
  const rowsOf = [];
  function compare(a, b, col, dir) {
    const va = col.value(a), vb = col.value(b);
    const na = va === null || va === undefined, nb = vb === null || vb === undefined;
    if (na || nb) return na === nb ? a.rank - b.rank : na ? 1 : -1;  // empty cells last
    const d = col.num ? va - vb : String(va).localeCompare(String(vb), "en");
    return d !== 0 ? dir * d : a.rank - b.rank;
  }
  function buildTable(id, columns, initial) {
    const table = document.getElementById(id);
    const head = el("tr");
    const body = el("tbody");
    const rows = clusters.map((c, i) => {
      const tr = el("tr", { "data-index": i });
      for (const col of columns) {
        const v = col.value(c);
        const shown = col.display ? col.display(c) : col.num ? num(v, col.digits) : text(v);
        const attrs = { class: col.change ? `num ${changeClass(v)}` : col.num ? "num" : "" };
        if (!attrs.class) delete attrs.class;
        if (col.tip) attrs.title = col.tip(c);
        tr.append(el("td", attrs, shown));
      }
      tr.addEventListener("click", () => openPanel(i));
      return tr;
    });
    let state = { col: initial, dir: 1 };
    function sortBy(k, dir) {
      state = { col: k, dir };
      const order = clusters.map((c, i) => i).sort((a, b) => compare(clusters[a], clusters[b], columns[k], dir));
      for (const i of order) body.append(rows[i]);
      head.querySelectorAll("th").forEach((th, j) =>
        th.setAttribute("aria-sort", j === k ? (dir > 0 ? "ascending" : "descending") : "none"));
    }
    columns.forEach((col, k) => {
      const th = el("th", col.num ? { class: "num", scope: "col" } : { scope: "col" }, col.title);
      th.addEventListener("click", () => {
        const first = col.num && col.title !== "Rank" && !/rank/i.test(col.title) ? -1 : 1;
        sortBy(k, state.col === k ? -state.dir : first);
      });
      head.append(th);
    });
    table.appendChild(el("thead")).append(head);
    table.append(body);
    sortBy(initial, 1);
    rowsOf.push(rows);
  }
  buildTable("size-table", SIZE_COLUMNS, 0);
  buildTable("intensity-table", INTENSITY_COLUMNS, 0);

  // ---- panel -----------------------------------------------------------------
  const panel = document.getElementById("panel");
  let selected = -1;
  function descriptorList(items) {
    if (!items || items.length === 0) return el("p", { class: "hint" }, "none recorded");
    const ol = el("ol");
    for (const d of items) ol.append(el("li", {}, `${d.label} (${num(100 * d.share, 1)}%)`));
    return ol;
  }
  function openPanel(i) {
    const c = clusters[i];
    if (selected >= 0) {
      markOf[selected].classList.remove("selected");
      rowsOf.forEach((rows) => rows[selected].classList.remove("selected"));
    }
    selected = i;
    markOf[i].classList.add("selected");
    rowsOf.forEach((rows) => rows[i].classList.add("selected"));
    panel.replaceChildren();
    panel.setAttribute("data-index", i);
    const close = el("button", { class: "close", type: "button", "aria-label": "Close" }, "×");
    close.addEventListener("click", () => { panel.hidden = true; });
    panel.append(close, el("h2", { class: "panel-name" }, c.name));
    panel.append(el("p", { class: "hint" }, `${economyName(c.economy)} · size rank ${c.rank}` +
      (c.intensity_rank ? ` · intensity rank ${c.intensity_rank}` : "") + (c.in_top ? ` · in the top ${data.top_n}` : "")));
    panel.hidden = false;  // laid out, so that the inset can measure its footprint
    if (c.footprint_path) {
      const inset = svg("svg", { class: "inset", role: "img", "aria-label": `Footprint of ${c.name}` });
      const path = svg("path", { d: c.footprint_path });
      inset.append(path);
      panel.append(inset);
      const b = path.getBBox();
      const pad = Math.max(b.width, b.height) * 0.15 + 0.01;
      inset.setAttribute("viewBox", `${b.x - pad} ${b.y - pad} ${b.width + 2 * pad} ${b.height + 2 * pad}`);
      inset.setAttribute("preserveAspectRatio", "xMidYMid meet");
    }
    const previous = previousOf.get(c.rank);
    if (previous) {
      const e = data.comparison.previous.edition;
      panel.append(el("p", { class: "panel-change" }, previous.rank_previous
        ? `Edition ${e}: rank ${previous.rank_previous} (${changeMark(previous.status, previous.rank_change)}, ${previous.status})`
        : `Edition ${e}: not ranked (${previous.status})`));
    }
    const interval = intervalOf.get(c.rank);
    if (interval) {
      const x = data.sensitivity;
      panel.append(el("p", { class: "panel-interval" },
        `Rank interval (${num(x.samples)} samples): median ${interval.median}, 90% range ${interval.p05}–${interval.p95}, ` +
        `in the top ${x.top_n} in ${num(100 * interval.top_share, 0)}% of samples`));
    }
    const show = el("button", { type: "button" }, "Show on the map");
    show.addEventListener("click", () => { zoomTo(c); map.scrollIntoView({ behavior: "smooth", block: "center" }); });
    panel.append(show);
    panel.append(el("h3", {}, "Counts and shares"));
    panel.append(gridTable(["Metric", "Count", "Share %", "Per million", "Locations"],
      sources.map((s) => [s.label, num(c[s.key], 1), num(c[`share_${s.key}`], 3),
                          num(c[`${s.key}_per_million`], 1), num(c[`locations_${s.key}`])]),
      [false, true, true, true, true]));
    panel.append(factsTable([
      ["Score", num(c.score, 3)],
      ["Population", c.population === null ? "unknown" : num(c.population)],
      ["Intensity", c.intensity === null ? "–" : `${num(c.intensity, 3)} points per million inhabitants`],
      ["Area", `${num(c.area_km2, 1)} km²`],
      ["Centre", `${num(c.lat, 3)}, ${num(c.lon, 3)}`],
      ["Named after", (c.name_places || []).map((p) => p.name).join(", ")],
    ]));
    panel.append(el("h3", {}, "Economies"));
    panel.append(gridTable(["Economy", "Share of activity"],
      (c.economy_shares || []).map((e) => [`${names[e.code] || e.code} (${e.code})`, `${num(100 * e.share, 1)}%`]),
      [false, true]));
    for (const s of sources) {
      if (!(c[s.key] > 0)) continue;  // nothing of this source in the cluster
      const fields = c[s.fields_key], orgs = c[s.orgs_key];
      panel.append(el("h3", {}, `${s.label}: top fields`), descriptorList(fields));
      panel.append(el("h3", {}, `${s.label}: top organisations`), descriptorList(orgs));
    }
    panel.hidden = false;
  }
  document.addEventListener("keydown", (ev) => { if (ev.key === "Escape") panel.hidden = true; });

  // ---- charts ----------------------------------------------------------------
  const PALETTE = ["#2563eb", "#16a34a", "#c2410c", "#9333ea", "#0891b2"];
  function barChart(target, rows, valueLabel) {
    const rowH = 18, labelW = 190, w = 560, barW = w - labelW - 60;
    const max = Math.max(1e-12, ...rows.map((r) => r.total));
    const chart = svg("svg", { class: "chart", viewBox: `0 0 ${w} ${rows.length * rowH + 4}`, role: "img" });
    rows.forEach((r, k) => {
      const y = k * rowH + 2;
      chart.append(svg("text", { x: labelW - 6, y: y + 12, "text-anchor": "end" }, r.label));
      let x = labelW;
      r.parts.forEach((p, j) => {
        const pw = (p / max) * barW;
        const rect = svg("rect", { class: "bar", x, y: y + 2, width: Math.max(0, pw), height: rowH - 5, fill: PALETTE[j % PALETTE.length] });
        rect.append(svg("title", {}, `${r.label}: ${r.partLabels[j]} ${valueLabel(p)}`));
        chart.append(rect);
        x += pw;
      });
      chart.append(svg("text", { x: x + 4, y: y + 12 }, valueLabel(r.total)));
    });
    target.append(chart);
  }
  const TOP_ECONOMIES = 15, TOP_MIX = 15;
  const economyRows = data.economies.slice(0, TOP_ECONOMIES).map((e) => ({
    label: `${names[e.economy] || e.economy} (${e.economy})`, total: e.clusters_in_top,
    parts: [e.clusters_in_top - e.cross_border_in_top, e.cross_border_in_top], partLabels: ["single-economy", "cross-border"],
  }));
  const economyChart = document.getElementById("economy-chart");
  if (economyRows.length) {
    barChart(economyChart, economyRows, (v) => num(v));
    const legend = el("div", { class: "legend" });
    ["single-economy", "cross-border"].forEach((l, j) => {
      const s = el("span", {}, l);
      s.style.setProperty("--swatch", PALETTE[j]);
      legend.append(s);
    });
    economyChart.append(legend);
  } else {
    economyChart.append(el("p", { class: "hint" }, "No cluster in the top N."));
  }
  const mixRows = clusters.slice(0, TOP_MIX).map((c) => {
    const parts = sources.map((s) => (c[`share_${s.key}`] || 0) * s.weight);
    return { label: `${c.rank}. ${c.name}`, total: parts.reduce((a, b) => a + b, 0), parts,
             partLabels: sources.map((s) => s.label) };
  });
  const mixChart = document.getElementById("mix-chart");
  barChart(mixChart, mixRows, (v) => num(v, 2));
  const mixLegend = el("div", { class: "legend" });
  sources.forEach((s, j) => {
    const span = el("span", {}, s.label);
    span.style.setProperty("--swatch", PALETTE[j % PALETTE.length]);
    mixLegend.append(span);
  });
  mixChart.append(mixLegend);

  // ---- methodology and run ------------------------------------------------
  const m = manifest.methodology;
  const mb = document.getElementById("methodology-body");
  mb.append(el("p", {}, m.description || ""));
  mb.append(factsTable([
    ["Methodology", `${m.name} (edition ${m.edition})`],
    ["File", m.path],
    ["Locations rounded to", `${m.location_decimals} decimals of a degree`],
    ["Merge distance", `${num(m.merge_km, 1)} km: clusters of any source whose members come this close merge`],
    ["Headline ranking", `top ${m.top_n}`],
    ["Naming", `up to ${m.naming.max_places} places, each with at least ${num(100 * m.naming.fraction)}% of the first's ` +
      `activity; places of at least ${num(m.naming.min_population)} inhabitants; economies with at least ` +
      `${num(100 * m.naming.economy_min_share, 1)}% of the activity`],
    ["Score", "sum over metrics of weight × share of the world total (percentage points)"],
    ["Intensity", "score per million inhabitants of the footprint"],
  ]));
  mb.append(el("h3", {}, "Metrics"));
  mb.append(gridTable(["Metric", "Weight", "ε (km)", "Min. weight", "Years"],
    Object.entries(m.metrics).map(([k, v]) => [k, num(v.weight, 2), num(v.eps_km, 1), num(v.min_weight, 1),
                                              `${v.years[0]}–${v.years[1]}`]),
    [false, true, true, true, false]));

  const rb = document.getElementById("run-body");
  const run = manifest.run || {};
  rb.append(factsTable([
    ["Tool", `${manifest.tool} ${manifest.version}, command ${manifest.command}`],
    ["Clusters", `${num(run.clusters)} (${num(run.clusters_in_top)} in the top ${m.top_n})`],
    ["Population", run.population_source || ""],
    ["Gazetteer", run.gazetteer ? `${run.gazetteer.path} (${num(run.gazetteer.places)} places)` : ""],
    ["Basemap", data.basemap ? `${data.basemap.package || ""} ${data.basemap.file} (${data.basemap.features} countries)` : ""],
    ["Total time", `${num(manifest.seconds, 2)} s`],
  ]));
  rb.append(el("h3", {}, "Inputs"));
  rb.append(gridTable(["Source", "File", "Read", "Accepted", "Rejected", "Documents", "Locations"],
    (manifest.inputs || []).map((i) => [i.source, i.path, num(i.read), num(i.accepted), num(i.rejected),
                                       num(i.documents), num(i.locations)]),
    [false, false, true, true, true, true, true]));
  if (run.detection) {
    rb.append(el("h3", {}, "Detection"));
    rb.append(gridTable(["Source", "Locations", "Clusters", "Noise locations", "Noise weight", "World total"],
      run.detection.map((d) => [d.source, num(d.locations), num(d.clusters), num(d.noise_locations),
                                num(d.noise_weight, 1), num((run.world_totals || {})[d.source], 1)]),
      [false, true, true, true, true, true]));
  }
  if (run.stage_seconds) {
    rb.append(el("h3", {}, "Timings (wall clock)"));
    rb.append(gridTable(["Stage", "Seconds"], Object.entries(run.stage_seconds).map(([k, v]) => [k, num(v, 3)]),
      [false, true]));
  }

  // ---- optional sections -----------------------------------------------------
  // Registry of sections shown only when their key is in the data (issue 7:
  // comparison with a previous edition or methodology, rank intervals).
  const TOP_INTERVALS = 25;
  const SECTIONS = [
    { key: "comparison", id: "edition-comparison", title: "Comparison with the previous edition", render: (section, x) => {
      const count = (status) => x.rows.filter((r) => r.status === status).length;
      section.append(el("p", { class: "hint" }, `Clusters of this run matched by footprint overlap to those of ` +
        `${x.previous.methodology} edition ${x.previous.edition}; the size table shows each cluster's change of rank ` +
        `(▲ up, ▼ down, = same, new) and the growth of its counts.`));
      section.append(factsTable([
        ["Compared with", `${x.previous.methodology} edition ${x.previous.edition} (${num(x.previous.clusters)} clusters)`],
        ["Kept", num(count("kept"))], ["New", num(count("new"))], ["Dropped", num(x.dropped)],
        ["Split", num(count("split"))], ["Merged", num(count("merged"))],
      ]));
    } },
    { key: "methodology_comparison", id: "methodology-comparison", title: "Methodology comparison", render: (section, x) => {
      const label = (r) => `${r.methodology} (${r.metrics.length} metrics: ${r.metrics.join(", ")})`;
      section.append(el("p", { class: "hint" }, `The same data ranked with ${label(x.other)} and with ${label(x.current)}; ` +
        `clusters matched by footprint overlap. Change: places gained under ${x.current.methodology}.`));
      const t = el("table", { class: "ranking", id: "methodology-table" });
      const head = el("tr");
      ["Cluster", "Economy", "Status", `Rank ${x.other.methodology}`, `Rank ${x.current.methodology}`, "Change"]
        .forEach((h, i) => head.append(el("th", i >= 3 ? { class: "num", scope: "col" } : { scope: "col" }, h)));
      t.appendChild(el("thead")).append(head);
      const body = t.appendChild(el("tbody"));
      for (const r of x.rows) {
        const tr = el("tr");
        tr.append(el("td", {}, r.name), el("td", {}, r.economy), el("td", {}, r.status),
                  el("td", { class: "num" }, r.rank_other === null ? "–" : r.rank_other),
                  el("td", { class: "num" }, r.rank === null ? "–" : r.rank),
                  el("td", { class: `num ${changeClass(r.rank_change)}` }, changeMark(r.status, r.rank_change)));
        if (r.rank !== null) {
          const i = clusters.findIndex((c) => c.rank === r.rank);
          if (i >= 0) tr.addEventListener("click", () => openPanel(i));
        }
        body.append(tr);
      }
      const wrap = el("div", { class: "scroll" });
      wrap.append(t);
      section.append(wrap);
    } },
    { key: "sensitivity", id: "rank-intervals", title: "Rank intervals", render: (section, x) => {
      const rows = clusters.filter((c) => intervalOf.has(c.rank)).slice(0, TOP_INTERVALS);
      section.append(el("p", { class: "hint" }, `How far the ranks hold when the method's choices vary: ${num(x.samples)} ` +
        `re-runs with ε, minimum weights and merge distance within ±${num(100 * x.range)}% and the metric weights drawn ` +
        `around the methodology's. Bar: 90% range (5th to 95th percentile); dot: the rank; tick: the median. ` +
        `The top ${rows.length} clusters.`));
      const rowH = 18, labelW = 230, w = 720, plotW = w - labelW - 20, axisH = 22;
      const maxRank = Math.max(1, ...rows.map((c) => intervalOf.get(c.rank).p95), ...rows.map((c) => c.rank));
      const xOf = (r) => labelW + ((r - 0.5) / maxRank) * plotW;
      const chart = svg("svg", { class: "chart intervals", viewBox: `0 0 ${w} ${rows.length * rowH + axisH + 4}`,
                                 role: "img", "aria-label": "Rank intervals of the top clusters" });
      const step = maxRank <= 20 ? 1 : maxRank <= 50 ? 5 : 10;
      for (let r = step === 1 ? 1 : step; r <= maxRank; r += step) {
        chart.append(svg("line", { class: "grid", x1: xOf(r), x2: xOf(r), y1: 0, y2: rows.length * rowH }));
        chart.append(svg("text", { x: xOf(r), y: rows.length * rowH + 14, "text-anchor": "middle" }, r));
      }
      rows.forEach((c, k) => {
        const v = intervalOf.get(c.rank);
        const y = k * rowH + rowH / 2;
        chart.append(svg("text", { x: labelW - 6, y: y + 4, "text-anchor": "end" }, `${c.rank}. ${c.name}`));
        const g = svg("g", { class: "interval-row", "data-rank": c.rank });
        const bar = svg("rect", { class: "interval", x: xOf(v.p05) - 3, y: y - 4,
                                  width: Math.max(6, xOf(v.p95) - xOf(v.p05) + 6), height: 8, rx: 4 });
        bar.append(svg("title", {}, `${c.name}: rank ${c.rank}, median ${v.median}, 90% range ${v.p05}–${v.p95}`));
        g.append(bar, svg("line", { class: "median", x1: xOf(v.median), x2: xOf(v.median), y1: y - 7, y2: y + 7 }),
                 svg("circle", { class: "rank-dot", cx: xOf(c.rank), cy: y, r: 3.5 }));
        g.addEventListener("click", () => openPanel(clusters.indexOf(c)));
        chart.append(g);
      });
      section.append(chart);
    } },
  ];
  const extra = document.getElementById("extra-sections");
  for (const s of SECTIONS) {
    if (data[s.key] === undefined) continue;
    const section = el("section", { id: s.id });
    section.append(el("h2", {}, s.title));
    s.render(section, data[s.key]);
    extra.append(section);
  }
})();
