#!/bin/sh
# Quick start: installs dependencies, builds retort, and runs the sample
# history in migrations/ on an embedded SQLite database: upgrade to head,
# then show the history and the current revision.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/install-deps.sh"
"$root/scripts/build.sh" "$root/build" -DCMAKE_BUILD_TYPE=Release -DRETORT_BUILD_TESTS=OFF

export THUNDERBIRD_DB_PATH="${THUNDERBIRD_DB_PATH:-$root/build/thunderbird.db}"
retort="$root/build/cli/retort -c $root/migrations/retort.ini"
echo "== database: $THUNDERBIRD_DB_PATH"
echo "== retort upgrade head"
$retort upgrade head
echo "== retort history"
$retort history --indicate-current
echo "== retort current"
$retort current
