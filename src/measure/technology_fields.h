#pragma once
// Technology fields of patents: WIPO's IPC–technology concordance, which sorts
// every International Patent Classification (IPC) symbol into one of 35
// technology fields grouped in 5 sectors (Schmoch 2008, as maintained by
// WIPO). A cluster's top technology fields are counted from the IPC codes of
// its patents through field_of().
//
// The table (data/ipc_technology_concordance.csv, source and departures in
// data/README.md) has one row per IPC prefix:
//
//   field_number,field_name,sector,ipc_prefix,exclude_prefix
//   10,Measurement,Instruments,G01N,G01N 33
//   11,Analysis of biological materials,Instruments,G01N 33,
//
// A prefix is a class ("H03"), a subclass ("H04L") or a main group
// ("G01N 33"), spelled canonically: upper case, one space before the main
// group, no leading zeros. exclude_prefix lists longer prefixes, separated by
// ';', that the row does not cover ("B01D 45;B01D 46"); an excluded code falls
// to another row or, when none covers it, is unknown. A code's field is that
// of the longest prefix that covers it. Class rows follow WIPO's own notation
// ("H03#": every subclass of H03, including subclasses added to the IPC
// after the table was written).
//
// IPC codes are accepted in the spellings found in patent data, all meaning
// H04L 5/00: "H04L 5/00", "H04L5/00", "H04L   5/00" (PATSTAT), "h04l 5/00",
// "H04L0005000000" (EPO DOCDB, 4 + 10 characters), and with surrounding
// blanks. "H04L" (no main group) and "H04L 5" (no subgroup) are accepted and
// take the field of the subclass or main group. Anything else (another
// section than A–H, class 00, main group 0, a missing or over-long number,
// trailing text such as "(2006.01)") is not an IPC code and has field 0.
//
// Cost: field_of() parses the code once and scans the few rules of its
// subclass (a dense array indexed by section/class/subclass, then on average
// one or two rules): tens of millions of lookups per second per core, no
// allocation. Loading the table is O(rows).

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace innocluster::measure {

class TechnologyFields {
 public:
  /// Field numbers are 1..kMaxField; 0 means "unknown".
  static constexpr int kMaxField = 255;

  /// Reads a concordance table. Throws Error(kNoInput) when the file cannot
  /// be opened and Error(kDataError) naming file:line when it is malformed:
  /// a missing column, a field number outside 1..kMaxField, one number with
  /// two names or sectors, a prefix or exclusion that is not a canonical IPC
  /// prefix, an exclusion that does not lie inside its row's prefix, or the
  /// same prefix on two rows.
  static TechnologyFields load(const std::string& path);

  /// The shipped table: $INNOCLUSTER_DATA/ipc_technology_concordance.csv when
  /// the environment variable names a data directory, else the source tree's
  /// data/ipc_technology_concordance.csv. Throws as load().
  static TechnologyFields load_default();

  /// The path load_default() reads.
  static std::string default_path();

  /// The technology field of one IPC code (1..kMaxField), or 0 when the code
  /// is malformed or no row of the table covers it. Thread-safe (const).
  int field_of(std::string_view ipc) const;

  /// The name and sector of a field as written in the table; empty for a
  /// field number the table does not define. Valid while *this lives.
  std::string_view name(int field) const;
  std::string_view sector(int field) const;

  /// The field numbers the table defines, ascending.
  std::vector<int> fields() const;

 private:
  // One candidate of a subclass: a main-group row (group > 0) matches that
  // main group only; a subclass or class row (group == 0) matches any code of
  // the subclass except the main groups excluded_[first_excluded, +count).
  struct Rule {
    std::uint16_t group = 0;
    std::uint8_t field = 0;
    std::uint8_t excluded_count = 0;
    std::uint32_t first_excluded = 0;
  };

  TechnologyFields() = default;

  // Subclass s's rules are rules_[begin_[s], begin_[s + 1]), longest prefix
  // first, so the first rule that matches is the answer.
  std::vector<std::uint32_t> begin_;
  std::vector<Rule> rules_;
  std::vector<std::uint16_t> excluded_;
  std::vector<std::string> names_;    // index: field number
  std::vector<std::string> sectors_;  // index: field number
};

}  // namespace innocluster::measure
