// The connection contract checks: what the core asks of Connection beyond
// migrations (Query's typed rows, its parameters, its errors), run on the
// database under test before the catalogue. Each is named "connection/..."
// and reported like a case.
#ifndef RETORT_CONFORMANCE_CONNECTION_CHECKS_H_
#define RETORT_CONFORMANCE_CONNECTION_CHECKS_H_

#include <functional>
#include <string>
#include <vector>

#include "retort/dialect.h"

namespace retort::conformance {

struct ConnectionCheck {
  std::string name;  // "connection/<aspect>"
  // Runs the check on `connection`, a connection of `dialect` to the empty
  // database under test, and throws Error saying what differs from the
  // contract. It removes what it creates, also when it fails.
  std::function<void(Connection& connection, const Dialect& dialect)> run;
};

const std::vector<ConnectionCheck>& ConnectionChecks();

}  // namespace retort::conformance

#endif  // RETORT_CONFORMANCE_CONNECTION_CHECKS_H_
