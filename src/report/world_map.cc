#include "report/world_map.h"

#include <array>
#include <cmath>
#include <cstdlib>
#include <filesystem>

#include "geo/geos.h"
#include "innocluster/paths.h"

namespace innocluster::report {
namespace {

// Appends q × 10^−decimals in the shortest plain form: "12", "-3.5", ".25".
void append_fixed(std::string& out, long long q, int decimals) {
  if (q < 0) {
    out.push_back('-');
    q = -q;
  }
  long long unit = 1;
  for (int i = 0; i < decimals; ++i) unit *= 10;
  const long long whole = q / unit;
  long long frac = q % unit;
  if (whole != 0 || frac == 0) out += std::to_string(whole);
  if (frac == 0) return;
  int digits = decimals;
  while (frac % 10 == 0) {
    frac /= 10;
    --digits;
  }
  std::string f = std::to_string(frac);
  out.push_back('.');
  out.append(static_cast<std::size_t>(digits) - f.size(), '0');
  out += f;
}

// Writes rings as "M x y l dx dy dx dy … z", in quanta of 10^−decimals units.
class PathWriter {
 public:
  PathWriter(const MapFrame& frame, int decimals) : frame_(frame), decimals_(decimals) {
    unit_ = std::pow(10.0, decimals);
  }

  void begin_ring() { ring_.clear(); }
  void add(double lat, double lon) {
    const geo::PlanePoint p = frame_.project(lat, lon);
    const std::array<long long, 2> q{std::llround(p.x * unit_), std::llround(p.y * unit_)};
    if (ring_.empty() || ring_.back() != q) ring_.push_back(q);
  }
  void end_ring() {
    if (ring_.size() > 1 && ring_.front() == ring_.back()) ring_.pop_back();
    if (ring_.size() < 3) return;
    out_.push_back('M');
    append_fixed(out_, ring_[0][0], decimals_);
    out_.push_back(' ');
    append_fixed(out_, ring_[0][1], decimals_);
    out_.push_back('l');
    for (std::size_t i = 1; i < ring_.size(); ++i) {
      for (int c = 0; c < 2; ++c) {
        const long long d = ring_[i][static_cast<std::size_t>(c)] - ring_[i - 1][static_cast<std::size_t>(c)];
        if (!(i == 1 && c == 0) && d >= 0) out_.push_back(' ');
        append_fixed(out_, d, decimals_);
      }
    }
    out_.push_back('z');
  }
  std::string take() { return std::move(out_); }

 private:
  const MapFrame& frame_;
  int decimals_;
  double unit_ = 1;
  std::vector<std::array<long long, 2>> ring_;
  std::string out_;
};

void add_ring(PathWriter& w, const geos::Context& ctx, const GEOSGeometry* ring) {
  const GEOSCoordSequence* seq = geos::api().GEOSGeom_getCoordSeq_r(ctx.handle(), ring);
  unsigned int n = 0;
  if (!seq || !geos::api().GEOSCoordSeq_getSize_r(ctx.handle(), seq, &n)) return;
  w.begin_ring();
  for (unsigned int i = 0; i < n; ++i) {
    double x = 0, y = 0;
    geos::api().GEOSCoordSeq_getXY_r(ctx.handle(), seq, i, &x, &y);
    w.add(y, x);
  }
  w.end_ring();
}

void add_polygon_rings(PathWriter& w, const geos::Context& ctx, const GEOSGeometry* g) {
  const int type = geos::api().GEOSGeomTypeId_r(ctx.handle(), g);
  if (type == GEOS_POLYGON) {
    add_ring(w, ctx, geos::api().GEOSGetExteriorRing_r(ctx.handle(), g));
    const int holes = geos::api().GEOSGetNumInteriorRings_r(ctx.handle(), g);
    for (int h = 0; h < holes; ++h) add_ring(w, ctx, geos::api().GEOSGetInteriorRingN_r(ctx.handle(), g, h));
  } else if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION) {
    const int parts = geos::api().GEOSGetNumGeometries_r(ctx.handle(), g);
    for (int i = 0; i < parts; ++i) add_polygon_rings(w, ctx, geos::api().GEOSGetGeometryN_r(ctx.handle(), g, i));
  }  // lines and points left by clipping are not areas
}

bool crosses_antimeridian(const topojson::Polygon& polygon) {
  for (const topojson::Ring& ring : polygon)
    for (std::size_t i = 1; i < ring.size(); ++i)
      if (std::abs(ring[i].lon - ring[i - 1].lon) > 180) return true;
  return false;
}

// A polygon whose rings jump across the antimeridian (world-atlas leaves them
// so; d3 cuts them when drawing): each ring is unwrapped into continuous
// longitudes (a ring around a pole, whose longitudes end 360° from where
// they start, is closed along the pole), and the polygon is clipped to
// [−180°, 180°] as it is and shifted by ±360°.
void add_cut_polygon(PathWriter& w, const topojson::Polygon& polygon) {
  const geos::Context ctx;
  std::vector<std::vector<topojson::Position>> rings;
  for (const topojson::Ring& ring : polygon) {
    std::vector<topojson::Position> r;
    double shift = 0;
    for (std::size_t i = 0; i < ring.size(); ++i) {
      if (i > 0) {
        const double step = ring[i].lon - ring[i - 1].lon;
        if (step > 180) shift -= 360;
        if (step < -180) shift += 360;
      }
      r.push_back({ring[i].lon + shift, ring[i].lat});
    }
    if (r.size() > 1 && std::abs(r.back().lon - r.front().lon) > 180) {  // around a pole
      double lat_sum = 0;
      for (const topojson::Position& p : r) lat_sum += p.lat;
      const double pole = lat_sum < 0 ? -90 : 90;
      r.push_back({r.back().lon, pole});
      r.push_back({r.front().lon, pole});
      r.push_back(r.front());
    }
    if (r.size() >= 4) rings.push_back(std::move(r));
  }
  if (rings.empty()) return;
  for (const double offset : {0.0, 360.0, -360.0}) {
    auto make_ring = [&](const std::vector<topojson::Position>& r) {
      GEOSCoordSequence* seq = geos::api().GEOSCoordSeq_create_r(ctx.handle(), static_cast<unsigned>(r.size()), 2);
      for (std::size_t i = 0; i < r.size(); ++i)
        geos::api().GEOSCoordSeq_setXY_r(ctx.handle(), seq, static_cast<unsigned>(i), r[i].lon + offset, r[i].lat);
      return ctx.check(geos::api().GEOSGeom_createLinearRing_r(ctx.handle(), seq), "make an outline ring");
    };
    GEOSGeometry* shell = make_ring(rings[0]);
    std::vector<GEOSGeometry*> holes;
    for (std::size_t i = 1; i < rings.size(); ++i) holes.push_back(make_ring(rings[i]));
    const geos::Geometry g = geos::own(
        ctx, geos::api().GEOSGeom_createPolygon_r(ctx.handle(), shell, holes.data(), static_cast<unsigned>(holes.size())),
        "make an outline polygon");
    const geos::Geometry clipped = geos::own(ctx, geos::api().GEOSClipByRect_r(ctx.handle(), g.get(), -180, -90, 180, 90),
                                             "cut an outline at the antimeridian");
    add_polygon_rings(w, ctx, clipped.get());
  }
}

}  // namespace

geo::PlanePoint MapFrame::project(double lat, double lon) const {
  const geo::PlanePoint p = geo::equal_earth(lat, lon);
  const double s = scale();
  return {(p.x + geo::kEqualEarthHalfWidth) * s, (geo::kEqualEarthHalfHeight - p.y) * s};
}

std::string world_atlas_path() {
  if (const char* env = std::getenv("INNOCLUSTER_WORLD_ATLAS"); env && *env) return env;
  return (std::filesystem::path(kSourceDir) / "node_modules" / "world-atlas" / "countries-110m.json").string();
}

std::string outline_path(const std::vector<topojson::Feature>& features, const MapFrame& frame, int decimals) {
  PathWriter w(frame, decimals);
  for (const topojson::Feature& f : features)
    for (const topojson::Polygon& polygon : f.polygons) {
      if (crosses_antimeridian(polygon)) {
        add_cut_polygon(w, polygon);
        continue;
      }
      for (const topojson::Ring& ring : polygon) {
        w.begin_ring();
        for (const topojson::Position& p : ring) w.add(p.lat, p.lon);
        w.end_ring();
      }
    }
  return w.take();
}

std::string footprint_path(const std::vector<unsigned char>& wkb, const MapFrame& frame, int decimals) {
  if (wkb.empty()) return "";
  const geos::Context ctx;
  const geos::Geometry g = geos::from_wkb(ctx, wkb);
  PathWriter w(frame, decimals);
  add_polygon_rings(w, ctx, g.get());
  return w.take();
}

}  // namespace innocluster::report
