// How a piece of work runs: on how many threads, whether its caller wants it stopped, and where it reports progress.
//
// The library keeps no process state for these. Whoever owns the process — the CLI, the server, a test — builds an
// ExecutionContext and passes it down to the flood engine, the jobs and the parallel kernels, which use its thread
// count for every OpenMP region they open, poll its cancel token between units of work and report to its progress
// sink. Two runs in one process can so have different thread counts, one can be cancelled and the other not.
//
// A default context runs on one thread, is never cancelled and reports nothing: serial and silent unless asked,
// and the same whatever the environment (OMP_NUM_THREADS) says. The CLI builds one from --threads (0 = every core,
// resolve_thread_option()), its Ctrl-C handler and a terminal progress bar (core/progress.hpp); docs/architecture.md.
#pragma once

#include <algorithm>
#include <atomic>
#include <string_view>

#include "waternet/core/error.hpp"

namespace wn {

// A request to stop: a pointer to an atomic flag that someone else owns and sets (a signal handler, a server
// shutting down, a test). Cheap to copy; an empty token is never cancelled. Loops poll it between units of work
// and throw wn::Interrupted, so whatever they were writing is removed by its owners' destructors.
class CancelToken {
public:
    CancelToken() = default;
    explicit CancelToken(const std::atomic<bool>* flag) : flag_(flag) {}

    bool requested() const { return flag_ != nullptr && flag_->load(std::memory_order_relaxed); }
    void throw_if_requested() const {
        if (requested()) throw Interrupted();
    }

private:
    const std::atomic<bool>* flag_ = nullptr;
};

// Where long work says how far it is. One stage at a time: begin, updates, end. Called from one thread only
// (the work's coordinating thread), so an implementation needs no locking of its own.
class ProgressSink {
public:
    virtual ~ProgressSink() = default;
    // A stage of work starts; `label` names it for people ("flood simulation").
    virtual void begin(std::string_view label) = 0;
    // The fraction of the stage done, in [0, 1], never decreasing; a completed stage's last update is 1.
    virtual void update(double fraction) = 0;
    // The stage is over: completed (after update(1)), or stopped early (cancelled, failed).
    virtual void end(bool completed) = 0;
};

struct ExecutionContext {
    int threads = 1;                   // OpenMP threads of every parallel region the work opens (below 1: one)
    CancelToken cancel{};              // empty: never cancelled
    ProgressSink* progress = nullptr;  // not owned; null: report nothing

    int thread_count() const { return std::max(1, threads); }
    void throw_if_cancelled() const { cancel.throw_if_requested(); }
};

// For front ends: a thread option where 0 means every core the process may use (OpenMP's default, which follows
// OMP_NUM_THREADS) becomes the count an ExecutionContext takes.
int resolve_thread_option(int requested);

// For a job's duration: the OpenMP regions this thread opens without a num_threads clause (the plain
// `#pragma omp parallel for` of the smaller kernels: heat maps, risk sums, consequences, GDAL's decode threads in
// io/raster_io) run on the context's threads, and the previous count is restored at the end. OpenMP keeps this
// setting per thread (the nthreads-var ICV of the thread's implicit task), so a job on another thread — a second
// engine, the server's workers — keeps its own. Kernels that take a thread count are given context.threads.
class OpenMPThreadsScope {
public:
    explicit OpenMPThreadsScope(const ExecutionContext& context);
    ~OpenMPThreadsScope();
    OpenMPThreadsScope(const OpenMPThreadsScope&) = delete;
    OpenMPThreadsScope& operator=(const OpenMPThreadsScope&) = delete;

private:
    int previous_;
};

// One stage of progress on a context's sink, for the library's loops: turns an amount done into a fraction that
// never decreases and stays within [0, 1], forwards only changes of at least a thousandth (a loop may call
// update() every step), and ends the stage on destruction — as stopped, unless finish() said it completed.
class ProgressStage {
public:
    // total: the amount of work (any unit, e.g. simulated seconds).
    ProgressStage(const ExecutionContext& context, std::string_view label, double total);
    ~ProgressStage();
    ProgressStage(const ProgressStage&) = delete;
    ProgressStage& operator=(const ProgressStage&) = delete;

    void update(double done);
    // Reports 1 and ends the stage as completed.
    void finish();

private:
    ProgressSink* sink_;
    double total_;
    double reported_ = 0.0;
    bool ended_ = false;
};

}  // namespace wn
