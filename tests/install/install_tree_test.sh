#!/bin/sh
# Installs a build into a fresh prefix, checks what it holds, moves the tree
# elsewhere, and checks that the moved retort still finds its library and
# every dialect module. Leaves the moved tree at WORK/prefix for the tests
# that build programs against it.
#
#   install_tree_test.sh BUILD_DIR WORK_DIR WITH_POSTGRESQL(ON|OFF) WITH_MYSQL(ON|OFF)
set -eu
build=$1
work=$2
with_postgresql=$3
with_mysql=${4:-OFF}

fail() { echo "install_tree_test: $*" >&2; exit 1; }

rm -rf "$work"
mkdir -p "$work"
cmake --install "$build" --prefix "$work/staged" >"$work/install.log"

staged=$work/staged
libdir=$(cd "$staged" && ls -d lib lib/*-linux-gnu 2>/dev/null | while read -r d; do
  [ -e "$staged/$d/libretort.so" ] && echo "$d"; done | head -n 1)
[ -n "$libdir" ] || fail "no libretort.so under $staged/lib"

expect() { [ -e "$staged/$1" ] || fail "the installed tree lacks $1"; }
expect bin/retort
expect include/retort/commands.h
expect include/retort/version.h
expect include/retort/builtin_dialects.h
expect include/retort/sqlite/sqlite_dialect.h
expect "$libdir/cmake/retort/retortConfig.cmake"
expect "$libdir/cmake/retort/retortConfigVersion.cmake"
expect "$libdir/cmake/retort/retortTargets.cmake"
expect "$libdir/pkgconfig/retort.pc"
expect "$libdir/pkgconfig/retort-builtin-dialects.pc"
expect "$libdir/retort/dialects/retort_dialect_sqlite.so"
expect share/man/man1/retort.1
expect share/bash-completion/completions/retort
dialects="sqlite"
if [ "$with_postgresql" = ON ]; then
  expect "$libdir/retort/dialects/retort_dialect_postgresql.so"
  expect "$libdir/libretort_postgresql_client.so.$(readelf -d "$staged/$libdir/libretort.so" |
    sed -n 's/.*(SONAME).*\[libretort\.so\.\(.*\)\]/\1/p')"
  expect include/retort/postgresql/postgresql_dialect.h
  dialects="$dialects postgresql"
fi
if [ "$with_mysql" = ON ]; then
  expect "$libdir/retort/dialects/retort_dialect_mysql.so"
  expect "$libdir/libretort_mysql_client.so.$(readelf -d "$staged/$libdir/libretort.so" |
    sed -n 's/.*(SONAME).*\[libretort\.so\.\(.*\)\]/\1/p')"
  expect include/retort/mysql/mysql_dialect.h
  dialects="$dialects mysql"
fi

# Versioned shared libraries: the SONAME carries the ABI version, the
# development link points at it.
for library in libretort libretort_builtin_dialects libretort_sqlite; do
  soname=$(readelf -d "$staged/$libdir/$library.so" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
  case $soname in
    "$library".so.[0-9]*) ;;
    *) fail "$library.so has SONAME '$soname', not $library.so.<version>" ;;
  esac
  [ -e "$staged/$libdir/$soname" ] || fail "$soname is not installed"
done

# No path of the build or of the staging prefix is written into a binary's
# run path: every one is relative to the binary.
for binary in "$staged/bin/retort" "$staged/$libdir"/libretort*.so.*.*.* \
              "$staged/$libdir"/retort/dialects/*.so; do
  runpath=$(readelf -d "$binary" | sed -n 's/.*(\(RUNPATH\|RPATH\)).*\[\(.*\)\]/\2/p')
  case $runpath in
    *"$build"*|*"$staged"*) fail "$binary has the absolute run path $runpath" ;;
  esac
done

# The man page is well-formed and names every command retort has.
if command -v groff >/dev/null; then
  warnings=$(groff -man -ww -z "$staged/share/man/man1/retort.1" 2>&1)
  [ -z "$warnings" ] || fail "retort.1: $warnings"
fi
for command in $("$staged/bin/retort" --help | sed -n '/^Commands:/,/^$/s/^  \([a-z_]*\) .*/\1/p'); do
  grep -q "^\.B[IR]* \"*$command" "$staged/share/man/man1/retort.1" ||
    fail "retort.1 does not describe the command $command"
done

# Move the whole tree: nothing may still point at the old place.
mv "$staged" "$work/prefix"
prefix=$work/prefix
"$prefix/bin/retort" --version
# The program carries the core (RETORT_STATIC_PROGRAM, by its SONAME the
# core library for the modules it loads), or loads it from the moved tree.
loaded=$(ldd "$prefix/bin/retort" | sed -n 's/^\s*libretort\.so[.0-9]* => \(\S*\) .*/\1/p')
core_soname=$(readelf -d "$prefix/$libdir/libretort.so" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
if [ -z "$loaded" ]; then
  readelf -d "$prefix/bin/retort" | grep -q "(SONAME).*\[$core_soname\]" ||
    fail "the moved retort neither loads libretort nor carries the core as $core_soname"
else
  [ "$(realpath "$loaded")" = "$(realpath "$prefix/$libdir")/$(basename "$(realpath "$loaded")")" ] ||
    fail "the moved retort loads its library from '$loaded', not from $prefix/$libdir"
fi
"$prefix/bin/retort" dialects >"$work/dialects.txt"
cat "$work/dialects.txt"
for dialect in $dialects; do
  grep -A3 "^$dialect\$" "$work/dialects.txt" |
    grep -Eq "loaded from: +(built in|$prefix/$libdir/retort/dialects/retort_dialect_$dialect\.so)" ||
    fail "the moved retort does not list the $dialect dialect from $prefix"
done
if [ "$with_postgresql" = ON ]; then
  grep -q "$prefix/$libdir/retort/dialects/retort_dialect_postgresql.so" "$work/dialects.txt" ||
    fail "the moved retort did not load the postgresql module from its new place"
  # Connecting opens the dialect's client library from beside the dialect's
  # own: nothing listens on port 1, so a refusal shows libpq was reached.
  mkdir -p "$work/project/versions"
  printf '[retort]\nscript_location = .\n' >"$work/project/retort.ini"
  if (cd "$work/project" &&
      LC_ALL=C "$prefix/bin/retort" --url postgresql://nobody@127.0.0.1:1/none current) \
      >"$work/connect.txt" 2>&1; then
    fail "current on a closed port succeeded"
  fi
  grep -q "Connection refused" "$work/connect.txt" ||
    fail "the moved retort did not reach libpq: $(cat "$work/connect.txt")"
  # Without the client library, offline SQL still works and connecting
  # says which file is missing.
  client=$(ls "$prefix/$libdir"/libretort_postgresql_client.so.*.* | head -n 1)
  mv "$client" "$client.away"
  printf 'revision: a1\ndown_revision: null\nupgrade:\n  - execute: SELECT 1\n' \
    >"$work/project/versions/a1_one.yaml"
  (cd "$work/project" &&
   "$prefix/bin/retort" --url postgresql://nobody@127.0.0.1:1/none upgrade head --sql) \
    >"$work/offline.sql" 2>&1 || fail "offline SQL needed the client library: $(cat "$work/offline.sql")"
  if (cd "$work/project" &&
      "$prefix/bin/retort" --url postgresql://nobody@127.0.0.1:1/none current) \
      >"$work/missing.txt" 2>&1; then
    fail "current without the client library succeeded"
  fi
  mv "$client.away" "$client"
  grep -q "client library .*libretort_postgresql_client.* could not be loaded" "$work/missing.txt" ||
    fail "no clear error without the client library: $(cat "$work/missing.txt")"
fi
if [ "$with_mysql" = ON ]; then
  # The MySQL dialect's client library, found beside the moved dialect: a
  # refused connection shows the MariaDB client library was reached.
  mkdir -p "$work/project"
  printf '[retort]\nscript_location = .\n' >"$work/project/retort.ini"
  if (cd "$work/project" &&
      LC_ALL=C "$prefix/bin/retort" --url mysql://nobody@127.0.0.1:1/none current) \
      >"$work/connect_mysql.txt" 2>&1; then
    fail "current on a closed port succeeded"
  fi
  grep -q "cannot connect to MySQL at mysql://nobody@127.0.0.1:1/none" "$work/connect_mysql.txt" ||
    fail "the moved retort did not reach the MariaDB client: $(cat "$work/connect_mysql.txt")"
fi

# Bash completion, from the moved tree.
completions=$(PATH="$prefix/bin:$PATH" bash -c ". '$prefix/share/bash-completion/completions/retort'
  COMP_WORDS=(retort upg); COMP_CWORD=1; _retort; echo \"\${COMPREPLY[*]}\"")
[ "$completions" = upgrade ] || fail "bash completion of 'retort upg' gave '$completions'"
echo "install_tree_test: installed, moved to $prefix, and everything found"
