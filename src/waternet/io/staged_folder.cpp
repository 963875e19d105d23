#include "waternet/io/staged_folder.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

#include "waternet/core/error.hpp"
#include "waternet/io/result_manifest.hpp"

namespace wn {

namespace fs = std::filesystem;

namespace {

bool process_runs(long pid) {
    if (pid <= 0) return false;
    return ::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM;
}

// The process id in a name "<anything><marker><pid>[-<n>]", or -1 when the name has no such part.
long pid_after(const std::string& name, std::string_view marker) {
    const auto at = name.rfind(marker);
    if (at == std::string::npos) return -1;
    const std::string rest = name.substr(at + marker.size());
    if (rest.empty() || !std::isdigit(static_cast<unsigned char>(rest[0]))) return -1;
    return std::stol(rest);
}

bool looks_like_a_result(const fs::path& dir) {
    for (const char* name : {kResultManifestName, "provenance.json", "run.json"})
        if (fs::exists(dir / name)) return true;
    return false;
}

// renameat2(RENAME_EXCHANGE): both paths swap places in one step; false where the file system cannot.
bool exchange(const fs::path& a, const fs::path& b) {
    return ::renameat2(AT_FDCWD, a.c_str(), AT_FDCWD, b.c_str(), RENAME_EXCHANGE) == 0;
}

}  // namespace

int remove_stale_staging(const fs::path& dir, bool recursive) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec) || fs::is_symlink(dir, ec)) return 0;
    int removed = 0;
    std::vector<fs::path> subfolders;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
        const std::string name = entry.path().filename().string();
        long pid = -1;
        if (!name.empty() && name[0] == '.')
            for (std::string_view marker : {".staging-", ".old-", ".tmp-"})
                if ((pid = pid_after(name, marker)) >= 0) break;
        if (pid >= 0 && !process_runs(pid)) {
            std::error_code ignored;
            if (fs::remove_all(entry.path(), ignored) > 0) ++removed;
        } else if (recursive && entry.is_directory(ec) && !entry.is_symlink(ec)) {
            subfolders.push_back(entry.path());
        }
    }
    for (const fs::path& sub : subfolders) removed += remove_stale_staging(sub, true);
    return removed;
}

StagedFolder::StagedFolder(fs::path final_dir) : final_dir_(std::move(final_dir)) {
    final_dir_ = fs::absolute(final_dir_).lexically_normal();
    if (final_dir_.filename().empty()) final_dir_ = final_dir_.parent_path();  // "out/" is "out"
    std::error_code ec;
    if (fs::exists(final_dir_, ec) && !fs::is_directory(final_dir_, ec))
        throw InputError(fmt::format("output folder {} is a file; give a folder", final_dir_.string()));
    if (fs::is_directory(final_dir_, ec) && !fs::is_empty(final_dir_, ec) && !looks_like_a_result(final_dir_))
        throw InputError(
            fmt::format("output folder {} holds other files and no Waternet result; give a new or empty "
                        "folder (Waternet replaces its output folder as a whole)",
                        final_dir_.string()));
    const fs::path parent = final_dir_.parent_path();
    fs::create_directories(parent, ec);
    if (ec) throw InputError(fmt::format("cannot create output folder {}: {}", parent.string(), ec.message()));
    remove_stale_staging(parent, false);
    staging_dir_ = parent / fmt::format(".{}.staging-{}", final_dir_.filename().string(), ::getpid());
    fs::remove_all(staging_dir_, ec);
    fs::create_directory(staging_dir_, ec);
    if (ec) throw InputError(fmt::format("cannot write in output folder {}: {}", parent.string(), ec.message()));
}

StagedFolder::~StagedFolder() {
    std::error_code ignored;
    if (!published_) fs::remove_all(staging_dir_, ignored);
}

void StagedFolder::publish() {
    if (published_) throw std::logic_error("StagedFolder published twice");
    write_result_manifest(staging_dir_);
    std::error_code ec;
    if (!fs::exists(final_dir_, ec)) {
        fs::rename(staging_dir_, final_dir_, ec);
    } else if (exchange(staging_dir_, final_dir_)) {
        fs::remove_all(staging_dir_, ec);  // now the previous result
        ec.clear();
    } else {  // no atomic exchange here: move the previous result aside first (a moment without a result)
        const fs::path old =
            staging_dir_.parent_path() / fmt::format(".{}.old-{}", final_dir_.filename().string(), ::getpid());
        fs::rename(final_dir_, old, ec);
        if (!ec) fs::rename(staging_dir_, final_dir_, ec);
        std::error_code ignored;
        if (!ec) fs::remove_all(old, ignored);
    }
    if (ec) throw InputError(fmt::format("cannot publish the result in {}: {}", final_dir_.string(), ec.message()));
    published_ = true;
}

}  // namespace wn
