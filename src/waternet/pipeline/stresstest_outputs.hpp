// The stress test's products after the runs: consequences, tables, GeoPackage, styles, reports and the manifest
// (see pipeline/stresstest.hpp for the folder layout). Split from the orchestration so that each can be read alone.
#pragma once

#include "waternet/core/memory.hpp"
#include "waternet/pipeline/run_cache.hpp"
#include "waternet/pipeline/stresstest.hpp"

namespace wn {

void write_stresstest_outputs(const StressTestOptions& options, StressTestReport& report, FileHashes& hashes,
                              const PeakMemoryWatch& memory);

}  // namespace wn
