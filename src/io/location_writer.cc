#include "io/location_writer.h"

#include <cstdlib>

#include <fmt/format.h>

#include "io/output_file.h"

namespace innocluster {

std::string format_coordinate(std::int32_t coord_e7, int decimals) {
  const auto magnitude = static_cast<std::uint32_t>(std::abs(static_cast<std::int64_t>(coord_e7)));
  std::string digits = fmt::format("{:08d}", magnitude);  // at least one integer digit
  const std::size_t int_digits = digits.size() - 7;
  std::string out = coord_e7 < 0 ? "-" : "";
  out.append(digits, 0, int_digits);
  if (decimals > 0) {
    out.push_back('.');
    out.append(digits, int_digits, static_cast<std::size_t>(decimals));
  }
  return out;
}

void write_locations_csv(const std::filesystem::path& path, const WeightedLocations& locations) {
  CsvWriter out(path, {"lat", "lon", "weight"});
  for (std::size_t i = 0; i < locations.size(); ++i) {
    const std::string lat = format_coordinate(locations.lat_e7[i], locations.decimals);
    const std::string lon = format_coordinate(locations.lon_e7[i], locations.decimals);
    const std::string weight = format_weight(locations.weight[i]);
    out.row({lat, lon, weight});
  }
  out.commit();
}

}  // namespace innocluster
