#!/usr/bin/env bash
# The house style (.clang-format at the repository root) holds for every tracked C++ source.
#   format_check.sh            format in place
#   format_check.sh --check    change nothing; name each file that differs and exit 1 (the test suite's check)
# clang-format is installed by scripts/setup.sh (Debian 12: clang-format 14); a different major version may
# format a few constructs differently, so the check names the version it ran with.
set -euo pipefail
cd "$(dirname "$0")/../.."
tool=${CLANG_FORMAT:-clang-format}
if ! command -v "$tool" >/dev/null; then
  echo "format check: $tool not found; run scripts/setup.sh (it installs clang-format)" >&2
  exit 2
fi
mapfile -t sources < <(git ls-files '*.cpp' '*.hpp' '*.h' 2>/dev/null || find apps src tests bench fuzz -name '*.[ch]pp')
if [[ ${1:-} != --check ]]; then
  "$tool" -i "${sources[@]}"
  echo "formatted ${#sources[@]} files with $("$tool" --version)"
  exit 0
fi
bad=0
for f in "${sources[@]}"; do
  if ! "$tool" --dry-run --Werror "$f" >/dev/null 2>&1; then
    echo "not formatted: $f (run scripts/format.sh)"
    bad=$((bad + 1))
  fi
done
echo "format check: ${#sources[@]} files, $bad not formatted ($("$tool" --version))"
[[ $bad -eq 0 ]]
