#include <gtest/gtest.h>

#include "waternet/core/grid.hpp"
#include "waternet/core/parallel.hpp"

namespace wn {

TEST(GridView, IndexesRowMajorWithStride) {
    std::vector<int> values(12);
    for (int i = 0; i < 12; ++i) values[static_cast<std::size_t>(i)] = i;
    GridView<int> view(values.data(), 3, 4);
    EXPECT_EQ(view(2, 1), 9);
    auto window = view.subview(1, 1, 2, 2);
    EXPECT_EQ(window(0, 0), 5);
    EXPECT_EQ(window(1, 1), 10);
    GridView<const int> read_only = window;
    EXPECT_EQ(read_only.extent(0), 2);
    EXPECT_EQ(read_only(1, 0), 9);
}

TEST(GeoTransform, CellCentresAndInverseAgree) {
    GeoTransform t{104474.0, 387608.0, 0.5};
    EXPECT_DOUBLE_EQ(t.cell_center_x(0), 104474.25);
    EXPECT_DOUBLE_EQ(t.cell_center_y(2), 387606.75);
    EXPECT_EQ(t.col_of(t.cell_center_x(17)), 17);
    EXPECT_EQ(t.row_of(t.cell_center_y(23)), 23);
    EXPECT_EQ(t.col_of(104473.9), -1);
}

TEST(BlockOf, PartitionsEveryItemExactlyOnce) {
    for (int threads = 1; threads <= 5; ++threads) {
        index_t next = 0;
        for (int t = 0; t < threads; ++t) {
            const Range r = block_of(17, t, threads);
            EXPECT_EQ(r.begin, next);
            EXPECT_GE(r.end, r.begin);
            next = r.end;
        }
        EXPECT_EQ(next, 17);
    }
}

}  // namespace wn
