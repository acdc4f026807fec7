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
# Marks a folder as one this script made, so that stop never removes
# anything else.
marker=.retort-postgres-server

fail() {
  echo "$me: $*" >&2
  exit 1
}

usage() {
  echo "usage: $me start DIR | stop DIR" >&2
  exit 2
}

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

# Runs a command as the user the server belongs to.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

random_hex() {
  od -An -N"$1" -tx1 /dev/urandom | tr -d ' \n'
}

# A port outside Linux's ephemeral range, so that outgoing connections do not
# take it while the server starts; random, so that runs side by side rarely
# try the same one.
random_port() {
  echo $((20000 + $(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % 12000))
}

# Quotes a value for postgresql.conf.
conf_quote() {
  printf "'%s'" "$(printf '%s' "$1" | sed -e "s/\\\\/\\\\\\\\/g" -e "s/'/''/g")"
}

absolute_dir() {
  (cd "$1" && pwd -P)
}

start() {
  dir=$1
  if [ -e "$dir" ]; then
    [ -d "$dir" ] || fail "$dir exists and is not a folder"
    [ -z "$(ls -A "$dir")" ] || fail "$dir is not empty; give a new or empty folder"
  else
    mkdir -p "$dir" || fail "cannot create $dir"
  fi
  dir=$(absolute_dir "$dir")
  : >"$dir/$marker"
  trap 'start_failed' EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM

  # The server's socket path ("DIR/.s.PGSQL.NNNNN") must fit in a sockaddr_un.
  [ "${#dir}" -le 90 ] || fail "$dir is too long a path for the server's unix socket; use a shorter one"

  bindir=$(find_bindir)
  if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || fail "running as root, but there is no postgres user to run the server as (install the postgresql package)"
    command -v runuser >/dev/null 2>&1 || fail "running as root needs runuser (util-linux) to run the server as postgres"
    chown postgres: "$dir" || fail "cannot give $dir to the postgres user"
    as_owner test -w "$dir" ||
      fail "the postgres user cannot reach $dir; use a folder under a directory everyone can enter, such as the system temp folder"
  fi
  # Server programs complain when they cannot return to a folder they cannot enter.
  cd "$dir"

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
  (umask 077 && printf '%s\n' "$url" >"$dir/url")
  trap - EXIT INT TERM
  printf '%s\n' "$url"
  echo "$me: PostgreSQL $("$bindir/pg_ctl" --version | sed 's/^pg_ctl (PostgreSQL) //') running on 127.0.0.1:$port, data in $dir" >&2
}

# Leaves nothing behind when start fails part-way.
start_failed() {
  status=$?
  trap - EXIT INT TERM
  stop_server "$dir" || true
  rm -rf "$dir"
  exit "$status"
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

stop() {
  dir=$1
  [ -e "$dir" ] || return 0
  [ -d "$dir" ] || fail "$dir is not a folder"
  if [ ! -e "$dir/$marker" ]; then
    # A folder made for start that start never used.
    [ -z "$(ls -A "$dir")" ] || fail "$dir was not made by '$me start'; leaving it alone"
    rmdir "$dir"
    return 0
  fi
  dir=$(absolute_dir "$dir")
  cd /
  stop_server "$dir" || fail "cannot stop the server in $dir; its folder is left in place"
  rm -rf "$dir" || fail "cannot remove $dir"
}

[ $# -eq 2 ] || usage
[ -n "$2" ] || usage
case $1 in
  start) start "$2" ;;
  stop) stop "$2" ;;
  *) usage ;;
esac
