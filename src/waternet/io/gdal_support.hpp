// GDAL plumbing shared by raster_io and vector_io, and by the few modules that still call GDAL themselves
// (fetch/validate.cpp, render/png.cpp, pipeline/bluespot_job.cpp): new GDAL code belongs in src/waternet/io/.
//
// One place for: one-time driver registration, RAII ownership of GDAL objects, turning GDAL's error
// state into wn::InputError with the file name, CRS parsing with the project's "empty = RD New" rule,
// and in-memory (MEM) datasets laid out exactly like a GridSpec, which every warp, rasterize and write
// goes through.
#pragma once

#include <gdal_priv.h>
#include <ogr_spatialref.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "waternet/core/execution.hpp"
#include "waternet/core/grid.hpp"

namespace wn::gdal {

// GDALAllRegister() exactly once per process, and GDAL_PAM_ENABLED=NO so GDAL never writes .aux.xml
// side files next to inputs or outputs. Every entry point of the io module calls this first.
void ensure_registered();

struct DatasetCloser {
    void operator()(GDALDataset* dataset) const noexcept { GDALClose(GDALDataset::ToHandle(dataset)); }
};
using DatasetPtr = std::unique_ptr<GDALDataset, DatasetCloser>;

// While alive, GDAL errors are not printed (the caller rethrows them as InputError, with context) and
// warnings go to spdlog. Errors are per thread in GDAL, and so is this scope.
class ErrorScope {
public:
    ErrorScope();
    ~ErrorScope();
    ErrorScope(const ErrorScope&) = delete;
    ErrorScope& operator=(const ErrorScope&) = delete;
    // GDAL's last error message in this scope, as " (GDAL: ...)" or "" when there is none.
    static std::string detail();
};

// While alive, GDAL prints nothing, errors nor warnings: for callers to whom a GDAL failure is an expected answer
// (a download that is not a valid file yet) or that rethrow it with their own context. Per thread, like ErrorScope.
class QuietErrorScope {
public:
    QuietErrorScope();
    ~QuietErrorScope();
    QuietErrorScope(const QuietErrorScope&) = delete;
    QuietErrorScope& operator=(const QuietErrorScope&) = delete;
    // Whether an error (CE_Failure or worse) happened since the scope began.
    static bool failed();
    // GDAL's last error message, or "no detail".
    static std::string message();
    // The same as " (GDAL: ...)", or "" when there is none (ErrorScope::detail).
    static std::string detail() { return ErrorScope::detail(); }
};

// A GDALProgressFunc that makes long GDAL operations (warp, COG write) stop once a cancel token is set
// (core/execution.hpp): `data` is a const CancelToken*, or null for never. After a failed GDAL call, fail() turns
// such a stop into wn::Interrupted, so temporaries are cleaned up on the way out like for any other interruption.
int CPL_STDCALL stop_when_cancelled(double complete, const char* message, void* data);
// The `data` to pass with it.
inline void* progress_data(const CancelToken& cancel) { return const_cast<CancelToken*>(&cancel); }

// Throws wn::Interrupted if `cancel` is set (the failure was the stop), otherwise InputError(message + GDAL's last error).
[[noreturn]] void fail(const std::string& message, const CancelToken& cancel = {});

// InputError "<path>: file not found" / "<path>: file is empty (0 bytes)" for plain paths;
// GDAL virtual paths (/vsicurl/, /vsizip/, ...) are left for GDAL to judge.
void require_nonempty_file(const std::string& path, std::string_view kind);

// CRS from WKT (or any definition OGR accepts); empty means RD New (EPSG:28992), per GridSpec.
// Axis order is x = east/longitude, y = north/latitude, whatever the CRS's official order.
OGRSpatialReference srs_from_definition(const std::string& definition);
std::string to_wkt(const OGRSpatialReference& srs);
// Human-readable name for messages, e.g. "Amersfoort / RD New (EPSG:28992)".
std::string describe(const OGRSpatialReference& srs);

// A one-band in-memory dataset with the geotransform and CRS of `spec`.
DatasetPtr create_mem(const GridSpec& spec, GDALDataType type);
// The same over memory the caller owns (spec.rows × spec.cols values of `type`, row-major), which must outlive the
// dataset: GDAL then writes into a grid directly, with no second copy of it.
DatasetPtr create_mem_over(const GridSpec& spec, GDALDataType type, void* data);

template <class T>
constexpr GDALDataType data_type_of() {
    if constexpr (std::is_same_v<T, float>)
        return GDT_Float32;
    else if constexpr (std::is_same_v<T, std::uint8_t>)
        return GDT_Byte;
    else if constexpr (std::is_same_v<T, std::int32_t>)
        return GDT_Int32;
    else
        static_assert(sizeof(T) == 0, "no GDAL data type for this grid element type");
}

// Reads a whole band (converted to T) into a new grid with `spec`; InputError naming `path` on failure.
template <class T>
Grid<T> read_band(GDALRasterBand& band, const GridSpec& spec, const std::string& path) {
    Grid<T> grid(spec);
    ErrorScope errors;
    const CPLErr err =
        band.RasterIO(GF_Read, 0, 0, static_cast<int>(spec.cols), static_cast<int>(spec.rows), grid.data(),
                      static_cast<int>(spec.cols), static_cast<int>(spec.rows), data_type_of<T>(), 0, 0, nullptr);
    if (err != CE_None) fail(path + ": reading the pixels failed");
    return grid;
}

}  // namespace wn::gdal
