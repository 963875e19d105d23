// Neighbourhood means on a grid through a summed-area table (Crow 1984): the mean of any axis-aligned box in O(1),
// so box means of every cell cost O(cells) whatever the box size. Used for the neighbourhood sky view factor and
// vegetation fraction of the urban heat island, and for the upwind obstacle height of the wind reduction.
// No-data (NaN) cells count neither in the sum nor in the cell count.
#pragma once

#include <vector>

#include "waternet/core/grid.hpp"

namespace wn::heat {

class SummedArea {
public:
    explicit SummedArea(GridView<const float> values);
    // Mean of the valid cells in rows [r0, r1] × cols [c0, c1] (inclusive), the box clipped to the grid;
    // NaN when the clipped box is empty or holds no valid cell.
    double box_mean(index_t r0, index_t c0, index_t r1, index_t c1) const;
    index_t rows() const { return rows_; }
    index_t cols() const { return cols_; }

private:
    index_t rows_ = 0, cols_ = 0;
    std::vector<double> sum_;    // (rows+1) × (cols+1), sum_[0][*] = sum_[*][0] = 0
    std::vector<double> count_;  // valid cells, same layout
};

// out(r, c) = mean over the (2·half_cells + 1)² box centred on (r, c), clipped to the grid. out may not alias values.
void box_mean(GridView<const float> values, index_t half_cells, GridView<float> out);

}  // namespace wn::heat
