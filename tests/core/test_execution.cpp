// core/execution.hpp: cancel tokens, progress stages, and the per-thread OpenMP count a job sets from its context.
#include <gtest/gtest.h>
#include <omp.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "recording_progress.hpp"
#include "waternet/core/error.hpp"
#include "waternet/core/execution.hpp"

namespace wn {
namespace {

using RecordingSink = test::RecordingProgress;

TEST(CancelToken, AnEmptyTokenIsNeverCancelledAndASetFlagIsSeen) {
    EXPECT_FALSE(CancelToken{}.requested());
    EXPECT_NO_THROW(CancelToken{}.throw_if_requested());
    std::atomic<bool> flag{false};
    const CancelToken token(&flag);
    const CancelToken copy = token;
    EXPECT_FALSE(copy.requested());
    flag = true;
    EXPECT_TRUE(copy.requested());
    EXPECT_THROW(copy.throw_if_requested(), Interrupted);
    EXPECT_THROW(ExecutionContext{.cancel = token}.throw_if_cancelled(), Interrupted);
}

TEST(ExecutionContext, TheDefaultIsOneThreadSilentAndNeverCancelled) {
    const ExecutionContext context;
    EXPECT_EQ(context.thread_count(), 1);
    EXPECT_EQ(context.progress, nullptr);
    EXPECT_FALSE(context.cancel.requested());
    EXPECT_EQ(ExecutionContext{.threads = 0}.thread_count(), 1);
    EXPECT_EQ(ExecutionContext{.threads = -4}.thread_count(), 1);
    EXPECT_EQ(resolve_thread_option(3), 3);
    EXPECT_EQ(resolve_thread_option(0), omp_get_max_threads());
}

TEST(ProgressStage, FractionsAreClampedNeverDecreaseAndEndAtOne) {
    RecordingSink sink;
    {
        ProgressStage stage({.progress = &sink}, "work", 200.0);
        for (double done : {10.0, 5.0, 10.0, 10.05, 150.0, 120.0, 500.0}) stage.update(done);
        stage.finish();
        stage.update(300.0);  // after the end: ignored
    }
    EXPECT_EQ(sink.labels, std::vector<std::string>{"work"});
    // 0 at the start; 5 (a step back), the repeated 10 and 10.05 (less than a thousandth more) are not forwarded;
    // 500 is clamped to the whole.
    EXPECT_EQ(sink.fractions, (std::vector<double>{0.0, 0.05, 0.75, 1.0}));
    EXPECT_EQ(sink.ends, std::vector<bool>{true});
}

TEST(ProgressStage, AStageLeftWithoutFinishEndsAsStopped) {
    RecordingSink sink;
    try {
        ProgressStage stage({.progress = &sink}, "work", 10.0);
        stage.update(3.0);
        throw Interrupted();
    } catch (const Interrupted&) {}
    EXPECT_EQ(sink.fractions, (std::vector<double>{0.0, 0.3}));
    EXPECT_EQ(sink.ends, std::vector<bool>{false});
}

// The threads of a plain `#pragma omp parallel` follow the context for the scope's duration, and only on the thread
// that set it: another thread of the same process keeps its own count.
TEST(OpenMPThreadsScope, SetsTheCallingThreadsCountAndRestoresIt) {
    const int before = omp_get_max_threads();
    auto team_size = [] {
        int size = 0;
#pragma omp parallel
        {
#pragma omp single
            size = omp_get_num_threads();
        }
        return size;
    };
    {
        const OpenMPThreadsScope scope({.threads = 2});
        EXPECT_EQ(team_size(), 2);
        int other_thread = 0;
        std::thread other([&] {
            const OpenMPThreadsScope inner({.threads = 1});
            other_thread = team_size();
        });
        other.join();
        EXPECT_EQ(other_thread, 1);
        EXPECT_EQ(team_size(), 2);  // the other thread's scope did not reach this one
    }
    EXPECT_EQ(omp_get_max_threads(), before);
}

}  // namespace
}  // namespace wn
