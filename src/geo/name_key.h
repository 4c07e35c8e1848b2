#pragma once
// Name keys: the form in which the geocoder compares place, region and
// country names, so that "MÜNCHEN", "München" and "Munchen" meet, and so do
// "Sao Paulo" and "São Paulo", "Frankfurt (Oder)" and "frankfurt oder",
// "ＴＯＫＹＯ" and "tokyo".
//
// key() of a UTF-8 text, through ICU (its C API, loaded on first use:
// geo/unicode.h):
//  1. NFKD (compatibility decomposition: full-width letters, ligatures and
//     accented letters fall apart into base letter + combining marks);
//  2. every non-spacing mark (general category Mn) is removed: diacritics go
//     ("é" → "e", "ö" → "o"); in scripts whose vowel signs are Mn (Thai,
//     Devanagari…) both sides of a comparison lose the same signs;
//  3. full Unicode case folding ("ß" → "ss", "İ" → "i̇" → "i");
//  4. NFKC (recomposition, so that Hangul and kana keep their usual form);
//  5. every run of characters that are neither letters, digits nor spacing
//     marks (punctuation, spaces, symbols) becomes one space; leading and
//     trailing spaces are dropped.
// Letters that do not decompose keep their identity ("ø", "ł", "đ"): GeoNames
// lists the ASCII spellings of such names (its asciiname and alternate
// names), which is where "Lodz" meets "Łódź".
// Text that is pure ASCII takes a shortcut (lower case, non-alphanumerics to
// spaces) that gives exactly the same key without calling ICU; a property
// test holds the two paths equal.
//
// strip_common_words() then removes the words that name the kind of a place
// rather than the place ("City", "Stadt", "-shi", "市"…), listed in
// kLeadingWords / kTrailingWords and docs/methodology.md.
//
// A NameFolder is immutable after construction and may be shared by threads.

#include <array>
#include <string>
#include <string_view>

namespace innocluster::geo {

/// Leading words dropped from a key (whole words, in key form).
inline constexpr std::array<std::string_view, 14> kLeadingWords = {
    "city of", "ville de", "ville d", "ciudad de", "cidade de", "citta di", "municipio de", "municipality of",
    "stadt", "hansestadt", "landeshauptstadt", "greater", "metropolitan", "town of"};
/// Trailing words dropped from a key (whole words, in key form).
inline constexpr std::array<std::string_view, 12> kTrailingWords = {
    "city", "shi", "si", "gun", "stadt", "town", "municipality", "ville", "metropolitan area", "area",
    "special city", "metropolitan city"};
/// Trailing characters dropped from a key written without spaces (Chinese,
/// Japanese, Korean): city, metropolis, county, prefecture, province,
/// special/metropolitan city.
inline constexpr std::array<std::string_view, 11> kTrailingSuffixes = {
    "特別市", "특별시", "광역시", "市", "都", "县", "縣", "府", "省", "시", "군"};
/// Words that name the kind of a region ("Osaka-fu", "Hubei Sheng",
/// "Bavaria State"), dropped when a region's key alone finds nothing.
inline constexpr std::array<std::string_view, 12> kRegionWords = {
    "state", "province", "prefecture", "region", "sheng", "shi", "fu", "ken", "to", "do", "land", "oblast"};

class NameFolder {
 public:
  /// Loads ICU (geo/unicode.h) and fetches its normalizers; throws
  /// Error(kFailure) when ICU or its data is missing (a broken installation).
  NameFolder();

  /// The key of `text` (see the header comment), written into `out`.
  void key(std::string_view text, std::string& out) const;
  std::string key(std::string_view text) const {
    std::string out;
    key(text, out);
    return out;
  }

  /// The same, always through ICU (no ASCII shortcut): for tests.
  void key_through_icu(std::string_view text, std::string& out) const;

 private:
  const void* nfkd_;  // const UNormalizer2*, kept out of this header
  const void* nfkc_;
};

/// `key` without the common words of kLeadingWords, kTrailingWords and
/// kTrailingSuffixes (each removed once, leading first, when something is
/// left); `key` itself when none applies.
std::string strip_common_words(std::string_view key);

/// `key` without the region words of kRegionWords (every occurrence, when
/// something is left).
std::string strip_region_words(std::string_view key);

/// `key` without words that hold a digit (postal codes, street numbers),
/// when something is left.
std::string drop_numbers(std::string_view key);

}  // namespace innocluster::geo
