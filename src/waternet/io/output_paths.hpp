// Confinement of outputs: everything the program writes lies inside the output folder (--out).
//
// Names that come from input data (a partner id from a GeoJSON attribute, say) become file names only through
// file_name_for(), which keeps letters, digits, '-' and '_' and nothing that could climb out of a folder.
// Before a file is written, confined_to() checks that its path, with "..", "." and the symbolic links that
// already exist resolved, is inside the output folder. Both throw InputError (exit 2), so a hostile id can
// neither write beside the output folder nor anywhere else on the machine.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace wn {

// A file-name stem for `id`: every run of characters other than ASCII letters, digits, '-' and '_' becomes
// one '-', and leading/trailing '-' are dropped ("GM0153" stays "GM0153", "Hof van Twente" becomes
// "Hof-van-Twente", "../../x" becomes "x"). At most 100 characters. InputError (naming `what`) when nothing
// is left, as for "..", "/" or an empty id.
std::string file_name_for(std::string_view id, std::string_view what);

// `path` itself when it resolves to a place inside `root` (or to `root`); InputError otherwise. `path` may be
// relative to the working directory or absolute; neither needs to exist yet.
std::filesystem::path confined_to(const std::filesystem::path& root, const std::filesystem::path& path);

}  // namespace wn
