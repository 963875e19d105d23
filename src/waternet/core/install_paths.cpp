#include "waternet/core/install_paths.hpp"

#include <cstdlib>
#include <system_error>

namespace wn {

namespace {

std::filesystem::path environment_dir(const char* name) {
    const char* value = std::getenv(name);
    return value != nullptr ? std::filesystem::path(value) : std::filesystem::path();
}

bool is_folder(const std::filesystem::path& path) {
    std::error_code ec;
    return !path.empty() && std::filesystem::is_directory(path, ec);
}

}  // namespace

std::filesystem::path program_dir() {
    std::error_code ec;
    const std::filesystem::path program = std::filesystem::read_symlink("/proc/self/exe", ec);
    return ec ? std::filesystem::path() : program.parent_path();
}

std::filesystem::path first_existing_dir(const std::filesystem::path& override_dir,
                                         const std::filesystem::path& program_dir,
                                         const std::filesystem::path& under_prefix,
                                         const std::filesystem::path& source_dir) {
    if (!override_dir.empty()) return override_dir;  // deliberate: used even when it is wrong, so the user hears of it
    const std::filesystem::path installed =
        program_dir.empty() ? std::filesystem::path() : program_dir.parent_path() / under_prefix;
    if (is_folder(installed)) return installed;
    if (is_folder(source_dir)) return source_dir;
    return installed.empty() ? source_dir : installed;
}

std::filesystem::path shipped_data_dir() {
    return first_existing_dir(environment_dir("WATERNET_DATA_DIR"), program_dir(), "share/waternet/data",
                              WATERNET_SOURCE_DATA_DIR);
}

std::filesystem::path shipped_web_dir() {
    return first_existing_dir(environment_dir("WATERNET_WEB_DIR"), program_dir(), "share/waternet/web",
                              std::filesystem::path(WATERNET_SOURCE_DATA_DIR).parent_path() / "web" / "dist");
}

}  // namespace wn
