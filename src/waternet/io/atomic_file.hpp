// Atomic output files: readers never see a half-written result.
//
// Every output goes to a temporary file in the destination directory and is renamed over the final
// path by commit(). A rename within one directory (one file system) is atomic on POSIX, so a crash,
// an error or Ctrl-C (wn::Interrupted unwinding the stack) leaves either the previous file or the
// complete new one, and the destructor removes the orphaned temporary.
#pragma once

#include <filesystem>
#include <string_view>

namespace wn {

class AtomicOutput {
public:
    // Creates the parent directories of final_path (InputError if that fails); creates no file itself.
    explicit AtomicOutput(std::filesystem::path final_path);
    // Removes the temporary file unless commit() ran.
    ~AtomicOutput();
    AtomicOutput(const AtomicOutput&) = delete;
    AtomicOutput& operator=(const AtomicOutput&) = delete;

    // Where the writer writes: ".<final name>.tmp-<pid>-<n>" beside the final file, so the rename
    // stays within one file system. Hidden (dot) name so globs for outputs do not pick it up.
    const std::filesystem::path& temp_path() const { return temp_path_; }
    const std::filesystem::path& final_path() const { return final_path_; }

    // Renames the temporary file over the final path (replacing an existing file).
    // InputError if the writer produced no temporary file or the rename fails; logic_error if called twice.
    void commit();
    bool committed() const { return committed_; }

private:
    std::filesystem::path final_path_;
    std::filesystem::path temp_path_;
    bool committed_ = false;
};

// Writes `text` to `path` atomically (parent directories created as needed).
void write_text_atomic(const std::filesystem::path& path, std::string_view text);

}  // namespace wn
