// Reads methodology files (TOML) into a Methodology, and finds them by name.
//
// The schema is closed: every key the file may hold is asked for below, and
// anything else is an error, so that a typo ("esp_km") can never silently fall
// back to a default. Validation does not stop at the first problem: every
// problem found is reported, one "file:line: message" per line, sorted by line,
// so that a user fixes a file in one pass. The keys, ranges and defaults are
// documented in docs/methodology.md ("Methodology files"); keep the two in step.

#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.h"
#include "core/methodology.h"
#include "core/source.h"
#include "core/weight.h"
#include "innocluster/paths.h"

#if !TOML_EXCEPTIONS
#error "methodology_loader.cc expects toml++ built with exceptions (toml::parse throws parse_error)"
#endif

namespace innocluster {
namespace {

namespace fs = std::filesystem;

// Every problem found in one file. Thrown together as one Error(kConfig).
class Problems {
 public:
  explicit Problems(std::string path) : path_(std::move(path)) {}

  void add(std::uint64_t line, std::string message) { items_.push_back({line, std::move(message)}); }

  /// Throws Error(kConfig) listing every problem in line order; returns if none.
  void throw_if_any() {
    if (items_.empty()) return;
    std::stable_sort(items_.begin(), items_.end(),
                     [](const Item& a, const Item& b) { return a.line < b.line; });
    std::string message;
    for (const Item& item : items_) {
      if (!message.empty()) message += '\n';
      message += located(path_, item.line, item.message);
    }
    throw Error(ExitCode::kConfig, message);
  }

 private:
  struct Item {
    std::uint64_t line;
    std::string message;
  };
  std::string path_;
  std::vector<Item> items_;
};

// Optimal-string-alignment distance (Levenshtein plus adjacent transposition),
// so that "esp_km" is one edit from "eps_km".
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.size()][b.size()];
}

// " (did you mean 'x'?)" for the closest known word within 2 edits, else
// " (known: a, b, c)" so the user always learns what is allowed.
std::string suggestion(std::string_view word, const std::vector<std::string_view>& known) {
  std::string_view best;
  std::size_t best_distance = 3;
  for (std::string_view k : known) {
    const std::size_t distance = edit_distance(word, k);
    if (distance < best_distance) {
      best = k;
      best_distance = distance;
    }
  }
  if (!best.empty()) return fmt::format(" (did you mean '{}'?)", best);
  return fmt::format(" (known: {})", fmt::join(known, ", "));
}

std::string_view type_phrase(toml::node_type type) {
  switch (type) {
    case toml::node_type::string: return "a string";
    case toml::node_type::integer: return "an integer";
    case toml::node_type::floating_point: return "a float";
    case toml::node_type::boolean: return "a boolean";
    case toml::node_type::date: return "a date";
    case toml::node_type::time: return "a time";
    case toml::node_type::date_time: return "a date-time";
    case toml::node_type::array: return "an array";
    case toml::node_type::table: return "a table";
    case toml::node_type::none: break;
  }
  return "nothing";
}

// A string as a one-line TOML basic string: "two\nlines".
std::string toml_quoted(std::string_view text) {
  std::string out = "\"";
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (u < 0x20 || u == 0x7f) {
          out += fmt::format("\\u{:04X}", u);
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

// The value as one line of TOML text, shortened, for messages: -3, "15",
// [ 2020 ]. Tables are not spelled out (they span lines).
std::string value_text(const toml::node& node) {
  if (node.is_table()) return "{...}";
  std::string text;
  if (const toml::value<std::string>* s = node.as_string()) {
    text = toml_quoted(s->get());
  } else {
    std::ostringstream out;
    node.visit([&out](const auto& n) { out << n; });
    text = out.str();
    std::replace(text.begin(), text.end(), '\n', ' ');
  }
  constexpr std::size_t kMax = 60;
  if (text.size() > kMax) {
    std::size_t cut = kMax;  // not inside a UTF-8 sequence
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    text = text.substr(0, cut) + "...";
  }
  return text;
}

// What a key must hold, in the words of the error messages:
// "{key} = {value}: must be {range}" for a value of the right type out of range;
// "{key} = {value}: must be {expected}, not {type}" for a value of the wrong type;
// "{key}: missing (required: {expected})" for an absent required key.
struct Spec {
  std::string expected;
  std::string range;
};

// A requirement with no range beyond its type, e.g. "a table".
Spec kind_spec(std::string kind) { return {kind, kind}; }

Spec integer_spec(std::int64_t lo, std::int64_t hi) {
  std::string range = fmt::format("from {} to {}", lo, hi);
  return {"an integer " + range, range};
}

// A number in (lo, hi] or [lo, hi]; `unit` is appended in parentheses.
Spec number_spec(double lo, bool lo_inclusive, double hi, std::string_view unit) {
  std::string range = fmt::format("{} {} and <= {}", lo_inclusive ? ">=" : ">", lo, hi);
  if (!unit.empty()) range += fmt::format(" ({})", unit);
  return {"a number " + range, range};
}

// Reads one TOML table of a closed schema. Each accessor both reads a key and
// declares it known; finish() reports every key never asked for as unknown.
class TableReader {
 public:
  TableReader(const toml::table& table, std::string prefix, Problems& problems)
      : table_(table), prefix_(std::move(prefix)), problems_(problems) {}

  std::string dotted(std::string_view key) const {
    return prefix_.empty() ? std::string(key) : prefix_ + "." + std::string(key);
  }
  std::uint64_t line() const { return table_.source().begin.line; }

  /// A required integer in [lo, hi].
  std::optional<std::int64_t> integer(std::string_view key, std::int64_t lo, std::int64_t hi) {
    const Spec spec = integer_spec(lo, hi);
    const auto found = find(key, spec, /*required=*/true);
    if (!found) return std::nullopt;
    const toml::value<std::int64_t>* value = found->node->as_integer();
    if (!value) {
      wrong_type(key, *found, spec);
      return std::nullopt;
    }
    if (value->get() < lo || value->get() > hi) {
      out_of_range(key, *found, spec);
      return std::nullopt;
    }
    return value->get();
  }

  /// A number (float or integer) within `spec`'s range, tested by `in_range`
  /// (which must reject NaN). Absent: `fallback` if given, else a problem.
  template <typename InRange>
  std::optional<double> number(std::string_view key, const Spec& spec, InRange in_range,
                               std::optional<double> fallback = std::nullopt) {
    const auto found = find(key, spec, /*required=*/!fallback);
    if (!found) return fallback;
    double value = 0;
    if (const toml::value<double>* f = found->node->as_floating_point()) {
      value = f->get();
    } else if (const toml::value<std::int64_t>* i = found->node->as_integer()) {
      value = static_cast<double>(i->get());
    } else {
      wrong_type(key, *found, spec);
      return std::nullopt;
    }
    if (!in_range(value)) {
      out_of_range(key, *found, spec);
      return std::nullopt;
    }
    return value;
  }

  /// A required string accepted by `valid`.
  template <typename Valid>
  std::optional<std::string> text(std::string_view key, const Spec& spec, Valid valid) {
    const auto found = find(key, spec, /*required=*/true);
    if (!found) return std::nullopt;
    const toml::value<std::string>* value = found->node->as_string();
    if (!value) {
      wrong_type(key, *found, spec);
      return std::nullopt;
    }
    if (!valid(value->get())) {
      out_of_range(key, *found, spec);
      return std::nullopt;
    }
    return value->get();
  }

  /// A sub-table; nullptr when absent (a problem only if `required`) or not a table.
  const toml::table* table(std::string_view key, const Spec& spec, bool required) {
    const auto found = find(key, spec, required);
    if (!found) return nullptr;
    const toml::table* sub = found->node->as_table();
    if (!sub) wrong_type(key, *found, spec);
    return sub;
  }

  /// A required inclusive year window: an array of exactly two integers in
  /// [lo, hi], first <= last.
  std::optional<YearWindow> years(std::string_view key, int lo, int hi) {
    const std::string shape =
        fmt::format("[first, last], two integers from {} to {} with first <= last", lo, hi);
    const Spec spec{"an array " + shape, shape};
    const auto found = find(key, spec, /*required=*/true);
    if (!found) return std::nullopt;
    const toml::array* array = found->node->as_array();
    if (!array) {
      wrong_type(key, *found, spec);
      return std::nullopt;
    }
    std::vector<std::int64_t> values;
    for (const toml::node& element : *array)
      if (const toml::value<std::int64_t>* v = element.as_integer()) values.push_back(v->get());
    const bool ok = array->size() == 2 && values.size() == 2 && values[0] >= lo && values[1] <= hi &&
                    values[0] <= values[1];
    if (!ok) {
      out_of_range(key, *found, spec);
      return std::nullopt;
    }
    return YearWindow{static_cast<int>(values[0]), static_cast<int>(values[1])};
  }

  /// Reports each key of the table that no accessor asked for. `what` names
  /// the kind of entry in the message ("key", "metric").
  void finish(std::string_view what = "key") {
    for (const auto& [key, node] : table_) {
      if (std::find(known_.begin(), known_.end(), key.str()) != known_.end()) continue;
      problems_.add(key.source().begin.line,
                    fmt::format("{}: unknown {}{}", dotted(key.str()), what, suggestion(key.str(), known_)));
    }
  }

 private:
  struct Found {
    std::uint64_t line;  // of the key, which is where the user looks
    const toml::node* node;
  };

  std::optional<Found> find(std::string_view key, const Spec& spec, bool required) {
    known_.push_back(key);
    const auto it = table_.find(key);
    if (it == table_.end()) {
      if (required)
        problems_.add(line(), fmt::format("{}: missing (required: {})", dotted(key), spec.expected));
      return std::nullopt;
    }
    return Found{it->first.source().begin.line, &it->second};
  }

  void wrong_type(std::string_view key, const Found& found, const Spec& spec) {
    problems_.add(found.line, fmt::format("{} = {}: must be {}, not {}", dotted(key), value_text(*found.node),
                                          spec.expected, type_phrase(found.node->type())));
  }

  void out_of_range(std::string_view key, const Found& found, const Spec& spec) {
    problems_.add(found.line,
                  fmt::format("{} = {}: must be {}", dotted(key), value_text(*found.node), spec.range));
  }

  const toml::table& table_;
  std::string prefix_;
  Problems& problems_;
  std::vector<std::string_view> known_;
};

// Names are used in file names and run manifests: keep them to a portable,
// lower-case alphabet. Pattern: [a-z0-9][a-z0-9._-]*
bool valid_name(std::string_view name) {
  const auto lower_alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  if (name.empty() || !lower_alnum(name.front())) return false;
  return std::all_of(name.begin(), name.end(),
                     [&](char c) { return lower_alnum(c) || c == '.' || c == '_' || c == '-'; });
}

// One line of plain text for report headers: no newline or other control character.
bool valid_description(std::string_view text) {
  if (text.empty()) return false;
  return std::none_of(text.begin(), text.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u < 0x20 || u == 0x7f;
  });
}

constexpr int kMinYear = 1900;
constexpr int kMaxYear = 2100;

std::optional<MetricSettings> read_metric(const toml::table& table, const std::string& prefix,
                                          Problems& problems) {
  TableReader r(table, prefix, problems);
  const auto weight = r.number(
      "weight", number_spec(0, true, 1000, ""), [](double v) { return v >= 0 && v <= 1000; },
      /*fallback=*/1.0);
  const auto eps_km =
      r.number("eps_km", number_spec(0, false, 500, "km"), [](double v) { return v > 0 && v <= 500; });
  const auto min_weight =
      r.number("min_weight", number_spec(0, false, kMaxTotalWeight, "summed fractional count"),
               [](double v) { return v > 0 && v <= kMaxTotalWeight; });
  const auto years = r.years("years", kMinYear, kMaxYear);
  r.finish();
  if (!weight || !eps_km || !min_weight || !years) return std::nullopt;
  return MetricSettings{*weight, *eps_km, *min_weight, *years};
}

// [metrics]: one sub-table per Source name, at least one, and at least one
// with a positive weight (else every size score would be 0).
void read_metrics(const toml::table& table, Problems& problems, Methodology& m) {
  TableReader r(table, "metrics", problems);
  bool any_metric = false;
  bool any_weight = false;
  for (Source s : kAllSources) {
    const toml::table* sub = r.table(source_name(s), kind_spec("a table"), /*required=*/false);
    if (!sub) continue;
    any_metric = true;
    auto settings = read_metric(*sub, r.dotted(source_name(s)), problems);
    if (!settings) {
      any_weight = true;  // already reported; don't add a second, derived problem
      continue;
    }
    any_weight = any_weight || settings->weight > 0;
    m.metrics[static_cast<std::size_t>(s)] = settings;
  }
  r.finish("metric");
  if (!any_metric)
    problems.add(r.line(),
                 "metrics: no metric given (need one or more of [metrics.patents], "
                 "[metrics.publications], [metrics.deals])");
  else if (!any_weight)
    problems.add(r.line(), "metrics: every metric has weight 0: at least one weight must be > 0");
}

Methodology read_document(const toml::table& root, const std::string& path) {
  Problems problems(path);
  Methodology m;
  m.path = path;
  TableReader top(root, "", problems);

  if (auto v = top.text("name", kind_spec("a string matching [a-z0-9][a-z0-9._-]*"), valid_name)) m.name = *v;
  if (auto v = top.text("description", kind_spec("a non-empty single-line string"), valid_description))
    m.description = *v;
  if (auto v = top.integer("edition", kMinYear, kMaxYear)) m.edition = static_cast<int>(*v);

  if (const toml::table* t = top.table("locations", kind_spec("a table"), /*required=*/true)) {
    TableReader r(*t, "locations", problems);
    if (auto v = r.integer("decimals", 0, 7)) m.location_decimals = static_cast<int>(*v);
    r.finish();
  }
  if (const toml::table* t = top.table("clusters", kind_spec("a table"), /*required=*/true)) {
    TableReader r(*t, "clusters", problems);
    if (auto v = r.number("merge_km", number_spec(0, true, 500, "km"),
                          [](double x) { return x >= 0 && x <= 500; }))
      m.merge_km = *v;
    if (auto v = r.integer("top_n", 1, 100000)) m.top_n = static_cast<int>(*v);
    r.finish();
  }
  if (const toml::table* t = top.table("naming", kind_spec("a table"), /*required=*/true)) {
    TableReader r(*t, "naming", problems);
    if (auto v = r.number("fraction", number_spec(0, false, 1, "of the first place's activity"),
                          [](double x) { return x > 0 && x <= 1; }))
      m.naming.fraction = *v;
    if (auto v = r.integer("max_places", 1, 10)) m.naming.max_places = static_cast<int>(*v);
    if (auto v = r.integer("min_population", 0, 100000000)) m.naming.min_population = *v;
    if (auto v = r.number("economy_min_share", number_spec(0, false, 1, "of the cluster's activity"),
                          [](double x) { return x > 0 && x <= 1; }))
      m.naming.economy_min_share = *v;
    r.finish();
  }
  const Spec metrics_spec{
      "a table with one or more of [metrics.patents], [metrics.publications], [metrics.deals]", "a table"};
  if (const toml::table* t = top.table("metrics", metrics_spec, /*required=*/true))
    read_metrics(*t, problems, m);
  top.finish();

  problems.throw_if_any();
  return m;
}

// The file's bytes; Error(kNoInput) when it cannot be read.
std::string read_bytes(const std::string& path) {
  std::error_code ec;
  if (fs::is_directory(path, ec))
    throw Error(ExitCode::kNoInput, located(path, 0, "cannot read methodology file: is a directory"));
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw Error(ExitCode::kNoInput,
                located(path, 0, fmt::format("cannot open methodology file: {}", std::strerror(errno))));
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (in.bad()) throw Error(ExitCode::kNoInput, located(path, 0, "cannot read methodology file"));
  return bytes.str();
}

constexpr std::string_view kTomlSuffix = ".toml";

// The directories searched for a methodology named without a path, in order.
std::vector<fs::path> methodology_dirs() {
  std::vector<fs::path> dirs;
  if (const char* env = std::getenv("INNOCLUSTER_METHODOLOGIES"); env && *env) dirs.emplace_back(env);
  dirs.emplace_back(fs::path(kSourceDir) / "methodologies");
  return dirs;
}

// Names (file stems) of the *.toml files in `dirs`, sorted, without duplicates.
std::set<std::string> methodology_names(const std::vector<fs::path>& dirs) {
  std::set<std::string> names;
  for (const fs::path& dir : dirs) {
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
      if (it->path().extension() == kTomlSuffix && it->is_regular_file(ec))
        names.insert(it->path().stem().string());
  }
  return names;
}

}  // namespace

Methodology load_methodology(const std::string& path) {
  const std::string bytes = read_bytes(path);
  toml::table root;
  try {
    root = toml::parse(std::string_view(bytes), std::string_view(path));
  } catch (const toml::parse_error& e) {
    throw Error(ExitCode::kConfig, located(path, e.source().begin.line,
                                           fmt::format("TOML syntax error (column {}): {}",
                                                       e.source().begin.column, e.description())));
  }
  return read_document(root, path);
}

std::string resolve_methodology_path(const std::string& name_or_path) {
  std::error_code ec;
  if (fs::is_regular_file(name_or_path, ec)) return name_or_path;

  const std::vector<fs::path> dirs = methodology_dirs();
  const bool bare_name = !name_or_path.empty() && name_or_path.find('/') == std::string::npos;
  std::string file = name_or_path;
  if (bare_name) {
    if (!file.ends_with(kTomlSuffix)) file += kTomlSuffix;
    for (const fs::path& dir : dirs) {
      const fs::path candidate = dir / file;
      if (fs::is_regular_file(candidate, ec)) return candidate.string();
    }
  }

  std::vector<std::string> dir_texts;
  for (const fs::path& dir : dirs) dir_texts.push_back(dir.string());
  const std::set<std::string> names = methodology_names(dirs);
  const std::string available = fmt::format(
      "methodologies available by name: {} (searched {}; set INNOCLUSTER_METHODOLOGIES to a directory "
      "of .toml files to add more)",
      names.empty() ? std::string("none") : fmt::format("{}", fmt::join(names, ", ")),
      fmt::join(dir_texts, ", "));
  if (!bare_name)
    throw Error(ExitCode::kNoInput,
                fmt::format("methodology file '{}' not found; {}", name_or_path, available));
  throw Error(
      ExitCode::kNoInput,
      fmt::format("methodology '{}' not found: no such file, and no {} in the methodology directories; {}",
                  name_or_path, file, available));
}

}  // namespace innocluster
