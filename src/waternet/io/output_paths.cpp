#include "waternet/io/output_paths.hpp"

#include <fmt/format.h>
#include <algorithm>

#include "waternet/core/error.hpp"
#include "waternet/core/text.hpp"

namespace wn {

namespace {

bool safe_file_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

}  // namespace

std::string file_name_for(std::string_view id, std::string_view what) {
    constexpr std::size_t kMaxLength = 100;
    std::string name;
    for (char c : id) {
        if (safe_file_char(c))
            name += c;
        else if (!name.empty() && name.back() != '-')
            name += '-';
    }
    while (!name.empty() && name.back() == '-') name.pop_back();
    if (name.size() > kMaxLength) name.resize(kMaxLength);
    if (name.empty())
        throw InputError(
            fmt::format("{} '{}' has no letters or digits to make a file name of; give it an id of "
                        "letters, digits, '-' or '_'",
                        what, printable(id)));
    return name;
}

std::filesystem::path confined_to(const std::filesystem::path& root, const std::filesystem::path& path) {
    namespace fs = std::filesystem;
    std::error_code ec;
    const fs::path resolved_root = fs::weakly_canonical(fs::absolute(root), ec);
    const fs::path resolved = ec ? fs::path{} : fs::weakly_canonical(fs::absolute(path), ec);
    if (ec) throw InputError(fmt::format("cannot resolve output path {}: {}", path.string(), ec.message()));
    const auto [root_end, path_it] =
        std::mismatch(resolved_root.begin(), resolved_root.end(), resolved.begin(), resolved.end());
    // weakly_canonical keeps a trailing separator as an empty last element: "out/" is "out" for this test.
    const bool inside =
        root_end == resolved_root.end() || (std::next(root_end) == resolved_root.end() && root_end->empty());
    if (!inside)
        throw InputError(
            fmt::format("refusing to write {}: it lies outside the output folder {}", path.string(), root.string()));
    return path;
}

}  // namespace wn
