#include "core/error.h"

#include <fmt/format.h>

namespace innocluster {

std::string located(const std::string& file, std::uint64_t line, const std::string& message) {
  if (line == 0) return fmt::format("{}: {}", file, message);
  return fmt::format("{}:{}: {}", file, line, message);
}

}  // namespace innocluster
