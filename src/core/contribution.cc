#include "core/contribution.h"

namespace innocluster {
namespace {

template <class T>
std::size_t bytes(const std::vector<T>& v) {
  return v.capacity() * sizeof(T);
}

}  // namespace

std::size_t ContributionTable::memory_bytes() const {
  return bytes(document) + bytes(year) + bytes(lat_e7) + bytes(lon_e7) + bytes(field) +
         bytes(org) + bytes(given_weight) + documents.memory_bytes() + fields.memory_bytes() +
         orgs.memory_bytes();
}

}  // namespace innocluster
