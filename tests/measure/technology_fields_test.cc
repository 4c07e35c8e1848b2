// The IPC–technology concordance: every one of the 35 fields reached by a
// representative code, the concordance's exceptions, every spelling of an
// IPC code, unknown codes, the shape of the shipped table, and malformed
// tables reported by file and line.

#include "measure/technology_fields.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <string>
#include <vector>

#include "core/error.h"
#include "io/record_reader.h"
#include "test_support.h"

namespace innocluster::measure {
namespace {

const TechnologyFields& shipped() {
  static const TechnologyFields table = TechnologyFields::load_default();
  return table;
}

struct Case {
  const char* ipc;
  int field;
};

TEST(TechnologyFields, RepresentativeCodeOfEveryField) {
  const std::vector<Case> cases = {
      {"H01M 10/052", 1},   {"H02J 7/00", 1},     {"F21V 29/00", 1},   {"G09G 3/20", 2},
      {"H04R 1/10", 2},     {"H04B 7/04", 3},     {"H04M 1/72", 3},    {"H04L 9/32", 4},
      {"H04W 72/04", 4},    {"H03M 13/11", 5},    {"H03K 17/00", 5},   {"G06F 16/00", 6},
      {"G06N 3/08", 6},     {"G10L 15/22", 6},    {"G11C 11/40", 6},   {"G06Q 50/00", 7},
      {"H01L 21/02", 8},    {"H10K 50/00", 8},    {"G02B 6/12", 9},    {"G03F 7/20", 9},
      {"H01S 5/00", 9},     {"G01R 31/36", 10},   {"G04G 21/00", 10},  {"G01N 33/574", 11},
      {"G05B 19/418", 12},  {"G07C 9/00", 12},    {"G08G 1/16", 12},   {"A61B 5/00", 13},
      {"A61M 5/00", 13},    {"C07D 471/04", 14},  {"A61Q 19/00", 14},  {"C12N 15/113", 15},
      {"C07K 16/28", 15},   {"A61K 39/395", 16},  {"A61P 35/00", 16},  {"C08L 23/12", 17},
      {"A23L 33/00", 18},   {"C12G 3/00", 18},    {"C09D 11/00", 19},  {"C10M 169/04", 19},
      {"C04B 35/00", 20},   {"C22C 38/00", 20},   {"B22F 10/00", 20},  {"C23C 16/00", 21},
      {"B32B 27/00", 21},   {"B82Y 30/00", 22},   {"B81B 7/00", 22},   {"B01J 19/00", 23},
      {"B04B 1/00", 23},    {"C02F 1/00", 24},    {"F01N 3/00", 24},   {"B09B 3/00", 24},
      {"B65G 47/00", 25},   {"B25J 9/16", 25},    {"B66C 13/00", 25},  {"B23K 26/00", 26},
      {"B24B 37/00", 26},   {"F02D 41/00", 27},   {"F03D 1/00", 27},   {"G21C 3/00", 27},
      {"D21H 17/00", 28},   {"B41J 2/00", 28},    {"D01F 6/00", 28},   {"B29C 45/00", 29},
      {"A01K 67/00", 29},   {"F41A 3/00", 29},    {"F24F 11/00", 30},  {"F28D 15/00", 30},
      {"F16H 57/00", 31},   {"F16K 31/00", 31},   {"B60L 53/00", 32},  {"B62D 15/00", 32},
      {"B64C 39/00", 32},   {"A47L 9/00", 33},    {"A63F 13/00", 33},  {"A24F 40/00", 34},
      {"A45D 44/00", 34},   {"D06F 39/00", 34},   {"G10H 1/00", 34},   {"E04B 1/00", 35},
      {"E21B 43/00", 35},   {"E02F 3/00", 35},
  };
  std::set<int> seen;
  for (const Case& c : cases) {
    EXPECT_EQ(shipped().field_of(c.ipc), c.field) << c.ipc;
    seen.insert(c.field);
  }
  EXPECT_EQ(seen.size(), 35u) << "every field has a representative";
}

TEST(TechnologyFields, ExceptionsOfTheConcordance) {
  const std::vector<Case> cases = {
      {"G01N 33/53", 11},  {"G01N 21/00", 10}, {"G01N", 10},        {"A61K 8/02", 14},   {"A61K 31/00", 16},
      {"A61K", 16},        {"H04N 21/00", 4},  {"H04N 5/00", 2},    {"H04N 1/00", 3},    {"H04N 7/14", 3},
      {"H04N 11/00", 3},   {"H04N 13/00", 2},  {"H04N 19/00", 2},   {"B01D 53/00", 24},  {"B01D 46/00", 24},
      {"B01D 1/00", 23},   {"B01D 61/00", 23}, {"B01D 44/00", 23},  {"E01F 8/00", 24},   {"E01F 9/00", 35},
      {"G06Q 10/00", 7},   {"G06T 7/00", 6},   {"A23N 1/00", 29},   {"A23P 10/00", 29},  {"A23G 1/00", 18},
      {"F23G 5/00", 24},   {"F23R 3/00", 27},  {"F23D 14/00", 30},  {"G01T 1/00", 24},   {"F25D 11/00", 34},
      {"F25B 9/00", 30},   {"F25J 3/00", 23},  {"A41H 1/00", 28},   {"A41D 13/00", 34},
  };
  for (const Case& c : cases) EXPECT_EQ(shipped().field_of(c.ipc), c.field) << c.ipc;
}

TEST(TechnologyFields, EverySpellingOfOneCode) {
  for (const char* spelling : {"H04L 5/00", "H04L5/00", "H04L0005000000", "h04l 5/00", "H04L", " H04L 5/00 ",
                               "\tH04L 5/00", "H04L   5/00", "H04L 5", "H04L 0005/00", "H04L 5/1234"}) {
    EXPECT_EQ(shipped().field_of(spelling), 4) << '"' << spelling << '"';
  }
  // The main group decides even in the compact forms.
  EXPECT_EQ(shipped().field_of("G01N0033530000"), 11);
  EXPECT_EQ(shipped().field_of("G01N0021000000"), 10);
  EXPECT_EQ(shipped().field_of("g01n33/53"), 11);
  EXPECT_EQ(shipped().field_of("A61K0008020000"), 14);
  EXPECT_EQ(shipped().field_of("H04N0021000000"), 4);
}

RC_GTEST_PROP(TechnologyFields, AllSpellingsOfACodeAgree, ()) {
  const char section = *rc::gen::inRange('A', 'I');
  const int cls = *rc::gen::inRange(1, 100);
  const char letter = *rc::gen::inRange('A', static_cast<char>('Z' + 1));
  const int group = *rc::gen::inRange(1, 10000);
  const int subgroup = *rc::gen::inRange(0, 1000000);
  char subclass[5];
  std::snprintf(subclass, sizeof subclass, "%c%02d%c", section, cls, letter);
  const std::string slash = std::to_string(group) + "/" + (subgroup < 10 ? "0" : "") + std::to_string(subgroup);
  char docdb[15];
  std::snprintf(docdb, sizeof docdb, "%s%04d%06d", subclass, group, subgroup);
  std::string lower = std::string(subclass) + " " + slash;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));

  const int field = shipped().field_of(std::string(subclass) + " " + slash);
  RC_ASSERT(field >= 0);
  RC_ASSERT(field <= 35);
  RC_ASSERT(shipped().field_of(std::string(subclass) + slash) == field);
  RC_ASSERT(shipped().field_of(docdb) == field);
  RC_ASSERT(shipped().field_of(lower) == field);
  RC_ASSERT(shipped().field_of("  " + std::string(subclass) + "   " + slash + " ") == field);
  RC_ASSERT(shipped().field_of(std::string(subclass) + " " + std::to_string(group)) == field);
}

RC_GTEST_PROP(TechnologyFields, ArbitraryTextIsZeroOrAField, (const std::string& text)) {
  const int field = shipped().field_of(text);
  RC_ASSERT(field >= 0);
  RC_ASSERT(field <= 35);
}

TEST(TechnologyFields, UnknownAndGarbageCodesAreZero) {
  for (const char* code : {"", " ", "H04", "H4L", "Z01A", "I01B 1/00", "H00L", "H04L 0/00", "H04L0000000000",
                           "H04L 5/", "H04L /00", "H04L 12345/00", "H04L 5/1234567", "H04L 5/00 (2006.01)",
                           "H04L-5/00", "H04L5/00x", "H04L000500000", "H04L 5//00", "4L 5/00", "hello world",
                           "H04L 5/00/01", "Y02E 10/00", "H9", "\xE2\x80\x93"}) {
    EXPECT_EQ(shipped().field_of(code), 0) << '"' << code << '"';
  }
}

TEST(TechnologyFields, ShippedTableHas35FieldsIn5Sectors) {
  const std::vector<int> fields = shipped().fields();
  ASSERT_EQ(fields.size(), 35u);
  std::set<std::string> sectors;
  for (int f = 1; f <= 35; ++f) {
    EXPECT_EQ(fields[static_cast<std::size_t>(f - 1)], f);
    EXPECT_FALSE(shipped().name(f).empty()) << f;
    sectors.emplace(shipped().sector(f));
  }
  EXPECT_EQ(sectors, (std::set<std::string>{"Electrical engineering", "Instruments", "Chemistry",
                                            "Mechanical engineering", "Other fields"}));
  EXPECT_EQ(shipped().name(4), "Digital communication");
  EXPECT_EQ(shipped().sector(4), "Electrical engineering");
  EXPECT_EQ(shipped().name(11), "Analysis of biological materials");
  EXPECT_EQ(shipped().sector(24), "Chemistry");
  EXPECT_EQ(shipped().name(35), "Civil engineering");
  EXPECT_EQ(shipped().sector(35), "Other fields");
  EXPECT_TRUE(shipped().name(0).empty());
  EXPECT_TRUE(shipped().name(36).empty());
  EXPECT_TRUE(shipped().sector(-1).empty());
}

// The shape of a concordance prefix, checked without the loader's parser:
// [A-H][0-9]{2}, optionally a subclass letter [A-Z], optionally then a space
// and a main group [1-9][0-9]{0,3}. (Hand-written rather than std::regex,
// whose inlined code trips GCC 12's -Wmaybe-uninitialized under sanitizers.)
bool ipc_shaped(std::string_view p) {
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  if (p.size() < 3 || p[0] < 'A' || p[0] > 'H' || !digit(p[1]) || !digit(p[2])) return false;
  if (p.size() == 3) return true;
  if (p[3] < 'A' || p[3] > 'Z') return false;
  if (p.size() == 4) return true;
  const std::string_view group = p.substr(5);
  if (p[4] != ' ' || group.empty() || group.size() > 4 || group[0] == '0') return false;
  return std::all_of(group.begin(), group.end(), digit);
}

TEST(TechnologyFields, ShippedPrefixesAreIpcShaped) {
  // Read the file independently of the loader, so a loosened loader could
  // not hide a badly spelt row.
  EXPECT_TRUE(ipc_shaped("H04L 5"));
  EXPECT_FALSE(ipc_shaped("H04L 05"));
  EXPECT_FALSE(ipc_shaped("I04L"));
  auto reader = open_records(TechnologyFields::default_path());
  ASSERT_EQ(reader->header(),
            (std::vector<std::string>{"field_number", "field_name", "sector", "ipc_prefix", "exclude_prefix"}));
  Record rec;
  std::set<std::string> prefixes;
  std::size_t rows = 0;
  while (reader->next(rec)) {
    ++rows;
    ASSERT_TRUE(rec.error.empty()) << rec.line;
    ASSERT_EQ(rec.fields.size(), 5u) << rec.line;
    const std::string p(rec.fields[3]);
    EXPECT_TRUE(ipc_shaped(p)) << "line " << rec.line << ": '" << p << "'";
    EXPECT_TRUE(prefixes.insert(p).second) << "line " << rec.line << ": '" << p << "' twice";
    std::string excludes(rec.fields[4]);
    for (std::size_t start = 0; start < excludes.size();) {
      const std::size_t end = std::min(excludes.find(';', start), excludes.size());
      const std::string ex = excludes.substr(start, end - start);
      EXPECT_TRUE(ipc_shaped(ex)) << "line " << rec.line << ": '" << ex << "'";
      EXPECT_EQ(ex.rfind(p, 0), 0u) << "line " << rec.line << ": '" << ex << "' outside '" << p << "'";
      start = end + 1;
    }
    // A subclass or main-group row's own prefix, looked up as a code, takes
    // the row's field (a bare class is not a code).
    if (p.size() > 3) {
      EXPECT_EQ(shipped().field_of(p), std::stoi(std::string(rec.fields[0]))) << p;
    }
  }
  EXPECT_GT(rows, 300u);
}

class TechnologyFieldsTable : public ::testing::Test {
 protected:
  // Loads a table whose header is the standard one and whose rows follow;
  // returns the error message, or "" when it loads.
  std::string load(const std::string& rows, ExitCode expected = ExitCode::kDataError) {
    const auto path = dir_ / "concordance.csv";
    testing::write_file(path, "field_number,field_name,sector,ipc_prefix,exclude_prefix\n" + rows);
    try {
      TechnologyFields::load(path.string());
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), expected);
      return e.what();
    }
    return "";
  }
  std::string at(int line) const { return (dir_ / "concordance.csv").string() + ":" + std::to_string(line) + ": "; }

  testing::TempDir dir_;
};

TEST_F(TechnologyFieldsTable, NamesFileAndLine) {
  const std::string ok = "1,Energy,Electrical engineering,H01B,\n";
  EXPECT_EQ(load(ok), "");
  EXPECT_EQ(load(ok + "2,Other,Electrical engineering,H04L 05,\n").rfind(at(3), 0), 0u) << "leading zero";
  EXPECT_EQ(load(ok + "2,Other,Electrical engineering,h04l,\n").rfind(at(3), 0), 0u) << "lower case";
  EXPECT_EQ(load(ok + "2,Other,Electrical engineering,H04L 5/00,\n").rfind(at(3), 0), 0u) << "subgroup";
  EXPECT_EQ(load(ok + "2,Other,Electrical engineering,X04L,\n").rfind(at(3), 0), 0u) << "section";
  EXPECT_EQ(load(ok + "0,Other,Electrical engineering,H04L,\n").rfind(at(3), 0), 0u) << "field 0";
  EXPECT_EQ(load(ok + "x,Other,Electrical engineering,H04L,\n").rfind(at(3), 0), 0u) << "field x";
  EXPECT_EQ(load(ok + "1,Power,Electrical engineering,H02J,\n").rfind(at(3), 0), 0u) << "two names";
  EXPECT_EQ(load(ok + "1,Energy,Chemistry,H02J,\n").rfind(at(3), 0), 0u) << "two sectors";
  EXPECT_EQ(load(ok + "2,Other,Electrical engineering,H01B,\n"),
            at(3) + "ipc_prefix 'H01B' already given on line 2");
  EXPECT_EQ(load(ok + "2,Other,Electrical engineering,G01N,H04L 5\n").rfind(at(3), 0), 0u) << "exclusion outside";
  EXPECT_EQ(load(ok + "2,Other,Electrical engineering,G01N,G01N\n").rfind(at(3), 0), 0u) << "exclusion = prefix";
  EXPECT_EQ(load(ok + "2,Other,Electrical engineering,G01N 33,G01N 33\n").rfind(at(3), 0), 0u);
  EXPECT_EQ(load(ok + "2,Other,Electrical engineering,G01N,G01N 33;\n").rfind(at(3), 0), 0u) << "empty item";
  EXPECT_EQ(load(ok + "2,Other,Electrical engineering\n").rfind(at(3), 0), 0u) << "short row";
  EXPECT_EQ(load(ok + "2,\"Other,Electrical engineering,H04L,\n").rfind(at(3), 0), 0u) << "open quote";
  EXPECT_EQ(load(ok + "2,,Electrical engineering,H04L,\n").rfind(at(3), 0), 0u) << "empty name";
}

TEST_F(TechnologyFieldsTable, MissingColumnAndMissingFile) {
  const auto path = dir_ / "concordance.csv";
  testing::write_file(path, "field_number,field_name,ipc_prefix,exclude_prefix\n1,Energy,H01B,\n");
  try {
    TechnologyFields::load(path.string());
    FAIL() << "loaded a table without a sector column";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ExitCode::kDataError);
    EXPECT_NE(std::string(e.what()).find(at(1) + "missing column 'sector'"), std::string::npos) << e.what();
  }
  try {
    TechnologyFields::load((dir_ / "absent.csv").string());
    FAIL() << "loaded an absent file";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ExitCode::kNoInput);
  }
}

TEST_F(TechnologyFieldsTable, ExclusionsAndClassRowsOfASmallTable) {
  const std::string path = (dir_ / "concordance.csv").string();
  testing::write_file(path,
                      "field_number,field_name,sector,ipc_prefix,exclude_prefix\n"
                      "1,Alpha,S,G01,G01T;G01N 33\n"
                      "2,Beta,S,G01N,G01N 21\n"
                      "3,Gamma,S,G01N 33,\n");
  const TechnologyFields t = TechnologyFields::load(path);
  EXPECT_EQ(t.field_of("G01B 7/00"), 1);   // class row
  EXPECT_EQ(t.field_of("G01Z 1/00"), 1);   // class row covers any subclass letter
  EXPECT_EQ(t.field_of("G01T 1/00"), 0);   // excluded from the class, no other row
  EXPECT_EQ(t.field_of("G01N 1/00"), 2);   // subclass row beats class row
  EXPECT_EQ(t.field_of("G01N 21/00"), 1);  // excluded from the subclass row: falls to the class row
  EXPECT_EQ(t.field_of("G01N 33/00"), 3);  // main group row
  EXPECT_EQ(t.field_of("G01N"), 2);
  EXPECT_EQ(t.field_of("G02B 1/00"), 0);
  EXPECT_EQ(t.fields(), (std::vector<int>{1, 2, 3}));
  EXPECT_EQ(t.name(2), "Beta");
}

TEST(TechnologyFieldsDefaultPath, HonoursInnoclusterData) {
  const char* old = std::getenv("INNOCLUSTER_DATA");
  const std::string saved = old ? old : "";
  ::setenv("INNOCLUSTER_DATA", "/some/data", 1);
  EXPECT_EQ(TechnologyFields::default_path(), "/some/data/ipc_technology_concordance.csv");
  if (old) {
    ::setenv("INNOCLUSTER_DATA", saved.c_str(), 1);
  } else {
    ::unsetenv("INNOCLUSTER_DATA");
  }
}

}  // namespace
}  // namespace innocluster::measure
