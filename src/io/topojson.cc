#include "io/topojson.h"

#include <algorithm>
#include <array>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/error.h"

namespace innocluster::topojson {
namespace {

using nlohmann::json;

class Decoder {
 public:
  Decoder(const json& topology, const std::string& source) : source_(source) {
    if (!topology.is_object() || topology.value("type", "") != "Topology")
      fail("not a TopoJSON topology (\"type\": \"Topology\" expected)");
    if (const auto t = topology.find("transform"); t != topology.end()) {
      const json& scale = t->at("scale");
      const json& translate = t->at("translate");
      if (!scale.is_array() || scale.size() != 2 || !translate.is_array() || translate.size() != 2)
        fail("transform needs two scales and two translates");
      scale_ = {scale[0].get<double>(), scale[1].get<double>()};
      translate_ = {translate[0].get<double>(), translate[1].get<double>()};
      quantized_ = true;
    }
    const auto arcs = topology.find("arcs");
    if (arcs == topology.end() || !arcs->is_array()) fail("no \"arcs\" array");
    arcs_.reserve(arcs->size());
    for (const json& arc : *arcs) arcs_.push_back(decode_arc(arc));
  }

  Feature feature(const json& geometry) const {
    Feature f;
    if (const auto id = geometry.find("id"); id != geometry.end())
      f.id = id->is_string() ? id->get<std::string>() : id->dump();
    if (const auto p = geometry.find("properties"); p != geometry.end() && p->is_object())
      if (const auto n = p->find("name"); n != p->end() && n->is_string()) f.name = n->get<std::string>();
    add_polygons(geometry, f.polygons);
    return f;
  }

  [[noreturn]] void fail(const std::string& what) const {
    throw Error(ExitCode::kDataError, fmt::format("{}: {}; reinstall the outlines with scripts/setup.sh", source_, what));
  }

 private:
  Ring decode_arc(const json& arc) const {
    if (!arc.is_array()) fail("an arc is not an array of positions");
    Ring ring;
    ring.reserve(arc.size());
    double x = 0, y = 0;
    for (const json& p : arc) {
      if (!p.is_array() || p.size() < 2) fail("an arc position is not [x, y]");
      if (quantized_) {
        x += p[0].get<double>();
        y += p[1].get<double>();
        ring.push_back({translate_[0] + scale_[0] * x, translate_[1] + scale_[1] * y});
      } else {
        ring.push_back({p[0].get<double>(), p[1].get<double>()});
      }
    }
    return ring;
  }

  Ring ring(const json& indices) const {
    if (!indices.is_array()) fail("a ring is not an array of arc indices");
    Ring out;
    for (const json& v : indices) {
      const long long i = v.get<long long>();
      const long long arc = i >= 0 ? i : ~i;
      if (arc >= static_cast<long long>(arcs_.size())) fail(fmt::format("arc index {} is out of range", i));
      const Ring& a = arcs_[static_cast<std::size_t>(arc)];
      const std::size_t skip = out.empty() ? 0 : 1;  // the joining position, already in `out`
      if (i >= 0) out.insert(out.end(), a.begin() + static_cast<std::ptrdiff_t>(std::min(skip, a.size())), a.end());
      else out.insert(out.end(), a.rbegin() + static_cast<std::ptrdiff_t>(std::min(skip, a.size())), a.rend());
    }
    return out;
  }

  Polygon polygon(const json& rings) const {
    if (!rings.is_array()) fail("a polygon is not an array of rings");
    Polygon p;
    for (const json& r : rings) p.push_back(ring(r));
    return p;
  }

  void add_polygons(const json& g, std::vector<Polygon>& out) const {
    const auto type = g.find("type");
    if (type == g.end() || type->is_null()) return;
    const std::string t = type->get<std::string>();
    if (t == "Polygon") {
      out.push_back(polygon(g.at("arcs")));
    } else if (t == "MultiPolygon") {
      for (const json& p : g.at("arcs")) out.push_back(polygon(p));
    } else if (t == "GeometryCollection") {
      for (const json& child : g.at("geometries")) add_polygons(child, out);
    } else {
      fail(fmt::format("geometry type '{}' is not an outline (Polygon or MultiPolygon expected)", t));
    }
  }

  std::string source_;
  bool quantized_ = false;
  std::array<double, 2> scale_{1, 1}, translate_{0, 0};
  std::vector<Ring> arcs_;
};

}  // namespace

std::vector<Feature> decode(const json& topology, const std::string& object_name, const std::string& source) {
  try {
    const Decoder decoder(topology, source);
    const auto objects = topology.find("objects");
    if (objects == topology.end() || !objects->contains(object_name))
      decoder.fail(fmt::format("no object '{}'", object_name));
    const json& object = objects->at(object_name);
    std::vector<Feature> features;
    if (object.value("type", "") == "GeometryCollection") {
      for (const json& g : object.at("geometries")) features.push_back(decoder.feature(g));
    } else {
      features.push_back(decoder.feature(object));
    }
    return features;
  } catch (const json::exception& e) {
    throw Error(ExitCode::kDataError,
                fmt::format("{}: malformed TopoJSON ({}); reinstall the outlines with scripts/setup.sh", source, e.what()));
  }
}

std::vector<Feature> read_file(const std::string& path, const std::string& object_name) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw Error(ExitCode::kNoInput,
                fmt::format("{}: cannot read the world outlines; run scripts/setup.sh (npm ci installs world-atlas)", path));
  std::ostringstream text;
  text << in.rdbuf();
  json topology;
  try {
    topology = json::parse(text.str());
  } catch (const json::exception& e) {
    throw Error(ExitCode::kDataError, fmt::format("{}: not valid JSON ({}); reinstall with scripts/setup.sh", path, e.what()));
  }
  return decode(topology, object_name, path);
}

}  // namespace innocluster::topojson
