#include "assemble/footprint.h"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "core/dense_index.h"
#include "geo/geos.h"

namespace innocluster {
namespace {

constexpr double kEarthRadiusKm = 6371.0088;
constexpr double kRadPerDeg = std::numbers::pi / 180.0;

// The local plane of one cluster.
struct Plane {
  double lat0 = 0, lon0 = 0, cos_lat0 = 1;

  static Plane around(const std::vector<GeoPoint>& points) {
    // Centre: the normalised mean of the unit vectors (right across the antimeridian).
    double x = 0, y = 0, z = 0;
    for (const GeoPoint& p : points) {
      const double phi = p.lat * kRadPerDeg, lambda = p.lon * kRadPerDeg;
      x += std::cos(phi) * std::cos(lambda);
      y += std::cos(phi) * std::sin(lambda);
      z += std::sin(phi);
    }
    Plane plane;
    plane.lat0 = std::atan2(z, std::hypot(x, y)) / kRadPerDeg;
    plane.lon0 = (x == 0 && y == 0) ? 0 : std::atan2(y, x) / kRadPerDeg;
    plane.cos_lat0 = std::max(std::cos(plane.lat0 * kRadPerDeg), 1e-6);
    return plane;
  }

  double delta_lon(double lon) const {
    double d = lon - lon0;
    if (d > 180) d -= 360;
    if (d < -180) d += 360;
    return d;
  }
  double x(const GeoPoint& p) const { return kEarthRadiusKm * delta_lon(p.lon) * kRadPerDeg * cos_lat0; }
  double y(const GeoPoint& p) const { return kEarthRadiusKm * (p.lat - lat0) * kRadPerDeg; }
  double lon(double x_km) const { return lon0 + x_km / (kEarthRadiusKm * kRadPerDeg * cos_lat0); }
  double lat(double y_km) const { return std::clamp(lat0 + y_km / (kEarthRadiusKm * kRadPerDeg), -90.0, 90.0); }
};

// Collects the polygons of `g` (Polygon, MultiPolygon or a collection that
// holds them; other parts and empty polygons are dropped) as one
// MultiPolygon, the one geometry type every footprint has.
void collect_polygons(const geos::Context& ctx, const GEOSGeometry* g, std::vector<GEOSGeometry*>& out) {
  const int type = geos::api().GEOSGeomTypeId_r(ctx.handle(), g);
  if (type == GEOS_POLYGON) {
    if (geos::api().GEOSisEmpty_r(ctx.handle(), g) == 0) out.push_back(ctx.check(geos::api().GEOSGeom_clone_r(ctx.handle(), g), "copy a polygon"));
  } else if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION) {
    const int n = geos::api().GEOSGetNumGeometries_r(ctx.handle(), g);
    for (int i = 0; i < n; ++i) collect_polygons(ctx, geos::api().GEOSGetGeometryN_r(ctx.handle(), g, i), out);
  }
}

geos::Geometry as_multipolygon(const geos::Context& ctx, const geos::Geometry& g) {
  std::vector<GEOSGeometry*> parts;
  collect_polygons(ctx, g.get(), parts);
  return geos::own(ctx,
                   geos::api().GEOSGeom_createCollection_r(ctx.handle(), GEOS_MULTIPOLYGON, parts.data(),
                                               static_cast<unsigned>(parts.size())),
                   "make a multipolygon");
}

// Footprint of one cluster, in lon/lat: the union of the cells of a square
// grid (side options.cell_km, in the cluster's plane) whose centre lies
// within buffer_km of the centre of a member location's cell, smoothed by
// simplification.
//
// Why cells rather than GEOS buffers of the member points: a buffer of a
// multipoint, or a union of discs, costs GEOS time and memory that grow much
// faster than the number of points (minutes and gigabytes for a cluster of
// 10^5 locations), while cells sharing exact edges unite in linear time
// (GEOSCoverageUnion). Every member lies in its own cell, which is always
// part of the footprint, so every member is inside it; measured from the
// members themselves the reach is buffer_km give or take half a cell diagonal.
geos::Geometry footprint_of(const geos::Context& ctx, const std::vector<GeoPoint>& points,
                            const FootprintOptions& options, double& area_km2) {
  const Plane plane = Plane::around(points);
  const double cell = options.cell_km;
  const auto reach = static_cast<std::int64_t>(std::ceil(options.buffer_km / cell));
  const double reach2 = (options.buffer_km / cell) * (options.buffer_km / cell);
  auto key = [](std::int64_t ix, std::int64_t iy) {
    return (static_cast<std::uint64_t>(static_cast<std::uint32_t>(ix)) << 32) | static_cast<std::uint32_t>(iy);
  };
  DenseIndex members_seen, cells_seen;
  std::vector<std::pair<std::int64_t, std::int64_t>> cells;
  for (const GeoPoint& p : points) {
    // A member's cell once; then every cell whose centre is within buffer_km
    // of that cell's centre.
    const auto cx = static_cast<std::int64_t>(std::floor(plane.x(p) / cell));
    const auto cy = static_cast<std::int64_t>(std::floor(plane.y(p) / cell));
    if (!members_seen.insert(key(cx, cy))) continue;
    for (std::int64_t dx = -reach; dx <= reach; ++dx)
      for (std::int64_t dy = -reach; dy <= reach; ++dy) {
        if (static_cast<double>(dx * dx + dy * dy) > reach2) continue;
        if (cells_seen.insert(key(cx + dx, cy + dy))) cells.emplace_back(cx + dx, cy + dy);
      }
  }
  // The outline: every cell edge with a marked cell on one side only. Each
  // such edge separates the footprint from the outside, so polygonizing them
  // and keeping the faces that alternate with the outside gives exactly the
  // union of the cells, holes included, in time linear in the outline
  // (GEOS's overlay union of the cells costs far more).
  std::sort(cells.begin(), cells.end());
  auto marked = [&cells](std::int64_t ix, std::int64_t iy) {
    return std::binary_search(cells.begin(), cells.end(), std::pair{ix, iy});
  };
  std::vector<GEOSGeometry*> edges;
  auto edge = [&](std::int64_t x0, std::int64_t y0, std::int64_t x1, std::int64_t y1) {
    GEOSCoordSequence* seq = geos::api().GEOSCoordSeq_create_r(ctx.handle(), 2, 2);
    geos::api().GEOSCoordSeq_setXY_r(ctx.handle(), seq, 0, static_cast<double>(x0) * cell, static_cast<double>(y0) * cell);
    geos::api().GEOSCoordSeq_setXY_r(ctx.handle(), seq, 1, static_cast<double>(x1) * cell, static_cast<double>(y1) * cell);
    edges.push_back(ctx.check(geos::api().GEOSGeom_createLineString_r(ctx.handle(), seq), "create an edge"));
  };
  for (const auto& [ix, iy] : cells) {
    if (!marked(ix, iy - 1)) edge(ix, iy, ix + 1, iy);
    if (!marked(ix + 1, iy)) edge(ix + 1, iy, ix + 1, iy + 1);
    if (!marked(ix, iy + 1)) edge(ix + 1, iy + 1, ix, iy + 1);
    if (!marked(ix - 1, iy)) edge(ix, iy + 1, ix, iy);
  }
  geos::Geometry united = geos::own(
      ctx, geos::api().GEOSPolygonize_valid_r(ctx.handle(), edges.data(), static_cast<unsigned>(edges.size())),
      "outline cells");
  for (GEOSGeometry* e : edges) geos::api().GEOSGeom_destroy_r(ctx.handle(), e);
  geos::Geometry simple = geos::own(
      ctx, geos::api().GEOSTopologyPreserveSimplify_r(ctx.handle(), united.get(), options.simplify_km), "simplify");
  double area = 0;
  geos::api().GEOSArea_r(ctx.handle(), simple.get(), &area);
  area_km2 = area;
  geos::Geometry lonlat = geos::own(
      ctx,
      geos::api().GEOSGeom_transformXY_r(
          ctx.handle(), simple.get(),
          [](double* x, double* y, void* userdata) {
            const Plane& pl = *static_cast<const Plane*>(userdata);
            *x = pl.lon(*x);
            *y = pl.lat(*y);
            return 1;
          },
          const_cast<Plane*>(&plane)),
      "project to lon/lat");
  if (!geos::api().GEOSisValid_r(ctx.handle(), lonlat.get()))
    lonlat = geos::own(ctx, geos::api().GEOSMakeValid_r(ctx.handle(), lonlat.get()), "repair a footprint");
  return as_multipolygon(ctx, lonlat);
}

}  // namespace

double footprint_buffer_km(double merge_km) { return std::max(0.5, 0.45 * merge_km); }

std::vector<Footprint> build_footprints(const std::vector<std::vector<GeoPoint>>& members,
                                        const FootprintOptions& options) {
  geos::Context ctx;
  std::vector<geos::Geometry> shapes;
  std::vector<Footprint> out(members.size());
  for (std::size_t c = 0; c < members.size(); ++c)
    shapes.push_back(footprint_of(ctx, members[c], options, out[c].area_km2));

  // Cut any overlap left by simplification from the later cluster.
  struct Box {
    double minx, miny, maxx, maxy;
  };
  std::vector<Box> boxes(shapes.size());
  for (std::size_t c = 0; c < shapes.size(); ++c) {
    geos::api().GEOSGeom_getXMin_r(ctx.handle(), shapes[c].get(), &boxes[c].minx);
    geos::api().GEOSGeom_getYMin_r(ctx.handle(), shapes[c].get(), &boxes[c].miny);
    geos::api().GEOSGeom_getXMax_r(ctx.handle(), shapes[c].get(), &boxes[c].maxx);
    geos::api().GEOSGeom_getYMax_r(ctx.handle(), shapes[c].get(), &boxes[c].maxy);
  }
  for (std::size_t later = 0; later < shapes.size(); ++later)
    for (std::size_t earlier = 0; earlier < later; ++earlier) {
      const Box& a = boxes[earlier];
      const Box& b = boxes[later];
      if (a.maxx < b.minx || b.maxx < a.minx || a.maxy < b.miny || b.maxy < a.miny) continue;
      if (geos::api().GEOSOverlaps_r(ctx.handle(), shapes[earlier].get(), shapes[later].get()) != 1) continue;
      shapes[later] = as_multipolygon(
          ctx, geos::own(ctx, geos::api().GEOSDifference_r(ctx.handle(), shapes[later].get(), shapes[earlier].get()),
                         "separate overlapping footprints"));
    }
  for (std::size_t c = 0; c < shapes.size(); ++c) out[c].wkb = geos::to_wkb(ctx, shapes[c].get());
  return out;
}

}  // namespace innocluster
