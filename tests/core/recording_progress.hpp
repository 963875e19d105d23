// A ProgressSink (core/execution.hpp) that keeps what it was told, in order, for tests of who reports progress how.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "waternet/core/execution.hpp"

namespace wn::test {

class RecordingProgress final : public ProgressSink {
public:
    void begin(std::string_view label) override { labels.emplace_back(label); }
    void update(double fraction) override { fractions.push_back(fraction); }
    void end(bool completed) override { ends.push_back(completed); }

    std::vector<std::string> labels;
    std::vector<double> fractions;
    std::vector<bool> ends;
};

}  // namespace wn::test
