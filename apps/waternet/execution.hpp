// What the command line owns because it owns the process: the Ctrl-C (SIGINT) and SIGTERM handler, the thread
// count of --threads, and the progress bar on the terminal. Each command turns them into the ExecutionContext
// (core/execution.hpp) its job runs with; the library itself keeps no process state (docs/architecture.md).
#pragma once

#include "waternet/core/execution.hpp"
#include "waternet/core/progress.hpp"

namespace wn::cli {

// Installs the handler of SIGINT and SIGTERM: it sets one static atomic flag, which interrupt_token() points at.
void install_interrupt_handler();
// Whether the user asked the program to stop (serve polls it to shut the server down).
bool interrupt_requested();
CancelToken interrupt_token();

// The context of one command: --threads (0 = every core; CLI11 checks the range), Ctrl-C, and a terminal progress
// bar unless the command is quiet.
class CommandExecution {
public:
    CommandExecution(int threads_option, bool show_progress);
    CommandExecution(const CommandExecution&) = delete;
    CommandExecution& operator=(const CommandExecution&) = delete;

    const ExecutionContext& context() const { return context_; }

private:
    TerminalProgress bar_;
    ExecutionContext context_;
};

// The range of every --threads option: 0 (every core) to 1024.
inline constexpr int kMaxThreadsOption = 1024;

}  // namespace wn::cli
