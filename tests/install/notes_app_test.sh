#!/bin/sh
# Builds examples/notes_app as a project of its own against an installed
# retort and runs it the ways an application meets its database: fresh,
# behind (written by an older release, rows to backfill by the C++
# revision), already current, and started several times at once. The retort
# command on the same migrations sees the C++ revision but leaves it to the
# program.
#
#   notes_app_test.sh PREFIX SOURCE_DIR WORK_DIR
set -eu
prefix=$1
source=$2
work=$3

fail() { echo "notes_app_test: $*" >&2; exit 1; }

rm -rf "$work"
mkdir -p "$work"
cmake -S "$source/examples/notes_app" -B "$work/build" -DCMAKE_PREFIX_PATH="$prefix" \
  -DCMAKE_BUILD_TYPE=Debug >"$work/configure.log" 2>&1 ||
  { cat "$work/configure.log"; fail "cmake could not configure the example"; }
cmake --build "$work/build" >"$work/build.log" 2>&1 || { cat "$work/build.log"; fail "it does not build"; }
notes=$work/build/notes
export NOTES_MIGRATIONS="$work/migrations"
cp -R "$source/examples/notes_app/migrations" "$NOTES_MIGRATIONS"
rm -f "$NOTES_MIGRATIONS/.retort-index"*
retort() { NOTES_DB=$db "$prefix/bin/retort" -c "$NOTES_MIGRATIONS/retort.ini" "$@"; }
rows() { sqlite3 "$db" "$1"; }

echo "== a fresh database: every revision runs at start-up"
db=$work/fresh.db
"$notes" "$db" add "Hello, World!" "first" | tee "$work/fresh.txt"
grep -q "^migrate: 4 revision(s) applied, from base to d15c0a7e4b22$" "$work/fresh.txt" ||
  fail "a fresh database was not brought to head"
[ "$(rows "select slug from notes")" = hello-world ] || fail "the note has no slug"
"$notes" "$db" list | tee "$work/again.txt"
grep -q "^migrate: up to date at d15c0a7e4b22$" "$work/again.txt" || fail "a second start migrated again"
[ "$(rows "select count(*) from retort_history where revision = 'c0ffee5107a1' and direction = 'upgrade'")" = 1 ] ||
  fail "the C++ revision has no history row"

echo "== an older release's database: the C++ revision backfills with the app's code"
db=$work/older.db
retort upgrade 7e3f9a6b1c05
rows "insert into notes (title) values ('Groceries & Errands'), ('  Call Mum!  ')"
retort history | tee "$work/history.txt"
grep -q "c0ffee5107a1.*fill note slugs" "$work/history.txt" || fail "retort history does not list the C++ revision"
before=$(sha256sum "$db")
if retort upgrade head >"$work/cli.txt" 2>&1; then fail "the retort command ran a C++ revision it does not have"; fi
cat "$work/cli.txt"
grep -q "c0ffee5107a1" "$work/cli.txt" || fail "the refusal does not name the C++ revision"
[ "$(sha256sum "$db")" = "$before" ] || fail "the refused upgrade changed the database"
"$notes" "$db" list | tee "$work/older.txt"
grep -q "^migrate: filled the slug of 2 note(s)$" "$work/older.txt" || fail "the backfill did not run"
grep -q "^groceries-errands  Groceries & Errands$" "$work/older.txt" || fail "a backfilled slug is wrong"
grep -q "^call-mum    Call Mum!  $" "$work/older.txt" || fail "a backfilled slug is wrong"
retort current | grep -q "d15c0a7e4b22 (head)" || fail "retort current does not see the app's migration"

echo "== several instances start at once"
db=$work/fleet.db
pids=""
for i in 1 2 3 4; do
  "$notes" "$db" add "note $i" >"$work/start$i.txt" 2>&1 &
  pids="$pids $!"
done
status=0
for pid in $pids; do wait "$pid" || status=1; done
[ "$status" = 0 ] || { cat "$work"/start*.txt; fail "an instance failed"; }
[ "$(grep -l "revision(s) applied" "$work"/start*.txt | wc -l)" = 1 ] ||
  { cat "$work"/start*.txt; fail "not exactly one instance migrated"; }
[ "$(rows "select count(*) from retort_history where direction = 'upgrade'")" = 4 ] ||
  fail "the revisions were not applied exactly once each"
[ "$(rows "select count(*) from notes")" = 4 ] || fail "an instance lost its note"

echo "== the retort command does not revert the C++ revision either"
db=$work/older.db
before=$(sha256sum "$db")
if retort downgrade base >"$work/down.txt" 2>&1; then fail "the retort command reverted a C++ revision"; fi
cat "$work/down.txt"
grep -q "c0ffee5107a1" "$work/down.txt" || fail "the downgrade refusal does not name the C++ revision"
[ "$(sha256sum "$db")" = "$before" ] || fail "the refused downgrade changed the database"
echo "notes_app_test: the example app migrates on start, with its C++ revision"
