// The flood engine runs on the ExecutionContext it is given (core/execution.hpp): its thread count whatever OpenMP's
// process default says, its cancel token and no other, its progress sink from 0 to 1.
#include <gtest/gtest.h>
#include <omp.h>

#include <atomic>
#include <cmath>
#include <string>
#include <thread>
#include <vector>

#include "../core/recording_progress.hpp"
#include "flood_test_support.hpp"
#include "waternet/core/error.hpp"
#include "waternet/core/execution.hpp"
#include "waternet/hydro/flood_engine.hpp"

namespace wn {
namespace {

using test::frictional;
using test::quiet_settings;
using test::terrain;

// What an engine told its progress sink, in order.
using RecordingSink = test::RecordingProgress;

// A basin with rain for an hour: long enough that a stop after two frames is far from the end.
struct RainyBasin {
    Grid<float> z = terrain(40, 40, [](index_t r, index_t c) {
        const double x = static_cast<double>(c) / 40.0, y = static_cast<double>(r) / 40.0;
        return static_cast<float>(0.4 * std::sin(8.0 * x) * std::cos(6.0 * y) +
                                  2.0 * ((x - 0.5) * (x - 0.5) + (y - 0.5) * (y - 0.5)));
    });
    LandCoverTable table = frictional(0.03);
    RainSeries rain = constant_rain(60.0, 3600.0);

    FloodInputs inputs() const {
        FloodInputs in;
        in.terrain_m = z.view();
        in.classes = &table;
        in.rain = &rain;
        return in;
    }
};

bool same_maps(const FloodResult& a, const FloodResult& b) {
    for (index_t i = 0; i < a.max_depth_m.size(); ++i) {
        const float x = a.final_depth_m.data()[i], y = b.final_depth_m.data()[i];
        if (!(x == y || (std::isnan(x) && std::isnan(y)))) return false;
        const float p = a.max_depth_m.data()[i], q = b.max_depth_m.data()[i];
        if (!(p == q || (std::isnan(p) && std::isnan(q)))) return false;
    }
    return a.steps == b.steps && a.balance.final_storage_m3 == b.balance.final_storage_m3;
}

TEST(FloodExecution, ProgressRisesFromZeroToOneAndEndsCompleted) {
    const RainyBasin basin;
    RecordingSink sink;
    const FloodResult r = run_flood(basin.inputs(), quiet_settings(900.0), {}, {.progress = &sink});
    ASSERT_GT(r.steps, 10);
    EXPECT_EQ(sink.labels, std::vector<std::string>{"flood simulation"});
    ASSERT_GE(sink.fractions.size(), 3u);
    EXPECT_EQ(sink.fractions.front(), 0.0);
    EXPECT_EQ(sink.fractions.back(), 1.0);
    for (std::size_t k = 1; k < sink.fractions.size(); ++k) {
        EXPECT_GT(sink.fractions[k], sink.fractions[k - 1]) << k;  // strictly: repeats are not forwarded
        EXPECT_LE(sink.fractions[k], 1.0) << k;
    }
    EXPECT_EQ(sink.ends, std::vector<bool>{true});
}

TEST(FloodExecution, ACancelledRunStopsWithinAStepAndEndsItsProgressAsStopped) {
    const RainyBasin basin;
    FloodSettings s = quiet_settings(3600.0);
    s.frame_interval_s = 60.0;
    std::atomic<bool> stop{false};
    RecordingSink sink;
    double stopped_at_s = 0.0;
    int frames_after_stop = 0;
    const FrameCallback on_frame = [&](double t, GridView<const float>) {
        if (stop) ++frames_after_stop;
        if (t >= 120.0 && !stop) {
            stop = true;
            stopped_at_s = t;
        }
    };
    EXPECT_THROW(
        run_flood(basin.inputs(), s, on_frame, {.threads = 2, .cancel = CancelToken(&stop), .progress = &sink}),
        Interrupted);
    EXPECT_EQ(frames_after_stop, 0);
    // The last progress is the step at which the token was seen: no later simulated time was reported.
    ASSERT_FALSE(sink.fractions.empty());
    EXPECT_LE(sink.fractions.back(), stopped_at_s / 3600.0 + 1e-9);
    EXPECT_EQ(sink.ends, std::vector<bool>{false});
}

// Two engines in one process, on two threads at once: cancelling one leaves the other alone, and the other's
// result is the one it gives when it runs by itself. A process-wide flag could not tell them apart.
TEST(FloodExecution, CancellingOneEngineLeavesAnotherInTheSameProcessRunning) {
    const RainyBasin basin;
    FloodSettings s = quiet_settings(1800.0);
    s.frame_interval_s = 60.0;
    const FloodResult alone = run_flood(basin.inputs(), s);

    std::atomic<bool> stop_first{false}, never{false};
    bool first_interrupted = false;
    FloodResult second;
    std::thread first_thread([&] {
        const FrameCallback stop_at_second_frame = [&, frames = 0](double, GridView<const float>) mutable {
            if (++frames == 2) stop_first = true;
        };
        try {
            run_flood(basin.inputs(), s, stop_at_second_frame, {.cancel = CancelToken(&stop_first)});
        } catch (const Interrupted&) {
            first_interrupted = true;
        }
    });
    std::thread second_thread([&] { second = run_flood(basin.inputs(), s, {}, {.cancel = CancelToken(&never)}); });
    first_thread.join();
    second_thread.join();
    EXPECT_TRUE(first_interrupted);
    EXPECT_TRUE(same_maps(second, alone));
}

// The engine runs on the context's thread count, not on OpenMP's default for the process (here set to another
// count on purpose), and gives the same maps on one thread as on two.
TEST(FloodExecution, TheContextsThreadCountIsTheOneUsed) {
    const RainyBasin basin;
    const int before = omp_get_max_threads();
    omp_set_num_threads(3);
    const FloodResult one = run_flood(basin.inputs(), quiet_settings(600.0), {}, {.threads = 1});
    const FloodResult two = run_flood(basin.inputs(), quiet_settings(600.0), {}, {.threads = 2});
    const FloodResult by_default = run_flood(basin.inputs(), quiet_settings(600.0));
    omp_set_num_threads(before);
    EXPECT_EQ(one.threads, 1);
    EXPECT_EQ(two.threads, 2);
    EXPECT_EQ(by_default.threads, 1);  // the default context: one thread
    EXPECT_TRUE(same_maps(one, two));
}

}  // namespace
}  // namespace wn
