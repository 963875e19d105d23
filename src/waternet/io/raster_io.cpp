#include "waternet/io/raster_io.hpp"

#include <cpl_string.h>
#include <fmt/format.h>
#include <gdalwarper.h>
#include <omp.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "waternet/core/error.hpp"
#include "waternet/core/memory.hpp"
#include "waternet/io/atomic_file.hpp"
#include "waternet/io/gdal_support.hpp"
#include "waternet/io/raster_mosaic.hpp"

namespace wn {

namespace {

constexpr double kRelativeTolerance = 1e-6;  // of a cell size: "the same" for cell sizes and origins
constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
constexpr double kMaxCoordinate = 1.0e8;  // m or degrees: 2.5 × the Earth's circumference, beyond any CRS's range

// ---- reading ------------------------------------------------------------------------------------

// `path` may be a folder of tiles (io/raster_mosaic.hpp): GDAL then opens the mosaic's VRT.
gdal::DatasetPtr open_raster(const std::string& path) {
    gdal::ensure_registered();
    gdal::require_nonempty_file(path, "raster");
    const std::string source = raster_source(path);
    gdal::ErrorScope errors;
    // A compressed GeoTIFF (the project's COGs) is decoded on the caller's OpenMP thread count (a job sets it from its
    // ExecutionContext for its duration, core/execution.hpp OpenMPThreadsScope): GDAL (>= 3.6) then
    // inflates the blocks of one read in parallel, which at region scale is most of reading a grid. Thread-local,
    // so other threads and an explicit GDAL_NUM_THREADS are left alone.
    const CPLConfigOptionSetter decode_threads("GDAL_NUM_THREADS", std::to_string(omp_get_max_threads()).c_str(), true);
    gdal::DatasetPtr dataset(GDALDataset::Open(source.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY));
    if (!dataset)
        throw InputError(path + ": not a raster GDAL can read" + gdal::ErrorScope::detail() +
                         "; use e.g. GeoTIFF, an ESRI ASCII grid (.asc), SRTM .hgt or a VRT");
    if (dataset->GetRasterCount() == 0) throw InputError(path + ": contains no raster bands");
    return dataset;
}

GDALRasterBand& band_of(GDALDataset& dataset, int band, const std::string& path) {
    const int count = dataset.GetRasterCount();
    if (band < 1 || band > count)
        throw InputError(fmt::format("{}: band {} requested, but the file has {} band{} (numbered from 1)", path, band,
                                     count, count == 1 ? "" : "s"));
    return *dataset.GetRasterBand(band);
}

// The file's grid in GridSpec terms, or an InputError for what a GridSpec cannot represent.
struct FileGrid {
    GridSpec spec;
    bool south_up = false;  // positive y pixel size: file row 0 is the southern edge
};

FileGrid file_grid_of(GDALDataset& dataset, const std::string& path) {
    const int cols = dataset.GetRasterXSize();
    const int rows = dataset.GetRasterYSize();
    if (rows <= 0 || cols <= 0)
        throw InputError(fmt::format("{}: the raster is empty ({} x {} cells)", path, cols, rows));
    double gt[6];
    if (dataset.GetGeoTransform(gt) != CE_None)
        throw InputError(path +
                         ": has no georeferencing (no geotransform); add it, e.g. gdal_translate -a_srs EPSG:28992 "
                         "-a_ullr <west> <north> <east> <south> in.tif out.tif");
    if (!std::all_of(gt, gt + 6, [](double v) { return std::isfinite(v); }))
        throw InputError(
            fmt::format("{}: its georeferencing is not a number (geotransform {}, {}, {}, {}, {}, {}); "
                        "give it a valid one, e.g. gdal_translate -a_ullr <west> <north> <east> <south> "
                        "in.tif out.tif",
                        path, gt[0], gt[1], gt[2], gt[3], gt[4], gt[5]));
    // No coordinate reference system reaches farther than the Earth's circumference (4e7 m; 360 degrees).
    const double far_x = gt[0] + cols * gt[1] + rows * gt[2], far_y = gt[3] + cols * gt[4] + rows * gt[5];
    for (const double v : {gt[0], gt[3], far_x, far_y})
        if (std::abs(v) > kMaxCoordinate)
            throw InputError(
                fmt::format("{}: its georeferencing puts it at x {:g} .. {:g}, y {:g} .. {:g}, farther than "
                            "any coordinate reference system reaches; fix the geotransform",
                            path, gt[0], far_x, far_y, gt[3]));
    const double width = gt[1];
    const double height = std::abs(gt[5]);
    if (std::abs(gt[2]) > kRelativeTolerance * std::abs(width) || std::abs(gt[4]) > kRelativeTolerance * height)
        throw InputError(
            fmt::format("{}: the grid is rotated or skewed (geotransform terms {} and {}); make it "
                        "north-up first, e.g. gdalwarp -r bilinear in.tif out.tif",
                        path, gt[2], gt[4]));
    if (width <= 0.0 || height == 0.0)
        throw InputError(
            fmt::format("{}: unsupported pixel size {} x {} (mirrored east-west or zero); make it "
                        "north-up first, e.g. gdalwarp -r bilinear in.tif out.tif",
                        path, gt[1], gt[5]));
    if (std::abs(width - height) > kRelativeTolerance * width)
        throw InputError(
            fmt::format("{}: cells are not square ({} wide, {} high); resample to square cells "
                        "first, e.g. gdalwarp -tr {} {} -r bilinear in.tif out.tif",
                        path, width, height, width, width));
    FileGrid grid;
    grid.south_up = gt[5] > 0.0;
    grid.spec.rows = rows;
    grid.spec.cols = cols;
    grid.spec.transform = {gt[0], grid.south_up ? gt[3] + rows * gt[5] : gt[3], width};
    const OGRSpatialReference* srs = dataset.GetSpatialRef();
    grid.spec.crs_wkt = srs != nullptr ? gdal::to_wkt(*srs) : std::string{};
    return grid;
}

void flip_rows(Grid<float>& grid) {
    for (index_t top = 0, bottom = grid.rows() - 1; top < bottom; ++top, --bottom)
        std::swap_ranges(grid.view().row(top), grid.view().row(top) + grid.cols(), grid.view().row(bottom));
}

// How a band stores values: file value v means v * scale + offset, and `nodata` means no data.
struct Encoding {
    std::optional<double> nodata;
    double scale = 1.0;
    double offset = 0.0;
};

Encoding encoding_of(GDALRasterBand& band) {
    Encoding encoding;
    int has_nodata = 0;
    const double nodata = band.GetNoDataValue(&has_nodata);
    if (has_nodata) encoding.nodata = nodata;
    encoding.scale = band.GetScale();
    encoding.offset = band.GetOffset();
    return encoding;
}

// File values to the in-memory convention: NaN for nodata, scale and offset applied.
void decode(float* values, std::size_t count, const Encoding& encoding) {
    const bool scaled = encoding.scale != 1.0 || encoding.offset != 0.0;
    const bool has_nodata = encoding.nodata && !std::isnan(*encoding.nodata);
    if (!scaled && !has_nodata) return;
    const float nodata = has_nodata ? static_cast<float>(*encoding.nodata) : kNaN;
    for (float& v : std::span(values, count)) {
        if (has_nodata && v == nodata)
            v = kNaN;
        else if (scaled)
            v = static_cast<float>(v * encoding.scale + encoding.offset);
    }
}
void decode(Grid<float>& grid, const Encoding& encoding) { decode(grid.data(), grid.values().size(), encoding); }

// ---- warping ------------------------------------------------------------------------------------

GDALResampleAlg to_gdal(Resampling method) {
    switch (method) {
        case Resampling::nearest:
            return GRA_NearestNeighbour;
        case Resampling::bilinear:
            return GRA_Bilinear;
        case Resampling::average:
            return GRA_Average;
        case Resampling::min:
            return GRA_Min;
        case Resampling::max:
            return GRA_Max;
    }
    throw std::invalid_argument("unknown Resampling value");
}

struct TransformerDeleter {
    void operator()(void* transformer) const noexcept { GDALDestroyTransformer(transformer); }
};
using TransformerPtr = std::unique_ptr<void, TransformerDeleter>;

struct WarpOptionsDeleter {
    void operator()(GDALWarpOptions* options) const noexcept { GDALDestroyWarpOptions(options); }
};

// Pixel-to-pixel transformer from source to destination, approximated like gdalwarp does (error under
// 1/8 cell): exact PROJ calls for every cell are needlessly slow on large grids.
TransformerPtr make_transformer(GDALDataset& source, GDALDataset& destination, const std::string& path) {
    CPLStringList options;
    if (source.GetSpatialRef() == nullptr)  // the user's --assume-crs, else the GridSpec rule (RD New)
        options.SetNameValue("SRC_SRS", assumed_crs().empty() ? "EPSG:28992" : assumed_crs().c_str());
    TransformerPtr exact(GDALCreateGenImgProjTransformer2(&source, &destination, options.List()));
    if (!exact)
        throw InputError(fmt::format("{}: cannot transform it onto the target grid in {}{}", path,
                                     gdal::describe(*destination.GetSpatialRef()), gdal::ErrorScope::detail()));
    TransformerPtr approximate(GDALCreateApproxTransformer(GDALGenImgProjTransform, exact.get(), 0.125));
    GDALApproxTransformerOwnsSubtransformer(approximate.get(), TRUE);
    exact.release();  // now owned by `approximate`
    return approximate;
}

template <class T>
T* cpl_array(T value) {
    T* array = static_cast<T*>(CPLMalloc(sizeof(T)));  // GDALDestroyWarpOptions frees with CPLFree
    array[0] = value;
    return array;
}

// ---- writing ------------------------------------------------------------------------------------

template <class T>
void write_rows(GDALRasterBand& band, GridView<const T> values) {
    std::vector<T> row(static_cast<std::size_t>(values.cols()));
    for (index_t r = 0; r < values.rows(); ++r) {
        std::copy(values.row(r), values.row(r) + values.cols(), row.begin());
        if constexpr (std::is_floating_point_v<T>)
            std::replace_if(
                row.begin(), row.end(), [](T v) { return std::isnan(v); }, static_cast<T>(kFloatNodata));
        if (band.RasterIO(GF_Write, 0, static_cast<int>(r), static_cast<int>(values.cols()), 1, row.data(),
                          static_cast<int>(values.cols()), 1, gdal::data_type_of<T>(), 0, 0, nullptr) != CE_None)
            throw std::runtime_error("writing to an in-memory raster failed");
    }
}

template <class T>
std::optional<double> nodata_for(const WriteOptions& options, const std::string& path) {
    if constexpr (std::is_floating_point_v<T>) {
        return kFloatNodata;
    } else {
        const auto nodata = options.nodata;
        if (nodata && (*nodata != std::floor(*nodata) || *nodata < std::numeric_limits<T>::lowest() ||
                       *nodata > std::numeric_limits<T>::max()))
            throw std::invalid_argument(
                fmt::format("write_cog({}): nodata {} does not fit the grid's integer type", path, *nodata));
        return nodata;
    }
}

template <class T>
void write_cog_impl(const std::string& path, GridView<const T> values, const GridSpec& spec,
                    const WriteOptions& options) {
    if (values.rows() != spec.rows || values.cols() != spec.cols || values.empty())
        throw std::invalid_argument(fmt::format("write_cog({}): {} x {} values for a {} x {} grid", path, values.rows(),
                                                values.cols(), spec.rows, spec.cols));
    const std::optional<double> nodata = nodata_for<T>(options, path);

    gdal::DatasetPtr memory = gdal::create_mem(spec, gdal::data_type_of<T>());
    gdal::ErrorScope errors;
    GDALRasterBand& band = *memory->GetRasterBand(1);
    if (nodata) band.SetNoDataValue(*nodata);
    if (!options.band_description.empty()) band.SetDescription(options.band_description.c_str());
    if (!options.unit.empty()) band.SetUnitType(options.unit.c_str());
    for (const auto& [key, value] : options.metadata) memory->SetMetadataItem(key.c_str(), value.c_str());
    write_rows(band, values);

    CPLStringList cog_options;
    cog_options.SetNameValue("COMPRESS", "DEFLATE");
    cog_options.SetNameValue("PREDICTOR", "YES");  // floating-point predictor for float, horizontal otherwise
    cog_options.SetNameValue("BLOCKSIZE", "256");
    cog_options.SetNameValue("OVERVIEWS", "AUTO");
    // Averaging depths is meaningful; averaging class codes or ids is not.
    cog_options.SetNameValue("RESAMPLING", std::is_floating_point_v<T> ? "AVERAGE" : "NEAREST");
    cog_options.SetNameValue("BIGTIFF", "IF_SAFER");

    GDALDriver* cog = GetGDALDriverManager()->GetDriverByName("COG");
    if (cog == nullptr) throw std::runtime_error("this GDAL has no COG driver (GDAL >= 3.1 is required)");
    AtomicOutput output(path);
    gdal::DatasetPtr written(cog->CreateCopy(output.temp_path().c_str(), memory.get(), FALSE, cog_options.List(),
                                             gdal::stop_when_cancelled, gdal::progress_data(options.cancel)));
    const bool created = written != nullptr;
    written.reset();  // closing flushes the file, which must be complete before the rename
    if (!created || CPLGetLastErrorType() >= CE_Failure)
        gdal::fail(path + ": writing the GeoTIFF failed (check free disk space and write permission)", options.cancel);
    output.commit();
}

index_t cells_covering(double length, double cell_size) {
    return static_cast<index_t>(std::ceil(length / cell_size - kRelativeTolerance));
}

// floor/ceil of a cell coordinate, clamped to [0, limit] before converting (the window may be huge).
index_t clamped_index(double cells, index_t limit) {
    return static_cast<index_t>(std::clamp(cells, 0.0, static_cast<double>(limit)));
}

// A grid of `copies` float copies of `spec` must fit in the memory available now (with room for the rest of the
// program): InputError naming the grid's size otherwise, before anything is allocated.
void require_fits_in_memory(const GridSpec& spec, int copies, const std::string& path) {
    require_memory_for(path, spec.rows, spec.cols, static_cast<double>(sizeof(float)) * copies);
}

}  // namespace

namespace {
std::string& assumed_crs_storage() {
    static std::string wkt;
    return wkt;
}
}  // namespace

void set_assumed_crs(const std::string& definition) {
    assumed_crs_storage() = definition.empty() ? std::string{} : crs_wkt_from_user(definition);
}

const std::string& assumed_crs() { return assumed_crs_storage(); }

void require_known_crs(GridSpec& spec, std::string_view name) {
    if (!spec.crs_wkt.empty()) return;
    if (assumed_crs().empty()) require_declared_crs(spec, name);
    spec.crs_wkt = assumed_crs();
}

Grid<float> read_raster(const std::string& path, int band_number) {
    gdal::DatasetPtr dataset = open_raster(path);
    GDALRasterBand& band = band_of(*dataset, band_number, path);
    const FileGrid file = file_grid_of(*dataset, path);
    require_fits_in_memory(file.spec, 1, path);
    Grid<float> grid = gdal::read_band<float>(band, file.spec, path);
    if (file.south_up) flip_rows(grid);
    decode(grid, encoding_of(band));
    return grid;
}

RasterInfo raster_info(const std::string& path) {
    gdal::DatasetPtr dataset = open_raster(path);
    GDALRasterBand& band = band_of(*dataset, 1, path);
    RasterInfo info;
    info.spec = file_grid_of(*dataset, path).spec;
    info.nodata = encoding_of(band).nodata;
    info.data_type = GDALGetDataTypeName(band.GetRasterDataType());
    info.band_count = dataset->GetRasterCount();
    info.driver = dataset->GetDriver()->GetDescription();
    return info;
}

Grid<float> read_raster_onto(const std::string& path, const GridSpec& target, Resampling method, int band_number,
                             const CancelToken& cancel) {
    if (target.rows <= 0 || target.cols <= 0 || !(target.transform.cell_size_m > 0.0))
        throw std::invalid_argument("read_raster_onto(" + path + "): the target grid is empty");
    gdal::DatasetPtr source = open_raster(path);
    const Encoding encoding = encoding_of(band_of(*source, band_number, path));
    require_fits_in_memory(target, 2, path);  // the warp's destination and the grid read from it
    gdal::DatasetPtr destination = gdal::create_mem(target, GDT_Float32);
    destination->GetRasterBand(1)->SetNoDataValue(kNaN);

    gdal::ErrorScope errors;
    TransformerPtr transformer = make_transformer(*source, *destination, path);
    std::unique_ptr<GDALWarpOptions, WarpOptionsDeleter> options(GDALCreateWarpOptions());
    options->hSrcDS = source.get();
    options->hDstDS = destination.get();
    options->eResampleAlg = to_gdal(method);
    options->eWorkingDataType = GDT_Float32;  // averages of integer heights must not be rounded
    options->nBandCount = 1;
    options->panSrcBands = cpl_array(band_number);
    options->panDstBands = cpl_array(1);
    if (encoding.nodata) options->padfSrcNoDataReal = cpl_array(*encoding.nodata);
    options->padfDstNoDataReal = cpl_array(static_cast<double>(kNaN));
    options->papszWarpOptions = CSLSetNameValue(options->papszWarpOptions, "INIT_DEST", "NO_DATA");
    options->pfnTransformer = GDALApproxTransform;
    options->pTransformerArg = transformer.get();
    options->pfnProgress = gdal::stop_when_cancelled;
    options->pProgressArg = gdal::progress_data(cancel);

    GDALWarpOperation warp;
    if (warp.Initialize(options.get()) != CE_None ||
        warp.ChunkAndWarpImage(0, 0, static_cast<int>(target.cols), static_cast<int>(target.rows)) != CE_None)
        gdal::fail(path + ": warping it onto the target grid failed", cancel);

    Grid<float> grid = gdal::read_band<float>(*destination->GetRasterBand(1), target, path);
    decode(grid, {std::nullopt, encoding.scale, encoding.offset});  // nodata is already NaN
    return grid;
}

struct RasterWindowReader::Impl {
    std::string path;
    gdal::DatasetPtr dataset;
    GDALRasterBand* band = nullptr;
    RasterInfo info;
    Encoding encoding;
    bool south_up = false;
    int block_rows = 0, block_cols = 0;
};

RasterWindowReader::RasterWindowReader(const std::string& path, int band_number) : impl_(std::make_unique<Impl>()) {
    impl_->path = path;
    impl_->dataset = open_raster(path);
    impl_->band = &band_of(*impl_->dataset, band_number, path);
    const FileGrid file = file_grid_of(*impl_->dataset, path);
    impl_->south_up = file.south_up;
    impl_->encoding = encoding_of(*impl_->band);
    impl_->info = {file.spec, impl_->encoding.nodata, GDALGetDataTypeName(impl_->band->GetRasterDataType()),
                   impl_->dataset->GetRasterCount(), impl_->dataset->GetDriver()->GetDescription()};
    impl_->band->GetBlockSize(&impl_->block_cols, &impl_->block_rows);
}

RasterWindowReader::~RasterWindowReader() = default;
const RasterInfo& RasterWindowReader::info() const { return impl_->info; }
index_t RasterWindowReader::block_rows() const { return impl_->block_rows; }
index_t RasterWindowReader::block_cols() const { return impl_->block_cols; }

void RasterWindowReader::read(index_t row0, index_t col0, GridView<float> out) {
    const GridSpec& spec = impl_->info.spec;
    if (row0 < 0 || col0 < 0 || row0 + out.rows() > spec.rows || col0 + out.cols() > spec.cols || out.empty())
        throw std::invalid_argument(
            fmt::format("RasterWindowReader({}): window {} x {} at row {}, column {} leaves the "
                        "{} x {} grid",
                        impl_->path, out.rows(), out.cols(), row0, col0, spec.rows, spec.cols));
    // A south-up file holds row r of the grid as its row rows − 1 − r: read the mirrored window, then flip it.
    const index_t file_row0 = impl_->south_up ? spec.rows - row0 - out.rows() : row0;
    gdal::ErrorScope errors;
    const auto float_bytes = static_cast<GSpacing>(sizeof(float));
    if (impl_->band->RasterIO(GF_Read, static_cast<int>(col0), static_cast<int>(file_row0),
                              static_cast<int>(out.cols()), static_cast<int>(out.rows()), out.data(),
                              static_cast<int>(out.cols()), static_cast<int>(out.rows()), GDT_Float32, float_bytes,
                              float_bytes * out.row_stride(), nullptr) != CE_None)
        gdal::fail(fmt::format("{}: reading rows {} to {} failed", impl_->path, row0, row0 + out.rows() - 1));
    if (impl_->south_up)
        for (index_t top = 0, bottom = out.rows() - 1; top < bottom; ++top, --bottom)
            std::swap_ranges(out.row(top), out.row(top) + out.cols(), out.row(bottom));
    for (index_t r = 0; r < out.rows(); ++r) decode(out.row(r), static_cast<std::size_t>(out.cols()), impl_->encoding);
}

struct TiledRasterWriter::Impl {
    std::unique_ptr<AtomicOutput> output;
    gdal::DatasetPtr dataset;
    GridSpec spec;
    std::vector<float> buffer;
    bool integer_cells = false;
    void check_window(index_t row0, index_t col0, index_t rows, index_t cols) const;
    void write(index_t row0, index_t col0, index_t rows, index_t cols, void* values, GDALDataType type);
};

TiledRasterWriter::TiledRasterWriter(const std::string& path, const GridSpec& spec, const WriteOptions& options,
                                     bool integer_cells)
    : impl_(std::make_unique<Impl>()) {
    impl_->integer_cells = integer_cells;
    gdal::ensure_registered();
    impl_->spec = spec;
    impl_->output = std::make_unique<AtomicOutput>(path);
    CPLStringList create;
    create.SetNameValue("TILED", "YES");
    create.SetNameValue("BLOCKXSIZE", "256");
    create.SetNameValue("BLOCKYSIZE", "256");
    // DEFLATE at its fastest level and without a predictor: depth maps are mostly zeros, which the floating-point
    // predictor only scrambles (on the Zundert fill depth: half the size, twice as fast as PREDICTOR=3, level 6).
    create.SetNameValue("COMPRESS", "DEFLATE");
    create.SetNameValue("ZLEVEL", "1");
    create.SetNameValue("NUM_THREADS", "ALL_CPUS");  // blocks are compressed by GDAL's workers, beside the caller
    create.SetNameValue("BIGTIFF", "IF_SAFER");
    create.SetNameValue("SPARSE_OK", "TRUE");
    gdal::ErrorScope errors;
    GDALDriver* gtiff = GetGDALDriverManager()->GetDriverByName("GTiff");
    if (gtiff == nullptr) throw std::runtime_error("GDAL has no GTiff driver");
    impl_->dataset.reset(gtiff->Create(impl_->output->temp_path().c_str(), static_cast<int>(spec.cols),
                                       static_cast<int>(spec.rows), 1, integer_cells ? GDT_Int32 : GDT_Float32,
                                       create.List()));
    if (!impl_->dataset) gdal::fail(path + ": cannot create the GeoTIFF (check the folder and free disk space)");
    const GeoTransform& t = spec.transform;
    double geotransform[6] = {t.origin_x, t.cell_size_m, 0.0, t.origin_y, 0.0, -t.cell_size_m};
    impl_->dataset->SetGeoTransform(geotransform);
    const OGRSpatialReference srs = gdal::srs_from_definition(spec.crs_wkt);
    impl_->dataset->SetSpatialRef(&srs);
    GDALRasterBand& band = *impl_->dataset->GetRasterBand(1);
    if (!integer_cells)
        band.SetNoDataValue(kFloatNodata);
    else if (options.nodata)
        band.SetNoDataValue(*options.nodata);
    if (!options.band_description.empty()) band.SetDescription(options.band_description.c_str());
    if (!options.unit.empty()) band.SetUnitType(options.unit.c_str());
    for (const auto& [key, value] : options.metadata) impl_->dataset->SetMetadataItem(key.c_str(), value.c_str());
}

TiledRasterWriter::~TiledRasterWriter() = default;  // without commit(): the dataset closes, AtomicOutput removes it

void TiledRasterWriter::Impl::check_window(index_t row0, index_t col0, index_t rows, index_t cols) const {
    if (!dataset) throw std::logic_error("TiledRasterWriter::write after commit()");
    if (row0 < 0 || col0 < 0 || row0 + rows > spec.rows || col0 + cols > spec.cols)
        throw std::invalid_argument("TiledRasterWriter::write: the window leaves the grid");
}

void TiledRasterWriter::Impl::write(index_t row0, index_t col0, index_t rows, index_t cols, void* values,
                                    GDALDataType type) {
    gdal::ErrorScope errors;
    if (dataset->GetRasterBand(1)->RasterIO(
            GF_Write, static_cast<int>(col0), static_cast<int>(row0), static_cast<int>(cols), static_cast<int>(rows),
            values, static_cast<int>(cols), static_cast<int>(rows), type, 0, 0, nullptr) != CE_None)
        gdal::fail(output->final_path().string() + ": writing failed (check free disk space)");
}

void TiledRasterWriter::write(index_t row0, index_t col0, GridView<const float> values) {
    impl_->check_window(row0, col0, values.rows(), values.cols());
    if (impl_->integer_cells) throw std::logic_error("TiledRasterWriter: float cells written to an Int32 file");
    impl_->buffer.resize(static_cast<std::size_t>(values.size()));
    for (index_t r = 0; r < values.rows(); ++r) {
        float* row = impl_->buffer.data() + r * values.cols();
        std::copy_n(values.row(r), values.cols(), row);
        std::replace_if(
            row, row + values.cols(), [](float v) { return std::isnan(v); }, kFloatNodata);
    }
    impl_->write(row0, col0, values.rows(), values.cols(), impl_->buffer.data(), GDT_Float32);
}

void TiledRasterWriter::write(index_t row0, index_t col0, GridView<const std::int32_t> values) {
    impl_->check_window(row0, col0, values.rows(), values.cols());
    if (!impl_->integer_cells) throw std::logic_error("TiledRasterWriter: int32 cells written to a Float32 file");
    std::vector<std::int32_t> packed(static_cast<std::size_t>(values.size()));  // contiguous rows for GDAL
    for (index_t r = 0; r < values.rows(); ++r)
        std::copy_n(values.row(r), values.cols(), packed.data() + r * values.cols());
    impl_->write(row0, col0, values.rows(), values.cols(), packed.data(), GDT_Int32);
}

void TiledRasterWriter::commit() {
    gdal::ErrorScope errors;
    CPLErrorReset();
    impl_->dataset.reset();  // closing flushes every block
    if (CPLGetLastErrorType() >= CE_Failure)
        gdal::fail(impl_->output->final_path().string() + ": writing the GeoTIFF failed (check free disk space)");
    impl_->output->commit();
}

GridSpec coarsened_spec(const GridSpec& source, double cell_size_m) {
    const double source_cell = source.transform.cell_size_m;
    if (!std::isfinite(cell_size_m) || cell_size_m < source_cell * (1.0 - kRelativeTolerance))
        throw InputError(
            fmt::format("cell size {} m cannot coarsen a grid with {} m cells; choose a cell size of at "
                        "least {} m",
                        cell_size_m, source_cell, source_cell));
    GridSpec result = source;
    result.transform.cell_size_m = cell_size_m;
    result.rows = cells_covering(static_cast<double>(source.rows) * source_cell, cell_size_m);
    result.cols = cells_covering(static_cast<double>(source.cols) * source_cell, cell_size_m);
    return result;
}

GridSpec cropped_spec(const GridSpec& source, double min_x, double min_y, double max_x, double max_y) {
    if (!(min_x < max_x && min_y < max_y))
        throw InputError(
            fmt::format("crop window x {} to {}, y {} to {} is empty; give min_x < max_x and "
                        "min_y < max_y",
                        min_x, max_x, min_y, max_y));
    const GeoTransform& t = source.transform;
    const double cell = t.cell_size_m;
    const index_t first_col = clamped_index(std::floor((min_x - t.origin_x) / cell + kRelativeTolerance), source.cols);
    const index_t end_col = clamped_index(std::ceil((max_x - t.origin_x) / cell - kRelativeTolerance), source.cols);
    const index_t first_row = clamped_index(std::floor((t.origin_y - max_y) / cell + kRelativeTolerance), source.rows);
    const index_t end_row = clamped_index(std::ceil((t.origin_y - min_y) / cell - kRelativeTolerance), source.rows);
    if (end_col <= first_col || end_row <= first_row)
        throw InputError(
            fmt::format("crop window x {} to {}, y {} to {} does not overlap the grid (x {} to {}, y {} "
                        "to {}); check the window's coordinates and CRS",
                        min_x, max_x, min_y, max_y, source.min_x(), source.max_x(), source.min_y(), source.max_y()));
    GridSpec result = source;
    result.rows = end_row - first_row;
    result.cols = end_col - first_col;
    result.transform.origin_x = t.origin_x + static_cast<double>(first_col) * cell;
    result.transform.origin_y = t.origin_y - static_cast<double>(first_row) * cell;
    return result;
}

void require_metric_crs(const GridSpec& spec, std::string_view name) {
    const OGRSpatialReference srs = gdal::srs_from_definition(spec.crs_wkt);
    const bool metric = srs.IsProjected() && std::fabs(srs.GetLinearUnits() - 1.0) < 1e-9;
    if (!metric) {
        throw InputError(fmt::format(
            "{} is in {}, which is not a projected CRS in metres; the flood engine needs metres. Reproject it, "
            "e.g. gdalwarp -t_srs EPSG:28992 -tr 5 5 <in> <out>, or give --resolution so it is resampled onto "
            "an RD New grid",
            name, gdal::describe(srs)));
    }
}

std::string describe_crs(const std::string& crs_wkt) { return gdal::describe(gdal::srs_from_definition(crs_wkt)); }

void require_declared_crs(const GridSpec& spec, std::string_view name) {
    if (!spec.crs_wkt.empty()) return;
    throw InputError(
        fmt::format("{} has no coordinate reference system; Waternet does not guess one. Give the file its "
                    "CRS (e.g. gdal_edit.py -a_srs EPSG:28992 <file>) or say which it is with "
                    "--assume-crs EPSG:28992",
                    name));
}

std::string crs_wkt_from_user(const std::string& definition) {
    if (definition.empty()) throw InputError("an empty CRS was given; name one, e.g. EPSG:28992");
    try {
        return gdal::to_wkt(gdal::srs_from_definition(definition));
    } catch (const InputError&) {
        throw InputError("'" + definition +
                         "' is not a coordinate reference system GDAL/PROJ knows; use e.g. "
                         "EPSG:28992 (RD New)");
    }
}

bool looks_like_degrees(const std::string& crs_wkt, double min_x, double min_y, double max_x, double max_y) {
    const OGRSpatialReference srs = gdal::srs_from_definition(crs_wkt);
    return srs.IsProjected() && min_x >= -180.0 && max_x <= 180.0 && min_y >= -90.0 && max_y <= 90.0;
}

void require_model_cell_size(const GridSpec& spec, std::string_view name) {
    const double cell = spec.transform.cell_size_m;
    if (cell >= kMinModelCellSizeM && cell <= kMaxModelCellSizeM) return;
    std::string hint;
    if (looks_like_degrees(spec.crs_wkt, spec.min_x(), spec.min_y(), spec.max_x(), spec.max_y()))
        hint = fmt::format(
            " Its coordinates (x {:g} .. {:g}, y {:g} .. {:g}) look like degrees (longitude, latitude), "
            "though its CRS, {}, is in metres: give it its real CRS (gdal_edit.py -a_srs EPSG:4326) and "
            "resample it (gdalwarp -t_srs EPSG:28992 -tr 5 5).",
            spec.min_x(), spec.max_x(), spec.min_y(), spec.max_y(), describe_crs(spec.crs_wkt));
    throw InputError(fmt::format("{} has cells of {:g} m; the models need a cell size of {:g} to {:g} m.{}", name, cell,
                                 kMinModelCellSizeM, kMaxModelCellSizeM, hint));
}

void check_aligned(const GridSpec& reference, const GridSpec& other, std::string_view reference_name,
                   std::string_view other_name) {
    std::vector<std::string> differences;
    const OGRSpatialReference reference_srs = gdal::srs_from_definition(reference.crs_wkt);
    const OGRSpatialReference other_srs = gdal::srs_from_definition(other.crs_wkt);
    if (!reference_srs.IsSame(&other_srs))
        differences.push_back(fmt::format("CRS differs ({} is in {}, {} is in {})", reference_name,
                                          gdal::describe(reference_srs), other_name, gdal::describe(other_srs)));
    const GeoTransform& r = reference.transform;
    const GeoTransform& o = other.transform;
    const double tolerance = kRelativeTolerance * r.cell_size_m;
    if (std::abs(o.cell_size_m - r.cell_size_m) > tolerance)
        differences.push_back(fmt::format("cell size differs ({} has {} m cells, {} has {} m cells)", reference_name,
                                          r.cell_size_m, other_name, o.cell_size_m));
    const double dx = o.origin_x - r.origin_x;
    const double dy = o.origin_y - r.origin_y;
    if (std::abs(dx) > tolerance || std::abs(dy) > tolerance)
        differences.push_back(fmt::format("origin shifted by ({:.9g}, {:.9g}) m = ({:.6g}, {:.6g}) cells", dx, dy,
                                          dx / r.cell_size_m, dy / r.cell_size_m));
    if (other.rows != reference.rows || other.cols != reference.cols)
        differences.push_back(fmt::format("extent differs ({} is {} x {} cells, {} is {} x {} cells; rows x columns)",
                                          reference_name, reference.rows, reference.cols, other_name, other.rows,
                                          other.cols));
    if (differences.empty()) return;

    const char* authority = reference_srs.GetAuthorityName(nullptr);
    const char* code = reference_srs.GetAuthorityCode(nullptr);
    const std::string target_srs = authority && code ? fmt::format("-t_srs {}:{} ", authority, code) : "";
    throw InputError(
        fmt::format("{} is not aligned with {}: {}. Resample {} onto the grid of {}, e.g. gdalwarp "
                    "{}-te {} {} {} {} -tr {} {} -r bilinear <{}> aligned.tif",
                    other_name, reference_name, fmt::join(differences, "; "), other_name, reference_name, target_srs,
                    reference.min_x(), reference.min_y(), reference.max_x(), reference.max_y(), r.cell_size_m,
                    r.cell_size_m, other_name));
}

void write_cog(const std::string& path, GridView<const float> values, const GridSpec& spec,
               const WriteOptions& options) {
    write_cog_impl(path, values, spec, options);
}

void write_cog(const std::string& path, GridView<const std::uint8_t> values, const GridSpec& spec,
               const WriteOptions& options) {
    write_cog_impl(path, values, spec, options);
}

void write_cog(const std::string& path, GridView<const std::int32_t> values, const GridSpec& spec,
               const WriteOptions& options) {
    write_cog_impl(path, values, spec, options);
}

}  // namespace wn
