// One partner's stress-test report (HTML, printable to PDF): what the stress test found for this municipality or
// water board — maps, key figures, tables per scenario, hotspots, neighbourhoods, measures — and the assumptions
// the standard requires to be documented (storms, losses, resolution, data sources, software version). In Dutch,
// the language of the risk dialogue.
#pragma once

#include <cstddef>
#include <string>

namespace wn {

struct StressTestResults;

std::string partner_report_html(const StressTestResults& results, std::size_t partner_index);

}  // namespace wn
