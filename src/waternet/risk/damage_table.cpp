#include "waternet/risk/damage_table.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <optional>
#include <sstream>
#include <stdexcept>

#include "waternet/core/error.hpp"
#include "waternet/core/text.hpp"
#include "waternet/io/csv_table.hpp"

namespace wn::risk {

namespace fs = std::filesystem;

namespace {

std::string number_text(double v) {
    std::ostringstream out;
    out << v;
    return out.str();
}

[[noreturn]] void fail_at(const fs::path& path, int line, const std::string& problem) {
    throw InputError("damage table " + path.string() + ", line " + std::to_string(line) + ": " + problem);
}

// ---- Validation shared by the CSV loader and from_classes: each check returns what is wrong, or "".

std::string value_problem(double v) {
    if (!std::isfinite(v)) return "is not a finite number";
    if (v < 0.0) return number_text(v) + " is negative (damage and damage factors cannot be negative)";
    return {};
}

struct FieldRef {
    std::string_view column;
    double value;
};

// Every numeric field of a class with its column name, in file order.
std::vector<FieldRef> numeric_fields(const DamageClass& c) {
    std::vector<FieldRef> out{{"max_direct_eur_per_m2", c.max_direct_eur_per_m2},
                              {"indirect_eur_per_m2_per_day", c.indirect_eur_per_m2_per_day}};
    for (std::size_t i = 0; i < c.gamma_depth.size(); ++i) out.push_back({kDepthColumns[i], c.gamma_depth[i]});
    for (std::size_t i = 0; i < c.gamma_duration.size(); ++i) out.push_back({kDurationColumns[i], c.gamma_duration[i]});
    for (std::size_t i = 0; i < c.gamma_month.size(); ++i) out.push_back({kMonthColumns[i], c.gamma_month[i]});
    return out;
}

}  // namespace

double interpolate_clamped(std::span<const double> x, std::span<const double> y, double at) {
    if (std::isnan(at)) return std::numeric_limits<double>::quiet_NaN();
    if (at <= x.front()) return y.front();
    if (at >= x.back()) return y.back();
    std::size_t i = 1;
    while (at > x[i]) ++i;  // x[i-1] < at <= x[i]
    const double f = (at - x[i - 1]) / (x[i] - x[i - 1]);
    return y[i - 1] + f * (y[i] - y[i - 1]);
}

double DamageClass::gamma_depth_at(double depth_m) const {
    return interpolate_clamped(kWssDepthBreakpoints_m, gamma_depth, depth_m);
}

double DamageClass::gamma_duration_at(double duration_h) const {
    return interpolate_clamped(kWssDurationBreakpoints_h, gamma_duration, duration_h);
}

double DamageClass::gamma_month_of(int month) const {
    if (month < 1 || month > 12)
        throw std::logic_error("gamma_month_of: month " + std::to_string(month) + " outside 1..12");
    return gamma_month[static_cast<std::size_t>(month - 1)];
}

DamageTable DamageTable::from_classes(std::vector<DamageClass> classes) {
    if (classes.empty()) throw InputError("damage table: no classes");
    DamageTable table;
    for (std::size_t i = 0; i < classes.size(); ++i) {
        DamageClass& c = classes[i];
        const std::string who = "damage class \"" + c.name + "\" (code " + std::to_string(c.code) + ")";
        if (trim(c.name).empty()) throw InputError("damage class with code " + std::to_string(c.code) + " has no name");
        if (c.code == 0) throw InputError(who + ": code 0 is reserved for \"no land use\"; use 1..255");
        for (const FieldRef& f : numeric_fields(c))
            if (const std::string p = value_problem(f.value); !p.empty())
                throw InputError(who + ", " + std::string(f.column) + ": " + p);
        if (table.index_of_code_[c.code] >= 0)
            throw InputError(who + ": code " + std::to_string(c.code) + " is used twice");
        if (table.has_class(c.name)) throw InputError(who + ": the name is used twice");
        table.index_of_code_[c.code] = static_cast<int>(i);
        table.classes_.push_back(c);
    }
    return table;
}

DamageTable DamageTable::load_csv(const fs::path& path) {
    const CsvTable file = read_csv_table(path, "damage table");  // io/csv_table.hpp: header, quotes, BOM, lines
    auto require = [&](std::string_view name) {
        const auto col = file.column(name);
        if (!col) fail_at(path, file.header_line, "missing column \"" + std::string(name) + "\"");
        return *col;
    };
    const std::size_t code_col = require("code");
    const std::size_t class_col = require("class");
    const std::size_t direct_col = require("max_direct_eur_per_m2");
    const std::size_t indirect_col = require("indirect_eur_per_m2_per_day");
    std::array<std::size_t, kDepthColumns.size()> depth_cols{};
    std::array<std::size_t, 5> duration_cols{};
    std::array<std::size_t, 12> month_cols{};
    for (std::size_t i = 0; i < depth_cols.size(); ++i) depth_cols[i] = require(kDepthColumns[i]);
    for (std::size_t i = 0; i < duration_cols.size(); ++i) duration_cols[i] = require(kDurationColumns[i]);
    for (std::size_t i = 0; i < month_cols.size(); ++i) month_cols[i] = require(kMonthColumns[i]);
    const auto description_col = file.column("description");
    if (file.rows.empty()) throw InputError("damage table " + path.string() + " has a header but no classes");

    auto where = [&](std::size_t col) { return "column " + std::to_string(col + 1) + " (" + file.header[col] + ")"; };
    auto number = [&](const CsvRow& row, std::size_t col) {
        const std::string& text = row.fields[col];
        if (text.empty()) fail_at(path, row.line, where(col) + " is empty");
        double v = 0.0;
        const char* end = text.data() + text.size();
        const auto [ptr, ec] = std::from_chars(text.data(), end, v);
        if (ec != std::errc() || ptr != end) fail_at(path, row.line, where(col) + ": \"" + text + "\" is not a number");
        if (const std::string p = value_problem(v); !p.empty()) fail_at(path, row.line, where(col) + ": " + p);
        return v;
    };

    std::vector<DamageClass> classes;
    std::vector<int> line_of;
    for (const CsvRow& row : file.rows) {
        DamageClass c;
        const std::string& code_text = row.fields[code_col];
        int code = -1;
        const char* end = code_text.data() + code_text.size();
        const auto [ptr, ec] = std::from_chars(code_text.data(), end, code);
        if (code_text.empty() || ec != std::errc() || ptr != end)
            fail_at(path, row.line, where(code_col) + ": \"" + code_text + "\" is not a whole number");
        if (code < 1 || code > 255)
            fail_at(path, row.line,
                    where(code_col) + ": code " + code_text + " is outside 1..255 (0 means no land use)");
        c.code = static_cast<std::uint8_t>(code);
        c.name = row.fields[class_col];
        if (c.name.empty()) fail_at(path, row.line, where(class_col) + " is empty");
        if (description_col) c.description = row.fields[*description_col];
        c.max_direct_eur_per_m2 = number(row, direct_col);
        c.indirect_eur_per_m2_per_day = number(row, indirect_col);
        for (std::size_t i = 0; i < depth_cols.size(); ++i) c.gamma_depth[i] = number(row, depth_cols[i]);
        for (std::size_t i = 0; i < duration_cols.size(); ++i) c.gamma_duration[i] = number(row, duration_cols[i]);
        for (std::size_t i = 0; i < month_cols.size(); ++i) c.gamma_month[i] = number(row, month_cols[i]);
        for (std::size_t k = 0; k < classes.size(); ++k) {
            if (classes[k].code == c.code)
                fail_at(path, row.line,
                        where(code_col) + ": code " + std::to_string(code) + " is also used on line " +
                            std::to_string(line_of[k]));
            if (lowercase(classes[k].name) == lowercase(c.name))
                fail_at(path, row.line,
                        where(class_col) + ": class \"" + c.name + "\" is also on line " + std::to_string(line_of[k]));
        }
        classes.push_back(std::move(c));
        line_of.push_back(row.line);
    }
    return from_classes(std::move(classes));
}

bool DamageTable::has_class(std::string_view name) const {
    const std::string wanted = lowercase(trim(name));
    return std::any_of(classes_.begin(), classes_.end(),
                       [&](const DamageClass& c) { return lowercase(c.name) == wanted; });
}

std::uint8_t DamageTable::code_of(std::string_view name) const {
    const std::string wanted = lowercase(trim(name));
    for (const DamageClass& c : classes_)
        if (lowercase(c.name) == wanted) return c.code;
    std::string names;
    for (const DamageClass& c : classes_) names += (names.empty() ? "" : ", ") + c.name;
    throw InputError("the damage table has no class \"" + std::string(name) + "\"; it has: " + names);
}

std::uint8_t bag_use_code(const DamageTable& table, std::string_view gebruiksdoel) {
    std::string use = lowercase(trim(gebruiksdoel));
    if (use == "overige gebruiksfunctie") use = "overig";
    if (use.size() > 7 && use.ends_with("functie")) use.resize(use.size() - 7);
    for (const std::string_view known : damage_class::kBagUseFunctions)
        if (use == known) return table.code_of(known);
    std::string valid;
    for (const std::string_view known : damage_class::kBagUseFunctions)
        valid += (valid.empty() ? "" : ", ") + std::string(known) + (known == "overig" ? "" : "functie");
    throw InputError("unknown BAG use function \"" + std::string(gebruiksdoel) + "\"; valid are: " + valid +
                     ", overige gebruiksfunctie");
}

std::array<std::uint8_t, 256> land_cover_to_damage_codes(const DamageTable& table) {
    std::array<std::uint8_t, 256> lut{};
    lut[1] = table.code_of(damage_class::kPaved);
    lut[3] = table.code_of(damage_class::kUnpaved);
    lut[4] = table.code_of(damage_class::kGrass);
    lut[5] = table.code_of(damage_class::kTrees);
    lut[6] = table.code_of(damage_class::kWater);
    lut[7] = table.code_of(damage_class::kAgriculture);
    lut[8] = table.code_of(damage_class::kUnpaved);
    lut[9] = table.code_of(damage_class::kPaved);
    return lut;
}

void map_codes(GridView<const std::uint8_t> in, const std::array<std::uint8_t, 256>& lut, GridView<std::uint8_t> out) {
    if (in.rows() != out.rows() || in.cols() != out.cols())
        throw InputError("map_codes: the input and output grids differ in shape");
#pragma omp parallel for schedule(static)  // cell by cell: the same for any thread count
    for (index_t r = 0; r < in.rows(); ++r) {
        const std::uint8_t* src = in.row(r);
        std::uint8_t* dst = out.row(r);
        for (index_t c = 0; c < in.cols(); ++c) dst[c] = lut[src[c]];
    }
}

}  // namespace wn::risk
