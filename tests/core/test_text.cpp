// Text helpers for the messages that quote user files: what a terminal would act on is made visible.
#include <gtest/gtest.h>

#include <string>

#include "waternet/core/text.hpp"

namespace wn {
namespace {

TEST(Printable, ControlBytesBecomeHexEscapes) {
    // An ANSI colour sequence, a bell and a NUL from a binary file: shown, not executed.
    EXPECT_EQ(printable(std::string("\x1b[31mred\x07", 9)), "\\x1b[31mred\\x07");
    EXPECT_EQ(printable(std::string("a\0b", 3)), "a\\x00b");
    EXPECT_EQ(printable("carriage\rreturn"), "carriage\\x0dreturn");
    EXPECT_EQ(printable("\x7f"), "\\x7f");
}

TEST(Printable, NewlinesTabsAndValidUtf8StayAsTheyAre) {
    EXPECT_EQ(printable("two\nlines\tand a tab"), "two\nlines\tand a tab");
    const std::string dutch = "café, 12 m², 16 × 16, Hengelo → Enschede, 😀";
    EXPECT_EQ(printable(dutch), dutch);
}

TEST(Printable, BrokenUtf8IsEscapedBytewise) {
    EXPECT_EQ(printable("\xff\xfe"), "\\xff\\xfe");                    // never valid in UTF-8
    EXPECT_EQ(printable("\xc3"), "\\xc3");                             // a truncated two-byte sequence
    EXPECT_EQ(printable("\xc0\xaf"), "\\xc0\\xaf");                    // an overlong '/': a classic traversal trick
    EXPECT_EQ(printable("\xed\xa0\x80"), "\\xed\\xa0\\x80");           // a UTF-16 surrogate
    EXPECT_EQ(printable("\xf4\x90\x80\x80"), "\\xf4\\x90\\x80\\x80");  // beyond U+10FFFF
    EXPECT_EQ(printable("ok\x80ok"), "ok\\x80ok");                     // a stray continuation byte
}

TEST(Printable, Utf8SequenceLengths) {
    EXPECT_EQ(utf8_sequence_length("a", 0), 1u);
    EXPECT_EQ(utf8_sequence_length("é", 0), 2u);
    EXPECT_EQ(utf8_sequence_length("€", 0), 3u);
    EXPECT_EQ(utf8_sequence_length("😀", 0), 4u);
    EXPECT_EQ(utf8_sequence_length("\xe2\x82", 0), 0u);  // cut short
}

}  // namespace
}  // namespace wn
