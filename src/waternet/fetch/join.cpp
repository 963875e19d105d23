#include "waternet/fetch/join.hpp"

#include <fmt/format.h>
#include <gdal_priv.h>
#include <gdal_utils.h>
#include <unistd.h>

#include "waternet/core/error.hpp"
#include "waternet/io/gdal_support.hpp"

namespace wn::fetch {

namespace {

// A hidden temporary beside `target` that keeps its extension (GDAL picks drivers by it).
std::filesystem::path temporary_beside(const std::filesystem::path& target) {
    return target.parent_path() / fmt::format(".{}.tmp-{}{}", target.stem().string(), static_cast<long>(::getpid()),
                                              target.extension().string());
}

struct TemporaryRemover {
    std::filesystem::path path;
    ~TemporaryRemover() {
        std::error_code ec;
        std::filesystem::remove(path, ec);
    }
};

void build_vrt(const std::filesystem::path& temp, const JoinPart& part) {
    std::vector<std::string> names;
    for (const auto& f : part.files) names.push_back(f.string());
    std::vector<const char*> pointers;
    for (const auto& n : names) pointers.push_back(n.c_str());
    std::vector<const char*> args{"-q"};
    if (!part.crs.empty()) args.insert(args.end(), {"-a_srs", part.crs.c_str()});
    args.push_back(nullptr);
    GDALBuildVRTOptions* options = GDALBuildVRTOptionsNew(const_cast<char**>(args.data()), nullptr);
    int usage_error = 0;
    GDALDatasetH vrt =
        GDALBuildVRT(temp.c_str(), static_cast<int>(pointers.size()), nullptr, pointers.data(), options, &usage_error);
    GDALBuildVRTOptionsFree(options);
    if (vrt == nullptr) wn::gdal::fail(temp.filename().string() + ": building the VRT of the tiles failed");
    GDALClose(vrt);
}

void build_geopackage(const std::filesystem::path& temp, const std::vector<JoinPart>& parts,
                      const CancelToken& cancel) {
    GDALDatasetH target = nullptr;
    for (const JoinPart& part : parts) {
        bool first_of_layer = true;
        for (const auto& file : part.files) {
            cancel.throw_if_requested();
            const char* const open_options[] = {"WRITE_GFS=NO", nullptr};
            wn::gdal::DatasetPtr source(GDALDataset::FromHandle(
                GDALOpenEx(file.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, open_options, nullptr)));
            if (!source) wn::gdal::fail(file.string() + ": cannot be opened to join it");
            std::vector<const char*> args{"-nln", part.layer.c_str(), "-nlt", "PROMOTE_TO_MULTI"};
            if (target == nullptr) args.insert(args.end(), {"-f", "GPKG"});
            if (!first_of_layer) args.push_back("-addfields");  // pages may differ in which attributes they carry
            if (!part.crs.empty()) args.insert(args.end(), {"-a_srs", part.crs.c_str()});
            args.push_back(nullptr);
            GDALVectorTranslateOptions* options =
                GDALVectorTranslateOptionsNew(const_cast<char**>(args.data()), nullptr);
            GDALDatasetH handle = GDALDataset::ToHandle(source.get());
            int usage_error = 0;
            GDALDatasetH result =
                GDALVectorTranslate(target ? nullptr : temp.c_str(), target, 1, &handle, options, &usage_error);
            GDALVectorTranslateOptionsFree(options);
            if (result == nullptr) {
                if (target) GDALClose(target);
                wn::gdal::fail(fmt::format("{}: joining it into {} failed", file.string(), temp.filename().string()));
            }
            target = result;
            first_of_layer = false;
        }
    }
    if (target) GDALClose(target);
}

}  // namespace

void build_joined_file(const std::filesystem::path& target, ExpectedFormat format, const std::vector<JoinPart>& parts,
                       const CancelToken& cancel) {
    wn::gdal::ensure_registered();
    wn::gdal::ErrorScope errors;
    std::filesystem::create_directories(target.parent_path());
    const TemporaryRemover temp{temporary_beside(target)};
    if (format == ExpectedFormat::raster) {
        if (parts.size() != 1) throw std::logic_error("fetch: a raster join takes one source");
        build_vrt(temp.path, parts.front());
    } else {
        build_geopackage(temp.path, parts, cancel);
    }
    std::filesystem::rename(temp.path, target);
}

}  // namespace wn::fetch
