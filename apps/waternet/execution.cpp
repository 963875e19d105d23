#include "execution.hpp"

#include <atomic>
#include <csignal>

namespace wn::cli {

namespace {
// Lock-free, so that setting it is safe in a signal handler; the only flag of its kind in the program.
std::atomic<bool> g_interrupted{false};
static_assert(std::atomic<bool>::is_always_lock_free);

extern "C" void on_signal(int) { g_interrupted.store(true, std::memory_order_relaxed); }
}  // namespace

void install_interrupt_handler() {
    struct sigaction action {};
    action.sa_handler = on_signal;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, nullptr);
    sigaction(SIGTERM, &action, nullptr);
}

bool interrupt_requested() { return g_interrupted.load(std::memory_order_relaxed); }

CancelToken interrupt_token() { return CancelToken(&g_interrupted); }

CommandExecution::CommandExecution(int threads_option, bool show_progress)
    : context_{resolve_thread_option(threads_option), interrupt_token(), show_progress ? &bar_ : nullptr} {}

}  // namespace wn::cli
