#include "waternet/io/provenance.hpp"

#include <cpl_port.h>
#include <cpl_string.h>
#include <gdal.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <ctime>
#include <fstream>
#include <vector>

#include "waternet/core/error.hpp"
#include "waternet/io/atomic_file.hpp"

// GDAL exports its SHA-256 from libgdal but does not install cpl_sha256.h (a private header), so the
// functions are declared here. The context is opaque storage, deliberately larger than GDAL's struct
// (112 bytes in GDAL 3.x) and 8-byte aligned, so a layout change in GDAL cannot overrun it.
extern "C" {
struct WaternetSha256Context {
    alignas(8) unsigned char storage[512];
};
void CPL_SHA256Init(WaternetSha256Context* context);
void CPL_SHA256Update(WaternetSha256Context* context, const void* data, size_t length);
void CPL_SHA256Final(WaternetSha256Context* context, GByte hash[32]);
}

namespace wn {

namespace {

class Sha256 {
public:
    Sha256() { CPL_SHA256Init(&context_); }
    void update(const void* data, std::size_t length) { CPL_SHA256Update(&context_, data, length); }
    std::string hex() {
        GByte hash[32];
        CPL_SHA256Final(&context_, hash);
        static constexpr char kDigits[] = "0123456789abcdef";
        std::string text;
        text.reserve(64);
        for (const GByte byte : hash) {
            text += kDigits[byte >> 4];
            text += kDigits[byte & 0x0f];
        }
        return text;
    }

private:
    WaternetSha256Context context_{};
};

}  // namespace

std::string sha256_hex(std::string_view bytes) {
    Sha256 sha;
    sha.update(bytes.data(), bytes.size());
    return sha.hex();
}

namespace {

// A folder of tiles (io/raster_mosaic.hpp) as one input: the hash of every file's name and hash, in name order, so a
// changed, added or removed tile changes it.
std::string sha256_folder(const std::filesystem::path& folder) {
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(folder))
        if (entry.is_regular_file()) files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    std::string listing;
    for (const auto& file : files) listing += file.filename().string() + "  " + sha256_file(file) + "\n";
    return sha256_hex(listing);
}

std::uintmax_t folder_bytes(const std::filesystem::path& folder) {
    std::uintmax_t bytes = 0;
    for (const auto& entry : std::filesystem::directory_iterator(folder))
        if (entry.is_regular_file()) bytes += entry.file_size();
    return bytes;
}

}  // namespace

std::string sha256_file(const std::filesystem::path& path) {
    if (std::error_code ec; std::filesystem::is_directory(path, ec)) return sha256_folder(path);
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw InputError(path.string() + ": cannot read the file to compute its checksum (missing or no permission)");
    Sha256 sha;
    std::vector<char> chunk(std::size_t{1} << 20);
    while (in) {
        in.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
        sha.update(chunk.data(), static_cast<std::size_t>(in.gcount()));
    }
    if (!in.eof()) throw InputError(path.string() + ": reading the file failed while computing its checksum");
    return sha.hex();
}

namespace {

// The files a VRT reads (its tiles), as GDAL lists them, without the VRT itself. Empty when GDAL cannot open it: the
// fingerprint then covers the VRT's text alone, and reading the raster will give the user GDAL's own message.
std::vector<std::string> vrt_source_files(const std::filesystem::path& vrt) {
    std::vector<std::string> sources;
    GDALDatasetH dataset = GDALOpenEx(vrt.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY, nullptr, nullptr, nullptr);
    if (dataset == nullptr) return sources;
    char** files = GDALGetFileList(dataset);
    for (int i = 0; files != nullptr && files[i] != nullptr; ++i)
        if (std::filesystem::path(files[i]) != vrt) sources.emplace_back(files[i]);
    CSLDestroy(files);
    GDALClose(dataset);
    return sources;
}

bool is_vrt(const std::filesystem::path& path) {
    std::string extension = path.extension().string();
    std::transform(extension.begin(), extension.end(), extension.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    return extension == ".vrt";
}

}  // namespace

std::string sha256_input(const std::filesystem::path& path) {
    if (!is_vrt(path)) return sha256_file(path);
    std::string listing = path.filename().string() + "  " + sha256_file(path) + "\n";
    for (const auto& source : vrt_source_files(path)) listing += source + "  " + sha256_file(source) + "\n";
    return sha256_hex(listing);
}

std::string utc_now_iso8601() {
    const std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    std::array<char, 32> text{};
    std::strftime(text.data(), text.size(), "%Y-%m-%dT%H:%M:%SZ", &utc);
    return text.data();
}

void Provenance::add_input(std::string role, const std::filesystem::path& path) {
    InputRecord record;
    record.role = std::move(role);
    record.path = path.string();
    record.sha256 = sha256_input(path);
    std::error_code ec;
    record.bytes = std::filesystem::is_directory(path, ec) ? folder_bytes(path) : std::filesystem::file_size(path, ec);
    if (ec) throw InputError(path.string() + ": cannot determine the file size: " + ec.message());
    inputs.push_back(std::move(record));
}

void Provenance::record_memory(const PeakMemoryWatch& watch, std::int64_t grid_cells) {
    memory = MemoryRecord{watch.peak_bytes(), watch.start_bytes(), grid_cells, watch.covers_only_this_work()};
}

namespace {

nlohmann::json memory_json(const MemoryRecord& m) {
    constexpr double kMiB = 1048576.0;
    const double cells = static_cast<double>(std::max<std::int64_t>(m.grid_cells, 1));
    const double added = static_cast<double>(m.peak_resident_bytes) - static_cast<double>(m.start_resident_bytes);
    return {{"peak_resident_bytes", m.peak_resident_bytes},
            {"peak_resident_mib", std::round(static_cast<double>(m.peak_resident_bytes) / kMiB * 10.0) / 10.0},
            {"start_resident_bytes", m.start_resident_bytes},
            {"grid_cells", m.grid_cells},
            {"peak_bytes_per_cell", static_cast<double>(m.peak_resident_bytes) / cells},
            {"added_bytes_per_cell", std::max(0.0, added) / cells},  // above what the process held before the run
            {"peak_covers", m.peak_of_this_run ? "this run" : "the process since it started"}};
}

}  // namespace

nlohmann::json Provenance::to_json() const {
    nlohmann::json inputs_json = nlohmann::json::array();
    for (const InputRecord& input : inputs)
        inputs_json.push_back(
            {{"role", input.role}, {"path", input.path}, {"sha256", input.sha256}, {"bytes", input.bytes}});
    nlohmann::json json = {{"program", program},      {"version", version},         {"command_line", command_line},
                           {"scenario", scenario},    {"created_utc", created_utc}, {"inputs", inputs_json},
                           {"parameters", parameters}};
    if (memory) json["memory"] = memory_json(*memory);
    return json;
}

std::map<std::string, std::string> Provenance::to_metadata() const {
    return {{"WATERNET_PROGRAM", program},
            {"WATERNET_VERSION", version},
            {"WATERNET_COMMAND", command_line},
            {"WATERNET_SCENARIO", scenario},
            {"WATERNET_CREATED_UTC", created_utc}};
}

void write_provenance(const std::filesystem::path& path, const Provenance& provenance) {
    write_text_atomic(path, provenance.to_json().dump(2) + "\n");
}

}  // namespace wn
