#include "core/methodology.h"

#include <fmt/format.h>

#include "core/error.h"

namespace innocluster {

Methodology at_edition(Methodology m, int year) {
  constexpr int kFirstYear = 1900, kLastYear = 2100;  // the range the loader accepts for years
  if (year < kFirstYear || year > kLastYear)
    throw Error(ExitCode::kUsage,
                fmt::format("--edition {}: must be a year from {} to {}", year, kFirstYear, kLastYear));
  const int shift = year - m.edition;
  for (Source s : kAllSources) {
    auto& metric = m.metrics[static_cast<std::size_t>(s)];
    if (!metric) continue;
    const YearWindow moved{metric->years.first + shift, metric->years.last + shift};
    if (moved.first < kFirstYear || moved.last > kLastYear)
      throw Error(ExitCode::kUsage,
                  fmt::format("--edition {}: methodology '{}' (edition {}) windows {} {}-{}, which would move to "
                              "{}-{}, outside {}-{}: choose an edition closer to {}",
                              year, m.name, m.edition, source_name(s), metric->years.first, metric->years.last,
                              moved.first, moved.last, kFirstYear, kLastYear, m.edition));
    metric->years = moved;
  }
  m.edition = year;
  m.edition_shift += shift;
  return m;
}

}  // namespace innocluster
