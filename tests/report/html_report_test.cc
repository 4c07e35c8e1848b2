// report.html: escaping (no name can inject markup or script), the synthetic
// banner, self-containment, and byte-identical pages for the same run.

#include <gtest/gtest.h>

#include <filesystem>

#include <nlohmann/json.hpp>

#include "report/html_report.h"
#include "test_support.h"

namespace innocluster::report {
namespace {

using testing::read_file;
using testing::run_cli;
using testing::source_dir;
using testing::TempDir;

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// The text of <script ... id="ID">…</script>.
std::string script_block(const std::string& page, const std::string& id) {
  const std::string open = "id=\"" + id + "\">";
  const std::size_t start = page.find(open);
  if (start == std::string::npos) return "";
  const std::size_t end = page.find("</script>", start);
  return page.substr(start + open.size(), end - start - open.size());
}

const char* kEvil = "</script><script>alert(\"x\")</script><!-- <b onmouseover='y'>&amp;";

Json minimal_data(bool synthetic) {
  Json cluster = {{"rank", 1},  {"name", kEvil}, {"economy", "JP"}, {"score", 1.5}, {"x", 10.0},
                  {"y", 20.0},  {"footprint_path", "M1 2l1 0 0 1z"}, {"in_top", true}};
  return {{"synthetic", synthetic},
          {"title", std::string("Clusters <i>") + kEvil},
          {"top_n", 100},
          {"sources", Json::array()},
          {"map", {{"width", 1000}, {"height", 486.74}}},
          {"clusters", Json::array({cluster})},
          {"economies", Json::array()},
          {"country_names", {{"JP", "Japan"}}}};
}

Json minimal_manifest() {
  return {{"tool", "innocluster"},
          {"version", "0.1.0"},
          {"command", "rank"},
          {"methodology", {{"name", kEvil}, {"path", "/tmp/<m>.toml"}}}};
}

TEST(HtmlReport, HtmlEscape) {
  EXPECT_EQ(html_escape("<a href=\"x\">Tom & Jerry's</a>"),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;");
  EXPECT_EQ(html_escape("Osaka\xE2\x80\x93Kobe"), "Osaka\xE2\x80\x93Kobe");  // UTF-8 untouched
}

TEST(HtmlReport, ScriptJsonHasNoMarkupCharactersAndReadsBack) {
  const Json value = {{"name", kEvil}, {"n", 1.25}, {"list", {"a<b", "c>d", "e&f"}}};
  const std::string text = script_json(value);
  EXPECT_EQ(text.find('<'), std::string::npos);
  EXPECT_EQ(text.find('>'), std::string::npos);
  EXPECT_EQ(text.find('&'), std::string::npos);
  EXPECT_NE(text.find("\\u003c/script\\u003e"), std::string::npos);
  EXPECT_EQ(Json::parse(text), value);
  // Invalid UTF-8 cannot break the page: it is replaced, not thrown.
  EXPECT_EQ(Json::parse(script_json(Json{{"bad", std::string("a\xFFz")}}))["bad"], "a\xEF\xBF\xBDz");
}

TEST(HtmlReport, NamesCannotInjectMarkup) {
  const std::string page = render_report_html(minimal_data(false), minimal_manifest(), "M0 0l1 0 0 1z");
  // Exactly the page's own three scripts: two JSON blocks and the code.
  EXPECT_EQ(count(page, "<script"), 3u);
  EXPECT_EQ(count(page, "</script>"), 3u);
  EXPECT_EQ(page.find(kEvil), std::string::npos);
  EXPECT_EQ(page.find("<i>"), std::string::npos);
  EXPECT_NE(page.find("<title>Clusters &lt;i&gt;&lt;/script&gt;"), std::string::npos);
  // The data read back from the page are the data given.
  EXPECT_EQ(Json::parse(script_block(page, "report-data")), minimal_data(false));
  EXPECT_EQ(Json::parse(script_block(page, "report-manifest")), minimal_manifest());
}

TEST(HtmlReport, SelfContained) {
  const std::string page = render_report_html(minimal_data(false), minimal_manifest(), "M0 0l1 0 0 1z");
  EXPECT_EQ(page.find("<script src"), std::string::npos);
  EXPECT_EQ(page.find("<link"), std::string::npos);
  EXPECT_EQ(page.find("<img"), std::string::npos);
  EXPECT_EQ(page.find("@import"), std::string::npos);
  EXPECT_EQ(page.find("url("), std::string::npos);
  EXPECT_EQ(page.find("fetch("), std::string::npos);
  EXPECT_EQ(page.find("innerHTML"), std::string::npos);  // text goes through textContent only
  // Attributions: GeoNames (CC BY) and Natural Earth (public domain).
  EXPECT_NE(page.find("GeoNames (https://www.geonames.org/), CC BY 4.0"), std::string::npos);
  EXPECT_NE(page.find("Natural Earth"), std::string::npos);
  EXPECT_NE(page.find("public domain"), std::string::npos);
}

TEST(HtmlReport, SyntheticBanner) {
  const std::string real = render_report_html(minimal_data(false), minimal_manifest(), "");
  const std::string synthetic = render_report_html(minimal_data(true), minimal_manifest(), "");
  EXPECT_EQ(real.find("synthetic-banner\""), std::string::npos);
  EXPECT_NE(synthetic.find("<div id=\"synthetic-banner\""), std::string::npos);
  EXPECT_NE(synthetic.find("Synthetic data."), std::string::npos);
  EXPECT_EQ(render_report_html(minimal_data(true), minimal_manifest(), ""), synthetic);
}

// `rank` writes report.html beside its tables; two runs with different
// thread counts give the same page except the manifest's timings.
TEST(HtmlReportCli, RankWritesTheSamePageWhateverTheThreads) {
  TempDir dir;
  const std::filesystem::path ex = source_dir() / "examples";
  const std::string inputs = "--patents " + (ex / "patents.csv").string() + " --publications " +
                             (ex / "publications.csv.gz").string() + " --deals " + (ex / "deals.jsonl").string() +
                             " --min-weight 2";
  const auto one = run_cli("rank " + inputs + " --threads 1 --out " + (dir / "one").string());
  ASSERT_EQ(one.exit_code, 0) << one.output;
  const auto two = run_cli("rank " + inputs + " --threads 2 --out " + (dir / "two").string());
  ASSERT_EQ(two.exit_code, 0) << two.output;
  EXPECT_NE(one.output.find("report.html"), std::string::npos);

  const std::string a = read_file(dir / "one" / "report.html");
  const std::string b = read_file(dir / "two" / "report.html");
  const std::string ma = script_block(a, "report-manifest"), mb = script_block(b, "report-manifest");
  ASSERT_FALSE(ma.empty());
  std::string a_rest = a, b_rest = b;
  a_rest.erase(a_rest.find(ma), ma.size());
  b_rest.erase(b_rest.find(mb), mb.size());
  EXPECT_EQ(a_rest, b_rest);

  const Json data = Json::parse(script_block(a, "report-data"));
  const Json clusters = Json::parse(read_file(dir / "one" / "clusters.json"));
  ASSERT_EQ(data["clusters"].size(), clusters.size());
  EXPECT_EQ(data["clusters"][0]["name"], clusters[0]["name"]);
  EXPECT_FALSE(data["synthetic"].get<bool>());
  for (const Json& c : data["clusters"]) EXPECT_FALSE(c["footprint_path"].get<std::string>().empty());

  const Json manifest = Json::parse(read_file(dir / "one" / "manifest.json"));
  EXPECT_EQ(manifest["report"]["bytes"].get<std::uintmax_t>(), std::filesystem::file_size(dir / "one" / "report.html"));
  EXPECT_TRUE(manifest["run"]["stage_seconds"].contains("report"));
  // The page embeds the manifest as it stood before the report was written,
  // without the inputs' absolute paths (a page to share names files as given).
  const Json embedded = Json::parse(ma);
  Json manifest_inputs = manifest["inputs"];
  for (Json& input : manifest_inputs) {
    EXPECT_TRUE(input.contains("absolute_path"));
    input.erase("absolute_path");
  }
  EXPECT_EQ(embedded["inputs"], manifest_inputs);
  EXPECT_FALSE(embedded.contains("report"));
}

TEST(HtmlReportCli, MissingOutlinesIsAClearError) {
  TempDir dir;
  const std::filesystem::path ex = source_dir() / "examples";
  setenv("INNOCLUSTER_WORLD_ATLAS", "/nonexistent/countries.json", 1);
  const auto bad = run_cli("rank --patents " + (ex / "patents.csv").string() + " --min-weight 2 --out " +
                           (dir / "bad").string());
  unsetenv("INNOCLUSTER_WORLD_ATLAS");
  EXPECT_EQ(bad.exit_code, 66) << bad.output;
  EXPECT_NE(bad.output.find("/nonexistent/countries.json"), std::string::npos) << bad.output;
  EXPECT_NE(bad.output.find("scripts/setup.sh"), std::string::npos) << bad.output;
  // Checked before the first output: no half-written run directory.
  EXPECT_FALSE(std::filesystem::exists(dir / "bad" / "clusters.csv"));
  EXPECT_FALSE(std::filesystem::exists(dir / "bad" / "report.html"));
}

// `rank --compare-with DIR` compares the run with DIR into <out>/comparison
// and puts the comparison in the report: another methodology as the
// methodology comparison, the same methodology as rank changes; a previous
// run that cannot be read stops the command before it writes anything.
TEST(HtmlReportCli, RankCompareWithPutsTheComparisonInTheReport) {
  TempDir dir;
  const std::filesystem::path ex = source_dir() / "examples";
  const std::string two = "--patents " + (ex / "patents.csv").string() + " --publications " +
                          (ex / "publications.csv.gz").string() + " --min-weight 2";
  const std::string three = two + " --deals " + (ex / "deals.jsonl").string();
  ASSERT_EQ(run_cli("rank " + three + " --out " + (dir / "base").string()).exit_code, 0);

  const auto method = run_cli("rank " + two + " --methodology gii-2024 --edition 2025 --compare-with " +
                              (dir / "base").string() + " --out " + (dir / "two").string());
  ASSERT_EQ(method.exit_code, 0) << method.output;
  EXPECT_NE(method.output.find("(methodology)"), std::string::npos) << method.output;
  EXPECT_TRUE(std::filesystem::exists(dir / "two/comparison/comparison.csv"));
  auto data = Json::parse(script_block(read_file(dir / "two/report.html"), "report-data"));
  ASSERT_TRUE(data.contains("methodology_comparison"));
  EXPECT_FALSE(data.contains("comparison"));
  EXPECT_EQ(data["methodology_comparison"]["other"]["methodology"], "gii-2025");
  EXPECT_EQ(data["methodology_comparison"]["current"]["metrics"], Json({"patents", "publications"}));
  const auto manifest = Json::parse(read_file(dir / "two/manifest.json"));
  EXPECT_EQ(manifest["report"]["extras"], Json({"methodology_comparison"}));

  const auto same = run_cli("rank " + three + " --compare-with " + (dir / "base").string() + " --out " +
                            (dir / "again").string());
  ASSERT_EQ(same.exit_code, 0) << same.output;
  data = Json::parse(script_block(read_file(dir / "again/report.html"), "report-data"));
  ASSERT_TRUE(data.contains("comparison"));
  ASSERT_EQ(data["comparison"]["rows"].size(), data["clusters"].size());
  for (std::size_t i = 0; i < data["clusters"].size(); ++i) {
    const Json& row = data["comparison"]["rows"][i];
    EXPECT_EQ(row["rank"], data["clusters"][i]["rank"]);
    EXPECT_EQ(row["status"], "kept");
    EXPECT_EQ(row["rank_previous"], row["rank"]);
    EXPECT_EQ(row["rank_change"], 0);
    // No growth from a count of 0: null.
    for (const auto& [metric, growth] : row["growth"].items())
      EXPECT_EQ(growth, data["clusters"][i][metric].get<double>() > 0 ? Json(0.0) : Json(nullptr)) << metric;
  }
  EXPECT_EQ(data["comparison"]["growth_metrics"], Json({"patents", "publications", "deals"}));

  const auto bad = run_cli("rank " + three + " --compare-with " + (dir / "nowhere").string() + " --out " +
                           (dir / "bad").string());
  EXPECT_EQ(bad.exit_code, 66) << bad.output;
  EXPECT_NE(bad.output.find("nowhere"), std::string::npos) << bad.output;
  EXPECT_FALSE(std::filesystem::exists(dir / "bad/manifest.json"));
}

}  // namespace
}  // namespace innocluster::report
