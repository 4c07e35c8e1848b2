#include "core/contribution.h"

namespace innocluster {
namespace {

template <class T>
std::size_t bytes(const std::vector<T>& v) {
  return v.capacity() * sizeof(T);
}

}  // namespace

void ContributionTable::shrink_to_fit() {
  document.shrink_to_fit();
  year.shrink_to_fit();
  lat_e7.shrink_to_fit();
  lon_e7.shrink_to_fit();
  field.shrink_to_fit();
  org.shrink_to_fit();
  given_weight.shrink_to_fit();
  documents.shrink_to_fit();
  fields.shrink_to_fit();
  orgs.shrink_to_fit();
}

std::size_t ContributionTable::memory_bytes() const {
  return bytes(document) + bytes(year) + bytes(lat_e7) + bytes(lon_e7) + bytes(field) +
         bytes(org) + bytes(given_weight) + documents.memory_bytes() + fields.memory_bytes() +
         orgs.memory_bytes();
}

}  // namespace innocluster
