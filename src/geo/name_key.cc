#include "geo/name_key.h"

#include <unicode/utf16.h>
#include <unicode/utf8.h>
#include <unicode/uvernum.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "core/error.h"
#include "geo/unicode.h"

namespace innocluster::geo {
namespace {

const UNormalizer2* normalizer(const void* p) { return static_cast<const UNormalizer2*>(p); }

// Runs `fill` (an ICU function writing UTF-16 text into the buffer it is
// given, of the capacity it is given, and returning the length it needs)
// into `out`, growing it once when ICU asks for more; `out` then holds the
// text. False on any other ICU error (an allocation failure).
template <class Fill>
bool fill_utf16(std::u16string& out, std::size_t capacity, Fill&& fill) {
  out.resize(capacity);
  UErrorCode status = U_ZERO_ERROR;
  std::int32_t length = fill(out.data(), static_cast<std::int32_t>(out.size()), &status);
  if (status == U_BUFFER_OVERFLOW_ERROR) {
    out.resize(static_cast<std::size_t>(length));
    status = U_ZERO_ERROR;
    length = fill(out.data(), length, &status);
  }
  if (U_FAILURE(status)) return false;
  out.resize(static_cast<std::size_t>(length));
  return true;
}

// Calls visit(c) for each code point of UTF-16 `text`.
template <class Visit>
void for_each_code_point(const std::u16string& text, Visit&& visit) {
  const auto length = static_cast<std::int32_t>(text.size());
  for (std::int32_t i = 0; i < length;) {
    UChar32 c;
    U16_NEXT(text.data(), i, length, c);
    visit(c);
  }
}

bool is_ascii(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

// Appends `c` to `out`, or marks a pending separator: the run logic of step 5.
struct KeyWriter {
  std::string& out;
  bool pending_space = false;

  void letter(char32_t c) {
    if (pending_space && !out.empty()) out.push_back(' ');
    pending_space = false;
    if (c < 0x80) {
      out.push_back(static_cast<char>(c));
    } else {
      char buffer[4];
      std::int32_t length = 0;
      UBool error = false;
      U8_APPEND(reinterpret_cast<std::uint8_t*>(buffer), length, 4, static_cast<UChar32>(c), error);
      if (!error) out.append(buffer, static_cast<std::size_t>(length));
    }
  }
  void separator() { pending_space = true; }
};

bool is_ascii_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

std::vector<std::string_view> words(std::string_view key) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (start <= key.size()) {
    const std::size_t space = key.find(' ', start);
    const std::size_t end = space == std::string_view::npos ? key.size() : space;
    if (end > start) out.push_back(key.substr(start, end - start));
    if (space == std::string_view::npos) break;
    start = space + 1;
  }
  return out;
}

std::string join(const std::vector<std::string_view>& parts, std::size_t first, std::size_t last) {
  std::string out;
  for (std::size_t i = first; i < last; ++i) {
    if (!out.empty()) out.push_back(' ');
    out.append(parts[i]);
  }
  return out;
}

// True when `key` starts (ends) with the whole words of `phrase`.
bool starts_with_words(std::string_view key, std::string_view phrase) {
  return key.size() > phrase.size() && key.substr(0, phrase.size()) == phrase && key[phrase.size()] == ' ';
}
bool ends_with_words(std::string_view key, std::string_view phrase) {
  return key.size() > phrase.size() && key.substr(key.size() - phrase.size()) == phrase &&
         key[key.size() - phrase.size() - 1] == ' ';
}

}  // namespace

NameFolder::NameFolder() {
  const unicode::Api& icu = unicode::api();
  UErrorCode status = U_ZERO_ERROR;
  nfkd_ = icu.unorm2_getNFKDInstance(&status);
  nfkc_ = icu.unorm2_getNFKCInstance(&status);
  if (U_FAILURE(status))
    throw Error(ExitCode::kFailure,
                std::string("ICU's normalization data is not available (") + icu.u_errorName(status) +
                    "); reinstall ICU (libicu" + std::to_string(U_ICU_VERSION_MAJOR_NUM) +
                    ") with scripts/setup.sh");
}

void NameFolder::key(std::string_view text, std::string& out) const {
  if (!is_ascii(text)) {
    key_through_icu(text, out);
    return;
  }
  out.clear();
  KeyWriter writer{out};
  for (char c : text) {
    if (is_ascii_alnum(c))
      writer.letter(static_cast<char32_t>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c));
    else
      writer.separator();
  }
}

void NameFolder::key_through_icu(std::string_view text, std::string& out) const {
  out.clear();
  const unicode::Api& icu = unicode::api();
  // Invalid UTF-8 reads as U+FFFD. A failure (only of an allocation) leaves
  // the key empty, which matches nothing.
  std::u16string source, decomposed, folded, bare, composed;
  const bool read = fill_utf16(source, text.size() + 1, [&](UChar* to, std::int32_t capacity, UErrorCode* status) {
    std::int32_t length = 0;
    icu.u_strFromUTF8WithSub(to, capacity, &length, text.data(), static_cast<std::int32_t>(text.size()), 0xFFFD,
                             nullptr, status);
    return length;
  });
  if (!read) return;
  auto normalize = [&](const void* form, const std::u16string& from, std::u16string& to) {
    return fill_utf16(to, 2 * from.size() + 16, [&](UChar* dest, std::int32_t capacity, UErrorCode* status) {
      return icu.unorm2_normalize(normalizer(form), from.data(), static_cast<std::int32_t>(from.size()), dest,
                                  capacity, status);
    });
  };
  if (!normalize(nfkd_, source, decomposed)) return;
  const bool case_folded =
      fill_utf16(folded, decomposed.size() + 16, [&](UChar* to, std::int32_t capacity, UErrorCode* status) {
        return icu.u_strFoldCase(to, capacity, decomposed.data(), static_cast<std::int32_t>(decomposed.size()),
                                 U_FOLD_CASE_DEFAULT, status);
      });
  if (!case_folded) return;
  for_each_code_point(folded, [&](UChar32 c) {
    if (icu.u_charType(c) == U_NON_SPACING_MARK) return;
    if (U_IS_BMP(c)) {
      bare.push_back(static_cast<char16_t>(c));
    } else {
      bare.push_back(U16_LEAD(c));
      bare.push_back(U16_TRAIL(c));
    }
  });
  if (!normalize(nfkc_, bare, composed)) return;
  KeyWriter writer{out};
  for_each_code_point(composed, [&](UChar32 c) {
    if (icu.u_isalnum(c) || icu.u_charType(c) == U_COMBINING_SPACING_MARK)
      writer.letter(static_cast<char32_t>(c));
    else
      writer.separator();
  });
}

std::string strip_common_words(std::string_view key) {
  std::string out(key);
  for (std::string_view phrase : kLeadingWords)
    if (starts_with_words(out, phrase)) {
      out.erase(0, phrase.size() + 1);
      break;
    }
  for (std::string_view phrase : kTrailingWords)
    if (ends_with_words(out, phrase)) {
      out.erase(out.size() - phrase.size() - 1);
      break;
    }
  for (std::string_view suffix : kTrailingSuffixes)
    if (out.size() > suffix.size() && out.compare(out.size() - suffix.size(), suffix.size(), suffix) == 0 &&
        out[out.size() - suffix.size() - 1] != ' ') {
      out.erase(out.size() - suffix.size());
      break;
    }
  return out;
}

std::string strip_region_words(std::string_view key) {
  const std::vector<std::string_view> parts = words(key);
  std::vector<std::string_view> kept;
  for (std::string_view w : parts)
    if (std::find(kRegionWords.begin(), kRegionWords.end(), w) == kRegionWords.end()) kept.push_back(w);
  if (kept.empty()) return std::string(key);
  return join(kept, 0, kept.size());
}

std::string drop_numbers(std::string_view key) {
  const std::vector<std::string_view> parts = words(key);
  std::vector<std::string_view> kept;
  for (std::string_view w : parts)
    if (std::none_of(w.begin(), w.end(), [](char c) { return c >= '0' && c <= '9'; })) kept.push_back(w);
  if (kept.empty()) return std::string(key);
  return join(kept, 0, kept.size());
}

}  // namespace innocluster::geo
