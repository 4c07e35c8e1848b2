// Generates a contribution CSV for benchmarks:
// `gen_contributions ROWS OUT [SEED [FIRST_YEAR]]` (years FIRST_YEAR..+4, default 2020).
//
// Rows look like real geocoded patent-inventor data: documents of 1-6
// inventors (mean about 2), placed around 2,000 centres with a heavy-tailed
// size distribution. As in real data, most rows (85%) repeat one of 200,000
// geocoded address points (a city district, an institution); the rest carry
// their own coordinates a few kilometres from a centre. Coordinates have 4-6
// decimals; IPC codes and applicant names come from small vocabularies. About
// 70 bytes a row. Deterministic for a given seed.

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: gen_contributions ROWS OUT.csv [SEED [FIRST_YEAR]]\n");
    return 64;
  }
  const long long rows = std::atoll(argv[1]);
  std::FILE* out = std::fopen(argv[2], "wb");
  if (!out) {
    std::perror(argv[2]);
    return 73;
  }
  std::mt19937_64 rng(argc > 3 ? std::strtoull(argv[3], nullptr, 10) : 42);
  const int first_year = argc > 4 ? std::atoi(argv[4]) : 2020;  // of a five-year window
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::normal_distribution<double> spread(0.0, 0.05);

  struct Centre { double lat, lon; };
  std::vector<Centre> centres(2000);
  for (auto& c : centres) c = {unit(rng) * 120 - 55, unit(rng) * 360 - 180};
  struct Point { double lat, lon; int decimals; };
  std::vector<Point> points(200000);
  auto near = [&](const Centre& c) {
    return Point{c.lat + spread(rng), std::fmod(c.lon + spread(rng) + 540.0, 360.0) - 180.0,
                 4 + static_cast<int>(unit(rng) * 3)};
  };
  auto heavy_tailed_centre = [&]() -> const Centre& {
    return centres[static_cast<std::size_t>(std::pow(unit(rng), 3.0) * static_cast<double>(centres.size()))];
  };
  for (auto& p : points) p = near(heavy_tailed_centre());
  std::vector<std::string> fields, orgs;
  for (int i = 0; i < 600; ++i) fields.push_back("H0" + std::to_string(i % 9 + 1) + "L " + std::to_string(i) + "/0" + std::to_string(i % 7));
  for (int i = 0; i < 5000; ++i) orgs.push_back("Applicant " + std::to_string(i * 7919 % 100000) + " Co.");

  std::string buf = "id,year,lat,lon,field,org\n";
  long long written = 0, doc = 0;
  while (written < rows) {
    const int inventors = 1 + static_cast<int>(unit(rng) * unit(rng) * 6);
    const Centre& c = heavy_tailed_centre();
    const int year = first_year + static_cast<int>(unit(rng) * 5);
    const std::string& field = fields[static_cast<std::size_t>(unit(rng) * static_cast<double>(fields.size()))];
    const std::string& org = orgs[static_cast<std::size_t>(std::pow(unit(rng), 2.0) * static_cast<double>(orgs.size()))];
    ++doc;
    for (int k = 0; k < inventors && written < rows; ++k, ++written) {
      char line[256];
      const Point p = unit(rng) < 0.85
                          ? points[static_cast<std::size_t>(std::pow(unit(rng), 2.0) * static_cast<double>(points.size()))]
                          : near(c);
      const int n = std::snprintf(line, sizeof line, "WO%04d%07lld,%d,%.*f,%.*f,%s,%s\n", year, doc, year,
                                  p.decimals, p.lat, p.decimals, p.lon, field.c_str(), org.c_str());
      buf.append(line, static_cast<std::size_t>(n));
    }
    if (buf.size() > (1 << 20)) {
      std::fwrite(buf.data(), 1, buf.size(), out);
      buf.clear();
    }
  }
  std::fwrite(buf.data(), 1, buf.size(), out);
  return std::fclose(out) == 0 ? 0 : 1;
}
