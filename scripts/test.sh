#!/bin/sh
# Installs dependencies, builds retort with AddressSanitizer and
# UndefinedBehaviorSanitizer, and runs every test through ctest.
#
# The PostgreSQL tests run against the server RETORT_TEST_POSTGRESQL_URL
# names (and through the PgBouncer RETORT_TEST_PGBOUNCER_URL names), the
# MySQL tests against RETORT_TEST_MYSQL_URL's (a MariaDB server) and the
# Galera cluster whose nodes RETORT_TEST_GALERA_URLS lists; for each that is
# unset, a throwaway one is started for the run and removed afterwards,
# however the run ends.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
build_dir="${RETORT_TEST_BUILD_DIR:-$root/build-test}"
"$root/scripts/install-deps.sh"
"$root/scripts/build.sh" "$build_dir" -DCMAKE_BUILD_TYPE=Debug -DRETORT_SANITIZE=ON \
  -DRETORT_WARNINGS_AS_ERRORS=ON

# Throwaway servers this run started, stopped however the run ends.
pg_dir=""
pgbouncer_dir=""
mysql_dir=""
galera_dir=""
# Stops what `script` started in `dir`, if anything; a failure fails the run.
stop_one() {
  if [ -n "$2" ] && ! "$root/scripts/$1" stop "$2" && [ "$status" -eq 0 ]; then
    status=1
  fi
}
stop_servers() {
  status=$?
  trap - EXIT INT TERM
  stop_one pgbouncer.sh "$pgbouncer_dir"
  stop_one postgres-server.sh "$pg_dir"
  stop_one mariadb-server.sh "$mysql_dir"
  stop_one galera-cluster.sh "$galera_dir"
  exit "$status"
}
trap stop_servers EXIT
# Exiting from these runs the EXIT trap, with the status a signal gives.
trap 'exit 130' INT
trap 'exit 143' TERM

if [ -n "${RETORT_TEST_POSTGRESQL_URL:-}" ]; then
  echo "test.sh: PostgreSQL tests use the server in RETORT_TEST_POSTGRESQL_URL" >&2
else
  pg_dir=$(mktemp -d "${TMPDIR:-/tmp}/retort-pg.XXXXXX")
  RETORT_TEST_POSTGRESQL_URL=$("$root/scripts/postgres-server.sh" start "$pg_dir")
  export RETORT_TEST_POSTGRESQL_URL
fi
if [ -n "${RETORT_TEST_PGBOUNCER_URL:-}" ]; then
  echo "test.sh: pooler tests use the PgBouncer in RETORT_TEST_PGBOUNCER_URL" >&2
else
  pgbouncer_dir=$(mktemp -d "${TMPDIR:-/tmp}/retort-pgb.XXXXXX")
  RETORT_TEST_PGBOUNCER_URL=$("$root/scripts/pgbouncer.sh" start "$pgbouncer_dir" \
    "$RETORT_TEST_POSTGRESQL_URL")
  export RETORT_TEST_PGBOUNCER_URL
fi
if [ -n "${RETORT_TEST_MYSQL_URL:-}" ]; then
  echo "test.sh: MySQL tests use the server in RETORT_TEST_MYSQL_URL" >&2
else
  mysql_dir=$(mktemp -d "${TMPDIR:-/tmp}/retort-my.XXXXXX")
  RETORT_TEST_MYSQL_URL=$("$root/scripts/mariadb-server.sh" start "$mysql_dir")
  export RETORT_TEST_MYSQL_URL
fi
if [ -n "${RETORT_TEST_GALERA_URLS:-}" ]; then
  echo "test.sh: Galera tests use the nodes in RETORT_TEST_GALERA_URLS" >&2
else
  galera_dir=$(mktemp -d "${TMPDIR:-/tmp}/retort-galera.XXXXXX")
  RETORT_TEST_GALERA_URLS=$("$root/scripts/galera-cluster.sh" start "$galera_dir")
  export RETORT_TEST_GALERA_URLS
fi

export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
cd "$build_dir"
ctest --output-on-failure --parallel "$(nproc)" --timeout 600
