// Text files a person gives (CSV tables, KNMI series, region files), read with bounds: only regular files (a FIFO
// or a device such as /dev/zero would block or never end), at most a stated size, a UTF-8 byte-order mark (as
// Excel writes it) removed so that the first column's name reads as typed.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace wn {

// The largest text input accepted by default: 256 MiB holds 70 years of KNMI hourly data many times over.
inline constexpr std::uintmax_t kMaxTextFileBytes = 256ull << 20;

// The file's text. InputError naming `what` and the path when it is missing, not a regular file, larger than
// `max_bytes` (giving both sizes) or unreadable.
std::string read_text_file(const std::filesystem::path& path, std::string_view what,
                           std::uintmax_t max_bytes = kMaxTextFileBytes);

// `text` without a leading UTF-8 byte-order mark (EF BB BF).
std::string_view without_bom(std::string_view text);

// Refuses what is not a regular file (after following links): InputError "<path>: is a FIFO/device/folder, not a
// <what>" (`what` as in read_text_file: "KNMI hourly file", "region file"). Missing files are left to the caller.
void require_regular_if_exists(const std::filesystem::path& path, std::string_view what);

}  // namespace wn
