// Result folders are published whole or not at all.
//
// A job writes into a hidden staging folder beside its output folder; publish() writes the folder's manifest
// (every file with its size and SHA-256, result_manifest.hpp) and swaps the staging folder with the output folder
// in one atomic rename (Linux renameat2 RENAME_EXCHANGE), then removes the previous result. Until that rename a
// reader sees the previous complete result; after it, the new complete one. A job that stops (error, Ctrl-C)
// removes its staging folder; one that is killed leaves it, and the next job beside it removes it, as it removes
// the temporaries of AtomicOutput (atomic_file.hpp) whose process is gone.
#pragma once

#include <filesystem>

namespace wn {

class StagedFolder {
public:
    // Prepares staging for `final_dir`. InputError when final_dir is a file, when it is a non-empty folder that
    // is not a Waternet result (no result_manifest.json, provenance.json or run.json: a folder of other files is
    // never replaced), or when the staging folder cannot be created (the message names the folder and why).
    explicit StagedFolder(std::filesystem::path final_dir);
    ~StagedFolder();  // removes the staging folder unless published
    StagedFolder(const StagedFolder&) = delete;
    StagedFolder& operator=(const StagedFolder&) = delete;

    const std::filesystem::path& staging_dir() const { return staging_dir_; }
    const std::filesystem::path& final_dir() const { return final_dir_; }

    // Writes the manifest into the staging folder and puts the folder in place of final_dir.
    void publish();

private:
    std::filesystem::path final_dir_;
    std::filesystem::path staging_dir_;
    bool published_ = false;
};

// Runs `write(staging_dir)` and publishes the folder as `final_dir` when it returns; when it throws, nothing
// is published and the previous result stays. Returns what `write` returns.
template <class Write>
auto write_published(const std::filesystem::path& final_dir, Write&& write) {
    StagedFolder staged(final_dir);
    auto result = write(staged.staging_dir());
    staged.publish();
    return result;
}

// Removes what killed processes left in `dir` (and with `recursive` in its subfolders, not following links):
// staging folders and AtomicOutput temporaries whose process id no longer runs. Returns how many it removed.
int remove_stale_staging(const std::filesystem::path& dir, bool recursive);

}  // namespace wn
