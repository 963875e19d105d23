#include "waternet/fetch/validate.hpp"

#include <cpl_error.h>
#include <gdal.h>
#include <gdal_alg.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <charconv>
#include <fstream>

#include "waternet/io/gdal_support.hpp"  // ensure_registered: one GDAL set-up for the whole program

namespace wn::fetch {

namespace {

// GDAL errors are collected, not printed: a bad download is an expected event that the caller retries.
using QuietErrors = wn::gdal::QuietErrorScope;

wn::gdal::DatasetPtr open(const std::filesystem::path& path, unsigned flags) {
    wn::gdal::ensure_registered();
    // WRITE_GFS=NO: the GML reader leaves no .gfs schema beside a file it only checks (other drivers ignore it).
    const char* const open_options[] = {"WRITE_GFS=NO", nullptr};
    return wn::gdal::DatasetPtr(GDALDataset::FromHandle(GDALOpenEx(
        path.c_str(), flags | GDAL_OF_READONLY, nullptr, (flags & GDAL_OF_VECTOR) ? open_options : nullptr, nullptr)));
}

std::string raster_problem(const std::filesystem::path& path) {
    QuietErrors errors;
    auto dataset = open(path, GDAL_OF_RASTER);
    if (!dataset) return "GDAL cannot open it as a raster (" + QuietErrors::message() + ")";
    if (dataset->GetRasterCount() < 1) return "it holds no raster band";
    // Every pixel of every band, block by block (bounded memory): a broken compressed block fails here.
    for (int b = 1; b <= dataset->GetRasterCount(); ++b) {
        GDALRasterBand* band = dataset->GetRasterBand(b);
        GDALChecksumImage(GDALRasterBand::ToHandle(band), 0, 0, band->GetXSize(), band->GetYSize());
        if (QuietErrors::failed()) return fmt::format("band {} cannot be read ({})", b, QuietErrors::message());
    }
    return {};
}

std::string vector_problem(const std::filesystem::path& path) {
    QuietErrors errors;
    auto dataset = open(path, GDAL_OF_VECTOR);
    if (!dataset) return "GDAL cannot open it as a vector file (" + QuietErrors::message() + ")";
    for (OGRLayer* layer : dataset->GetLayers()) {
        layer->ResetReading();
        while (OGRFeature* feature = layer->GetNextFeature()) OGRFeature::DestroyFeature(feature);
        if (QuietErrors::failed())
            return fmt::format("layer '{}' cannot be read ({})", layer->GetName(), QuietErrors::message());
    }
    return {};
}

}  // namespace

std::string gdal_problem(const std::filesystem::path& path, ExpectedFormat format) {
    std::error_code ec;
    if (std::filesystem::file_size(path, ec) == 0 || ec) return "the file is empty";
    return format == ExpectedFormat::raster ? raster_problem(path) : vector_problem(path);
}

std::int64_t feature_count(const std::filesystem::path& path) {
    QuietErrors errors;
    auto dataset = open(path, GDAL_OF_VECTOR);
    if (!dataset) return 0;
    std::int64_t count = 0;
    for (OGRLayer* layer : dataset->GetLayers()) count += layer->GetFeatureCount(TRUE);
    return count;
}

std::optional<long long> number_matched(const std::filesystem::path& path) {
    // The member is near the start in both encodings: <wfs:FeatureCollection numberMatched="1234" ...> and
    // {"type": "FeatureCollection", "numberMatched": 1234, ...}.
    std::ifstream in(path, std::ios::binary);
    std::string head(64 * 1024, '\0');
    in.read(head.data(), static_cast<std::streamsize>(head.size()));
    head.resize(static_cast<std::size_t>(in.gcount()));
    const std::size_t key = head.find("numberMatched");
    if (key == std::string::npos) return std::nullopt;
    std::size_t i = key + std::string_view("numberMatched").size();
    while (i < head.size() && (head[i] == '"' || head[i] == '=' || head[i] == ':' || head[i] == ' ')) ++i;
    long long value = 0;
    const auto [end, ec] = std::from_chars(head.data() + i, head.data() + head.size(), value);
    if (ec != std::errc() || end == head.data() + i) return std::nullopt;
    return value;
}

std::optional<std::string> next_link(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    const nlohmann::json page = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
    if (!page.is_object() || !page.contains("links") || !page["links"].is_array()) return std::nullopt;
    for (const auto& link : page["links"])
        if (link.is_object() && link.value("rel", "") == "next" && link.contains("href") && link["href"].is_string())
            return link["href"].get<std::string>();
    return std::nullopt;
}

}  // namespace wn::fetch
