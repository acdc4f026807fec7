#!/bin/sh
# Builds tests/install/sample_app.cpp as a project of its own against an
# installed retort, then runs the sample history up and down on a fresh
# SQLite file with it.
#
#   consumer_test.sh find_package|pkg-config PREFIX SOURCE_DIR WORK_DIR
set -eu
how=$1
prefix=$2
source=$3
work=$4

fail() { echo "consumer_test ($how): $*" >&2; exit 1; }

rm -rf "$work"
mkdir -p "$work"
case $how in
  find_package)
    cmake -S "$source/tests/install/find_package_app" -B "$work/build" \
      -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_BUILD_TYPE=Debug >"$work/configure.log" ||
      { cat "$work/configure.log"; fail "cmake could not configure the app"; }
    cmake --build "$work/build" >"$work/build.log" 2>&1 ||
      { cat "$work/build.log"; fail "the app does not build"; }
    app=$work/build/sample_app
    ;;
  pkg-config)
    pc_dir=$(dirname "$(find "$prefix" -name retort.pc | head -n 1)")
    [ -d "$pc_dir" ] || fail "no retort.pc under $prefix"
    flags=$(PKG_CONFIG_PATH=$pc_dir pkg-config --cflags --libs retort) ||
      fail "pkg-config --cflags --libs retort failed"
    libdir=$(PKG_CONFIG_PATH=$pc_dir pkg-config --variable=libdir retort)
    # The core alone: the app finds the SQLite dialect as a module.
    # shellcheck disable=SC2086
    c++ -DRETORT_DIALECTS_AS_MODULES -o "$work/sample_app" \
      "$source/tests/install/sample_app.cpp" $flags -Wl,-rpath,"$libdir" ||
      fail "the app does not build with: $flags"
    app=$work/sample_app
    ;;
  *) fail "unknown way to build: $how" ;;
esac

cp -R "$source/migrations" "$work/migrations"
rm -f "$work/migrations/.retort-index"
"$app" "$work/migrations" "sqlite:///$work/app.db" >"$work/run.log" 2>&1 ||
  { cat "$work/run.log"; fail "the app failed"; }
cat "$work/run.log"
grep -q "^upgrade applied 2, now at 9b1f0c2d4e6a$" "$work/run.log" || fail "the upgrade did not reach head"
grep -q "^downgrade reverted 2, now at base$" "$work/run.log" || fail "the downgrade did not reach base"
tables=$(sqlite3 "$work/app.db" "select group_concat(name, ' ') from sqlite_master where type = 'table' order by name")
case " $tables " in
  *" users "*) fail "the downgrade left the sample's tables: $tables" ;;
  *" retort_version "*) ;;
  *) fail "the app's database has no version table: $tables" ;;
esac
echo "consumer_test ($how): built against $prefix, ran the sample up and down"
