#!/bin/sh
# Configures and builds retort. Usage: scripts/build.sh BUILD_DIR [cmake args...]
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
build_dir=$1
shift
cmake -S "$root" -B "$build_dir" "$@" >/dev/null
cmake --build "$build_dir" --parallel "$(nproc)"
