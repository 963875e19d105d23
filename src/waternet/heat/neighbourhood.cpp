#include "waternet/heat/neighbourhood.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace wn::heat {

SummedArea::SummedArea(GridView<const float> values) : rows_(values.rows()), cols_(values.cols()) {
    const auto w = static_cast<std::size_t>(cols_ + 1);
    sum_.assign(static_cast<std::size_t>(rows_ + 1) * w, 0.0);
    count_.assign(sum_.size(), 0.0);
    for (index_t r = 0; r < rows_; ++r) {
        double row_sum = 0.0, row_count = 0.0;
        const float* v = values.row(r);
        for (index_t c = 0; c < cols_; ++c) {
            if (!std::isnan(v[c])) {
                row_sum += v[c];
                row_count += 1.0;
            }
            const std::size_t i = static_cast<std::size_t>(r + 1) * w + static_cast<std::size_t>(c + 1);
            sum_[i] = sum_[i - w] + row_sum;
            count_[i] = count_[i - w] + row_count;
        }
    }
}

double SummedArea::box_mean(index_t r0, index_t c0, index_t r1, index_t c1) const {
    r0 = std::max<index_t>(r0, 0);
    c0 = std::max<index_t>(c0, 0);
    r1 = std::min(r1, rows_ - 1);
    c1 = std::min(c1, cols_ - 1);
    if (r0 > r1 || c0 > c1) return std::numeric_limits<double>::quiet_NaN();
    const auto w = static_cast<std::size_t>(cols_ + 1);
    const auto at = [&](const std::vector<double>& t, index_t r, index_t c) {
        return t[static_cast<std::size_t>(r) * w + static_cast<std::size_t>(c)];
    };
    const double n = at(count_, r1 + 1, c1 + 1) - at(count_, r0, c1 + 1) - at(count_, r1 + 1, c0) + at(count_, r0, c0);
    if (n < 0.5) return std::numeric_limits<double>::quiet_NaN();
    const double s = at(sum_, r1 + 1, c1 + 1) - at(sum_, r0, c1 + 1) - at(sum_, r1 + 1, c0) + at(sum_, r0, c0);
    return s / n;
}

void box_mean(GridView<const float> values, index_t half_cells, GridView<float> out) {
    if (values.rows() != out.rows() || values.cols() != out.cols())
        throw std::logic_error("box_mean: output shape differs from the input");
    const SummedArea table(values);
#pragma omp parallel for schedule(static)
    for (index_t r = 0; r < values.rows(); ++r)
        for (index_t c = 0; c < values.cols(); ++c)
            out(r, c) =
                static_cast<float>(table.box_mean(r - half_cells, c - half_cells, r + half_cells, c + half_cells));
}

}  // namespace wn::heat
