#pragma once
// UTF-8 validation (RFC 3629: no overlongs, no surrogates, nothing above U+10FFFF).

#include <string_view>

namespace innocluster {

/// True when `text` is well-formed UTF-8. ASCII runs are checked eight bytes
/// at a time, so the common case costs well under a cycle per byte.
bool is_valid_utf8(std::string_view text);

}  // namespace innocluster
