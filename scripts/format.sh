#!/usr/bin/env bash
# Formats every C++ source of the repository in place with the house style (.clang-format).
# `scripts/format.sh --check` changes nothing and lists the files that are not formatted (exit 1 if any).
set -euo pipefail
cd "$(dirname "$0")/.."
exec tests/architecture/format_check.sh "$@"
