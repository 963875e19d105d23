#include "golden_reference.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <limits>
#include <map>
#include <sstream>

#include "waternet/io/atomic_file.hpp"
#include "waternet/io/text_file.hpp"

namespace wn::golden {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double allowed_difference(double reference, Tolerance t) { return std::max(t.abs, t.rel * std::abs(reference)); }

bool within(double reference, double now, Tolerance t) {
    if (std::isnan(reference) || std::isnan(now)) return std::isnan(reference) && std::isnan(now);
    return std::abs(now - reference) <= allowed_difference(reference, t);
}

// JSON has no NaN: it is stored as null and read back as NaN.
nlohmann::json number(double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr); }
double number(const nlohmann::json& j) { return j.is_number() ? j.get<double>() : kNaN; }

std::string show(double v) {
    if (std::isnan(v)) return "-";
    char text[32];
    std::snprintf(text, sizeof text, "%.9g", v);
    return text;
}

}  // namespace

void Figures::add(std::string name, double value, Tolerance tolerance) {
    figures_.push_back({std::move(name), value, tolerance});
}

std::vector<Difference> compare(const nlohmann::json& reference, const Figures& now) {
    const nlohmann::json& pinned = reference.at("figures");
    std::vector<Difference> differences;
    std::map<std::string, bool> seen;
    for (const Figure& f : now.all()) {
        seen[f.name] = true;
        if (!pinned.contains(f.name)) {
            differences.push_back({f.name, kNaN, f.value, 0.0, "not in the reference"});
            continue;
        }
        const double ref = number(pinned[f.name].at("value"));
        if (!within(ref, f.value, f.tolerance))
            differences.push_back({f.name, ref, f.value, allowed_difference(ref, f.tolerance), "outside tolerance"});
    }
    for (const auto& [name, entry] : pinned.items())
        if (!seen.contains(name))
            differences.push_back({name, number(entry.at("value")), kNaN, 0.0, "no longer computed"});
    return differences;
}

nlohmann::json to_json(const std::string& case_name, const std::string& about, const Figures& figures) {
    nlohmann::json j;
    j["case"] = case_name;
    j["about"] = about;
    j["bless"] =
        "WATERNET_BLESS=1 build/release/tests/waternet_tests --gtest_filter='Golden*' (tests/golden/README.md)";
    nlohmann::json& out = j["figures"];
    out = nlohmann::json::object();
    for (const Figure& f : figures.all())
        out[f.name] = {{"value", number(f.value)}, {"abs_tol", f.tolerance.abs}, {"rel_tol", f.tolerance.rel}};
    return j;
}

std::string format_differences(const std::vector<Difference>& differences) {
    std::ostringstream out;
    char line[320];
    std::snprintf(line, sizeof line, "%-44s %16s %16s %14s %12s  %s\n", "figure", "reference", "now", "difference",
                  "allowed", "what");
    out << line;
    for (const Difference& d : differences) {
        std::snprintf(line, sizeof line, "%-44s %16s %16s %14s %12s  %s\n", d.name.c_str(), show(d.reference).c_str(),
                      show(d.now).c_str(), show(d.now - d.reference).c_str(), show(d.allowed).c_str(), d.what.c_str());
        out << line;
    }
    return out.str();
}

std::filesystem::path reference_path(const std::string& case_name) {
    return std::filesystem::path(WATERNET_TESTS_DIR) / "golden" / "reference" / (case_name + ".json");
}

bool blessing() {
    const char* v = std::getenv("WATERNET_BLESS");
    return v != nullptr && *v != '\0' && std::string(v) != "0";
}

void expect_matches_reference(const std::string& case_name, const std::string& about, const Figures& now) {
    const std::filesystem::path path = reference_path(case_name);
    const bool exists = std::filesystem::exists(path);
    if (blessing()) {
        if (exists) {
            // What the blessing changes, as numbers (everything that moved at all: zero tolerance).
            Figures exact;
            for (const Figure& f : now.all()) exact.add(f.name, f.value, {});
            const auto changed = compare(nlohmann::json::parse(read_text_file(path, "golden reference")), exact);
            std::cout << "[bless] " << case_name << ": " << changed.size() << " figure(s) changed\n"
                      << (changed.empty() ? "" : format_differences(changed));
        }
        write_text_atomic(path, to_json(case_name, about, now).dump(2) + "\n");
        std::cout << "[bless] wrote " << path.string() << "\n";
        return;
    }
    ASSERT_TRUE(exists) << "No golden reference " << path.string()
                        << "; make it from the current behaviour with WATERNET_BLESS=1 (tests/golden/README.md).";
    const auto differences = compare(nlohmann::json::parse(read_text_file(path, "golden reference")), now);
    EXPECT_TRUE(differences.empty())
        << case_name << ": " << differences.size() << " figure(s) differ from " << path.string() << "\n"
        << format_differences(differences)
        << "If the change is intended, re-bless: scripts/bless-golden.sh (tests/golden/README.md).";
}

}  // namespace wn::golden
