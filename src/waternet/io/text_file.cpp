#include "waternet/io/text_file.hpp"

#include <fmt/format.h>

#include <fstream>
#include <sstream>

#include "waternet/core/error.hpp"

namespace wn {

namespace fs = std::filesystem;

namespace {

const char* kind_of(fs::file_type type) {
    switch (type) {
        case fs::file_type::directory:
            return "a folder";
        case fs::file_type::fifo:
            return "a FIFO (named pipe)";
        case fs::file_type::character:
            return "a character device";
        case fs::file_type::block:
            return "a block device";
        case fs::file_type::socket:
            return "a socket";
        default:
            return "not a regular file";
    }
}

}  // namespace

std::string_view without_bom(std::string_view text) { return text.starts_with("\xEF\xBB\xBF") ? text.substr(3) : text; }

void require_regular_if_exists(const fs::path& path, std::string_view what) {
    std::error_code ec;
    const fs::file_status status = fs::status(path, ec);
    if (!fs::exists(status) || fs::is_regular_file(status)) return;
    throw InputError(fmt::format("{}: is {}, not a {}", path.string(), kind_of(status.type()), what));
}

std::string read_text_file(const fs::path& path, std::string_view what, std::uintmax_t max_bytes) {
    std::error_code ec;
    if (!fs::exists(path, ec))
        throw InputError(fmt::format("{}: file not found; check the path of the {}", path.string(), what));
    require_regular_if_exists(path, what);
    const std::uintmax_t size = fs::file_size(path, ec);
    if (ec) throw InputError(fmt::format("{}: cannot read the {}: {}", path.string(), what, ec.message()));
    if (size > max_bytes)
        throw InputError(fmt::format("{}: the {} is {:.1f} MiB, more than the {:.0f} MiB a {} may have", path.string(),
                                     what, size / 1048576.0, max_bytes / 1048576.0, what));
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(fmt::format("{}: cannot open the {} (permissions?)", path.string(), what));
    std::ostringstream buffer;
    buffer << in.rdbuf();
    std::string text = std::move(buffer).str();
    if (text.starts_with("\xEF\xBB\xBF")) text.erase(0, 3);
    return text;
}

}  // namespace wn
