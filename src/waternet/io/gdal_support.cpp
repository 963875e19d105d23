#include "waternet/io/gdal_support.hpp"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <spdlog/spdlog.h>

#include <filesystem>
#include <mutex>

#include "waternet/core/error.hpp"
#include "waternet/core/text.hpp"

namespace wn::gdal {

void ensure_registered() {
    static std::once_flag once;
    std::call_once(once, [] {
        CPLSetConfigOption("GDAL_PAM_ENABLED", "NO");
        GDALAllRegister();
    });
}

namespace {

void CPL_STDCALL log_warnings_only(CPLErr level, CPLErrorNum, const char* message) {
    if (level == CE_Warning) spdlog::warn("GDAL: {}", printable(message));  // GDAL quotes file contents
}

}  // namespace

ErrorScope::ErrorScope() {
    CPLPushErrorHandler(log_warnings_only);
    CPLErrorReset();
}

ErrorScope::~ErrorScope() { CPLPopErrorHandler(); }

std::string ErrorScope::detail() {
    if (CPLGetLastErrorType() < CE_Failure) return {};
    const std::string message = CPLGetLastErrorMsg();
    return message.empty() ? std::string{} : " (GDAL: " + printable(message) + ")";
}

QuietErrorScope::QuietErrorScope() {
    CPLPushErrorHandler(CPLQuietErrorHandler);
    CPLErrorReset();
}

QuietErrorScope::~QuietErrorScope() { CPLPopErrorHandler(); }

bool QuietErrorScope::failed() { return CPLGetLastErrorType() >= CE_Failure; }

std::string QuietErrorScope::message() {
    const char* text = CPLGetLastErrorMsg();
    return text && *text ? printable(text) : "no detail";
}

int CPL_STDCALL stop_when_cancelled(double, const char*, void* data) {
    const auto* cancel = static_cast<const CancelToken*>(data);
    return cancel != nullptr && cancel->requested() ? FALSE : TRUE;
}

void fail(const std::string& message, const CancelToken& cancel) {
    cancel.throw_if_requested();
    throw InputError(message + ErrorScope::detail());
}

void require_nonempty_file(const std::string& path, std::string_view kind) {
    if (path.starts_with("/vsi")) return;
    std::error_code ec;
    const auto status = std::filesystem::status(path, ec);
    if (!std::filesystem::exists(status))
        throw InputError(path + ": file not found; check the path of the " + std::string(kind) + " input");
    // GDAL would block on a FIFO and read a device without end.
    if (!std::filesystem::is_regular_file(status) && !std::filesystem::is_directory(status))
        throw InputError(path + ": is not a regular file (a pipe or a device?); give the " + std::string(kind) +
                         " as a file");
    if (std::filesystem::is_regular_file(status) && std::filesystem::file_size(path, ec) == 0 && !ec)
        throw InputError(path + ": file is empty (0 bytes); it is not a " + std::string(kind) +
                         " (an interrupted download or copy?)");
}

OGRSpatialReference srs_from_definition(const std::string& definition) {
    ErrorScope errors;
    OGRSpatialReference srs;
    const OGRErr err = definition.empty() ? srs.importFromEPSG(kDefaultEpsg) : srs.SetFromUserInput(definition.c_str());
    if (err != OGRERR_NONE)
        throw InputError("not a coordinate reference system GDAL/PROJ understands: '" + definition.substr(0, 200) +
                         "'");
    srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    return srs;
}

std::string to_wkt(const OGRSpatialReference& srs) {
    char* wkt = nullptr;
    const char* const options[] = {"FORMAT=WKT2_2019", nullptr};
    srs.exportToWkt(&wkt, options);
    std::string result = wkt ? wkt : "";
    CPLFree(wkt);
    return result;
}

std::string describe(const OGRSpatialReference& srs) {
    const char* name = srs.GetName();
    std::string text = name ? name : "unnamed CRS";
    const char* authority = srs.GetAuthorityName(nullptr);
    const char* code = srs.GetAuthorityCode(nullptr);
    if (authority && code) text += std::string(" (") + authority + ":" + code + ")";
    return text;
}

namespace {

// bands = 1: GDAL allocates the band; 0: the caller adds one.
DatasetPtr create_mem_dataset(const GridSpec& spec, GDALDataType type, int bands) {
    ensure_registered();
    ErrorScope errors;
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("MEM");
    if (driver == nullptr) throw std::runtime_error("GDAL has no MEM driver");
    DatasetPtr dataset(
        driver->Create("", static_cast<int>(spec.cols), static_cast<int>(spec.rows), bands, type, nullptr));
    if (!dataset)
        throw std::runtime_error("cannot allocate an in-memory " + std::to_string(spec.rows) + " x " +
                                 std::to_string(spec.cols) + " grid" + ErrorScope::detail());
    const GeoTransform& t = spec.transform;
    double geotransform[6] = {t.origin_x, t.cell_size_m, 0.0, t.origin_y, 0.0, -t.cell_size_m};
    dataset->SetGeoTransform(geotransform);
    const OGRSpatialReference srs = srs_from_definition(spec.crs_wkt);
    dataset->SetSpatialRef(&srs);
    return dataset;
}

}  // namespace

DatasetPtr create_mem(const GridSpec& spec, GDALDataType type) { return create_mem_dataset(spec, type, 1); }

DatasetPtr create_mem_over(const GridSpec& spec, GDALDataType type, void* data) {
    DatasetPtr dataset = create_mem_dataset(spec, type, 0);
    ErrorScope errors;
    char pointer[64] = {};  // CPLPrintPointer does not end the text with a zero
    CPLPrintPointer(pointer, data, sizeof(pointer) - 1);
    const std::string option = std::string("DATAPOINTER=") + pointer;
    char* options[] = {const_cast<char*>(option.c_str()), nullptr};
    if (dataset->AddBand(type, options) != CE_None)
        throw std::runtime_error("cannot wrap a grid as an in-memory dataset" + ErrorScope::detail());
    return dataset;
}

}  // namespace wn::gdal
