// The report's map: projection into map units, quantized path data, the cut
// of outlines at the antimeridian, and footprints from WKB.

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <sstream>

#include "io/topojson.h"
#include "report/world_map.h"

namespace innocluster::report {
namespace {

// ISO WKB (little-endian) of a one-ring polygon; x = lon, y = lat.
std::vector<unsigned char> polygon_wkb(const std::vector<std::array<double, 2>>& ring) {
  std::vector<unsigned char> out{1};
  auto u32 = [&out](std::uint32_t v) {
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<unsigned char>(v >> (8 * i)));
  };
  auto f64 = [&out](double d) {
    unsigned char bytes[8];
    std::memcpy(bytes, &d, 8);
    out.insert(out.end(), bytes, bytes + 8);
  };
  u32(3);  // Polygon
  u32(1);
  u32(static_cast<std::uint32_t>(ring.size()));
  for (const auto& p : ring) {
    f64(p[0]);
    f64(p[1]);
  }
  return out;
}

// The absolute positions a path visits, decoded from its M/l/z commands.
std::vector<std::vector<std::array<double, 2>>> rings_of(const std::string& path) {
  std::vector<std::vector<std::array<double, 2>>> rings;
  std::string spaced;
  for (char c : path) {
    if (c == 'M' || c == 'l' || c == 'z') spaced += std::string(" ") + c + " ";
    else if (c == '-') spaced += " -";
    else spaced.push_back(c);
  }
  std::istringstream in(spaced);
  std::string token;
  std::array<double, 2> at{};
  bool absolute = false;
  std::vector<double> pending;
  while (in >> token) {
    if (token == "M") {
      rings.emplace_back();
      absolute = true;
    } else if (token == "l") {
      absolute = false;
    } else if (token != "z") {
      pending.push_back(std::stod(token));
      if (pending.size() == 2) {
        at = absolute ? std::array<double, 2>{pending[0], pending[1]}
                      : std::array<double, 2>{at[0] + pending[0], at[1] + pending[1]};
        rings.back().push_back(at);
        pending.clear();
      }
    }
  }
  return rings;
}

TEST(WorldMap, FrameMapsTheWorldOntoItsWidth) {
  const MapFrame frame;
  EXPECT_DOUBLE_EQ(frame.project(0, 0).x, 500);
  EXPECT_DOUBLE_EQ(frame.project(0, 0).y, frame.height() / 2);
  EXPECT_NEAR(frame.project(0, -180).x, 0, 1e-9);
  EXPECT_NEAR(frame.project(0, 180).x, 1000, 1e-9);
  EXPECT_NEAR(frame.project(90, 0).y, 0, 1e-9);
  EXPECT_NEAR(frame.project(-90, 0).y, frame.height(), 1e-9);
  EXPECT_NEAR(frame.width / frame.height(), 2.05458, 5e-6);
  EXPECT_LT(frame.project(35.68, 139.69).y, frame.height() / 2);  // Tokyo: north is up
}

TEST(WorldMap, FootprintPathIsQuantizedAndRelative) {
  const MapFrame frame;
  // A square of 0.1° around (0, 0): 0.1° of longitude at the equator is
  // 0.1 · π/180 · 2√3/(3 · A1) · s ≈ 0.2778 units, of latitude
  // 0.1 · π/180 · A1 · √3/2 · s ≈ 0.3742 units (s = 1000 / 5.41326).
  const auto wkb = polygon_wkb({{-0.05, -0.05}, {0.05, -0.05}, {0.05, 0.05}, {-0.05, 0.05}, {-0.05, -0.05}});
  const std::string path = footprint_path(wkb, frame, 3);
  EXPECT_EQ(path, "M499.861 243.546l.278 0 0-.375-.278 0z");
  EXPECT_EQ(footprint_path({}, frame, 3), "");
  for (char c : path) EXPECT_NE(std::string("MLlz0123456789.- ").find(c), std::string::npos) << c;
}

TEST(WorldMap, RoundingErrorsDoNotAccumulate) {
  // A long thin ring of many tiny steps: every decoded vertex stays within
  // half a quantum of its own projected position.
  const MapFrame frame;
  std::vector<std::array<double, 2>> ring;
  for (int i = 0; i <= 200; ++i) ring.push_back({10 + 0.0137 * i, 45});
  for (int i = 200; i >= 0; --i) ring.push_back({10 + 0.0137 * i, 45.02});
  ring.push_back(ring.front());
  const auto rings = rings_of(footprint_path(polygon_wkb(ring), frame, 2));
  ASSERT_EQ(rings.size(), 1u);
  for (const auto& p : rings[0]) {
    double best = 1e9;
    for (const auto& q : ring) {
      const geo::PlanePoint m = frame.project(q[1], q[0]);
      best = std::min(best, std::hypot(m.x - p[0], m.y - p[1]));
    }
    EXPECT_LE(best, 0.5 * std::sqrt(2.0) * 0.01 + 1e-9);
  }
}

TEST(WorldMap, OutlinesAreCutAtTheAntimeridian) {
  const MapFrame frame;
  const std::vector<topojson::Feature> countries = topojson::read_file(world_atlas_path(), "countries");
  const std::string path = outline_path(countries, frame, 1);
  for (char c : path) ASSERT_NE(std::string("MLlz0123456789.- ").find(c), std::string::npos) << c;
  const auto rings = rings_of(path);
  EXPECT_GT(rings.size(), 250u);
  for (const auto& r : rings)
    for (std::size_t i = 0; i < r.size(); ++i) {
      const auto& p = r[i];
      const auto& q = r[(i + 1) % r.size()];
      // No edge runs across the map (before the cut, Russia, Fiji and
      // Antarctica each had one about 1000 units long), except along the
      // flat pole line that closes Antarctica.
      const bool on_pole_line = std::abs(p[1] - frame.height()) < 0.1 && std::abs(q[1] - frame.height()) < 0.1;
      if (!on_pole_line) {
        ASSERT_LT(std::abs(p[0] - q[0]), 300) << p[0] << "," << p[1] << " -> " << q[0] << "," << q[1];
      }
      ASSERT_GE(p[0], -0.1);
      ASSERT_LE(p[0], frame.width + 0.1);
      ASSERT_GE(p[1], -0.1);
      ASSERT_LE(p[1], frame.height() + 0.1);
    }
  // Fiji (on both sides of 180°) and Antarctica (around the pole) are kept.
  topojson::Feature fiji, antarctica;
  for (const auto& f : countries) {
    if (f.name == "Fiji") fiji = f;
    if (f.name == "Antarctica") antarctica = f;
  }
  const auto fiji_rings = rings_of(outline_path({fiji}, frame, 1));
  bool west = false, east = false;
  for (const auto& r : fiji_rings)
    for (const auto& p : r) (p[0] < 500 ? west : east) = true;
  EXPECT_TRUE(west && east);
  double lowest = 0;
  for (const auto& r : rings_of(outline_path({antarctica}, frame, 1)))
    for (const auto& p : r) lowest = std::max(lowest, p[1]);
  EXPECT_NEAR(lowest, frame.height(), 0.1);  // closed along the south pole
}

TEST(WorldMap, SameInputSameBytes) {
  const MapFrame frame;
  const auto countries = topojson::read_file(world_atlas_path(), "countries");
  EXPECT_EQ(outline_path(countries, frame, 1), outline_path(countries, frame, 1));
}

}  // namespace
}  // namespace innocluster::report
