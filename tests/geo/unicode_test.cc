// ICU loaded on first use (geo/unicode.h): the executable starts without it,
// name keys through its C API equal those of ICU's own C++ API, and a library
// that cannot be loaded is a clear error.

#include "geo/unicode.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <string>
#include <vector>

#include "geo/name_key.h"
#include "test_binary.h"
#include "test_support.h"

namespace innocluster {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// Steps 1-5 of geo/name_key.h through ICU's C++ API, as the name keys were
// first written: the reference.
std::string reference_key(const std::string& text) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkd = icu::Normalizer2::getNFKDInstance(status);
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(status);
  icu::UnicodeString folded = nfkd->normalize(icu::UnicodeString::fromUTF8(text), status);
  folded.foldCase(U_FOLD_CASE_DEFAULT);
  icu::UnicodeString bare;
  for (std::int32_t i = 0; i < folded.length();) {
    const UChar32 c = folded.char32At(i);
    i += U16_LENGTH(c);
    if (u_charType(c) != U_NON_SPACING_MARK) bare.append(c);
  }
  const icu::UnicodeString composed = nfkc->normalize(bare, status);
  EXPECT_TRUE(U_SUCCESS(status));
  std::string out;
  bool pending_space = false;
  for (std::int32_t i = 0; i < composed.length();) {
    const UChar32 c = composed.char32At(i);
    i += U16_LENGTH(c);
    if (u_isalnum(c) || u_charType(c) == U_COMBINING_SPACING_MARK) {
      if (pending_space && !out.empty()) out.push_back(' ');
      pending_space = false;
      icu::UnicodeString(c).toUTF8String(out);
    } else {
      pending_space = true;
    }
  }
  return out;
}

TEST(Unicode, TheExecutableDoesNotLinkIcu) {
  // (The build that loads libraries; innocluster itself loads none.)
  const std::string libs = testing::libraries_loaded_at_start(kInnoclusterDynamicBinary);
  EXPECT_THAT(libs, HasSubstr("libc.so"));
  EXPECT_THAT(libs, Not(HasSubstr("libicu")));
}

TEST(Unicode, FunctionsWorkThroughTheTable) {
  const unicode::Api& icu = unicode::api();
  EXPECT_TRUE(icu.u_isalnum(U'é'));
  EXPECT_EQ(icu.u_charType(0x0301), U_NON_SPACING_MARK);  // combining acute accent
  EXPECT_STREQ(icu.u_errorName(U_BUFFER_OVERFLOW_ERROR), "U_BUFFER_OVERFLOW_ERROR");
}

TEST(Unicode, KeysAsIcusOwnInterfaceGivesThem) {
  const geo::NameFolder f;
  for (const std::string text :
       {"MÜNCHEN", "São Paulo", "ＴＯＫＹＯ", "İstanbul", "Straße", "Ærøskøbing", "東京都", "Москва", "서울특별시",
        "กรุงเทพมหานคร", "मुंबई", "ﬁnance ﬂow", "Ⅻ ½ ㎞", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 🙂 city", "\xff\xfe broken \xc3", "",
        "Ἀθῆναι", "Đà Nẵng", "Łódź"}) {
    std::string key;
    f.key_through_icu(text, key);
    EXPECT_EQ(key, reference_key(text)) << text;
  }
  // Texts that grow past the first room given to ICU: decomposed (U+FDFA
  // becomes 18 letters), case folded ("ß" becomes "ss") or both ("½").
  std::string ligatures, sharp_s, halves;
  for (int i = 0; i < 4; ++i) ligatures += "\uFDFA";
  for (int i = 0; i < 40; ++i) sharp_s += "ß";
  for (int i = 0; i < 30; ++i) halves += "½";
  for (const std::string& text : {ligatures, sharp_s, halves}) {
    std::string key;
    f.key_through_icu(text, key);
    EXPECT_EQ(key, reference_key(text)) << text;
    EXPECT_GT(key.size(), text.size() / 2) << text;
  }
}

// Texts of letters, marks, digits, punctuation and symbols from many scripts
// (astral ones and bytes that are not UTF-8 included).
RC_GTEST_PROP(Unicode, RandomKeysAsIcusOwnInterfaceGivesThem, ()) {
  static const std::vector<std::string> pieces = {
      "a", "Z", "9", " ", "-", ".", "é", "Ö", "ß", "İ", "ı", "ǅ", "ﬃ", "Ａ", "ｶ", "ﾞ", "Σ", "ς", "ά", "я", "Ё", "ש",
      "ب", "ة", "क", "ि", "्", "ก", "ั", "ำ", "가", "ᄀ", "ᅡ", "東", "市", "の", "ガ", "\u0301", "\u0308", "\u20dd",
      "½", "²", "Ⅻ", "㎞", "℃", "™", "𝔘", "😀", "🇩🇪", "\xff", "\xc3", "\xe2\x82", "\u200d", "\u00a0", "\u3000"};
  const auto count = *rc::gen::inRange(0, 12);
  std::string text;
  for (int i = 0; i < count; ++i) text += pieces[*rc::gen::inRange<std::size_t>(0, pieces.size())];
  static const geo::NameFolder f;
  std::string key;
  f.key_through_icu(text, key);
  RC_ASSERT(key == reference_key(text));
}

TEST(Unicode, ALibraryThatCannotBeLoadedIsAClearError) {
  testing::TempDir dir;
  testing::write_file(dir / "in.csv", "id,city,country\n1,München,DE\n");
  const testing::CommandResult r = testing::run_cli_with_env(
      "INNOCLUSTER_ICU_UC_LIBRARY", "/nonexistent/libicuuc.so.72",
      "geocode --input " + (dir / "in.csv").string() + " --out " + (dir / "out.csv").string());
  testing::expect_load_failure(r, {"cannot load ICU's common library", "/nonexistent/libicuuc.so.72: no such file",
                                   "INNOCLUSTER_ICU_UC_LIBRARY"});
}

}  // namespace
}  // namespace innocluster
