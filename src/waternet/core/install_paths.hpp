// Where the program finds the files it ships with (the storm tables, class tables, damage curves in data/, and the
// viewer's built web files), wherever the binary lives. In this order:
//   1. an environment variable (WATERNET_DATA_DIR, WATERNET_WEB_DIR), for a deliberate override;
//   2. beside an installed binary: PREFIX/bin/waternet reads PREFIX/share/waternet/data and .../web
//      (`cmake --install`, see the README);
//   3. the source tree the binary was built from (a developer's build, the tests).
// The first that names an existing folder wins; when none exists, the installed location is returned, so that the
// message of the read that fails names where the files were expected.
#pragma once

#include <filesystem>

namespace wn {

// The folder of the running program (/proc/self/exe), or an empty path where the system does not tell.
std::filesystem::path program_dir();

// The shipped data folder (data/ in the source tree).
std::filesystem::path shipped_data_dir();

// The viewer's built files (web/dist in the source tree, after `npm run build`).
std::filesystem::path shipped_web_dir();

// The rule above for one folder, with its parts given: an override (may be empty), the program's folder (may be
// empty), the folder under the install prefix (e.g. "share/waternet/data") and the source tree's folder.
std::filesystem::path first_existing_dir(const std::filesystem::path& override_dir,
                                         const std::filesystem::path& program_dir,
                                         const std::filesystem::path& under_prefix,
                                         const std::filesystem::path& source_dir);

}  // namespace wn
