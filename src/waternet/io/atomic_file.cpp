#include "waternet/io/atomic_file.hpp"

#include <unistd.h>

#include <atomic>
#include <fstream>
#include <stdexcept>
#include <string>
#include <system_error>

#include "waternet/core/error.hpp"

namespace wn {

namespace fs = std::filesystem;

namespace {

// pid keeps concurrent processes apart, the counter keeps outputs within one process apart.
fs::path temp_path_for(const fs::path& final_path) {
    static std::atomic<unsigned> counter{0};
    std::string name = final_path.filename().string();
    name.insert(0, 1, '.');
    name += ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(counter.fetch_add(1));
    return final_path.parent_path() / name;
}

}  // namespace

AtomicOutput::AtomicOutput(fs::path final_path) : final_path_(std::move(final_path)) {
    if (final_path_.filename().empty())
        throw InputError("output path '" + final_path_.string() + "' names a directory, not a file");
    const fs::path parent = final_path_.parent_path();
    if (!parent.empty()) {
        std::error_code ec;
        fs::create_directories(parent, ec);
        if (ec)
            throw InputError("cannot create output directory '" + parent.string() + "' for '" + final_path_.string() +
                             "': " + ec.message() + "; choose a writable output location");
    }
    temp_path_ = temp_path_for(final_path_);
}

AtomicOutput::~AtomicOutput() {
    if (committed_) return;
    std::error_code ignored;  // a destructor must not throw; nothing useful to do if removal fails
    fs::remove(temp_path_, ignored);
}

void AtomicOutput::commit() {
    if (committed_) throw std::logic_error("AtomicOutput::commit() called twice for " + final_path_.string());
    std::error_code ec;
    if (!fs::exists(temp_path_, ec))
        throw InputError("writing '" + final_path_.string() + "' failed: the temporary file '" + temp_path_.string() +
                         "' was not created");
    fs::rename(temp_path_, final_path_, ec);
    if (ec)
        throw InputError("cannot move '" + temp_path_.string() + "' to '" + final_path_.string() +
                         "': " + ec.message());
    committed_ = true;
}

void write_text_atomic(const fs::path& path, std::string_view text) {
    AtomicOutput output(path);
    {
        std::ofstream out(output.temp_path(), std::ios::binary | std::ios::trunc);
        out.write(text.data(), static_cast<std::streamsize>(text.size()));
        out.close();
        if (!out)
            throw InputError("cannot write '" + path.string() +
                             "' (disk full or no permission?); choose a writable "
                             "output location");
    }
    output.commit();
}

}  // namespace wn
