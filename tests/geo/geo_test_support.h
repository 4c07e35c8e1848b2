#pragma once
// Helpers of the geo and naming tests: GeoNames-format text (19
// tab-separated columns) for small gazetteers.

#include <cstdint>
#include <string>

#include <fmt/format.h>

namespace innocluster::testing {

struct FixturePlace {
  std::uint32_t id = 1;
  std::string name = "Place";
  double lat = 0;
  double lon = 0;
  std::string country = "DE";
  std::uint64_t population = 1000;
  std::string feature_code = "PPL";
  std::string feature_class = "P";
  std::string ascii_name = "";  ///< empty: the same as name
  std::string admin1 = "01";
  std::string alternate_names = "alt,names";
};

/// One line, without its newline. Coordinates are written with 17
/// significant digits so that they read back to the same doubles.
inline std::string geonames_line(const FixturePlace& p) {
  return fmt::format("{}\t{}\t{}\t{}\t{:.17g}\t{:.17g}\t{}\t{}\t{}\t\t{}\t\t\t\t{}\t\t12\tEurope/Berlin\t2024-01-01",
                     p.id, p.name, p.ascii_name.empty() ? p.name : p.ascii_name, p.alternate_names, p.lat, p.lon,
                     p.feature_class, p.feature_code, p.country, p.admin1, p.population);
}


}  // namespace innocluster::testing
