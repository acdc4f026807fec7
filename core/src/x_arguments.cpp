#include "x_arguments.h"

#include <algorithm>
#include <cctype>
#include <variant>

#include "retort/error.h"

namespace retort {
namespace {

constexpr std::string_view kOpen = "${x.";

bool IsKey(std::string_view key) {
  if (key.empty() || std::isdigit(static_cast<unsigned char>(key.front()))) return false;
  for (char c : key) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
  }
  return true;
}

std::string Known(const XArguments& arguments) {
  if (arguments.empty()) return "no -x argument was given";
  std::string known = "given:";
  for (const auto& [key, value] : arguments) known += " " + key;
  return known;
}

}  // namespace

std::string SubstituteXArguments(std::string_view sql, const XArguments& arguments) {
  std::string result;
  std::size_t done = 0;
  for (std::size_t at = sql.find(kOpen); at != std::string_view::npos;
       at = sql.find(kOpen, done)) {
    // "$${x.key}" is the way to write the text itself.
    if (at > 0 && sql[at - 1] == '$') {
      result.append(sql.substr(done, at - 1 - done));
      result.append(kOpen);
      done = at + kOpen.size();
      continue;
    }
    result.append(sql.substr(done, at - done));
    const std::size_t close = sql.find('}', at);
    const std::string_view key =
        close == std::string_view::npos
            ? std::string_view()
            : sql.substr(at + kOpen.size(), close - at - kOpen.size());
    if (!IsKey(key)) {
      const std::string_view shown = sql.substr(at, std::min<std::size_t>(40, sql.size() - at));
      throw OperationError("'" + std::string(shown) +
                           "' is not a ${x.key} reference (a key of letters, digits and '_', "
                           "then '}'); write $${x. for the text itself");
    }
    const auto value = arguments.find(std::string(key));
    if (value == arguments.end()) {
      throw OperationError("${x." + std::string(key) + "} has no value: give -x " +
                           std::string(key) + "=VALUE (" + Known(arguments) + ")");
    }
    result.append(value->second);
    done = close + 1;
  }
  result.append(sql.substr(done));
  return result;
}

void SubstituteXArguments(const RevisionHeader& header, std::vector<RevisionOp>& ops,
                          const XArguments& arguments) {
  for (RevisionOp& op : ops) {
    Execute* execute = std::get_if<Execute>(&op.op);
    if (!execute) continue;
    try {
      execute->sql = SubstituteXArguments(execute->sql, arguments);
      for (auto& [dialect, sql] : execute->dialect_sql) {
        sql = SubstituteXArguments(sql, arguments);
      }
    } catch (const OperationError& error) {
      throw FileError(header.path, op.line,
                      "revision " + header.id + ": " + error.what() + "; nothing was run");
    }
  }
}

}  // namespace retort
