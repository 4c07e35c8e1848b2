// detect_bench: times the detection engine alone (input already in memory),
// phase by phase, at several thread counts, and checks that every run gives
// the same labels.
//
// Usage: detect_bench --input points.csv --eps-km 15 --min-weight 5000
//                     [--threads 1,2] [--repeat 3] [--out labels.csv]
// Prints one line per thread count: best-of-repeat seconds of each phase.

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

#include "core/large_array.h"
#include "detect/dbscan.h"
#include "detect/points_io.h"

int main(int argc, char** argv) {
  using namespace innocluster;
  // The allocator settings of `innocluster detect` (which also gives the
  // engine its points, to be freed once indexed; here they are lent, as
  // every repeat needs them).
  keep_freed_memory();
  use_one_heap();
  std::string input, out, threads_list = "1,2";
  double eps_km = 15, min_weight = 1;
  int repeat = 3;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string key = argv[i], value = argv[i + 1];
    if (key == "--input") input = value;
    else if (key == "--eps-km") eps_km = std::atof(value.c_str());
    else if (key == "--min-weight") min_weight = std::atof(value.c_str());
    else if (key == "--threads") threads_list = value;
    else if (key == "--repeat") repeat = std::atoi(value.c_str());
    else if (key == "--out") out = value;
    else {
      std::fprintf(stderr, "detect_bench: unknown option %s\n", key.c_str());
      return 64;
    }
  }
  if (input.empty()) {
    std::fprintf(stderr, "usage: detect_bench --input F --eps-km E --min-weight W [--threads 1,2] [--repeat R] [--out L]\n");
    return 64;
  }
  const detect::PointsFile points = detect::read_points(input, {});
  UninitVector<std::int32_t> reference;
  std::stringstream list(threads_list);
  std::string item;
  // Seconds to the 10 microseconds: a phase at 100 k points takes a
  // millisecond or so.
  fmt::print("{:>7} {:>9} {:>9} {:>9} {:>9} {:>9} {:>8}  points={} clusters\n", "threads", "index", "core",
             "connect", "border", "total", "", points.points.size());
  while (std::getline(list, item, ',')) {
    const int threads = std::atoi(item.c_str());
    detect::PhaseTimes best{1e9, 1e9, 1e9, 1e9};
    double best_total = 1e9;
    std::int32_t clusters = 0;
    for (int r = 0; r < repeat; ++r) {
      const detect::DbscanResult res = detect::weighted_dbscan(points.points,
                                                               {eps_km, to_fixed_weight(min_weight), threads});
      const detect::PhaseTimes& t = res.times;
      best.index = std::min(best.index, t.index);
      best.core = std::min(best.core, t.core);
      best.connect = std::min(best.connect, t.connect);
      best.border = std::min(best.border, t.border);
      best_total = std::min(best_total, t.index + t.core + t.connect + t.border);
      clusters = res.clusters;
      if (reference.empty()) {
        reference = res.cluster;
        if (!out.empty()) detect::write_labels(out, points, res.cluster, res.core);
      } else if (res.cluster != reference) {
        std::fprintf(stderr, "detect_bench: labels differ at %d threads\n", threads);
        return 1;
      }
    }
    fmt::print("{:>7} {:>9.5f} {:>9.5f} {:>9.5f} {:>9.5f} {:>9.5f} {:>8}\n", threads, best.index, best.core,
               best.connect, best.border, best_total, clusters);
  }
  return 0;
}
