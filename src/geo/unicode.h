#pragma once
// The functions of ICU's C API that the name keys use (geo/name_key.h),
// loaded on first use (core/shared_library.h: when the first NameFolder, and
// so the first geocoder, is made), not linked: linked, ICU cost 0.1-0.15 ms
// at every start of every command, and only the geocoder folds names. The
// library is looked for by its name (libicuuc.so.<major version of the
// build's headers>, as the loader finds it), then as the file the build
// found; $INNOCLUSTER_ICU_UC_LIBRARY (a file path, of the same major version)
// replaces both.
//
// ICU's functions carry its major version in their symbol names
// (unorm2_normalize is unorm2_normalize_72): its headers rename them, so the
// members of Api below, and the names looked up, are the versioned ones.

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utypes.h>

namespace innocluster::unicode {

/// Every ICU function the program calls.
#define INNOCLUSTER_ICU_FUNCTIONS(X) \
  X(u_charType)                      \
  X(u_errorName)                     \
  X(u_isalnum)                       \
  X(u_strFoldCase)                   \
  X(u_strFromUTF8WithSub)            \
  X(unorm2_getNFKCInstance)          \
  X(unorm2_getNFKDInstance)          \
  X(unorm2_normalize)

/// ICU's functions, as pointers with their declared types: api().u_isalnum(c).
struct Api {
#define INNOCLUSTER_ICU_MEMBER(name) decltype(&::name) name = nullptr;
  INNOCLUSTER_ICU_FUNCTIONS(INNOCLUSTER_ICU_MEMBER)
#undef INNOCLUSTER_ICU_MEMBER
};

/// Loads ICU's common library once (thread-safe) and returns its functions.
/// Throws Error(kFailure) naming the library and the loader's reason when it
/// cannot be loaded or lacks one of them.
const Api& api();

}  // namespace innocluster::unicode
