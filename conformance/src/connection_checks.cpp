#include "connection_checks.h"

#include <cstdint>

#include "retort/error.h"

namespace retort::conformance {
namespace {

constexpr const char* kProbe = "conformance_query_probe";

const char* KindName(SqlValue::Kind kind) {
  switch (kind) {
    case SqlValue::Kind::kNull:
      return "NULL";
    case SqlValue::Kind::kInteger:
      return "an integer";
    case SqlValue::Kind::kReal:
      return "a real";
    case SqlValue::Kind::kText:
      break;
  }
  return "text";
}

std::string Shown(const SqlValue& value) {
  return value.is_null() ? "NULL" : std::string(KindName(value.kind())) + " " + value.ToText();
}

void Expect(bool holds, const std::string& what) {
  if (!holds) throw Error(what);
}

void ExpectValue(const SqlValue& got, const SqlValue& expected, const std::string& what) {
  Expect(got == expected, what + ": expected " + Shown(expected) + ", got " + Shown(got));
}

// The probe table, made from neutral operations the dialect renders, with
// one row; dropped again when the check ends, however it ends.
class Probe {
 public:
  Probe(Connection& connection, const Dialect& dialect)
      : connection_(connection), dialect_(dialect) {
    CreateTable create;
    create.table.name = {"", kProbe};
    create.table.columns = {
        Column{.name = "i", .type = ParseType("integer")},
        Column{.name = "b", .type = ParseType("bigint")},
        Column{.name = "r", .type = ParseType("double")},
        Column{.name = "t", .type = ParseType("string(40)")},
        Column{.name = "d", .type = ParseType("numeric(10,2)")},
        Column{.name = "n", .type = ParseType("integer")},
        Column{.name = "x", .type = ParseType("blob")},
    };
    for (const std::string& sql : dialect_.Render(create)) connection_.Execute(sql);
    try {
      // 2^53 + 1: an integer that a detour through double would change.
      connection_.Execute(std::string("INSERT INTO ") + kProbe +
                          " (i, b, r, t, d, n) VALUES (42, 9007199254740993, 0.5, 'forty-two', "
                          "12.50, NULL)");
    } catch (...) {
      Drop();
      throw;
    }
  }
  ~Probe() { Drop(); }
  Probe(const Probe&) = delete;
  Probe& operator=(const Probe&) = delete;

 private:
  void Drop() noexcept {
    try {
      for (const std::string& sql : dialect_.Render(DropTable{{"", kProbe}})) {
        connection_.Execute(sql);
      }
    } catch (const std::exception&) {
      // The runner reports a table left behind.
    }
  }

  Connection& connection_;
  const Dialect& dialect_;
};

void CheckTypes(Connection& connection, const Dialect& dialect) {
  const Probe probe(connection, dialect);
  const QueryRows result =
      connection.Query(std::string("SELECT i, b, r, t, d, n FROM ") + kProbe, {});
  Expect(result.columns == std::vector<std::string>{"i", "b", "r", "t", "d", "n"},
         "the column names are not i, b, r, t, d, n as selected");
  Expect(result.rows.size() == 1,
         "one row was inserted, the query returned " + std::to_string(result.rows.size()));
  const std::vector<SqlValue>& row = result.rows[0];
  Expect(row.size() == 6, "the row has " + std::to_string(row.size()) + " values for 6 columns");
  ExpectValue(row[0], SqlValue::Integer(42), "an integer column");
  ExpectValue(row[1], SqlValue::Integer(9007199254740993), "a bigint column");
  ExpectValue(row[2], SqlValue::Real(0.5), "a double column");
  ExpectValue(row[3], SqlValue::Text("forty-two"), "a string column");
  // A numeric may come as text (exact) or as a number; its value is 12.5.
  Expect(!row[4].is_null() && row[4].AsReal("d") == 12.5,
         "a numeric column: expected 12.5, got " + Shown(row[4]));
  ExpectValue(row[5], SqlValue(), "a NULL");
  const QueryRows none =
      connection.Query(std::string("SELECT i, t FROM ") + kProbe + " WHERE 1 = 0", {});
  Expect(none.rows.empty() && none.columns == std::vector<std::string>{"i", "t"},
         "a query that selects no row still names its columns, and returns no row");
}

void CheckParameters(Connection& connection, const Dialect& dialect) {
  const Probe probe(connection, dialect);
  const std::string table = kProbe;
  const QueryRows found =
      connection.Query("SELECT i FROM " + table + " WHERE t = :name AND i = :number",
                       {SqlValue::Text("forty-two"), SqlValue::Integer(42)});
  Expect(found.rows.size() == 1, "parameters bound in order to :name and :number found " +
                                     std::to_string(found.rows.size()) + " rows, not 1");
  // A name used twice takes its one value both times.
  const QueryRows twice = connection.Query(
      "SELECT i FROM " + table + " WHERE t = :name AND :name = 'forty-two'",
      {SqlValue::Text("forty-two")});
  Expect(twice.rows.size() == 1, "a name used twice, with one value, found " +
                                     std::to_string(twice.rows.size()) + " rows, not 1");
  // Bound, not pasted: a quote in a value is data.
  connection.Query("UPDATE " + table + " SET t = :quoted, n = :nothing WHERE i = :i",
                   {SqlValue::Text("it's :not a placeholder"), SqlValue(), SqlValue::Integer(42)});
  const QueryRows updated =
      connection.Query("SELECT t, n, ':literal' FROM " + table + " -- :comment\n", {});
  Expect(updated.rows.size() == 1, "the updated row is not read back");
  ExpectValue(updated.rows[0][0], SqlValue::Text("it's :not a placeholder"),
              "a text parameter holding a quote and a colon");
  ExpectValue(updated.rows[0][1], SqlValue(), "a NULL parameter");
  ExpectValue(updated.rows[0][2], SqlValue::Text(":literal"),
              "':literal' inside a string constant, which is no placeholder");
  // A blob comes back as its bytes, not as the database's text form of them.
  connection.Query("UPDATE " + table + " SET x = :bytes", {SqlValue::Text("AB")});
  const QueryRows blob = connection.Query("SELECT x FROM " + table, {});
  ExpectValue(blob.rows.at(0).at(0), SqlValue::Text("AB"), "a blob column");
}

void CheckErrors(Connection& connection, const Dialect& dialect) {
  const Probe probe(connection, dialect);
  const auto refused = [&](const std::string& sql, const std::vector<SqlValue>& parameters,
                           const std::string& what) {
    try {
      connection.Query(sql, parameters);
    } catch (const DatabaseError& error) {
      Expect(std::string(error.what()).find(sql) != std::string::npos,
             what + ": the error does not show the statement (" + sql + "): " + error.what());
      return;
    }
    throw Error(what + ": no DatabaseError");
  };
  refused("SELECT x FROM conformance_no_such_table", {}, "a query of a missing table");
  // The statement as written, placeholders and all.
  refused("SELECT x FROM conformance_no_such_table WHERE x = :v", {SqlValue::Integer(1)},
          "a failing query with a placeholder");
  refused(std::string("SELECT i FROM ") + kProbe + "; SELECT 1", {},
          "a query holding two statements");
  refused(std::string("SELECT i FROM ") + kProbe + " WHERE i = :i", {},
          "a placeholder without a value");
  refused(std::string("SELECT i FROM ") + kProbe, {SqlValue::Integer(1)},
          "a value without a placeholder");
  // The connection is still usable, outside any transaction.
  Expect(connection.Query(std::string("SELECT i FROM ") + kProbe, {}).rows.size() == 1,
         "the connection does not answer after a failed query");
}

}  // namespace

const std::vector<ConnectionCheck>& ConnectionChecks() {
  static const std::vector<ConnectionCheck> checks = {
      {"connection/query_types", CheckTypes},
      {"connection/query_parameters", CheckParameters},
      {"connection/query_errors", CheckErrors},
  };
  return checks;
}

}  // namespace retort::conformance
