#include "postgresql_reflect.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <memory>
#include <optional>
#include <tuple>
#include <utility>
#include <vector>

#include "retort/error.h"

namespace retort::postgresql {
namespace {

using Result = std::unique_ptr<PGresult, decltype(&PQclear)>;

// Which rows of pg_class (c, with its pg_namespace n; $1 is the schema name)
// reflection covers: tables, partitioned ones included, but not retort's own.
const std::string kReflectedTable =
    " n.nspname = $1 AND c.relkind IN ('r', 'p') AND NOT starts_with(c.relname::text, 'retort_') ";

const std::string kTablesSql =
    "SELECT c.relname, obj_description(c.oid, 'pg_class') "
    "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
    "WHERE" + kReflectedTable;

// Whether a column is serial is not in pg_attribute: its default calls
// nextval() on a sequence the column owns (an 'a' dependency), which a
// nextval() of a shared sequence does not.
const std::string kColumnsSql =
    "SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, "
    "       a.attidentity <> '', a.attgenerated <> '', pg_get_expr(d.adbin, d.adrelid), "
    "       EXISTS (SELECT 1 FROM pg_depend uses JOIN pg_depend owned "
    "                 ON owned.classid = 'pg_class'::regclass AND owned.objid = uses.refobjid "
    "               JOIN pg_class s ON s.oid = owned.objid AND s.relkind = 'S' "
    "               WHERE uses.classid = 'pg_attrdef'::regclass AND uses.objid = d.oid "
    "                 AND uses.refclassid = 'pg_class'::regclass "
    "                 AND owned.refclassid = 'pg_class'::regclass "
    "                 AND owned.refobjid = a.attrelid AND owned.refobjsubid = a.attnum "
    "                 AND owned.deptype = 'a'), "
    "       col_description(c.oid, a.attnum) "
    "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
    "JOIN pg_attribute a ON a.attrelid = c.oid "
    "LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
    "WHERE" + kReflectedTable + "AND a.attnum > 0 AND NOT a.attisdropped "
    "ORDER BY c.relname, a.attnum";

// Key columns come back as arrays in key order (conkey is in key order, not
// table order). A foreign key to a partitioned table also has one clone per
// referenced partition, on the same referencing table and with the same
// name; only the original is the user's.
const std::string kConstraintsSql =
    "SELECT c.relname, con.conname, con.contype, "
    "       ARRAY(SELECT a.attname FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, position) "
    "             JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum "
    "             ORDER BY k.position), "
    "       fn.nspname, fc.relname, "
    "       ARRAY(SELECT a.attname FROM unnest(con.confkey) WITH ORDINALITY AS k(attnum, position) "
    "             JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum "
    "             ORDER BY k.position), "
    "       con.confdeltype, con.confupdtype, con.condeferrable, con.condeferred, "
    "       pg_get_constraintdef(con.oid), con.convalidated, con.connoinherit "
    "FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid "
    "JOIN pg_namespace n ON n.oid = c.relnamespace "
    "LEFT JOIN pg_class fc ON fc.oid = con.confrelid "
    "LEFT JOIN pg_namespace fn ON fn.oid = fc.relnamespace "
    "WHERE" + kReflectedTable + "AND con.contype IN ('p', 'u', 'f', 'c', 'x') "
    "AND NOT EXISTS (SELECT 1 FROM pg_constraint parent WHERE parent.oid = con.conparentid "
    "                AND parent.conrelid = con.conrelid) "
    "ORDER BY c.relname, con.conname";

// An index a constraint owns is that constraint's (conindid). The test is
// on the constraint's own table because a foreign key's conindid names the
// referenced table's index, which may well be a standalone unique index.
// indkey is 0-based and 0 marks an expression.
const std::string kIndexesSql =
    "SELECT ic.relname, c.relname, i.indisunique, "
    "       ARRAY(SELECT CASE WHEN i.indkey[k - 1] = 0 "
    "                         THEN pg_get_indexdef(i.indexrelid, k, true) "
    "                         ELSE (SELECT a.attname::text FROM pg_attribute a "
    "                               WHERE a.attrelid = i.indrelid AND a.attnum = i.indkey[k - 1]) "
    "                    END "
    "             FROM generate_series(1, i.indnkeyatts) AS k ORDER BY k), "
    "       pg_get_expr(i.indpred, i.indrelid) "
    "FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid "
    "JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
    "WHERE" + kReflectedTable +
    "AND NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = i.indexrelid "
    "                AND con.conrelid = i.indrelid AND con.contype IN ('p', 'u', 'x')) "
    "ORDER BY ic.relname";

// The PostgreSQL spellings NeutralType maps without arguments.
struct PlainType {
  std::string_view spelling;
  TypeKind kind;
};

constexpr PlainType kPlainTypes[] = {
    {"integer", TypeKind::kInteger},
    {"bigint", TypeKind::kBigInt},
    {"smallint", TypeKind::kSmallInt},
    {"boolean", TypeKind::kBoolean},
    {"character varying", TypeKind::kString},
    {"text", TypeKind::kText},
    {"real", TypeKind::kFloat},
    {"double precision", TypeKind::kDouble},
    {"numeric", TypeKind::kNumeric},
    {"date", TypeKind::kDate},
    {"time without time zone", TypeKind::kTime},
    {"timestamp without time zone", TypeKind::kDateTime},
    {"timestamp with time zone", TypeKind::kTimestampTz},
    {"bytea", TypeKind::kBlob},
    {"jsonb", TypeKind::kJson},
    {"json", TypeKind::kJson},
    {"uuid", TypeKind::kUuid},
};

[[noreturn]] void NoNeutralType(std::string_view format_type) {
  throw OperationError(
      "PostgreSQL type '" + std::string(format_type) +
      "' has no neutral equivalent; retort reads integer, bigint, smallint, boolean, "
      "character varying(n), text, real, double precision, numeric(p,s), date, time without "
      "time zone, timestamp without time zone, timestamp with time zone, bytea, json, jsonb "
      "and uuid");
}

// A whole non-negative number, or nullopt.
std::optional<int> Number(std::string_view text) {
  int value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || text.empty() || value < 0) {
    return std::nullopt;
  }
  return value;
}

// The arguments of "name(a,b)" when `text` starts with "name(", else nullopt.
std::optional<std::string_view> Arguments(std::string_view text, std::string_view name) {
  if (text.size() < name.size() + 2 || text.substr(0, name.size()) != name ||
      text[name.size()] != '(' || text.back() != ')') {
    return std::nullopt;
  }
  return text.substr(name.size() + 1, text.size() - name.size() - 2);
}

// The elements of an array as PostgreSQL writes it in text: {a,"b c","d\"e"}.
// Elements are quoted, with backslash escapes, whenever they hold anything
// but plain characters; name arrays never hold NULL.
std::vector<std::string> ParseArray(std::string_view text) {
  if (text.size() < 2 || text.front() != '{' || text.back() != '}') {
    throw Error("unexpected array text from PostgreSQL: " + std::string(text));
  }
  std::vector<std::string> elements;
  const std::string_view body = text.substr(1, text.size() - 2);
  std::size_t i = 0;
  while (i < body.size()) {
    std::string element;
    if (body[i] == '"') {
      for (++i; i < body.size() && body[i] != '"'; ++i) {
        if (body[i] == '\\' && i + 1 < body.size()) ++i;
        element += body[i];
      }
      ++i;  // the closing quote
    } else {
      for (; i < body.size() && body[i] != ','; ++i) element += body[i];
    }
    elements.push_back(std::move(element));
    ++i;  // the comma
  }
  return elements;
}

std::optional<ReferentialAction> Action(char code) {
  switch (code) {
    case 'r': return ReferentialAction::kRestrict;
    case 'c': return ReferentialAction::kCascade;
    case 'n': return ReferentialAction::kSetNull;
    case 'd': return ReferentialAction::kSetDefault;
    default: return std::nullopt;  // 'a', NO ACTION: what an unsaid action means
  }
}

bool EndsWith(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

// The condition of "CHECK (cond)[ NO INHERIT][ NOT VALID]".
std::string CheckCondition(std::string_view definition, bool validated, bool no_inherit) {
  const std::string_view whole = definition;
  if (!validated && EndsWith(definition, " NOT VALID")) definition.remove_suffix(10);
  if (no_inherit && EndsWith(definition, " NO INHERIT")) definition.remove_suffix(11);
  constexpr std::string_view kPrefix = "CHECK (";
  if (definition.substr(0, kPrefix.size()) != kPrefix || !EndsWith(definition, ")")) {
    throw Error("unexpected check constraint text from PostgreSQL: " + std::string(whole));
  }
  definition.remove_prefix(kPrefix.size());
  definition.remove_suffix(1);
  return std::string(definition);
}

// One query's rows, read by column number.
class Rows {
 public:
  explicit Rows(Result result) : result_(std::move(result)) {}

  int size() const { return PQntuples(result_.get()); }
  std::string Text(int row, int column) const { return PQgetvalue(result_.get(), row, column); }
  std::optional<std::string> Optional(int row, int column) const {
    if (PQgetisnull(result_.get(), row, column)) return std::nullopt;
    return Text(row, column);
  }
  bool Bool(int row, int column) const { return Text(row, column) == "t"; }
  char Char(int row, int column) const { return *PQgetvalue(result_.get(), row, column); }
  std::vector<std::string> Array(int row, int column) const {
    return ParseArray(Text(row, column));
  }

 private:
  Result result_;
};

class Reader {
 public:
  Reader(PGconn* connection, const std::string& schema_name)
      : connection_(connection), schema_name_(schema_name) {}

  Rows Query(const std::string& sql, const char* reading) const {
    const char* values[] = {schema_name_.c_str()};
    Result result(PQexecParams(connection_, sql.c_str(), 1, nullptr, values, nullptr, nullptr, 0),
                  &PQclear);
    if (PQresultStatus(result.get()) != PGRES_TUPLES_OK) Fail(result.get(), reading);
    return Rows(std::move(result));
  }

  // Runs a statement that returns no rows (transaction control).
  void Command(const char* sql) const {
    Result result(PQexec(connection_, sql), &PQclear);
    if (PQresultStatus(result.get()) != PGRES_COMMAND_OK) Fail(result.get(), sql);
  }

 private:
  [[noreturn]] void Fail(const PGresult* result, const std::string& doing) const {
    const char* state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
    std::string code = state ? state : "";
    if (code.empty()) code = connection_ == nullptr ? "08003" : "08006";
    const char* primary = result ? PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
    std::string message = primary ? primary : PQerrorMessage(connection_);
    while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) {
      message.pop_back();
    }
    throw DatabaseError("cannot reflect PostgreSQL schema '" + schema_name_ + "' (" + doing +
                            "): " + code + ": " + message,
                        code);
  }

  PGconn* connection_;
  const std::string& schema_name_;
};

// Holds the queries to one snapshot when the caller has no transaction open,
// so that a table created or dropped meanwhile cannot leave columns without
// their table; inside the caller's transaction, its isolation rules.
class ReadTransaction {
 public:
  ReadTransaction(PGconn* connection, const Reader& reader) : connection_(connection) {
    if (connection != nullptr && PQtransactionStatus(connection) == PQTRANS_IDLE) {
      reader.Command("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
      own_ = true;
    }
  }
  ~ReadTransaction() {
    if (own_) PQclear(PQexec(connection_, "ROLLBACK"));
  }
  ReadTransaction(const ReadTransaction&) = delete;
  ReadTransaction& operator=(const ReadTransaction&) = delete;

 private:
  PGconn* connection_;
  bool own_ = false;
};

}  // namespace

Type NeutralType(std::string_view format_type) {
  for (const PlainType& plain : kPlainTypes) {
    if (format_type == plain.spelling) return Type{plain.kind, std::nullopt, std::nullopt, std::nullopt};
  }
  if (const auto arguments = Arguments(format_type, "character varying")) {
    const std::optional<int> length = Number(*arguments);
    if (!length || *length == 0) NoNeutralType(format_type);
    return Type{TypeKind::kString, length, std::nullopt, std::nullopt};
  }
  if (const auto arguments = Arguments(format_type, "numeric")) {
    const auto comma = arguments->find(',');
    const std::optional<int> precision = Number(arguments->substr(0, comma));
    std::optional<int> scale;
    if (comma != std::string_view::npos) {
      scale = Number(arguments->substr(comma + 1));
      // PostgreSQL 15 accepts a negative scale or one above the precision;
      // the neutral numeric(p,s) does not.
      if (!scale) NoNeutralType(format_type);
    }
    if (!precision || *precision == 0 || (scale && *scale > *precision)) {
      NoNeutralType(format_type);
    }
    return Type{TypeKind::kNumeric, std::nullopt, precision, scale};
  }
  NoNeutralType(format_type);
}

Schema ReflectSchema(PGconn* connection, const std::string& schema_name) {
  const Reader reader(connection, schema_name);
  const ReadTransaction transaction(connection, reader);

  // Keyed by name, a std::map is already in the canonical table order.
  std::map<std::string, Table> tables;
  const Rows table_rows = reader.Query(kTablesSql, "tables");
  for (int r = 0; r < table_rows.size(); ++r) {
    Table table;
    table.name = QualifiedName{schema_name, table_rows.Text(r, 0)};
    table.comment = table_rows.Optional(r, 1);
    tables.emplace(table.name.name, std::move(table));
  }
  // Inside a caller's READ COMMITTED transaction each query sees what has
  // committed by then, so a later query may name a table the first did not
  // see; such rows are left for the next reflection.
  auto table_of = [&](const Rows& rows, int r) -> Table* {
    const auto found = tables.find(rows.Text(r, 0));
    return found == tables.end() ? nullptr : &found->second;
  };

  const Rows columns = reader.Query(kColumnsSql, "columns");
  for (int r = 0; r < columns.size(); ++r) {
    Table* found = table_of(columns, r);
    if (found == nullptr) continue;
    Table& table = *found;
    Column column;
    column.name = columns.Text(r, 1);
    const std::string where = "column " + ToString(table.name) + "." + column.name;
    try {
      column.type = NeutralType(columns.Text(r, 2));
    } catch (const OperationError& error) {
      throw OperationError(where + ": " + error.what());
    }
    if (columns.Bool(r, 5)) {
      // Its expression would pass for a default, which it is not.
      throw OperationError(where +
                           " is a generated column, which the neutral model cannot describe");
    }
    column.nullable = !columns.Bool(r, 3);
    column.server_default = columns.Optional(r, 6);
    const bool identity = columns.Bool(r, 4);
    const bool serial = columns.Bool(r, 7) && column.server_default &&
                        column.server_default->rfind("nextval(", 0) == 0;
    if (identity || serial) {
      column.autoincrement = true;
      column.server_default.reset();
    }
    column.comment = columns.Optional(r, 8);
    table.columns.push_back(std::move(column));
  }

  const Rows constraints = reader.Query(kConstraintsSql, "constraints");
  for (int r = 0; r < constraints.size(); ++r) {
    Table* found = table_of(constraints, r);
    if (found == nullptr) continue;
    Table& table = *found;
    std::string name = constraints.Text(r, 1);
    switch (constraints.Char(r, 2)) {
      case 'p':
        table.primary_key = PrimaryKey{std::move(name), constraints.Array(r, 3)};
        break;
      case 'u':
        table.unique_constraints.push_back(
            UniqueConstraint{std::move(name), constraints.Array(r, 3)});
        break;
      case 'c':
        table.check_constraints.push_back(CheckConstraint{
            std::move(name), CheckCondition(constraints.Text(r, 11), constraints.Bool(r, 12),
                                            constraints.Bool(r, 13))});
        break;
      case 'f': {
        ForeignKey key;
        key.name = std::move(name);
        key.columns = constraints.Array(r, 3);
        const std::string referent_schema = constraints.Text(r, 4);
        key.referent = QualifiedName{referent_schema == schema_name ? "" : referent_schema,
                                     constraints.Text(r, 5)};
        key.referent_columns = constraints.Array(r, 6);
        key.on_delete = Action(constraints.Char(r, 7));
        key.on_update = Action(constraints.Char(r, 8));
        key.deferrable = constraints.Bool(r, 9);
        key.initially = constraints.Bool(r, 10) ? "DEFERRED" : "";
        table.foreign_keys.push_back(std::move(key));
        break;
      }
      default:  // 'x': dropping it would pass the table off as unconstrained
        throw OperationError("constraint " + name + " of " + ToString(table.name) +
                             " is an exclusion constraint, which the neutral model cannot "
                             "describe");
    }
  }

  Schema schema;
  const Rows indexes = reader.Query(kIndexesSql, "indexes");
  for (int r = 0; r < indexes.size(); ++r) {
    if (tables.count(indexes.Text(r, 1)) == 0) continue;
    Index index;
    index.name = indexes.Text(r, 0);
    index.table = QualifiedName{schema_name, indexes.Text(r, 1)};
    index.unique = indexes.Bool(r, 2);
    index.columns = indexes.Array(r, 3);
    index.where = indexes.Optional(r, 4).value_or("");
    schema.indexes.push_back(std::move(index));
  }
  for (auto& [name, table] : tables) schema.tables.push_back(std::move(table));
  SortCanonically(schema);
  return schema;
}

}  // namespace retort::postgresql
