#include "waternet/core/execution.hpp"

#include <omp.h>

namespace wn {

int resolve_thread_option(int requested) { return requested > 0 ? requested : std::max(1, omp_get_max_threads()); }

OpenMPThreadsScope::OpenMPThreadsScope(const ExecutionContext& context) : previous_(omp_get_max_threads()) {
    omp_set_num_threads(context.thread_count());
}

OpenMPThreadsScope::~OpenMPThreadsScope() { omp_set_num_threads(previous_); }

namespace {
constexpr double kSmallestReportedStep = 1e-3;  // a thousandth: a bar of any width moves no finer
}

ProgressStage::ProgressStage(const ExecutionContext& context, std::string_view label, double total)
    : sink_(context.progress), total_(total) {
    if (sink_ != nullptr) {
        sink_->begin(label);
        sink_->update(0.0);
    }
}

ProgressStage::~ProgressStage() {
    if (sink_ != nullptr && !ended_) sink_->end(false);
}

void ProgressStage::update(double done) {
    if (sink_ == nullptr || ended_) return;
    const double fraction = total_ > 0.0 ? std::clamp(done / total_, 0.0, 1.0) : 0.0;
    if (!(fraction >= reported_ + kSmallestReportedStep)) return;  // also drops NaN
    reported_ = fraction;
    sink_->update(fraction);
}

void ProgressStage::finish() {
    if (sink_ == nullptr || ended_) return;
    ended_ = true;
    if (reported_ < 1.0) sink_->update(1.0);
    reported_ = 1.0;
    sink_->end(true);
}

}  // namespace wn
