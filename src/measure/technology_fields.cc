#include "measure/technology_fields.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>

#include "core/error.h"
#include "core/text.h"
#include "innocluster/paths.h"
#include "io/record_reader.h"

namespace innocluster::measure {
namespace {

// IPC sections are A..H; classes 01..99; subclasses A..Z. The dense index
// of a subclass spans them all (20 800 slots, 83 KB of offsets), so a lookup
// needs no hashing.
constexpr int kSections = 8;
constexpr int kClasses = 100;
constexpr int kLetters = 26;
constexpr int kSubclasses = kSections * kClasses * kLetters;

constexpr bool is_digit(char c) { return c >= '0' && c <= '9'; }
constexpr bool is_blank(char c) { return c == ' ' || c == '\t'; }
constexpr char upper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; }

int subclass_index(int section, int cls, int letter) { return (section * kClasses + cls) * kLetters + letter; }

// A parsed IPC code or prefix. letter < 0: a class; group == 0: no main group.
struct Ipc {
  int section = 0;  // 0..7 for A..H
  int cls = 0;      // 1..99
  int letter = -1;  // 0..25 for A..Z
  int group = 0;    // 1..9999
};

// Reads `n` >= 1 digits at s[i, i + n) as a number.
int number(std::string_view s, std::size_t i, std::size_t n) {
  int v = 0;
  for (std::size_t k = i; k < i + n; ++k) v = v * 10 + (s[k] - '0');
  return v;
}

// Section, class and subclass letter from the first four characters of s
// (case-insensitive). False when they are not an IPC subclass.
bool parse_subclass(std::string_view s, Ipc& out) {
  if (s.size() < 4) return false;
  const char sec = upper(s[0]);
  const char letter = upper(s[3]);
  if (sec < 'A' || sec > 'H' || !is_digit(s[1]) || !is_digit(s[2]) || letter < 'A' || letter > 'Z') return false;
  out.section = sec - 'A';
  out.cls = number(s, 1, 2);
  out.letter = letter - 'A';
  return out.cls != 0;
}

// An IPC code in any of the spellings the header lists; nullopt otherwise.
// Kept branch-light and allocation-free: it runs once per patent code.
std::optional<Ipc> parse_code(std::string_view text) {
  const std::string_view s = trim(text);
  Ipc code;
  if (!parse_subclass(s, code)) return std::nullopt;
  std::size_t i = 4;
  if (i == s.size()) return code;  // "H04L"
  while (i < s.size() && is_blank(s[i])) ++i;
  const std::size_t group_start = i;
  while (i < s.size() && is_digit(s[i])) ++i;
  const std::size_t group_digits = i - group_start;
  if (i == s.size()) {
    if (group_digits == 10) {  // DOCDB: 4-digit main group, 6-digit subgroup
      code.group = number(s, group_start, 4);
    } else if (group_digits >= 1 && group_digits <= 4) {  // "G01N 33"
      code.group = number(s, group_start, group_digits);
    } else {
      return std::nullopt;
    }
    return code.group == 0 ? std::nullopt : std::optional<Ipc>(code);
  }
  if (group_digits < 1 || group_digits > 4 || s[i] != '/') return std::nullopt;
  const std::size_t sub_start = ++i;
  while (i < s.size() && is_digit(s[i])) ++i;
  const std::size_t sub_digits = i - sub_start;
  if (i != s.size() || sub_digits < 1 || sub_digits > 6) return std::nullopt;
  code.group = number(s, group_start, group_digits);
  return code.group == 0 ? std::nullopt : std::optional<Ipc>(code);
}

// A prefix as the table must spell it: "H03", "H04L" or "G01N 33" (upper
// case, one space, no leading zero). Strict so that the table stays
// greppable and a typo cannot silently widen or narrow a row.
std::optional<Ipc> parse_prefix(std::string_view s) {
  Ipc p;
  if (s.size() == 3) {
    if (s[0] < 'A' || s[0] > 'H' || !is_digit(s[1]) || !is_digit(s[2])) return std::nullopt;
    p.section = s[0] - 'A';
    p.cls = number(s, 1, 2);
    return p.cls == 0 ? std::nullopt : std::optional<Ipc>(p);
  }
  if (s.size() < 4 || upper(s[0]) != s[0] || upper(s[3]) != s[3] || !parse_subclass(s, p)) return std::nullopt;
  if (s.size() == 4) return p;
  const std::string_view group = s.substr(5);
  if (s[4] != ' ' || group.empty() || group.size() > 4 || group[0] == '0' ||
      !std::all_of(group.begin(), group.end(), is_digit)) {
    return std::nullopt;
  }
  p.group = number(group, 0, group.size());
  return p;
}

// Prefix length in IPC levels: 3 class, 4 subclass, 5 main group.
int level(const Ipc& p) { return p.letter < 0 ? 3 : (p.group == 0 ? 4 : 5); }

// True when `inner` is a strictly longer prefix lying inside `outer`.
bool strictly_inside(const Ipc& inner, const Ipc& outer) {
  if (level(inner) <= level(outer) || inner.section != outer.section || inner.cls != outer.cls) return false;
  return level(outer) == 3 || inner.letter == outer.letter;
}

std::string spell(const Ipc& p) {
  std::string s = fmt::format("{}{:02}", static_cast<char>('A' + p.section), p.cls);
  if (p.letter >= 0) s += static_cast<char>('A' + p.letter);
  if (p.group != 0) s += fmt::format(" {}", p.group);
  return s;
}

// One row of the table, validated.
struct Row {
  std::uint64_t line = 0;
  int field = 0;
  std::string_view name;    // valid until the reader's next record
  std::string_view sector;  // idem
  Ipc prefix;
  std::vector<Ipc> excluded;
};

Error data_error(const std::string& path, std::uint64_t line, const std::string& message) {
  return Error(ExitCode::kDataError, located(path, line, message));
}

constexpr std::size_t kColumnCount = 5;
using Columns = std::array<std::size_t, kColumnCount>;

// Where each column of the table is, by name, so that the order is free.
Columns find_columns(const std::vector<std::string>& header, const std::string& path) {
  static constexpr std::array<const char*, kColumnCount> kNames = {"field_number", "field_name", "sector",
                                                                   "ipc_prefix", "exclude_prefix"};
  Columns column{};
  for (std::size_t c = 0; c < kColumnCount; ++c) {
    const auto it = std::find(header.begin(), header.end(), kNames[c]);
    if (it == header.end()) {
      throw data_error(path, 1,
                       fmt::format("missing column '{}' (expected columns: "
                                   "field_number,field_name,sector,ipc_prefix,exclude_prefix)",
                                   kNames[c]));
    }
    column[c] = static_cast<std::size_t>(it - header.begin());
  }
  return column;
}

// One record as a Row, or Error(kDataError) naming its line.
Row read_row(const Record& rec, std::size_t header_size, const Columns& column, const std::string& path) {
  if (!rec.error.empty()) throw data_error(path, rec.line, std::string(rec.error));
  if (rec.fields.size() != header_size) {
    throw data_error(path, rec.line, fmt::format("{} fields, the header has {}", rec.fields.size(), header_size));
  }
  Row row;
  row.line = rec.line;

  const std::string_view number_text = trim(rec.fields[column[0]]);
  const bool numeric = !number_text.empty() && number_text.size() <= 3 &&
                       std::all_of(number_text.begin(), number_text.end(), is_digit);
  row.field = numeric ? number(number_text, 0, number_text.size()) : 0;
  if (row.field < 1 || row.field > TechnologyFields::kMaxField) {
    throw data_error(path, rec.line,
                     fmt::format("field_number '{}' is not a whole number in 1..{}", number_text,
                                 TechnologyFields::kMaxField));
  }
  row.name = trim(rec.fields[column[1]]);
  row.sector = trim(rec.fields[column[2]]);
  if (row.name.empty() || row.sector.empty()) {
    throw data_error(path, rec.line, "field_name and sector must not be empty");
  }

  const std::string_view prefix_text = rec.fields[column[3]];
  const std::optional<Ipc> prefix = parse_prefix(prefix_text);
  if (!prefix) {
    throw data_error(path, rec.line,
                     fmt::format("ipc_prefix '{}' is not a class (H03), subclass (H04L) or main group (G01N 33) "
                                 "spelled canonically",
                                 prefix_text));
  }
  row.prefix = *prefix;

  const std::string_view excludes = rec.fields[column[4]];
  for (std::size_t start = 0; !excludes.empty() && start <= excludes.size();) {
    const std::size_t end = std::min(excludes.find(';', start), excludes.size());
    const std::string_view item = excludes.substr(start, end - start);
    start = end + 1;
    const std::optional<Ipc> ex = parse_prefix(item);
    if (!ex || !strictly_inside(*ex, row.prefix)) {
      throw data_error(path, rec.line,
                       fmt::format("exclude_prefix '{}' is not a canonical IPC prefix inside '{}' "
                                   "(list several with ';', e.g. 'B01D 45;B01D 46')",
                                   item, prefix_text));
    }
    row.excluded.push_back(*ex);
  }
  if (row.excluded.size() > 255) throw data_error(path, rec.line, "more than 255 exclusions on one row");
  return row;
}

}  // namespace

std::string TechnologyFields::default_path() {
  namespace fs = std::filesystem;
  const char* dir = std::getenv("INNOCLUSTER_DATA");
  const fs::path base = (dir != nullptr && *dir != '\0') ? fs::path(dir) : fs::path(kSourceDir) / "data";
  return (base / "ipc_technology_concordance.csv").string();
}

TechnologyFields TechnologyFields::load_default() { return load(default_path()); }

TechnologyFields TechnologyFields::load(const std::string& path) {
  std::unique_ptr<RecordReader> reader = open_records(path);
  const Columns column = find_columns(reader->header(), path);

  TechnologyFields table;
  table.names_.resize(kMaxField + 1);
  table.sectors_.resize(kMaxField + 1);
  std::vector<std::uint64_t> field_line(kMaxField + 1, 0);  // first row defining each field
  std::map<std::string, std::uint64_t> prefix_line;          // catches a prefix given twice
  std::vector<Row> rows;
  Record rec;
  while (reader->next(rec)) {
    Row row = read_row(rec, reader->header().size(), column, path);
    const auto f = static_cast<std::size_t>(row.field);
    if (field_line[f] == 0) {
      field_line[f] = rec.line;
      table.names_[f] = row.name;
      table.sectors_[f] = row.sector;
    } else if (table.names_[f] != row.name || table.sectors_[f] != row.sector) {
      throw data_error(path, rec.line,
                       fmt::format("field {} is '{}' ({}) here but '{}' ({}) on line {}", row.field, row.name,
                                   row.sector, table.names_[f], table.sectors_[f], field_line[f]));
    }
    const auto [it, inserted] = prefix_line.emplace(spell(row.prefix), rec.line);
    if (!inserted) {
      throw data_error(path, rec.line,
                       fmt::format("ipc_prefix '{}' already given on line {}", spell(row.prefix), it->second));
    }
    row.name = row.sector = {};  // the record's text is gone after next()
    rows.push_back(std::move(row));
  }

  // Longest prefix first within each subclass: main groups, then the
  // subclass row, then the class row. Class rows fan out to every subclass
  // letter of their class (minus excluded subclasses), which keeps the lookup
  // a single scan of one short list.
  std::vector<std::vector<Rule>> per_subclass(kSubclasses);
  std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
    return level(a.prefix) > level(b.prefix);
  });
  for (const Row& row : rows) {
    const int first_letter = row.prefix.letter < 0 ? 0 : row.prefix.letter;
    const int last_letter = row.prefix.letter < 0 ? kLetters - 1 : row.prefix.letter;
    for (int letter = first_letter; letter <= last_letter; ++letter) {
      Rule rule;
      rule.group = static_cast<std::uint16_t>(row.prefix.group);
      rule.field = static_cast<std::uint8_t>(row.field);
      rule.first_excluded = static_cast<std::uint32_t>(table.excluded_.size());
      bool whole_subclass_excluded = false;
      for (const Ipc& ex : row.excluded) {
        if (ex.letter != letter) continue;
        if (ex.group == 0) {
          whole_subclass_excluded = true;
        } else {
          table.excluded_.push_back(static_cast<std::uint16_t>(ex.group));
          ++rule.excluded_count;
        }
      }
      if (whole_subclass_excluded) {
        table.excluded_.resize(rule.first_excluded);
        continue;
      }
      const int s = subclass_index(row.prefix.section, row.prefix.cls, letter);
      per_subclass[static_cast<std::size_t>(s)].push_back(rule);
    }
  }

  table.begin_.reserve(kSubclasses + 1);
  for (const std::vector<Rule>& list : per_subclass) {
    table.begin_.push_back(static_cast<std::uint32_t>(table.rules_.size()));
    table.rules_.insert(table.rules_.end(), list.begin(), list.end());
  }
  table.begin_.push_back(static_cast<std::uint32_t>(table.rules_.size()));
  return table;
}

int TechnologyFields::field_of(std::string_view ipc) const {
  const std::optional<Ipc> code = parse_code(ipc);
  if (!code || begin_.empty()) return 0;
  const auto s = static_cast<std::size_t>(subclass_index(code->section, code->cls, code->letter));
  for (std::uint32_t i = begin_[s]; i < begin_[s + 1]; ++i) {
    const Rule& rule = rules_[i];
    if (rule.group != 0) {
      if (rule.group == code->group) return rule.field;
      continue;
    }
    const auto first = excluded_.begin() + rule.first_excluded;
    const auto last = first + rule.excluded_count;
    if (code->group != 0 && std::find(first, last, code->group) != last) continue;
    return rule.field;
  }
  return 0;
}

std::string_view TechnologyFields::name(int field) const {
  if (field < 1 || field > kMaxField || names_.empty()) return {};
  return names_[static_cast<std::size_t>(field)];
}

std::string_view TechnologyFields::sector(int field) const {
  if (field < 1 || field > kMaxField || sectors_.empty()) return {};
  return sectors_[static_cast<std::size_t>(field)];
}

std::vector<int> TechnologyFields::fields() const {
  std::vector<int> out;
  for (int f = 1; f <= kMaxField && static_cast<std::size_t>(f) < names_.size(); ++f) {
    if (!names_[static_cast<std::size_t>(f)].empty()) out.push_back(f);
  }
  return out;
}

}  // namespace innocluster::measure
