#include "waternet/fetch/sources.hpp"
#include "waternet/io/toml_text.hpp"

#include <fmt/format.h>

#include <toml++/toml.h>
#include <cctype>
#include <set>

#include "waternet/core/error.hpp"
#include "waternet/io/text_file.hpp"

namespace wn::fetch {

std::string fill_template(std::string_view text, const std::vector<std::pair<std::string, std::string>>& values,
                          std::string_view what) {
    std::string out;
    for (std::size_t i = 0; i < text.size();) {
        if (text[i] != '{') {
            out += text[i++];
            continue;
        }
        const std::size_t close = text.find('}', i);
        if (close == std::string_view::npos)
            throw InputError(fmt::format("{}: '{{' without '}}' in \"{}\"", what, text));
        const std::string_view name = text.substr(i + 1, close - i - 1);
        bool found = false;
        for (const auto& [key, value] : values)
            if (key == name) out += value, found = true;
        if (!found) {
            std::string known;
            for (const auto& [key, value] : values) known += (known.empty() ? "{" : ", {") + key + "}";
            throw InputError(fmt::format("{}: unknown placeholder {{{}}} in \"{}\" (known here: {})", what, name, text,
                                         known.empty() ? "none" : known));
        }
        i = close + 1;
    }
    return out;
}

namespace {

// One [[source]] table being read; errors are "file:line:col: source[i].key: problem".
class SourceReader {
public:
    SourceReader(const toml::table& table, std::string prefix, std::string file)
        : table_(table), prefix_(std::move(prefix)), file_(std::move(file)) {}

    [[noreturn]] void fail(const std::string& key, const std::string& problem) const {
        const toml::node* node = table_.get(key);
        const toml::source_region& where = node ? node->source() : table_.source();
        throw InputError(
            fmt::format("{}:{}:{}: {}.{}: {}", file_, where.begin.line, where.begin.column, prefix_, key, problem));
    }
    std::string text(const std::string& key, bool required) {
        used_.insert(key);
        const toml::node* node = table_.get(key);
        if (!node) {
            if (required) fail(key, "is required (see docs/data-fetch.md)");
            return {};
        }
        if (!node->is_string()) fail(key, "must be text (in quotes)");
        std::string value = **node->as_string();
        if (required && value.empty()) fail(key, "must not be empty");
        return value;
    }
    std::optional<double> number(const std::string& key, double min, double max) {
        used_.insert(key);
        const toml::node* node = table_.get(key);
        if (!node) return std::nullopt;
        const TomlNumberCheck number = toml_number_in(*node, min, max);
        if (!number.problem.empty()) fail(key, number.problem);
        return number.value;
    }
    // A template checked by filling it with the placeholders that `key` may use.
    void check_template(const std::string& key, const std::string& value,
                        const std::vector<std::pair<std::string, std::string>>& allowed) const {
        try {
            fill_template(value, allowed, "template");
        } catch (const InputError& e) {
            fail(key, e.what());
        }
    }
    // Only the web: a services file (or a tile index) that names file://, ftp:// or another scheme is refused here,
    // with its line, rather than at download time as an "unreachable service" (the transfers allow http(s) only).
    void check_web_url(const std::string& key, const std::string& value) const {
        if (!(value.starts_with("http://") || value.starts_with("https://")))
            fail(key, "must be an http:// or https:// address (got \"" + value + "\")");
    }
    void check_relative_path(const std::string& key, const std::string& value) const {
        const std::filesystem::path path(value);
        if (path.is_absolute()) fail(key, "must be a path relative to the data folder (--out), not " + value);
        for (const auto& part : path)
            if (part == "..") fail(key, "must stay inside the data folder (no '..'): " + value);
    }
    void finish() const {
        for (auto&& [key, node] : table_)
            if (!used_.contains(std::string(key.str())))
                throw InputError(
                    fmt::format("{}:{}:{}: {}.{}: unknown setting (check the spelling; see docs/data-fetch.md)", file_,
                                key.source().begin.line, key.source().begin.column, prefix_, key.str()));
    }

private:
    const toml::table& table_;
    std::string prefix_;
    std::string file_;
    std::set<std::string> used_;
};

using Placeholders = std::vector<std::pair<std::string, std::string>>;
const Placeholders kBboxUrl{{"xmin", "0"}, {"ymin", "0"},       {"xmax", "1"},
                            {"ymax", "1"}, {"startindex", "0"}, {"count", "1"}};
const Placeholders kBboxFile{{"area", "a"}, {"page", "0001"}};
const Placeholders kTile{{"tile", "t"}};

Source read_source(SourceReader& r) {
    Source s;
    s.id = r.text("id", true);
    for (char c : s.id)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-'))
            r.fail("id", "'" + s.id + "' may only use letters, digits, '-' and '_'");
    s.name = r.text("name", false);
    if (s.name.empty()) s.name = s.id;
    const std::string kind = r.text("kind", true);
    if (kind == "tiles")
        s.kind = SourceKind::tiles;
    else if (kind == "bbox")
        s.kind = SourceKind::bbox;
    else if (kind == "file")
        s.kind = SourceKind::file;
    else
        r.fail("kind", "must be \"tiles\", \"bbox\" or \"file\" (got \"" + kind + "\")");
    const std::string format = r.text("format", true);
    if (format == "raster")
        s.format = ExpectedFormat::raster;
    else if (format == "vector")
        s.format = ExpectedFormat::vector;
    else
        r.fail("format",
               "must be \"raster\" or \"vector\" (what GDAL must open after the download; got \"" + format + "\")");
    s.licence = r.text("licence", true);
    s.crs = r.text("crs", false);
    s.file = r.text("file", true);
    r.check_relative_path("file", s.file);
    s.resolution_m = r.number("resolution_m", 1e-3, 1e4);
    s.join = r.text("join", false);
    s.layer = r.text("layer", false);
    if (s.layer.empty()) s.layer = s.id;
    if (!s.join.empty()) {
        r.check_relative_path("join", s.join);
        r.check_template("join", s.join, s.kind == SourceKind::bbox ? Placeholders{{"area", "a"}} : Placeholders{});
        if (s.kind == SourceKind::bbox && s.join.find("{area}") == std::string::npos)
            r.fail("join", "must contain {area}: every area gets its own joined file");
        const std::string extension = std::filesystem::path(s.join).extension().string();
        if (s.format == ExpectedFormat::raster && extension != ".vrt")
            r.fail("join", "raster tiles are joined into a .vrt");
        if (s.format == ExpectedFormat::vector && extension != ".gpkg")
            r.fail("join", "vector files are joined into a .gpkg");
    }
    const std::string paging = r.text("paging", false);
    if (paging.empty() || paging == "none")
        s.paging = Paging::none;
    else if (paging == "startindex")
        s.paging = Paging::startindex;
    else if (paging == "next-link")
        s.paging = Paging::next_link;
    else
        r.fail("paging", "must be \"none\", \"startindex\" or \"next-link\" (got \"" + paging + "\")");
    if (auto n = r.number("page_size", 1, 1e6)) s.page_size = static_cast<int>(*n);
    if (auto n = r.number("max_pages", 1, 1e7)) s.max_pages = static_cast<int>(*n);

    switch (s.kind) {
        case SourceKind::tiles:
            s.url = r.text("url", false);
            s.index_url = r.text("index_url", true);
            r.check_web_url("index_url", s.index_url);
            s.index_file = r.text("index_file", true);
            r.check_relative_path("index_file", s.index_file);
            s.tile_field = r.text("tile_field", true);
            s.url_field = r.text("url_field", false);
            if (s.url.empty() == s.url_field.empty())
                r.fail(
                    s.url.empty() ? "url_field" : "url",
                    "give either url (a template with {tile}) or url_field (the index's field with each tile's URL)");
            if (!s.url.empty()) {
                r.check_template("url", s.url, kTile);
                r.check_web_url("url", s.url);
            }
            r.check_template("file", s.file, kTile);
            if (s.file.find("{tile}") == std::string::npos)
                r.fail("file", "must contain {tile}: every tile needs its own file");
            if (s.paging != Paging::none) r.fail("paging", "applies to bbox sources only");
            break;
        case SourceKind::bbox:
            s.url = r.text("url", true);
            r.check_template("url", s.url, kBboxUrl);
            r.check_web_url("url", s.url);
            for (const char* p : {"{xmin}", "{ymin}", "{xmax}", "{ymax}"})
                if (s.url.find(p) == std::string::npos)
                    r.fail("url", std::string("a bbox source's URL must contain ") + p +
                                      " (use kind = \"file\" for a fixed URL)");
            r.check_template("file", s.file, kBboxFile);
            if (s.file.find("{area}") == std::string::npos)
                r.fail("file", "must contain {area}: every area needs its own file");
            if (s.paging != Paging::none && s.file.find("{page}") == std::string::npos)
                r.fail("file", "a paged source's file must contain {page}");
            if (s.paging == Paging::startindex && s.url.find("{startindex}") == std::string::npos)
                r.fail("url", "startindex paging needs {startindex} in the URL");
            if (s.paging == Paging::next_link && s.format != ExpectedFormat::vector)
                r.fail("paging", "next-link paging reads GeoJSON pages: format must be \"vector\"");
            break;
        case SourceKind::file:
            s.url = r.text("url", true);
            r.check_template("url", s.url, {});
            r.check_web_url("url", s.url);
            r.check_template("file", s.file, {});
            if (s.paging != Paging::none) r.fail("paging", "applies to bbox sources only");
            break;
    }
    r.finish();
    return s;
}

}  // namespace

ServicesConfig parse_services_config(std::string_view toml_text, const std::string& source_name) {
    toml::table root = parse_toml(toml_text, source_name);
    ServicesConfig config;
    for (auto&& [key, node] : root)
        if (key.str() != "source")
            throw InputError(fmt::format("{}:{}:{}: {}: unknown setting (a services file holds [[source]] tables)",
                                         source_name, key.source().begin.line, key.source().begin.column, key.str()));
    const toml::array* array = root["source"].as_array();
    if (!array || array->empty() || !array->is_array_of_tables())
        throw InputError(source_name + ": no [[source]] tables (see docs/data-fetch.md)");
    std::set<std::string> ids;
    int index = 0;
    for (const toml::node& item : *array) {
        SourceReader reader(*item.as_table(), fmt::format("source[{}]", index++), source_name);
        Source source = read_source(reader);
        if (!ids.insert(source.id).second) reader.fail("id", "'" + source.id + "' is used by two sources");
        config.sources.push_back(std::move(source));
    }
    return config;
}

ServicesConfig read_services_config(const std::filesystem::path& file) {
    ServicesConfig config =
        parse_services_config(read_text_file(file, "services file", 4u << 20), file.filename().string());
    config.file = file;
    return config;
}

}  // namespace wn::fetch
