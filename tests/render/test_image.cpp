// Alpha "over" compositing and the PNG round trip through GDAL.
#include <gtest/gtest.h>

#include "waternet/render/image.hpp"
#include "waternet/render/png.hpp"

using namespace wn;
using namespace wn::render;

TEST(Composite, OverMaths) {
    // Opaque above replaces; transparent above keeps below.
    EXPECT_EQ(over({10, 20, 30, 255}, {200, 200, 200, 255}), (Rgba{10, 20, 30, 255}));
    EXPECT_EQ(over({10, 20, 30, 0}, {200, 100, 50, 128}), (Rgba{200, 100, 50, 128}));
    // 50 % red over opaque blue: a = 1, c = 0.5·src + 0.5·dst (alpha 128 → 0.50196).
    const Rgba half = over({255, 0, 0, 128}, {0, 0, 255, 255});
    EXPECT_EQ(half.a, 255);
    EXPECT_EQ(half.r, 128);  // 255 · 128/255 = 128
    EXPECT_EQ(half.b, 127);  // 255 · (1 − 128/255) = 127
    EXPECT_EQ(half.g, 0);
    // Two half-transparent layers: a = 0.5 + 0.5·0.5 = 0.75; c = (200·0.5 + 100·0.5·0.5)/0.75 = 166.67.
    const Rgba two = over({200, 200, 200, 127}, {100, 100, 100, 127});
    // With 127/255 = 0.498: a = 0.498 + 0.498·0.502 = 0.748 → 191; c = (99.6 + 24.98)/0.748 = 166.5 → 167.
    EXPECT_EQ(two.a, 191);
    EXPECT_NEAR(two.r, 167, 1);
    // Over a transparent pixel: the above pixel unchanged.
    EXPECT_EQ(over({1, 2, 3, 77}, kTransparent), (Rgba{1, 2, 3, 77}));
}

TEST(Composite, ImagesPixelByPixelAndSizeMismatch) {
    RgbaImage below(2, 1, {0, 0, 255, 255});
    RgbaImage above(2, 1);
    above.set(1, 0, {255, 0, 0, 255});
    composite_over(below, above);
    EXPECT_EQ(below.at(0, 0), (Rgba{0, 0, 255, 255}));
    EXPECT_EQ(below.at(1, 0), (Rgba{255, 0, 0, 255}));
    RgbaImage other(3, 1);
    EXPECT_THROW(composite_over(below, other), InputError);
}

TEST(Png, RoundTripThroughGdalKeepsEveryPixel) {
    RgbaImage img(37, 23);
    for (int y = 0; y < img.height; ++y)
        for (int x = 0; x < img.width; ++x)
            img.set(x, y,
                    {static_cast<std::uint8_t>(7 * x), static_cast<std::uint8_t>(11 * y),
                     static_cast<std::uint8_t>(x * y), static_cast<std::uint8_t>((x + y) % 3 == 0 ? 0 : 200)});
    const auto png = encode_png(img);
    ASSERT_GT(png.size(), 8u);
    EXPECT_EQ(png[0], 0x89);
    EXPECT_EQ(png[1], 'P');
    EXPECT_EQ(png[2], 'N');
    EXPECT_EQ(png[3], 'G');
    const RgbaImage back = decode_image(png);
    ASSERT_EQ(back.width, 37);
    ASSERT_EQ(back.height, 23);
    EXPECT_EQ(back.rgba, img.rgba);
}

TEST(Png, RejectsEmptyImagesAndGarbage) {
    EXPECT_THROW(encode_png(RgbaImage{}), InputError);
    RgbaImage bad(2, 2);
    bad.rgba.pop_back();
    EXPECT_THROW(encode_png(bad), InputError);
    const std::vector<std::uint8_t> garbage = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    EXPECT_THROW(decode_image(garbage), InputError);
    EXPECT_THROW(decode_image({}), InputError);
}
