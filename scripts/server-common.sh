# Sourced by the throwaway-server scripts of the tests (postgres-server.sh,
# mariadb-server.sh): what starting and stopping a server in a folder of its
# own shares, whatever the server. Before sourcing it, a script sets
#   me              its name, for messages
#   marker          the file that marks a folder as one it made, so that
#                   stop never removes anything else
#   server_user     who runs the server when the script runs as root
#   server_package  the Debian package that brings that user
# and afterwards defines
#   start_server    starts the server in $dir (prepared by prepare_dir) and
#                   sets url (and prints its own line on standard error)
#   stop_server DIR stops the server in DIR if one runs there; fails if it
#                   cannot
#   forget_launcher what else a start that failed part-way leaves running
#                   (may do nothing)
# then calls main "$@".

fail() {
  echo "$me: $*" >&2
  exit 1
}

usage() {
  echo "usage: $me start DIR | stop DIR" >&2
  exit 2
}

# Runs a command as the user the server belongs to.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u "$server_user" -- "$@"
  else
    "$@"
  fi
}

# Finds one of the programs $@ on PATH or in the sbin folders, which are not
# always on PATH for other users than root.
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
  fail "none of $* found (install the $server_package package)"
}

# Succeeds while process $1 runs; a zombie, which a parent has yet to reap,
# no longer does.
is_running() {
  kill -0 "$1" 2>/dev/null || return 1
  [ -r "/proc/$1/stat" ] || return 0
  state=$(sed -n 's/.*) \(.\).*/\1/p' "/proc/$1/stat" 2>/dev/null || true)
  [ "$state" != Z ]
}

# Succeeds while process $1 runs and, where /proc shows it, has the argument
# $2: a pid file left by a process that died may name an unrelated one by
# now.
runs_with_argument() {
  is_running "$1" || return 1
  [ -r "/proc/$1/cmdline" ] || return 0
  tr '\0' '\n' <"/proc/$1/cmdline" | grep -qxF -e "$2"
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

# Stops the process whose id the file $1 holds, if it still runs with the
# argument $2; fails if it cannot.
stop_pid_file() {
  [ -f "$1" ] || return 0
  pid=$(cat "$1" 2>/dev/null || true)
  case $pid in
    '' | *[!0-9]*) return 0 ;;
  esac
  runs_with_argument "$pid" "$2" || return 0
  terminate "$pid"
}

# Stops and reaps the launcher $1 of a server that failed before it wrote
# its pid file (as root, runuser passes the signal on to the server).
stop_launcher() {
  [ -n "$1" ] || return 0
  if is_running "$1"; then
    terminate "$1" || true
  fi
  wait "$1" 2>/dev/null || true
}

# The MariaDB scripts': makes the retort_test database, and the users
# retort_test (every privilege: the tests create and drop scratch
# databases) and retort_test_nocreatedb, both with password $3, over the
# root socket $2 with client $1; drops root's TCP accounts. The SQL goes
# through standard input, so that the password shows in no process list.
create_mariadb_test_users() {
  if ! "$1" --no-defaults --socket="$2" --user=root --batch >"$dir/setup.log" 2>&1 <<EOF
DROP USER IF EXISTS 'root'@'127.0.0.1', 'root'@'::1';
CREATE DATABASE retort_test;
CREATE USER 'retort_test'@'127.0.0.1' IDENTIFIED BY '$3';
GRANT ALL PRIVILEGES ON *.* TO 'retort_test'@'127.0.0.1';
CREATE USER 'retort_test_nocreatedb'@'127.0.0.1' IDENTIFIED BY '$3';
GRANT ALL PRIVILEGES ON retort_test.* TO 'retort_test_nocreatedb'@'127.0.0.1';
EOF
  then
    cat "$dir/setup.log" >&2
    fail "cannot create the retort_test database and users"
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

# Makes $1 (missing or empty) the server's folder: marked, owned by
# server_user when running as root, and the current directory. Sets dir to
# its absolute path; from here on a failure removes it again.
prepare_dir() {
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

  # The server's unix socket, a name in DIR, must fit in a sockaddr_un.
  [ "${#dir}" -le 90 ] || fail "$dir is too long a path for the server's unix socket; use a shorter one"

  if [ "$(id -u)" -eq 0 ]; then
    id "$server_user" >/dev/null 2>&1 || fail "running as root, but there is no $server_user user to run the server as (install the $server_package package)"
    command -v runuser >/dev/null 2>&1 || fail "running as root needs runuser (util-linux) to run the server as $server_user"
    chown "$server_user": "$dir" || fail "cannot give $dir to the $server_user user"
    as_owner test -w "$dir" ||
      fail "the $server_user user cannot reach $dir; use a folder under a directory everyone can enter, such as the system temp folder"
  fi
  # Server programs complain when they cannot return to a folder they cannot enter.
  cd "$dir"
}

start() {
  prepare_dir "$1"
  start_server
  (umask 077 && printf '%s\n' "$url" >"$dir/url")
  trap - EXIT INT TERM
  printf '%s\n' "$url"
}

# Leaves nothing behind when start fails part-way.
start_failed() {
  status=$?
  trap - EXIT INT TERM
  stop_server "$dir" || true
  forget_launcher
  cd /
  rm -rf "$dir"
  exit "$status"
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

main() {
  [ $# -eq 2 ] || usage
  [ -n "$2" ] || usage
  case $1 in
    start) start "$2" ;;
    stop) stop "$2" ;;
    *) usage ;;
  esac
}
