// Golden regression references: summary figures of the shipped real cases, pinned in
// tests/golden/reference/<case>.json, each with the tolerance it is compared with (tests/golden/README.md).
//
// A value passes when |now − reference| <= max(abs_tol, rel_tol × |reference|). The tolerances live in the test
// code beside each figure (with why); blessing copies them into the JSON so a reader sees them next to the values.
// WATERNET_BLESS=1 rewrites the reference of every golden case that runs instead of comparing (and prints what
// changed, as numbers, so the blessing commit can say it).
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace wn::golden {

struct Tolerance {
    double abs = 0.0;
    double rel = 0.0;
};

struct Figure {
    std::string name;
    double value = 0.0;
    Tolerance tolerance;
};

// The figures of one case, in the order they were added.
class Figures {
public:
    void add(std::string name, double value, Tolerance tolerance);
    const std::vector<Figure>& all() const { return figures_; }

private:
    std::vector<Figure> figures_;
};

// One figure that is missing, new, or outside its tolerance.
struct Difference {
    std::string name;
    double reference = 0.0;  // NaN when the figure is new
    double now = 0.0;        // NaN when the figure is gone
    double allowed = 0.0;    // max(abs, rel × |reference|)
    std::string what;        // "outside tolerance", "not in the reference", "no longer computed"
};

// Every figure of `now` that does not match `reference` (a JSON written by to_json), and every reference figure
// `now` no longer has. NaN matches NaN.
std::vector<Difference> compare(const nlohmann::json& reference, const Figures& now);

// The reference file's content: {"case", "about", "figures": {name: {"value", "abs_tol", "rel_tol"}}}.
nlohmann::json to_json(const std::string& case_name, const std::string& about, const Figures& figures);

// A table with one line per difference: name, reference, now, difference, allowed, what.
std::string format_differences(const std::vector<Difference>& differences);

// tests/golden/reference/<case>.json
std::filesystem::path reference_path(const std::string& case_name);

// True when WATERNET_BLESS is set to a non-empty value other than "0".
bool blessing();

// The test's verdict: with WATERNET_BLESS, writes the reference (printing what changed) and passes; otherwise
// compares with the reference and adds a gtest failure carrying the table of differences (also when the
// reference file is missing, saying how to make it).
void expect_matches_reference(const std::string& case_name, const std::string& about, const Figures& now);

}  // namespace wn::golden
