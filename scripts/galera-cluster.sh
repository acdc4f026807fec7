#!/bin/sh
# A throwaway three-node MariaDB Galera cluster for the tests.
#
#   scripts/galera-cluster.sh start DIR
#     Creates three data folders in DIR (which must be missing or empty),
#     starts a node on each, every one on free ports of 127.0.0.1 (for
#     clients, for Galera's replication, for incremental and for full state
#     transfers) with its unix socket in DIR/nodeN, waits until all three are
#     in the cluster and synced, creates the database retort_test, the user
#     retort_test (all privileges on every database, with a random password
#     chosen now) and, with the same password, retort_test_nocreatedb
#     (privileges on retort_test only), prints one
#     mysql://retort_test:<password>@127.0.0.1:<port>/retort_test line per
#     node on standard output, node 1 first, and writes them to DIR/url. If
#     anything fails, DIR is removed again.
#   scripts/galera-cluster.sh stop DIR
#     Stops the nodes and removes DIR. Nothing to do when DIR is missing.
#
# Node 1 starts a new cluster; nodes 2 and 3 join it and copy its data with
# an rsync state transfer (rsync comes with the mariadb-server package, as
# does galera-4). As root, the nodes run as the mysql user; otherwise they run
# as the current user. Every MariaDB program gets --no-defaults first, so
# that no option file (such as /etc/mysql/my.cnf) changes the nodes.
set -eu

me=$(basename "$0")
marker=.retort-galera-cluster
server_user=mysql
server_package=mariadb-server
nodes="1 2 3"
# shellcheck source=scripts/server-common.sh
. "$(dirname "$0")/server-common.sh"

# Galera's replication library, which the galera-4 package brings.
find_provider() {
  for candidate in ${WSREP_PROVIDER:-} /usr/lib/galera/libgalera_smm.so \
      /usr/lib/libgalera_smm.so /usr/lib64/galera-4/libgalera_smm.so \
      /usr/lib64/galera/libgalera_smm.so; do
    if [ -r "$candidate" ]; then
      echo "$candidate"
      return
    fi
  done
  fail "no libgalera_smm.so found (install the galera-4 package, or set WSREP_PROVIDER)"
}

# The variable $1_$2: what $1 is for node $2. pick_ports sets the ports
# port_N (clients), gcomm_N (Galera's replication), ist_N (incremental
# state transfers) and sst_N (the rsync of a full state transfer), which
# differ from each other and from those of the other nodes; launch_node
# sets launcher_N.
node_var() {
  eval "echo \"\${$1_$2:-}\""
}

# Whether port $1 is one of the cluster's already. Its loop variables are
# its own: shell functions share every variable.
port_taken() {
  for taken_node in $nodes; do
    for taken_kind in port gcomm ist sst; do
      [ "$(node_var "$taken_kind" "$taken_node")" = "$1" ] && return 0
    done
  done
  return 1
}

pick_ports() {
  for kind in port gcomm ist sst; do
    eval "${kind}_$1="
    candidate=$(random_port)
    while port_taken "$candidate"; do
      candidate=$(random_port)
    done
    eval "${kind}_$1=$candidate"
  done
}

# The status variable $2 of node $1, or nothing while the node does not
# answer.
node_status() {
  "$client" --no-defaults --socket="$dir/node$1/sock" --user=root --connect-timeout=5 \
    --batch --skip-column-names -e "SHOW GLOBAL STATUS LIKE '$2'" 2>/dev/null |
    cut -f2 || true
}

# Starts node $1 in the background; node 1 starts a new cluster, the others
# join it.
launch_node() {
  number=$1
  node_dir="$dir/node$number"
  rm -f "$node_dir/server.log" "$node_dir/mariadbd.pid"
  as_owner rm -rf "$node_dir/data"
  # A copy of what mariadb-install-db made; a joiner replaces it with what
  # the state transfer brings.
  as_owner cp -a "$dir/template" "$node_dir/data"
  cluster=""
  for node in $nodes; do
    cluster="$cluster${cluster:+,}127.0.0.1:$(node_var gcomm "$node")"
  done
  set -- "$mariadbd" --no-defaults --datadir="$node_dir/data" --socket="$node_dir/sock" \
    --pid-file="$node_dir/mariadbd.pid" --port="$(node_var port "$number")" \
    --bind-address=127.0.0.1 --skip-name-resolve \
    --character-set-server=utf8mb4 --collation-server=utf8mb4_general_ci \
    --innodb-flush-log-at-trx-commit=0 --innodb-doublewrite=0 \
    --innodb-flush-method=nosync --skip-log-bin --sync-binlog=0 \
    --max-connections=300 \
    --innodb-buffer-pool-size=32M --innodb-log-file-size=16M \
    --key-buffer-size=1M --aria-pagecache-buffer-size=8M \
    --binlog-format=ROW --default-storage-engine=InnoDB --innodb-autoinc-lock-mode=2 \
    --wsrep-on=ON --wsrep-provider="$provider" \
    --wsrep-cluster-name="$cluster_name" --wsrep-cluster-address="gcomm://$cluster" \
    --wsrep-node-name="node$number" --wsrep-node-address=127.0.0.1 \
    --wsrep-node-incoming-address="127.0.0.1:$(node_var port "$number")" \
    --wsrep-sst-method=rsync --wsrep-sst-receive-address="127.0.0.1:$(node_var sst "$number")" \
    --wsrep-provider-options="gmcast.listen_addr=tcp://127.0.0.1:$(node_var gcomm "$number");ist.recv_addr=127.0.0.1:$(node_var ist "$number");gcache.size=16M;gcache.page_size=16M;evs.join_retrans_period=PT0.2S"
  # The character set above is the one Debian's own configuration picks.
  # Throwaway data: durability only costs time. ctest runs many test
  # processes at once, each with a few connections. Three nodes share the
  # machine, hence the small caches. The cluster's name, unique to this
  # start, keeps the nodes from joining another cluster that happens to
  # listen on one of the ports. Without its incoming address, a node shows
  # as AUTO in wsrep_incoming_addresses instead of with its client port.
  # Galera retransmits its join messages every second by default, which
  # makes each node take a second longer to join.
  if [ "$number" = 1 ]; then
    set -- "$@" --wsrep-new-cluster
  fi
  if [ "$(id -u)" -eq 0 ]; then
    set -- runuser -u mysql -- "$@"
  fi
  # In a session of its own, the node outlives this script and misses the
  # signals meant for the caller's process group.
  if command -v setsid >/dev/null 2>&1; then
    set -- setsid "$@"
  fi
  "$@" </dev/null >"$node_dir/server.log" 2>&1 &
  eval "launcher_$number=$!"
}

# Waits until node $1 answers and is synced with the cluster. Returns 2
# when it stopped because one of its ports was taken, after which it can
# try others.
wait_node() {
  node_dir="$dir/node$1"
  launcher=$(node_var launcher "$1")
  deadline=$(($(date +%s) + 90))
  while :; do
    if [ "$(node_status "$1" wsrep_local_state_comment)" = Synced ] &&
        [ "$(node_status "$1" wsrep_ready)" = ON ]; then
      return 0
    fi
    if ! is_running "$launcher"; then
      wait "$launcher" || true
      eval "launcher_$1="
      # The rsync that waits for a state transfer says nothing when its
      # port is taken; wsrep_sst_rsync only sees it end.
      if grep -q -e "Address already in use" -e "Bind on TCP/IP port" \
          -e "has been taken by another program" \
          -e "rsync or stunnel daemon (PID: [0-9]*) terminated unexpectedly" \
          "$node_dir/server.log" 2>/dev/null; then
        return 2
      fi
      cat "$node_dir/server.log" >&2 2>/dev/null || true
      fail "node $1 did not start (see the output above)"
    fi
    if [ "$(date +%s)" -ge "$deadline" ]; then
      cat "$node_dir/server.log" >&2 2>/dev/null || true
      fail "node $1 was not synced within 90 seconds (see the output above)"
    fi
    sleep 0.2 2>/dev/null || sleep 1
  done
}

# Starts the nodes given and waits for them, trying other ports for a node
# while its own are taken.
start_nodes() {
  for starting in "$@"; do
    launch_node "$starting"
  done
  for starting in "$@"; do
    attempt=1
    until wait_node "$starting"; do
      stop_node "$dir" "$starting" || true
      attempt=$((attempt + 1))
      [ "$attempt" -le 30 ] || fail "found no free ports on 127.0.0.1 for node $starting in 30 attempts"
      echo "$me: a port of node $starting was taken; trying others" >&2
      pick_ports "$starting"
      launch_node "$starting"
    done
  done
}

start_server() {
  for node in $nodes; do
    eval "launcher_$node="
  done
  mariadbd=$(find_program mariadbd mysqld)
  install_db=$(find_program mariadb-install-db mysql_install_db)
  client=$(find_program mariadb mysql)
  provider=$(find_provider)
  command -v rsync >/dev/null 2>&1 || fail "no rsync, which the state transfers need (install the rsync package)"
  cluster_name=retort_$(random_hex 8)

  # root gets no password; the setup below removes the root accounts that
  # could come in over TCP, which leaves root@localhost, reachable only
  # through each node's socket in DIR.
  if ! as_owner "$install_db" --no-defaults --datadir="$dir/template" --skip-test-db \
      --skip-name-resolve --auth-root-authentication-method=normal \
      --innodb-log-file-size=16M >"$dir/install.log" 2>&1; then
    cat "$dir/install.log" >&2
    fail "mariadb-install-db failed"
  fi
  for node in $nodes; do
    as_owner mkdir "$dir/node$node"
    pick_ports "$node"
  done

  start_nodes 1

  password=$(random_hex 24)
  # Made before the other nodes join, so that they come with the data
  # they copy.
  create_mariadb_test_users "$client" "$dir/node1/sock" "$password"

  # One after the other: two nodes that join at once slow each other down,
  # and a node gives one state transfer at a time.
  start_nodes 2
  start_nodes 3
  as_owner rm -rf "$dir/template"

  for node in $nodes; do
    size=$(node_status "$node" wsrep_cluster_size)
    [ "$size" = 3 ] || fail "node $node sees a cluster of ${size:-no} nodes, not 3"
  done

  # One line per node.
  url=""
  for node in $nodes; do
    [ -z "$url" ] || url="$url
"
    url="${url}mysql://retort_test:$password@127.0.0.1:$(node_var port "$node")/retort_test"
  done
  echo "$me: MariaDB $("$mariadbd" --no-defaults --version | sed -n 's/.* Ver \([0-9.]*\).*/\1/p') Galera cluster of 3 nodes running on 127.0.0.1:$(node_var port 1), :$(node_var port 2) and :$(node_var port 3), data in $dir" >&2
}

# Stops node $2 of the cluster in $1 if it runs; fails if it cannot.
stop_node() {
  stop_pid_file "$1/node$2/mariadbd.pid" "--datadir=$1/node$2/data"
}

# The processes that a state transfer into or out of the cluster in $1 runs
# (the wsrep_sst_rsync script, rsync, which name a data folder in $1), and
# nodes without a pid file.
stray_processes() {
  for proc in /proc/[0-9]*; do
    stray=${proc#/proc/}
    [ "$stray" != $$ ] || continue
    comm=""
    read -r comm 2>/dev/null <"$proc/comm" || true
    case $comm in
      rsync | wsrep_sst_* | mariadbd | mysqld) ;;
      *) continue ;;
    esac
    if tr '\0' '\n' <"$proc/cmdline" 2>/dev/null | grep -qF -e "$1/node"; then
      echo "$stray"
    fi
  done
}

# Stops the nodes of the cluster in $1 that run, the last one first, and
# what they left running; fails if it cannot.
stop_server() {
  # Not status, which start_failed keeps for its exit.
  stop_status=0
  for node in 3 2 1; do
    stop_node "$1" "$node" || stop_status=1
  done
  for stray in $(stray_processes "$1"); do
    echo "$me: stopping process $stray, still running in $1" >&2
    terminate "$stray" || stop_status=1
  done
  return "$stop_status"
}

# Nodes that failed before they wrote their pid files; as root, runuser
# passes the signal on to them.
forget_launcher() {
  for node in $nodes; do
    stop_launcher "$(node_var launcher "$node")"
  done
}

main "$@"
