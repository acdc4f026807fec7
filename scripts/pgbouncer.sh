#!/bin/sh
# A throwaway PgBouncer in front of a PostgreSQL server, for the tests.
#
#   scripts/pgbouncer.sh start DIR URL
#     URL is a postgresql://user:password@host:port/dbname URL, such as
#     scripts/postgres-server.sh start prints. Writes a configuration to DIR
#     (which must be missing or empty) and starts PgBouncer on a free port of
#     127.0.0.1, with its unix socket in DIR, in transaction pooling mode:
#     every database of the server through at most 4 server connections per
#     database and user, shared by up to 200 clients. Only URL's user can log
#     in (SCRAM, with URL's password, which PgBouncer also uses to log in to
#     the server); it may also use the admin console (database pgbouncer).
#     Once psql gets an answer to SELECT 1 through it, prints URL with
#     127.0.0.1 and the pooler's port on standard output and writes it to
#     DIR/url. If anything fails, DIR is removed again.
#   scripts/pgbouncer.sh stop DIR
#     Stops that PgBouncer and removes DIR. Nothing to do when DIR is missing.
#
# Transaction pooling: a session's SET, advisory locks and the like stay on
# a server connection that other clients then get; PgBouncer 1.18 refuses
# clients that send the options startup parameter (PGOPTIONS, ?options=).
#
# As root, PgBouncer runs as the postgres user, since it refuses to run as
# root; otherwise it runs as the current user.
set -eu

me=$(basename "$0")
marker=.retort-pgbouncer
server_user=postgres
server_package=pgbouncer
# shellcheck source=scripts/server-common.sh
. "$(dirname "$0")/server-common.sh"

# Decodes the %XX escapes of a URL part.
percent_decode() {
  printf '%s' "$1" | LC_ALL=C awk '
    BEGIN { hex = "0123456789abcdef"; RS = "\001" }
    {
      out = ""
      while ((i = index($0, "%")) > 0) {
        high = index(hex, tolower(substr($0, i + 1, 1)))
        low = index(hex, tolower(substr($0, i + 2, 1)))
        if (high == 0 || low == 0) exit 1
        out = out substr($0, 1, i - 1) sprintf("%c", (high - 1) * 16 + low - 1)
        $0 = substr($0, i + 3)
      }
      printf "%s%s", out, $0
    }'
}

# Splits $1, a postgresql:// URL, into scheme, userinfo, user, password,
# host, server_port, path (from its slash on; may be empty) and database.
parse_url() {
  case $1 in
    postgresql://* | postgres://*) ;;
    *) fail "the URL must start with postgresql:// or postgres://" ;;
  esac
  scheme=${1%%://*}
  rest=${1#*://}
  authority=${rest%%[/?]*}
  path=${rest#"$authority"}
  case $authority in
    *@*) ;;
    *) fail "the URL names no user and password (user:password@host:port)" ;;
  esac
  userinfo=${authority%@*}
  hostport=${authority##*@}
  case $userinfo in
    *:*) ;;
    *) fail "the URL names no password (user:password@host:port)" ;;
  esac
  user=$(percent_decode "${userinfo%%:*}") || fail "the URL's user has a bad %-escape"
  password=$(percent_decode "${userinfo#*:}") || fail "the URL's password has a bad %-escape"
  [ -n "$user" ] || fail "the URL names no user"
  case $hostport in
    *\]:* | [!\[]*:*) ;;
    *) fail "the URL names no port (host:port)" ;;
  esac
  host=${hostport%:*}
  server_port=${hostport##*:}
  host=${host#\[}
  host=${host%\]}
  case $server_port in
    '' | *[!0-9]*) fail "the URL's port is not a number" ;;
  esac
  case $host in
    '' | *[!A-Za-z0-9.:_-]*) fail "the URL's host is not a name or an address" ;;
  esac
  database=${path#/}
  database=${database%%\?*}
  database=$(percent_decode "$database") || fail "the URL's database has a bad %-escape"
  [ -n "$database" ] || database=$user
}

# Quotes a field of the auth file.
userlist_quote() {
  printf '"%s"' "$(printf '%s' "$1" | sed 's/"/""/g')"
}

# Writes standard input to the file $1, readable by its owner only: the
# user PgBouncer runs as.
write_private() {
  # shellcheck disable=SC2016 # $1 belongs to the inner shell.
  as_owner sh -c 'umask 077 && cat >"$1"' sh "$1"
}

# Runs SELECT 1 through the pooler on port $1, as URL's user; the password
# goes through the environment, so that it shows in no process list.
ask_pooler() {
  PGPASSWORD=$password PGSSLMODE=disable PGCONNECT_TIMEOUT=5 PGAPPNAME=$me \
    "$psql" -X -q -A -t -w -h 127.0.0.1 -p "$1" -U "$user" -d "$database" -c 'SELECT 1' 2>&1
}

start_server() {
  launcher=""
  pgbouncer=$(find_program pgbouncer)
  psql=$(find_program psql)

  { userlist_quote "$user" && printf ' ' && userlist_quote "$password" && echo; } |
    write_private "$dir/userlist.txt"

  # Trying ports until one binds leaves no window in which another process
  # can take a port found free.
  port=""
  attempt=0
  while [ "$attempt" -lt 30 ] && [ -z "$port" ]; do
    attempt=$((attempt + 1))
    candidate=$(random_port)
    as_owner rm -f "$dir/pgbouncer.log" "$dir/pgbouncer.pid"
    rm -f "$dir/launch.log"
    {
      echo "[databases]"
      echo "* = host=$host port=$server_port"
      echo "[pgbouncer]"
      echo "listen_addr = 127.0.0.1"
      echo "listen_port = $candidate"
      echo "unix_socket_dir = $dir"
      echo "logfile = $dir/pgbouncer.log"
      echo "pidfile = $dir/pgbouncer.pid"
      echo "auth_type = scram-sha-256"
      echo "auth_file = $dir/userlist.txt"
      echo "admin_users = $user"
      echo "pool_mode = transaction"
      echo "max_client_conn = 200"
      echo "default_pool_size = 4"
      # What JDBC drivers send; libpq sends nothing PgBouncer 1.18 refuses.
      echo "ignore_startup_parameters = extra_float_digits"
    } | write_private "$dir/pgbouncer.ini"

    set -- "$pgbouncer" -q "$dir/pgbouncer.ini"
    if [ "$(id -u)" -eq 0 ]; then
      set -- runuser -u "$server_user" -- "$@"
    fi
    # In a session of its own, PgBouncer outlives this script and misses the
    # signals meant for the caller's process group.
    if command -v setsid >/dev/null 2>&1; then
      set -- setsid "$@"
    fi
    "$@" </dev/null >"$dir/launch.log" 2>&1 &
    launcher=$!

    # PgBouncer 1.18 does not give up when the port is taken: it warns and
    # goes on with its unix socket alone. Whatever answers on the port is
    # only PgBouncer once its log says it listens there.
    listening="listening on 127\.0\.0\.1:$candidate\$"
    taken="cannot listen on 127\.0\.0\.1:$candidate:"
    deadline=$(($(date +%s) + 60))
    while :; do
      if grep -q -e "$taken" "$dir/pgbouncer.log" 2>/dev/null; then
        terminate "$launcher" || fail "cannot stop the PgBouncer that found port $candidate taken"
        wait "$launcher" 2>/dev/null || true
        launcher=""
        break
      fi
      if grep -q -e "$listening" "$dir/pgbouncer.log" 2>/dev/null; then
        if answer=$(ask_pooler "$candidate"); then
          port=$candidate
          break
        fi
        printf '%s\n' "$answer" >&2
        tail -n 5 "$dir/pgbouncer.log" >&2 2>/dev/null || true
        fail "PgBouncer runs but SELECT 1 through it failed (see the messages above)"
      fi
      if ! is_running "$launcher"; then
        wait "$launcher" || true
        launcher=""
        cat "$dir/launch.log" "$dir/pgbouncer.log" >&2 2>/dev/null || true
        fail "PgBouncer did not start (see the output above)"
      fi
      if [ "$(date +%s)" -ge "$deadline" ]; then
        cat "$dir/launch.log" "$dir/pgbouncer.log" >&2 2>/dev/null || true
        fail "PgBouncer did not listen on 127.0.0.1:$candidate within 60 seconds (see the output above)"
      fi
      sleep 0.1 2>/dev/null || sleep 1
    done
  done
  [ -n "$port" ] || fail "found no free port on 127.0.0.1 in $attempt attempts"

  url="$scheme://$userinfo@127.0.0.1:$port$path"
  echo "$me: PgBouncer $("$pgbouncer" --version | sed -n '1s/^PgBouncer //p') running on 127.0.0.1:$port in front of $host:$server_port, transaction pooling, files in $dir" >&2
}

# Stops the PgBouncer in $1 if one runs there; fails if it cannot.
stop_server() {
  stop_pid_file "$1/pgbouncer.pid" "$1/pgbouncer.ini"
}

forget_launcher() {
  stop_launcher "${launcher:-}"
}

# main takes two arguments; start takes the URL too, checked before DIR is
# touched.
if [ $# -eq 3 ] && [ "$1" = start ] && [ -n "$2" ]; then
  parse_url "$3"
  main start "$2"
elif [ $# -eq 2 ] && [ "$1" = stop ]; then
  main "$@"
else
  echo "usage: $me start DIR URL | stop DIR" >&2
  exit 2
fi
