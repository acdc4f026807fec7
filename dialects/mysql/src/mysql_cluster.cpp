// A Galera cluster: waiting, after a run, until every node has applied what
// the run committed (MysqlConnection::WaitForReplicas).
#include <charconv>
#include <optional>
#include <thread>
#include <utility>

#include "mysql_connection.h"
#include "retort/error.h"

namespace retort::mysql {
namespace {

using Clock = std::chrono::steady_clock;

constexpr std::chrono::milliseconds kPollInterval{50};

std::string Status(MysqlConnection& connection, const std::string& name) {
  const auto rows = connection.QueryText("SHOW STATUS LIKE :name", {name});
  return rows.empty() || rows[0].size() < 2 ? "" : rows[0][1].value_or("");
}

long long Seqno(MysqlConnection& connection, const std::string& node) {
  const std::string text = Status(connection, "wsrep_last_committed");
  long long seqno = -1;
  const char* end = text.data() + text.size();
  if (text.empty() || std::from_chars(text.data(), end, seqno).ptr != end || seqno < 0) {
    throw DatabaseError("the Galera node " + node + " gives no seqno (wsrep_last_committed: '" +
                            text + "'), so retort cannot tell whether it has applied the run",
                        "GALERA_LAG");
  }
  return seqno;
}

// The nodes' client addresses, "host:port" each, as wsrep_incoming_addresses
// lists them (a node that was not told its own says AUTO).
std::vector<std::string> Addresses(const std::string& list) {
  std::vector<std::string> addresses;
  std::size_t start = 0;
  while (start <= list.size()) {
    const std::size_t comma = std::min(list.find(',', start), list.size());
    if (comma > start) addresses.push_back(list.substr(start, comma - start));
    start = comma + 1;
  }
  return addresses;
}

std::optional<std::pair<std::string, int>> HostAndPort(const std::string& address) {
  const std::size_t colon = address.rfind(':');
  if (colon == std::string::npos || colon == 0) return std::nullopt;
  int port = 0;
  const char* end = address.data() + address.size();
  if (std::from_chars(address.data() + colon + 1, end, port).ptr != end || port <= 0) {
    return std::nullopt;
  }
  std::string host = address.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  return std::make_pair(host, port);
}

}  // namespace

void MysqlConnection::SetUpForCluster() {
  // SHOW, not @@wsrep_on: a server built without Galera has no such
  // variable.
  const auto wsrep = QueryText("SHOW VARIABLES LIKE 'wsrep_on'");
  galera_node_ = !wsrep.empty() && wsrep[0].size() >= 2 && wsrep[0][1] == "ON";
  // A node applies other nodes' writes a moment after the cluster ordered
  // them. Reads that wait for that (bit 1 of wsrep_sync_wait) see the
  // version table and the lease's row as the cluster has them, also just
  // after a write of this session's lost to another node's.
  if (galera_node_) Execute("SET SESSION wsrep_sync_wait = @@wsrep_sync_wait | 1");
}

std::string MysqlConnection::SessionLockUnusable() {
  if (!galera_node_) return {};
  return "the server is a node of a Galera cluster (wsrep_on=ON), where GET_LOCK holds on one "
         "node only";
}

void MysqlConnection::WaitForReplicas(std::chrono::milliseconds timeout,
                                      MigrationListener& listener) {
  if (!galera_node_) return;
  // Every write set committed here, the run's included, is at or below
  // this node's seqno; the cluster numbers them alike on every node.
  const long long committed = Seqno(*this, "retort is connected to");
  const std::vector<std::string> addresses = Addresses(Status(*this, "wsrep_incoming_addresses"));
  const Clock::time_point deadline = Clock::now() + timeout;
  std::vector<std::string> unasked;
  std::size_t confirmed = 0;
  for (const std::string& address : addresses) {
    const auto host_and_port = HostAndPort(address);
    if (!host_and_port) {
      unasked.push_back(address + " (no address a client can use)");
      continue;
    }
    DatabaseUrl node = settings_.url;
    node.host = host_and_port->first;
    node.port = host_and_port->second;
    // A node that does not answer must not hold the run up for long.
    if (!node.QueryValue("connect_timeout")) node.query.emplace_back("connect_timeout", "5");
    std::unique_ptr<MysqlConnection> other;
    try {
      other = std::make_unique<MysqlConnection>(renderer_, SettingsFrom(node));
    } catch (const Error& error) {
      unasked.push_back(address + " (" + error.what() + ")");
      continue;
    }
    while (true) {
      const long long applied = Seqno(*other, address);
      const std::string state = Status(*other, "wsrep_local_state_comment");
      if (applied >= committed && state == "Synced") break;
      if (Clock::now() >= deadline) {
        throw DatabaseError(
            "the run committed, but node " + address +
                " of the Galera cluster had not applied "
                "it within " +
                std::to_string(timeout.count()) +
                " ms (lock_timeout): it is at "
                "seqno " +
                std::to_string(applied) + " of " + std::to_string(committed) + ", " + state +
                ". Nothing was undone; an application started on that node now may not "
                "see the new schema yet",
            "GALERA_LAG");
      }
      std::this_thread::sleep_for(kPollInterval);
    }
    ++confirmed;
  }
  const std::string nodes = std::to_string(addresses.size());
  if (addresses.empty()) {
    listener.OnNotice("the Galera cluster lists no node addresses (wsrep_incoming_addresses), so "
                      "retort could not see the other nodes apply the run (seqno " +
                      std::to_string(committed) + ")");
    return;
  }
  if (unasked.empty()) {
    listener.OnNotice("all " + nodes + " nodes of the Galera cluster have applied the run (seqno " +
                      std::to_string(committed) + ")");
    return;
  }
  std::string which;
  for (const std::string& node : unasked) which += (which.empty() ? "" : "; ") + node;
  listener.OnNotice(std::to_string(confirmed) + " of " + nodes +
                    " nodes of the Galera cluster have applied the run (seqno " +
                    std::to_string(committed) + "); retort could not ask " + which +
                    ". Set wsrep_node_incoming_address to an address retort can reach, or make "
                    "sure yourself that those nodes are synced");
}

}  // namespace retort::mysql
