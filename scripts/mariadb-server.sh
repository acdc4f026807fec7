#!/bin/sh
# A throwaway MariaDB server for the tests.
#
#   scripts/mariadb-server.sh start DIR
#     Creates a data folder in DIR (which must be missing or empty), starts
#     a server on a free port of 127.0.0.1 with its unix socket in DIR,
#     creates the database retort_test, the user retort_test (all privileges
#     on every database, with a random password chosen now) and, with the
#     same password, retort_test_nocreatedb (privileges on retort_test
#     only), prints
#     mysql://retort_test:<password>@127.0.0.1:<port>/retort_test on
#     standard output and writes it to DIR/url. If anything fails, DIR is
#     removed again.
#   scripts/mariadb-server.sh stop DIR
#     Stops that server and removes DIR. Nothing to do when DIR is missing.
#
# As root, the server runs as the mysql user; otherwise it runs as the
# current user. Every MariaDB program gets --no-defaults first, so that no
# option file (such as /etc/mysql/my.cnf) changes the server.
set -eu

me=$(basename "$0")
# Marks a folder as one this script made, so that stop never removes
# anything else.
marker=.retort-mariadb-server

fail() {
  echo "$me: $*" >&2
  exit 1
}

usage() {
  echo "usage: $me start DIR | stop DIR" >&2
  exit 2
}

# Finds a program on PATH or in the sbin folders, which are not always on
# PATH for other users than root.
find_program() {
  for candidate in "$@"; do
    if command -v "$candidate" >/dev/null 2>&1; then
      command -v "$candidate"
      return
    fi
    for folder in /usr/sbin /usr/local/sbin /sbin; do
      if [ -x "$folder/$candidate" ]; then
        echo "$folder/$candidate"
        return
      fi
    done
  done
  fail "none of $* found (install the mariadb-server package)"
}

# Runs a command as the user the server belongs to.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u mysql -- "$@"
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

absolute_dir() {
  (cd "$1" && pwd -P)
}

# Succeeds while process $1 runs; a zombie, which a parent has yet to reap,
# no longer does.
is_running() {
  kill -0 "$1" 2>/dev/null || return 1
  [ -r "/proc/$1/stat" ] || return 0
  state=$(sed -n 's/.*) \(.\).*/\1/p' "/proc/$1/stat" 2>/dev/null || true)
  [ "$state" != Z ]
}

# Succeeds while process $1 runs and, where /proc shows it, is the server of
# the folder $2; a pid file left by a server that died may name an unrelated
# process by now.
is_server() {
  is_running "$1" || return 1
  [ -r "/proc/$1/cmdline" ] || return 0
  tr '\0' '\n' <"/proc/$1/cmdline" | grep -qxF -e "--datadir=$2/data"
}

# Waits up to $2 seconds for process $1 to end.
wait_gone() {
  deadline=$(($(date +%s) + $2))
  while is_running "$1"; do
    [ "$(date +%s)" -lt "$deadline" ] || return 1
    sleep 0.1 2>/dev/null || sleep 1
  done
}

# Stops process $1: asks, then after 60 seconds insists.
terminate() {
  kill -TERM "$1" 2>/dev/null || true
  wait_gone "$1" 60 && return 0
  echo "$me: process $1 did not stop in time; killing it" >&2
  kill -KILL "$1" 2>/dev/null || true
  wait_gone "$1" 10
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
  launcher=""
  trap 'start_failed' EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM

  # The server's socket path ("DIR/sock", and "DIR/sock.lock" beside it)
  # must fit in a sockaddr_un.
  [ "${#dir}" -le 90 ] || fail "$dir is too long a path for the server's unix socket; use a shorter one"

  mariadbd=$(find_program mariadbd mysqld)
  install_db=$(find_program mariadb-install-db mysql_install_db)
  client=$(find_program mariadb mysql)
  admin=$(find_program mariadb-admin mysqladmin)
  if [ "$(id -u)" -eq 0 ]; then
    id mysql >/dev/null 2>&1 || fail "running as root, but there is no mysql user to run the server as (install the mariadb-server package)"
    command -v runuser >/dev/null 2>&1 || fail "running as root needs runuser (util-linux) to run the server as mysql"
    chown mysql: "$dir" || fail "cannot give $dir to the mysql user"
    as_owner test -w "$dir" ||
      fail "the mysql user cannot reach $dir; use a folder under a directory everyone can enter, such as the system temp folder"
  fi
  # Server programs complain when they cannot return to a folder they cannot enter.
  cd "$dir"

  # root gets no password; the setup below removes the root accounts that
  # could come in over TCP, which leaves root@localhost, reachable only
  # through the socket in DIR.
  if ! as_owner "$install_db" --no-defaults --datadir="$dir/data" --skip-test-db \
      --skip-name-resolve --auth-root-authentication-method=normal >"$dir/install.log" 2>&1; then
    cat "$dir/install.log" >&2
    fail "mariadb-install-db failed"
  fi

  # Trying ports until one binds leaves no window in which another process
  # can take a port found free.
  port=""
  attempt=0
  while [ "$attempt" -lt 30 ] && [ -z "$port" ]; do
    attempt=$((attempt + 1))
    candidate=$(random_port)
    rm -f "$dir/server.log" "$dir/mariadbd.pid"
    set -- "$mariadbd" --no-defaults --datadir="$dir/data" --socket="$dir/sock" \
      --pid-file="$dir/mariadbd.pid" --port="$candidate" --bind-address=127.0.0.1 \
      --skip-name-resolve \
      --character-set-server=utf8mb4 --collation-server=utf8mb4_general_ci \
      --innodb-flush-log-at-trx-commit=0 --innodb-doublewrite=0 \
      --innodb-flush-method=nosync --skip-log-bin --sync-binlog=0 \
      --max-connections=300
    # The character set above is the one Debian's own configuration picks.
    # Throwaway data: durability only costs time. ctest runs many test
    # processes at once, each with a few connections.
    if [ "$(id -u)" -eq 0 ]; then
      set -- runuser -u mysql -- "$@"
    fi
    # In a session of its own, the server outlives this script and misses
    # the signals meant for the caller's process group.
    if command -v setsid >/dev/null 2>&1; then
      set -- setsid "$@"
    fi
    "$@" </dev/null >"$dir/server.log" 2>&1 &
    launcher=$!

    deadline=$(($(date +%s) + 60))
    while :; do
      if "$admin" --no-defaults --socket="$dir/sock" --user=root --connect-timeout=5 \
          ping >/dev/null 2>&1; then
        port=$candidate
        break
      fi
      if ! is_running "$launcher"; then
        wait "$launcher" || true
        launcher=""
        grep -q -e "Address already in use" -e "Bind on TCP/IP port" "$dir/server.log" 2>/dev/null && break
        cat "$dir/server.log" >&2 2>/dev/null || true
        fail "the server did not start (see the output above)"
      fi
      if [ "$(date +%s)" -ge "$deadline" ]; then
        cat "$dir/server.log" >&2 2>/dev/null || true
        fail "the server was not ready within 60 seconds (see the output above)"
      fi
      sleep 0.1 2>/dev/null || sleep 1
    done
  done
  [ -n "$port" ] || fail "found no free port on 127.0.0.1 in $attempt attempts"

  password=$(random_hex 24)
  # Through standard input, so that the password shows in no process list.
  # The tests create and drop scratch databases, hence the privileges on
  # every database.
  if ! "$client" --no-defaults --socket="$dir/sock" --user=root --batch \
      >"$dir/setup.log" 2>&1 <<EOF
DROP USER IF EXISTS 'root'@'127.0.0.1', 'root'@'::1';
CREATE DATABASE retort_test;
CREATE USER 'retort_test'@'127.0.0.1' IDENTIFIED BY '$password';
GRANT ALL PRIVILEGES ON *.* TO 'retort_test'@'127.0.0.1';
CREATE USER 'retort_test_nocreatedb'@'127.0.0.1' IDENTIFIED BY '$password';
GRANT ALL PRIVILEGES ON retort_test.* TO 'retort_test_nocreatedb'@'127.0.0.1';
EOF
  then
    cat "$dir/setup.log" >&2
    fail "cannot create the retort_test database and users"
  fi

  url="mysql://retort_test:$password@127.0.0.1:$port/retort_test"
  (umask 077 && printf '%s\n' "$url" >"$dir/url")
  trap - EXIT INT TERM
  printf '%s\n' "$url"
  echo "$me: MariaDB $("$mariadbd" --no-defaults --version | sed -n 's/.* Ver \([0-9.]*\).*/\1/p') running on 127.0.0.1:$port, data in $dir" >&2
}

# Leaves nothing behind when start fails part-way.
start_failed() {
  status=$?
  trap - EXIT INT TERM
  stop_server "$dir" || true
  # A server that failed before it wrote its pid file; as root, runuser
  # passes the signal on to it.
  if [ -n "$launcher" ]; then
    if is_running "$launcher"; then
      terminate "$launcher" || true
    fi
    wait "$launcher" 2>/dev/null || true
  fi
  cd /
  rm -rf "$dir"
  exit "$status"
}

# Stops the server in $1 if one runs there; fails if it cannot.
stop_server() {
  [ -f "$1/mariadbd.pid" ] || return 0
  pid=$(cat "$1/mariadbd.pid" 2>/dev/null || true)
  case $pid in
    '' | *[!0-9]*) return 0 ;;
  esac
  is_server "$pid" "$1" || return 0
  terminate "$pid"
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
