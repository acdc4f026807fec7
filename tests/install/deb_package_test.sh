#!/bin/sh
# Makes the Debian package with cpack, checks its name and dependencies,
# installs it with dpkg, runs the installed retort on the sample from a
# fresh folder, and purges the package again. Installing needs root: as
# another user the test is skipped (exit 77) after the package checks.
#
#   deb_package_test.sh BUILD_DIR SOURCE_DIR WORK_DIR VERSION WITH_POSTGRESQL(ON|OFF)
#     WITH_MYSQL(ON|OFF)
set -eu
build=$1
source=$2
work=$3
version=$4
with_postgresql=$5
with_mysql=${6:-OFF}

fail() { echo "deb_package_test: $*" >&2; exit 1; }

rm -rf "$work"
mkdir -p "$work"
(cd "$build" && cpack -G DEB -B "$work" >"$work/cpack.log" 2>&1) ||
  { cat "$work/cpack.log"; fail "cpack -G DEB failed"; }
deb=$work/retort_${version}_$(dpkg --print-architecture).deb
[ -f "$deb" ] || fail "cpack did not write $(basename "$deb"); it wrote: $(ls "$work")"

# The dependencies are those of the shared libraries the package links.
depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
for library in libsqlite3 libsoci-core libyaml-cpp libboost-program-options libyaml-0 libc6; do
  echo "$depends" | grep -q "$library" || fail "the package does not depend on $library"
done
if [ "$with_postgresql" = ON ]; then
  echo "$depends" | grep -q libpq5 || fail "the package does not depend on libpq5"
  # libpq comes in through the dialect's client library, opened to connect.
  dpkg-deb -c "$deb" | grep -q '/libretort_postgresql_client\.so\.[0-9]' ||
    fail "the package lacks the PostgreSQL client library"
fi
if [ "$with_mysql" = ON ]; then
  echo "$depends" | grep -q libmariadb3 || fail "the package does not depend on libmariadb3"
  dpkg-deb -c "$deb" | grep -q '/libretort_mysql_client\.so\.[0-9]' ||
    fail "the package lacks the MySQL client library"
fi
contents=$(dpkg-deb -c "$deb")
for file in ./usr/bin/retort ./usr/include/retort/commands.h ./usr/share/man/man1/retort.1 \
            /retort/dialects/retort_dialect_sqlite.so /cmake/retort/retortConfig.cmake \
            /pkgconfig/retort.pc; do
  echo "$contents" | grep -q -- "$file\$" || fail "the package lacks $file"
done

if [ "$(id -u)" -ne 0 ]; then
  echo "deb_package_test: not root, so the package is not installed" >&2
  exit 77
fi
if dpkg-query -W -f='${Status}' retort 2>/dev/null | grep -q "install ok installed"; then
  echo "deb_package_test: a retort package is installed already; not replacing it" >&2
  exit 77
fi
trap 'dpkg -P retort >/dev/null 2>&1 || true' EXIT
dpkg -i "$deb" >"$work/dpkg.log" 2>&1 || { cat "$work/dpkg.log"; fail "dpkg -i failed"; }

fresh=$work/fresh
mkdir -p "$fresh"
cd "$fresh"
/usr/bin/retort --version | grep -qx "retort $version" || fail "retort --version: $(/usr/bin/retort --version)"
/usr/bin/retort dialects >dialects.txt
cat dialects.txt
grep -A1 '^sqlite$' dialects.txt | grep -q 'built in' || fail "the installed retort lacks sqlite"
if [ "$with_postgresql" = ON ]; then
  grep -A1 '^postgresql$' dialects.txt | grep -q '/retort/dialects/retort_dialect_postgresql.so' ||
    fail "the installed retort did not load the postgresql module"
fi
if [ "$with_mysql" = ON ]; then
  grep -A1 '^mysql$' dialects.txt | grep -q '/retort/dialects/retort_dialect_mysql.so' ||
    fail "the installed retort did not load the mysql module"
fi
cp -R "$source/migrations" sample
rm -f sample/.retort-index
THUNDERBIRD_DB_PATH=$fresh/app.db /usr/bin/retort -c sample/retort.ini upgrade head
THUNDERBIRD_DB_PATH=$fresh/app.db /usr/bin/retort -c sample/retort.ini current | tee current.txt
grep -q '9b1f0c2d4e6a (head)' current.txt || fail "the sample did not reach head"
THUNDERBIRD_DB_PATH=$fresh/app.db /usr/bin/retort -c sample/retort.ini downgrade base
echo "deb_package_test: $(basename "$deb") installs, runs the sample, and is removed"
