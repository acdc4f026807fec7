#!/bin/sh
# The dialect module ABI key is derived from the public headers when retort is
# built: the build's key is the hash of the headers as they are, and any edit
# to a header, a comment included, gives another key.
# usage: abi_key_test.sh <source dir> <build dir> <scratch dir>
set -eu
source_dir=$1
build_dir=$2
scratch=$3
script=$source_dir/cmake/RetortDialectAbi.cmake

built=$(sed -n 's/^#define RETORT_DIALECT_ABI_HEADERS "\(.*\)"$/\1/p' \
  "$build_dir/include/retort/dialect_abi.h")
[ -n "$built" ] || { echo "no RETORT_DIALECT_ABI_HEADERS in the build's dialect_abi.h"; exit 1; }
hash_of() { cmake -DHEADERS_DIR="$1" -P "$script" 2>&1; }

now=$(hash_of "$source_dir/core/include/retort")
[ "$now" = "$built" ] || {
  echo "the build's key $built is not the hash of the headers as they are: $now"
  exit 1
}

rm -rf "$scratch"
mkdir -p "$scratch"
cp "$source_dir"/core/include/retort/*.h "$scratch/"
[ "$(hash_of "$scratch")" = "$built" ] || { echo "a copy of the headers hashes differently"; exit 1; }
printf '// one more comment\n' >> "$scratch/dialect.h"
edited=$(hash_of "$scratch")
[ "$edited" != "$built" ] || { echo "an edited dialect.h left the key at $built"; exit 1; }
cp "$source_dir/core/include/retort/dialect.h" "$scratch/dialect.h"
cp "$scratch/error.h" "$scratch/a_new_header.h"
[ "$(hash_of "$scratch")" != "$built" ] || { echo "a new header left the key unchanged"; exit 1; }
rm -rf "$scratch"
echo "ABI key $built follows the headers"
