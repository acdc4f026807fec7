#!/bin/sh
# A throwaway PostgreSQL server for the tests.
#
#   scripts/postgres-server.sh start DIR
#     Creates a cluster in DIR (which must be missing or empty), starts it on
#     a free port of 127.0.0.1 with its unix socket in DIR, creates the login
#     role retort_test (CREATEDB, with a random password chosen now) and,
#     with the same password, retort_test_nocreatedb (without), prints
#     postgresql://retort_test:<password>@127.0.0.1:<port>/postgres on
#     standard output and writes it to DIR/url. If anything fails, DIR is
#     removed again.
#   scripts/postgres-server.sh stop DIR
#     Stops that server and removes DIR. Nothing to do when DIR is missing.
#
# As root, the server runs as the postgres user, since PostgreSQL refuses to
# run as root; otherwise it runs as the current user. Set PG_BINDIR to use
# the server programs of a particular installation.
set -eu

me=$(basename "$0")
marker=.retort-postgres-server
server_user=postgres
server_package=postgresql
# shellcheck source=scripts/server-common.sh
. "$(dirname "$0")/server-common.sh"

# The folder with the server programs this script runs.
is_bindir() {
  [ -x "$1/initdb" ] && [ -x "$1/pg_ctl" ] && [ -x "$1/psql" ]
}

# Server programs are usually not on PATH on Debian, where each major
# version lives in its own folder; a lone initdb on PATH may be a link into
# one.
find_bindir() {
  if [ -n "${PG_BINDIR:-}" ]; then
    is_bindir "$PG_BINDIR" || fail "PG_BINDIR=$PG_BINDIR lacks initdb, pg_ctl or psql"
    echo "$PG_BINDIR"
    return
  fi
  if command -v pg_config >/dev/null 2>&1; then
    candidate=$(pg_config --bindir 2>/dev/null || true)
    if [ -n "$candidate" ] && is_bindir "$candidate"; then
      echo "$candidate"
      return
    fi
  fi
  if command -v initdb >/dev/null 2>&1; then
    for candidate in "$(command -v initdb)" "$(readlink -f "$(command -v initdb)" 2>/dev/null)"; do
      candidate=$(dirname "$candidate")
      if is_bindir "$candidate"; then
        echo "$candidate"
        return
      fi
    done
  fi
  # Debian's layout: one folder per major version; the newest wins.
  found=""
  newest=0
  for candidate in /usr/lib/postgresql/*/bin; do
    is_bindir "$candidate" || continue
    major=${candidate%/bin}
    major=${major##*/}
    major=${major%%.*}
    if [ "$major" -gt "$newest" ] 2>/dev/null; then
      newest=$major
      found=$candidate
    fi
  done
  [ -n "$found" ] || fail "no PostgreSQL server programs found (install the postgresql package, or set PG_BINDIR)"
  echo "$found"
}

# Quotes a value for postgresql.conf.
conf_quote() {
  printf "'%s'" "$(printf '%s' "$1" | sed -e "s/\\\\/\\\\\\\\/g" -e "s/'/''/g")"
}

start_server() {
  bindir=$(find_bindir)
  if ! as_owner "$bindir/initdb" -D "$dir/data" --username=postgres --encoding=UTF8 --locale=C \
      --auth-local=trust --auth-host=scram-sha-256 >"$dir/initdb.log" 2>&1; then
    cat "$dir/initdb.log" >&2
    fail "initdb failed"
  fi
  # shellcheck disable=SC2016 # $1 belongs to the inner shell.
  {
    echo "listen_addresses = '127.0.0.1'"
    echo "unix_socket_directories = $(conf_quote "$dir")"
    # Throwaway data: durability only costs time.
    echo "fsync = off"
    echo "synchronous_commit = off"
    echo "full_page_writes = off"
    # ctest runs many test processes at once, each with a few connections.
    echo "max_connections = 300"
  } | as_owner sh -c 'cat >>"$1"' sh "$dir/data/postgresql.conf"

  # Trying ports until one binds leaves no window in which another process
  # can take a port found free.
  port=""
  attempt=0
  while [ "$attempt" -lt 30 ]; do
    attempt=$((attempt + 1))
    candidate=$(random_port)
    as_owner rm -f "$dir/server.log"
    if as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -o "-p $candidate" \
        -w -t 60 start >"$dir/pg_ctl.log" 2>&1; then
      port=$candidate
      break
    fi
    if ! grep -q -e "could not bind" -e "Address already in use" "$dir/server.log" 2>/dev/null; then
      cat "$dir/pg_ctl.log" "$dir/server.log" >&2 2>/dev/null || true
      fail "the server did not start (see the output above)"
    fi
  done
  [ -n "$port" ] || fail "found no free port on 127.0.0.1 in $attempt attempts"

  password=$(random_hex 24)
  # Through standard input, so that the password shows in no process list.
  if ! as_owner "$bindir/psql" -X -q -v ON_ERROR_STOP=1 -h "$dir" -p "$port" -U postgres \
      -d postgres >"$dir/setup.log" 2>&1 <<EOF
CREATE ROLE retort_test LOGIN CREATEDB PASSWORD '$password';
CREATE ROLE retort_test_nocreatedb LOGIN PASSWORD '$password';
EOF
  then
    cat "$dir/setup.log" >&2
    fail "cannot create the retort_test role"
  fi

  url="postgresql://retort_test:$password@127.0.0.1:$port/postgres"
  echo "$me: PostgreSQL $("$bindir/pg_ctl" --version | sed 's/^pg_ctl (PostgreSQL) //') running on 127.0.0.1:$port, data in $dir" >&2
}

# Stops the server in $1 if one runs there; fails if it cannot.
stop_server() {
  [ -f "$1/data/postmaster.pid" ] || return 0
  bindir=$(find_bindir)
  as_owner "$bindir/pg_ctl" -D "$1/data" -m fast -w -t 60 stop >/dev/null && return 0
  # A server that was never fully up leaves a pid file and no server.
  as_owner "$bindir/pg_ctl" -D "$1/data" status >/dev/null 2>&1 || return 0
  echo "$me: the server in $1 did not stop in time; stopping it immediately" >&2
  as_owner "$bindir/pg_ctl" -D "$1/data" -m immediate -w -t 60 stop >/dev/null
}

# pg_ctl waits for the server it starts: nothing else runs.
forget_launcher() {
  :
}

main "$@"
