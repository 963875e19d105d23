// Number formatting per language, HTML escaping and base64 (RFC 4648 test vectors).
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "waternet/report/text_format.hpp"

using namespace wn;
using namespace wn::report;

TEST(FormatNumber, EnglishAndDutchSeparators) {
    EXPECT_EQ(format_number(1234567.8, 0), "1,234,568");
    EXPECT_EQ(format_number(1234567.8, 0, Language::nl), "1.234.568");
    EXPECT_EQ(format_number(1234567.891, 2), "1,234,567.89");
    EXPECT_EQ(format_number(1234567.891, 2, Language::nl), "1.234.567,89");
    EXPECT_EQ(format_number(999.4, 0), "999");
    EXPECT_EQ(format_number(999.5, 0), "1,000");  // half away from zero
    EXPECT_EQ(format_number(100000, 0), "100,000");
    EXPECT_EQ(format_number(0.0, 0), "0");
    EXPECT_EQ(format_number(0.05, 2), "0.05");
    EXPECT_EQ(format_number(0.004, 3, Language::nl), "0,004");
    EXPECT_EQ(format_number(12.0, 1), "12.0");
}

TEST(FormatNumber, NegativesRoundingAndSpecialValues) {
    EXPECT_EQ(format_number(-1234.5, 0), "-1,235");
    EXPECT_EQ(format_number(-2.5, 0), "-3");
    EXPECT_EQ(format_number(-0.04, 1), "0.0");  // no negative zero
    EXPECT_EQ(format_number(-1234567.25, 1, Language::nl), "-1.234.567,3");
    EXPECT_EQ(format_number(std::nan(""), 2), "\u2013");
    EXPECT_EQ(format_number(std::numeric_limits<double>::infinity(), 0), "\u221e");
    EXPECT_EQ(format_number(1e18, 0), "1,000,000,000,000,000,000");
    EXPECT_THROW(format_number(1.0, -1), InputError);
    EXPECT_THROW(format_number(1.0, 13), InputError);
}

TEST(EscapeHtml, EscapesEveryMarkupCharacter) {
    EXPECT_EQ(escape_html("<script>alert('x') & \"y\"</script>"),
              "&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;");
    EXPECT_EQ(escape_html("Enschede – ’t Zwering"), "Enschede – ’t Zwering");  // UTF-8 passes through
}

TEST(Base64, Rfc4648Vectors) {
    auto b64 = [](const std::string& s) {
        const std::vector<std::uint8_t> bytes(s.begin(), s.end());
        return base64(bytes);
    };
    EXPECT_EQ(b64(""), "");
    EXPECT_EQ(b64("f"), "Zg==");
    EXPECT_EQ(b64("fo"), "Zm8=");
    EXPECT_EQ(b64("foo"), "Zm9v");
    EXPECT_EQ(b64("foob"), "Zm9vYg==");
    EXPECT_EQ(b64("fooba"), "Zm9vYmE=");
    EXPECT_EQ(b64("foobar"), "Zm9vYmFy");
    const std::vector<std::uint8_t> high = {0xff, 0xfe, 0x80};
    EXPECT_EQ(base64(high), "//6A");
}
