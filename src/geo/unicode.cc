#include "geo/unicode.h"

#include <unicode/uvernum.h>

#include <string>
#include <vector>

#include "core/shared_library.h"

#if !defined(INNOCLUSTER_ICU_UC_PATH)
#error "INNOCLUSTER_ICU_UC_PATH (ICU's common library) is set by CMakeLists.txt"
#endif

// A macro's expansion as a string: the versioned name of an ICU function.
#define INNOCLUSTER_ICU_STRING(x) INNOCLUSTER_ICU_STRING_OF(x)
#define INNOCLUSTER_ICU_STRING_OF(x) #x

namespace innocluster::unicode {
namespace {

std::vector<std::string> candidates() {
  return library_candidates("INNOCLUSTER_ICU_UC_LIBRARY",
                            {"libicuuc.so." INNOCLUSTER_ICU_STRING(U_ICU_VERSION_MAJOR_NUM), INNOCLUSTER_ICU_UC_PATH});
}

Api load() {
  Api api;
  load_function_table(
      candidates(),
      [&](void* handle, std::string& missing) {
        // Each pointer takes the type ICU's headers declare for its function.
#define INNOCLUSTER_ICU_LOOKUP(name) \
  api.name = reinterpret_cast<decltype(api.name)>(find_symbol(handle, INNOCLUSTER_ICU_STRING(name), missing));
        INNOCLUSTER_ICU_FUNCTIONS(INNOCLUSTER_ICU_LOOKUP)
#undef INNOCLUSTER_ICU_LOOKUP
      },
      "ICU " U_ICU_VERSION,
      "cannot load ICU's common library, which folds place names for the geocoder; install "
      "libicu" INNOCLUSTER_ICU_STRING(U_ICU_VERSION_MAJOR_NUM) " (scripts/setup.sh does), or set "
      "INNOCLUSTER_ICU_UC_LIBRARY to its path.");
  return api;
}

}  // namespace

const Api& api() {
  static const Api functions = load();
  return functions;
}

}  // namespace innocluster::unicode
