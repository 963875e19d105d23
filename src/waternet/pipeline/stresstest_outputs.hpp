// The stress test's products after the runs: consequences, tables, GeoPackage, styles, reports and the manifest
// (see pipeline/stresstest.hpp for the folder layout). Split from the orchestration so that each can be read alone.
#pragma once

#include "waternet/core/memory.hpp"
#include "waternet/pipeline/run_cache.hpp"
#include "waternet/pipeline/stresstest.hpp"
#include "waternet/pipeline/stresstest_results.hpp"

namespace wn {

void write_stresstest_outputs(const StressTestOptions& options, StressTestReport& report, FileHashes& hashes,
                              const PeakMemoryWatch& memory);

// An area's bluespots.csv (the blue-spot job's spot table) read back, each spot with the partner it lies in. A
// value that is not a number is an InputError naming file, line and column, never a silent 0; the storm column
// and buildings_touching may be missing or empty (a run without storm or buildings): they are then 0. A missing or
// header-only file has no spots.
std::vector<BlueSpotRow> read_bluespot_table(const std::filesystem::path& csv, const AreaContext& context);

}  // namespace wn
