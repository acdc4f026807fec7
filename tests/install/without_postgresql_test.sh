#!/bin/sh
# Configures and builds retort with -DRETORT_WITH_POSTGRESQL=OFF while CMake
# is told that PostgreSQL does not exist, then checks that nothing links
# libpq and runs the SQLite conformance suite and the sample with it. The
# executable links the shared libraries here (-DRETORT_STATIC_PROGRAM=OFF),
# the other way of building it, which the other tests do not build.
#
#   without_postgresql_test.sh SOURCE_DIR WORK_DIR
set -eu
source=$1
work=$2

fail() { echo "without_postgresql_test: $*" >&2; exit 1; }

rm -rf "$work"
mkdir -p "$work"
# -O0 without debug information: the quickest build that runs.
cmake -S "$source" -B "$work/build" -DRETORT_WITH_POSTGRESQL=OFF -DRETORT_STATIC_PROGRAM=OFF \
  -DCMAKE_DISABLE_FIND_PACKAGE_PostgreSQL=ON -DRETORT_BUILD_TESTS=OFF \
  -DRETORT_BUILD_EXAMPLES=OFF -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG=-O0 \
  -DRETORT_WARNINGS_AS_ERRORS=ON >"$work/configure.log" 2>&1 ||
  { cat "$work/configure.log"; fail "cmake could not configure without PostgreSQL"; }
cmake --build "$work/build" --parallel 2 >"$work/build.log" 2>&1 ||
  { tail -n 40 "$work/build.log"; fail "the build without PostgreSQL failed"; }

retort=$work/build/cli/retort
for binary in "$retort" "$work"/build/cli/retort_dialect_*.so "$work"/build/*/libretort*.so \
              "$work"/build/dialects/*/libretort*.so; do
  if ldd "$binary" | grep -q 'libpq\|soci_postgresql'; then
    fail "$binary links libpq or SOCI's postgresql backend"
  fi
done
[ ! -e "$work/build/cli/retort_dialect_postgresql.so" ] || fail "a postgresql module was built"
"$retort" dialects >"$work/dialects.txt"
cat "$work/dialects.txt"
grep -q '^sqlite$' "$work/dialects.txt" || fail "retort dialects does not list sqlite"
if grep -q '^postgresql$' "$work/dialects.txt"; then fail "retort dialects lists postgresql"; fi

"$retort" conformance --url "sqlite:///$work/conformance.db" | tail -n 1 | tee "$work/conformance.txt"
grep -q ' passed, 0 failed' "$work/conformance.txt" || fail "the conformance suite failed"

cp -R "$source/migrations" "$work/sample"
rm -f "$work/sample/.retort-index"
THUNDERBIRD_DB_PATH=$work/app.db "$retort" -c "$work/sample/retort.ini" upgrade head
THUNDERBIRD_DB_PATH=$work/app.db "$retort" -c "$work/sample/retort.ini" current | grep -q '(head)' ||
  fail "the sample did not reach head"
if "$retort" -c "$work/sample/retort.ini" --url "postgresql://localhost/app" current \
     >"$work/pg.txt" 2>&1; then
  fail "a postgresql:// URL was accepted"
fi
grep -q "no dialect handles URLs starting 'postgresql://'" "$work/pg.txt" ||
  { cat "$work/pg.txt"; fail "a postgresql:// URL gave no clear error"; }
ldd "$retort" | grep -q 'libretort\.so' ||
  fail "with RETORT_STATIC_PROGRAM=OFF, retort does not link libretort.so"
echo "without_postgresql_test: built and ran without libpq"
