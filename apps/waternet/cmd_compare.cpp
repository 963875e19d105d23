// `waternet compare`: a run with measures against the same storm without them — buildings no longer affected,
// damage avoided, water stored, and a difference map (pipeline/compare.hpp).
#include <fmt/format.h>

#include <memory>
#include <string>

#include "commands.hpp"
#include "waternet/core/error.hpp"
#include "waternet/pipeline/compare.hpp"

namespace wn::cli {

namespace {
// --base and --variant name run folders (what `flood` or the stress test wrote), not their maps.
void require_run_folder(const std::string& folder, const std::string& option) {
    std::error_code ec;
    if (!std::filesystem::exists(folder, ec))
        throw InputError(option + " " + folder + ": not found; give the folder of a flood run");
    if (!std::filesystem::is_directory(folder, ec))
        throw InputError(option + " " + folder +
                         ": is not a folder; give the folder of a flood run (the one holding "
                         "max_depth_m.tif), e.g. out/stresstest/flood/zundert/T100");
}
}  // namespace

void add_compare_command(CLI::App& app) {
    CLI::App* cmd =
        app.add_subcommand("compare",
                           "Compare a flood run with measures against the same storm without them: buildings no longer "
                           "affected, damage avoided, water stored, and a difference map");
    struct Options {
        std::string region, area, base, variant, output;
    };
    auto o = std::make_shared<Options>();
    cmd->add_option("--region", o->region, "Region file the runs belong to (default: the shipped Twente region)");
    cmd->add_option("--area", o->area, "The region's area both runs cover, e.g. zundert")->required();
    cmd->add_option("--base", o->base, "Folder of the run without measures (e.g. out/stresstest/flood/zundert/T100)")
        ->required();
    cmd->add_option("--variant", o->variant, "Folder of the run with measures (`waternet flood --measures`)")
        ->required();
    cmd->add_option("--out", o->output, "Output folder for depth_difference_m.tif, comparison.csv and comparison.json")
        ->required();
    cmd->callback([o] {
        require_run_folder(o->base, "--base");
        require_run_folder(o->variant, "--variant");
        const Comparison c = compare_run_folders(o->region, o->area, o->base, o->variant);
        std::vector<std::filesystem::path> written;
        write_comparison(c, o->output, written);
        fmt::print("Comparison {} → {} ({}):\n", c.base, c.variant, c.area);
        for (const auto& m : c.measures) fmt::print("  measure: {}\n", m);
        if (c.has_buildings)
            fmt::print(
                "  buildings with water against the facade > {:.0f} cm: {} → {} ({} no longer, {} newly affected)\n",
                c.facade_threshold_m * 100, c.buildings_affected_base, c.buildings_affected_variant,
                c.buildings_no_longer_affected, c.buildings_newly_affected);
        if (c.has_damage)
            fmt::print("  damage: {:.0f} → {:.0f} EUR ({:.0f} EUR avoided)\n", c.damage_base_eur, c.damage_variant_eur,
                       c.damage_avoided_eur());
        else
            fmt::print("  damage: not computed (a regional area is too coarse for it)\n");
        fmt::print("  water on the ground at its maximum: {:.0f} → {:.0f} m3; storage created {:.0f} m3\n",
                   c.volume_base_m3, c.volume_variant_m3, c.storage_created_m3);
        fmt::print("  area lower by more than 1 cm: {:.0f} m2, higher: {:.0f} m2\n", c.area_lower_m2, c.area_higher_m2);
        fmt::print("  written to {}/\n", o->output);
    });
}

}  // namespace wn::cli
