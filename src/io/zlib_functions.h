#pragma once
// The zlib functions that the gzip reader uses (io/byte_stream.cc). It loads
// them from libz.so.1 the first time a gzip file is read
// (core/shared_library.h), unless the executable links zlib itself and hands
// them over at start: the statically linked `innocluster` does
// (src/cli/main.cc), as it loads no library.

#include <zlib.h>

namespace innocluster {

struct ZlibFunctions {
  decltype(&::inflateInit2_) inflateInit2_ = nullptr;
  decltype(&::inflate) inflate = nullptr;
  decltype(&::inflateReset) inflateReset = nullptr;
  decltype(&::inflateEnd) inflateEnd = nullptr;
};

/// Makes the gzip reader use `functions` (all set, of the zlib version whose
/// header the library was built with) rather than load libz.so.1. Called at
/// start, before any file is read; `functions` must outlive every read.
void use_linked_zlib(const ZlibFunctions& functions);

}  // namespace innocluster
