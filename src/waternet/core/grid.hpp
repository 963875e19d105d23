// The grid types every module speaks.
//
//   GridView<T>  a non-owning 2D view (rows × cols, row stride), shaped like C++23 std::mdspan:
//                kernels take views, never files, so each is testable without GDAL.
//   GridSpec     georeferencing of a north-up grid with square cells (RD New by default).
//   Grid<T>      owning storage + GridSpec. For floating-point grids NaN is "no data" in memory;
//                readers/writers translate to and from the file's nodata value.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <type_traits>
#include <vector>

#include "waternet/core/error.hpp"
#include "waternet/core/memory.hpp"

namespace wn {

using index_t = std::ptrdiff_t;

template <class T>
class GridView {
public:
    using element_type = T;
    using value_type = std::remove_cv_t<T>;

    constexpr GridView() = default;
    constexpr GridView(T* data, index_t rows, index_t cols, index_t row_stride)
        : data_(data), rows_(rows), cols_(cols), stride_(row_stride) {}
    constexpr GridView(T* data, index_t rows, index_t cols) : GridView(data, rows, cols, cols) {}
    // A view of T converts to a view of const T.
    template <class U>
    requires(std::is_const_v<T>&& std::is_same_v<std::remove_const_t<T>, U>) constexpr GridView(
        const GridView<U>& other)
        : data_(other.data()), rows_(other.rows()), cols_(other.cols()), stride_(other.row_stride()) {}

    // mdspan-style shape: extent(0) = rows, extent(1) = cols.
    constexpr index_t extent(int dim) const { return dim == 0 ? rows_ : cols_; }
    constexpr index_t rows() const { return rows_; }
    constexpr index_t cols() const { return cols_; }
    constexpr index_t row_stride() const { return stride_; }
    constexpr index_t size() const { return rows_ * cols_; }
    constexpr bool empty() const { return rows_ == 0 || cols_ == 0; }
    constexpr T* data() const { return data_; }
    constexpr T* row(index_t r) const { return data_ + r * stride_; }
    constexpr T& operator()(index_t r, index_t c) const { return data_[r * stride_ + c]; }
    constexpr bool contains(index_t r, index_t c) const { return r >= 0 && r < rows_ && c >= 0 && c < cols_; }

    // A rectangular window of this view (no copy).
    constexpr GridView subview(index_t r0, index_t c0, index_t rows, index_t cols) const {
        return GridView(data_ + r0 * stride_ + c0, rows, cols, stride_);
    }

private:
    T* data_ = nullptr;
    index_t rows_ = 0;
    index_t cols_ = 0;
    index_t stride_ = 0;
};

// North-up affine georeferencing with square cells. Row 0 is the northern edge.
struct GeoTransform {
    double origin_x = 0.0;     // x of the western edge of column 0 (m)
    double origin_y = 0.0;     // y of the northern edge of row 0 (m)
    double cell_size_m = 1.0;  // width = height of a cell (m)

    double cell_center_x(index_t col) const { return origin_x + (static_cast<double>(col) + 0.5) * cell_size_m; }
    double cell_center_y(index_t row) const { return origin_y - (static_cast<double>(row) + 0.5) * cell_size_m; }
    // Column/row containing map coordinate (x, y); may be outside the grid.
    index_t col_of(double x) const { return static_cast<index_t>(std::floor((x - origin_x) / cell_size_m)); }
    index_t row_of(double y) const { return static_cast<index_t>(std::floor((origin_y - y) / cell_size_m)); }
};

inline constexpr int kDefaultEpsg = 28992;  // Amersfoort / RD New

struct GridSpec {
    index_t rows = 0;
    index_t cols = 0;
    GeoTransform transform{};
    std::string crs_wkt;  // empty = unknown; writers then assume RD New (EPSG:28992)

    index_t cell_count() const { return rows * cols; }
    double cell_area_m2() const { return transform.cell_size_m * transform.cell_size_m; }
    double min_x() const { return transform.origin_x; }
    double max_y() const { return transform.origin_y; }
    double max_x() const { return transform.origin_x + static_cast<double>(cols) * transform.cell_size_m; }
    double min_y() const { return transform.origin_y - static_cast<double>(rows) * transform.cell_size_m; }
    bool contains_cell(index_t r, index_t c) const { return r >= 0 && r < rows && c >= 0 && c < cols; }
};

template <class T>
class Grid {
public:
    using value_type = T;

    Grid() = default;
    explicit Grid(GridSpec spec, T fill = T{}) : spec_(std::move(spec)) {
        if (spec_.rows < 0 || spec_.cols < 0) throw InputError("grid has a negative size");
        const auto cells = static_cast<std::size_t>(spec_.rows * spec_.cols);
        values_.reserve(cells);  // allocated, not yet touched: huge pages can still back it (core/memory.hpp)
        advise_huge_pages(values_.data(), cells * sizeof(T));
        values_.assign(cells, fill);
    }
    Grid(index_t rows, index_t cols, T fill = T{}) : Grid(GridSpec{rows, cols, {}, {}}, fill) {}

    const GridSpec& spec() const { return spec_; }
    GridSpec& spec() { return spec_; }
    index_t rows() const { return spec_.rows; }
    index_t cols() const { return spec_.cols; }
    index_t size() const { return spec_.rows * spec_.cols; }

    T& operator()(index_t r, index_t c) { return values_[static_cast<std::size_t>(r * spec_.cols + c)]; }
    const T& operator()(index_t r, index_t c) const { return values_[static_cast<std::size_t>(r * spec_.cols + c)]; }
    T* data() { return values_.data(); }
    const T* data() const { return values_.data(); }
    std::vector<T>& values() { return values_; }
    const std::vector<T>& values() const { return values_; }

    GridView<T> view() { return {values_.data(), spec_.rows, spec_.cols}; }
    GridView<const T> view() const { return {values_.data(), spec_.rows, spec_.cols}; }

private:
    GridSpec spec_{};
    std::vector<T> values_;
};

// No-data test for the in-memory convention (NaN for floating point).
template <class T>
constexpr bool is_nodata(T v) {
    if constexpr (std::is_floating_point_v<T>)
        return std::isnan(v);
    else
        return false;
}

}  // namespace wn
