#include "waternet/server/point_query.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "waternet/render/legend.hpp"

namespace wn::server {

namespace {

std::optional<double> value_at(const RasterData& data, double x, double y) {
    const GridSpec& spec = data.values.spec();
    const index_t r = spec.transform.row_of(y), c = spec.transform.col_of(x);
    if (!spec.contains_cell(r, c)) return std::nullopt;
    const float v = data.values(r, c);
    if (std::isnan(v)) return std::nullopt;
    return v;
}

bool covers(const RasterData& data, double x, double y) {
    const GridSpec& s = data.values.spec();
    return x >= s.min_x() && x < s.max_x() && y > s.min_y() && y <= s.max_y();
}

// Folds one code point (Latin-1 Supplement and Latin Extended-A, where Dutch names live) to ASCII.
std::string fold_code_point(char32_t cp) {
    if (cp < 0x80) {
        char ch = static_cast<char>(cp);
        if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
        return std::string(1, ch);
    }
    if (cp == 0x132 || cp == 0x133) return "ij";
    if (cp == 0xDF) return "ss";
    if (cp == 0xC6 || cp == 0xE6) return "ae";
    if (cp == 0x152 || cp == 0x153) return "oe";
    struct Range {
        char32_t from, to;
        char letter;
    };
    static constexpr Range kRanges[] = {
        {0xC0, 0xC5, 'a'},   {0xC7, 0xC7, 'c'},   {0xC8, 0xCB, 'e'},   {0xCC, 0xCF, 'i'},   {0xD1, 0xD1, 'n'},
        {0xD2, 0xD6, 'o'},   {0xD8, 0xD8, 'o'},   {0xD9, 0xDC, 'u'},   {0xDD, 0xDD, 'y'},   {0xE0, 0xE5, 'a'},
        {0xE7, 0xE7, 'c'},   {0xE8, 0xEB, 'e'},   {0xEC, 0xEF, 'i'},   {0xF1, 0xF1, 'n'},   {0xF2, 0xF6, 'o'},
        {0xF8, 0xF8, 'o'},   {0xF9, 0xFC, 'u'},   {0xFD, 0xFF, 'y'},   {0x100, 0x105, 'a'}, {0x106, 0x10D, 'c'},
        {0x10E, 0x111, 'd'}, {0x112, 0x11B, 'e'}, {0x11C, 0x123, 'g'}, {0x124, 0x127, 'h'}, {0x128, 0x131, 'i'},
        {0x134, 0x135, 'j'}, {0x136, 0x138, 'k'}, {0x139, 0x142, 'l'}, {0x143, 0x14B, 'n'}, {0x14C, 0x151, 'o'},
        {0x154, 0x159, 'r'}, {0x15A, 0x161, 's'}, {0x162, 0x167, 't'}, {0x168, 0x173, 'u'}, {0x174, 0x175, 'w'},
        {0x176, 0x178, 'y'}, {0x179, 0x17E, 'z'},
    };
    for (const Range& r : kRanges)
        if (cp >= r.from && cp <= r.to) return std::string(1, r.letter);
    return "";  // other scripts and symbols do not take part in matching
}

int kind_rank(const std::string& kind) { return kind == "municipality" ? 1 : 0; }

}  // namespace

std::string fold_for_search(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        const auto b = static_cast<unsigned char>(s[i]);
        char32_t cp = b;
        std::size_t len = 1;
        if (b >= 0xC0 && b < 0xE0 && i + 1 < s.size())
            cp = ((b & 0x1F) << 6) | (s[i + 1] & 0x3F), len = 2;
        else if (b >= 0xE0 && b < 0xF0 && i + 2 < s.size())
            cp = ((b & 0x0F) << 12) | ((s[i + 1] & 0x3F) << 6) | (s[i + 2] & 0x3F), len = 3;
        else if (b >= 0xF0 && i + 3 < s.size())
            len = 4, cp = 0xFFFD;
        else if (b >= 0x80)
            cp = 0xFFFD;  // stray continuation byte
        out += fold_code_point(cp);
        i += len;
    }
    return out;
}

std::vector<PointValue> query_point(const Catalogue& catalogue, double x, double y, bool include_partner) {
    std::vector<PointValue> out;
    if (!std::isfinite(x) || !std::isfinite(y)) return out;
    for (const Layer& layer : catalogue.manifest().layers) {
        if (layer.partner_only && !include_partner) continue;
        const RasterData& data = catalogue.raster(layer);
        if (!covers(data, x, y)) continue;
        PointValue pv{&layer, &catalogue.area_of(layer), value_at(data, x, y), -1, std::nullopt, 0.0};
        if (pv.value) pv.class_index = render::legend(layer.legend).class_of(*pv.value);
        const RasterData* heights = catalogue.terrain_heights(layer);
        if (heights) pv.terrain_m = value_at(*heights, x, y);
        if (pv.area->regional()) {  // coarse data, coarse claims
            pv.rounded_to = heights ? kRegionalTerrainStepM : kRegionalValueStep;
            auto rounded = [&](double v) { return std::round(v / pv.rounded_to) * pv.rounded_to; };
            if (heights && pv.terrain_m) pv.terrain_m = rounded(*pv.terrain_m);
            if (!heights && pv.value) pv.value = rounded(*pv.value);
        }
        out.push_back(pv);
    }
    return out;
}

std::vector<const Place*> search_places(const std::vector<Place>& places, std::string_view query, std::size_t limit) {
    std::string q = fold_for_search(query);
    q.erase(0, q.find_first_not_of(' '));
    q.erase(q.find_last_not_of(' ') + 1);
    std::vector<const Place*> out;
    if (q.empty() || limit == 0) return out;
    struct Hit {
        const Place* place;
        bool prefix;
        std::size_t length;
    };
    std::vector<Hit> hits;
    for (const Place& p : places) {
        const std::string name = fold_for_search(p.name);
        const std::size_t at = name.find(q);
        if (at != std::string::npos) hits.push_back({&p, at == 0, name.size()});
    }
    std::stable_sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) {
        if (a.prefix != b.prefix) return a.prefix;
        return a.length < b.length;
    });
    for (std::size_t i = 0; i < hits.size() && i < limit; ++i) out.push_back(hits[i].place);
    return out;
}

const Place* nearest_place(const std::vector<Place>& places, double x, double y, double max_distance_m) {
    const Place* best = nullptr;
    double best_d = std::numeric_limits<double>::infinity();
    int best_rank = 2;
    for (const Place& p : places) {
        const double d = std::hypot(p.x - x, p.y - y);
        if (d > max_distance_m) continue;
        const int rank = kind_rank(p.kind);
        if (rank < best_rank || (rank == best_rank && d < best_d)) best = &p, best_d = d, best_rank = rank;
    }
    return best;
}

}  // namespace wn::server
