#!/bin/sh
# Installs dependencies, builds retort with AddressSanitizer and
# UndefinedBehaviorSanitizer, and runs every test through ctest.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
build_dir="${RETORT_TEST_BUILD_DIR:-$root/build-test}"
"$root/scripts/install-deps.sh"
"$root/scripts/build.sh" "$build_dir" -DCMAKE_BUILD_TYPE=Debug -DRETORT_SANITIZE=ON \
  -DRETORT_WARNINGS_AS_ERRORS=ON

export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
cd "$build_dir"
ctest --output-on-failure --parallel "$(nproc)" --timeout 600
