#include "io/utf8.h"

#include <gtest/gtest.h>

#include <string>

namespace innocluster {
namespace {

TEST(Utf8, AsciiAndEmpty) {
  EXPECT_TRUE(is_valid_utf8(""));
  EXPECT_TRUE(is_valid_utf8("a"));
  EXPECT_TRUE(is_valid_utf8("P000123,2021,35.6895,139.6917,H04L,Acme Corp"));
  EXPECT_TRUE(is_valid_utf8(std::string("\0\x7f", 2)));
}

TEST(Utf8, ValidMultiByteCharacters) {
  EXPECT_TRUE(is_valid_utf8("\xC2\x80"));                  // U+0080, smallest 2-byte
  EXPECT_TRUE(is_valid_utf8("\xC3\xA9"));                  // é
  EXPECT_TRUE(is_valid_utf8("\xDF\xBF"));                  // U+07FF, largest 2-byte
  EXPECT_TRUE(is_valid_utf8("\xE0\xA0\x80"));              // U+0800, smallest 3-byte
  EXPECT_TRUE(is_valid_utf8("\xE6\x9D\xB1\xE4\xBA\xAC"));  // 東京
  EXPECT_TRUE(is_valid_utf8("\xED\x9F\xBF"));              // U+D7FF, just below the surrogates
  EXPECT_TRUE(is_valid_utf8("\xEE\x80\x80"));              // U+E000, just above them
  EXPECT_TRUE(is_valid_utf8("\xEF\xBB\xBF"));              // BOM
  EXPECT_TRUE(is_valid_utf8("\xEF\xBF\xBF"));              // U+FFFF
  EXPECT_TRUE(is_valid_utf8("\xF0\x90\x80\x80"));          // U+10000, smallest 4-byte
  EXPECT_TRUE(is_valid_utf8("\xF0\x9F\x98\x80"));          // 😀
  EXPECT_TRUE(is_valid_utf8("\xF4\x8F\xBF\xBF"));          // U+10FFFF, the last code point
  EXPECT_TRUE(is_valid_utf8("Z\xC3\xBCrich, \xE6\x9D\xB1\xE4\xBA\xAC \xF0\x9F\x98\x80!"));
}

TEST(Utf8, Overlongs) {
  EXPECT_FALSE(is_valid_utf8("\xC0\x80"));          // U+0000 in two bytes
  EXPECT_FALSE(is_valid_utf8("\xC0\xAF"));          // '/' in two bytes
  EXPECT_FALSE(is_valid_utf8("\xC1\xBF"));          // U+007F in two bytes
  EXPECT_FALSE(is_valid_utf8("\xE0\x80\x80"));      // U+0000 in three
  EXPECT_FALSE(is_valid_utf8("\xE0\x9F\xBF"));      // U+07FF in three
  EXPECT_FALSE(is_valid_utf8("\xF0\x80\x80\x80"));  // U+0000 in four
  EXPECT_FALSE(is_valid_utf8("\xF0\x8F\xBF\xBF"));  // U+FFFF in four
}

TEST(Utf8, Surrogates) {
  EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));              // U+D800
  EXPECT_FALSE(is_valid_utf8("\xED\xAD\xBF"));              // U+DB7F
  EXPECT_FALSE(is_valid_utf8("\xED\xBF\xBF"));              // U+DFFF
  EXPECT_FALSE(is_valid_utf8("\xED\xA0\xBD\xED\xB8\x80"));  // CESU-8 pair for U+1F600
}

TEST(Utf8, BeyondU10FFFF) {
  EXPECT_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));  // U+110000
  EXPECT_FALSE(is_valid_utf8("\xF5\x80\x80\x80"));
  EXPECT_FALSE(is_valid_utf8("\xF7\xBF\xBF\xBF"));
  EXPECT_FALSE(is_valid_utf8("\xF8\x88\x80\x80\x80"));      // old 5-byte form
  EXPECT_FALSE(is_valid_utf8("\xFC\x84\x80\x80\x80\x80"));  // old 6-byte form
  EXPECT_FALSE(is_valid_utf8("\xFE"));
  EXPECT_FALSE(is_valid_utf8("\xFF"));
}

TEST(Utf8, TruncatedAndStraySequences) {
  EXPECT_FALSE(is_valid_utf8("\xC3"));
  EXPECT_FALSE(is_valid_utf8("\xE6\x9D"));
  EXPECT_FALSE(is_valid_utf8("\xF0\x9F\x98"));
  EXPECT_FALSE(is_valid_utf8("abc\xF0\x9F"));
  EXPECT_FALSE(is_valid_utf8("\xC3x"));  // continuation missing, next is ASCII
  EXPECT_FALSE(is_valid_utf8("\xE6\x9Dx"));
  EXPECT_FALSE(is_valid_utf8("\xF0\x9F\x98x"));
  EXPECT_FALSE(is_valid_utf8("\x80"));  // lone continuation bytes
  EXPECT_FALSE(is_valid_utf8("\xBF"));
  EXPECT_FALSE(is_valid_utf8("\xC3\xA9\xA9"));  // one continuation too many
}

TEST(Utf8, ErrorsAtEveryOffsetAroundTheAsciiFastPath) {
  // The fast path reads eight bytes at a time: put the bad byte at every
  // position relative to an 8-byte block, and at the very end.
  for (std::size_t prefix = 0; prefix < 20; ++prefix) {
    for (std::size_t suffix = 0; suffix < 20; suffix += 3) {
      const std::string a(prefix, 'a');
      const std::string b(suffix, 'b');
      EXPECT_TRUE(is_valid_utf8(a + "\xC3\xA9" + b)) << prefix << "," << suffix;
      EXPECT_TRUE(is_valid_utf8(a + "\xF0\x9F\x98\x80" + b)) << prefix << "," << suffix;
      EXPECT_FALSE(is_valid_utf8(a + "\xFF" + b)) << prefix << "," << suffix;
      EXPECT_FALSE(is_valid_utf8(a + "\xED\xA0\x80" + b)) << prefix << "," << suffix;
    }
    EXPECT_FALSE(is_valid_utf8(std::string(prefix, 'a') + "\xE6\x9D")) << prefix;
  }
}

TEST(Utf8, EveryTwoByteSequenceAgreesWithTheDefinition) {
  for (int lead = 0x80; lead <= 0xFF; ++lead) {
    for (int cont = 0; cont <= 0xFF; ++cont) {
      const std::string s{static_cast<char>(lead), static_cast<char>(cont)};
      const bool expected = lead >= 0xC2 && lead <= 0xDF && cont >= 0x80 && cont <= 0xBF;
      EXPECT_EQ(is_valid_utf8(s), expected) << std::hex << lead << " " << cont;
    }
  }
}

TEST(Utf8, EveryCodePointEncodesValidly) {
  // Encode every scalar value; encode every surrogate to check it fails.
  auto encode = [](char32_t c) {
    std::string out;
    if (c < 0x80) {
      out += static_cast<char>(c);
    } else if (c < 0x800) {
      out += static_cast<char>(0xC0 | (c >> 6));
      out += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
      out += static_cast<char>(0xE0 | (c >> 12));
      out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (c >> 18));
      out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (c & 0x3F));
    }
    return out;
  };
  int failures = 0;
  for (char32_t c = 0; c <= 0x10FFFF && failures < 10; ++c) {
    const bool surrogate = c >= 0xD800 && c <= 0xDFFF;
    if (is_valid_utf8(encode(c)) == surrogate) {
      ADD_FAILURE() << "U+" << std::hex << static_cast<unsigned>(c);
      ++failures;
    }
  }
}

}  // namespace
}  // namespace innocluster
