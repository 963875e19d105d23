// Error types. Anything the user can cause (bad file, bad parameter, misaligned grids) is an
// InputError with a message that names the input and says what to do; the CLI prints it and exits 2.
// Internal invariants that fail are std::logic_error (a bug, exit 3).
#pragma once

#include <stdexcept>
#include <string>

namespace wn {

class InputError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Thrown when the user interrupts (Ctrl-C); the CLI exits 130 after cleaning up temporaries.
class Interrupted : public std::runtime_error {
public:
    Interrupted() : std::runtime_error("interrupted by the user") {}
};

}  // namespace wn
