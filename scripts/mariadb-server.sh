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
marker=.retort-mariadb-server
server_user=mysql
server_package=mariadb-server
# shellcheck source=scripts/server-common.sh
. "$(dirname "$0")/server-common.sh"

start_server() {
  launcher=""
  mariadbd=$(find_program mariadbd mysqld)
  install_db=$(find_program mariadb-install-db mysql_install_db)
  client=$(find_program mariadb mysql)
  admin=$(find_program mariadb-admin mysqladmin)

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
  create_mariadb_test_users "$client" "$dir/sock" "$password"

  url="mysql://retort_test:$password@127.0.0.1:$port/retort_test"
  echo "$me: MariaDB $("$mariadbd" --no-defaults --version | sed -n 's/.* Ver \([0-9.]*\).*/\1/p') running on 127.0.0.1:$port, data in $dir" >&2
}

# Stops the server in $1 if one runs there; fails if it cannot.
stop_server() {
  stop_pid_file "$1/mariadbd.pid" "--datadir=$1/data"
}

forget_launcher() {
  stop_launcher "${launcher:-}"
}

main "$@"
