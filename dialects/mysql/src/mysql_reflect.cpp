#include "mysql_reflect.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <regex>

#include "mysql_connection.h"
#include "mysql_expression.h"
#include "retort/error.h"

namespace retort::mysql {
namespace {

using Row = MysqlConnection::Row;

std::string Text(const Row& row, std::size_t at) { return row[at].value_or(""); }

bool IsOwnTable(const std::string& name) { return name.rfind("retort_", 0) == 0; }

// Types as MySQL prints them, lower case: "int(11)", "varchar(20)"...
std::optional<Type> ParsedNeutral(std::string_view type) {
  static const std::regex kPattern(R"(([a-z]+)(?:\((\d+)(?:,(\d+))?\))?)");
  std::cmatch match;
  if (!std::regex_match(type.begin(), type.end(), match, kPattern)) return std::nullopt;
  const std::string base = match[1];
  const std::optional<int> first =
      match[2].matched ? std::optional<int>(std::stoi(match[2])) : std::nullopt;
  const std::optional<int> second =
      match[3].matched ? std::optional<int>(std::stoi(match[3])) : std::nullopt;
  Type neutral;
  // Display widths ("int(11)") say nothing about what a column holds.
  if (base == "int" && !second)
    neutral.kind = TypeKind::kInteger;
  else if (base == "bigint" && !second)
    neutral.kind = TypeKind::kBigInt;
  else if (base == "smallint" && !second)
    neutral.kind = TypeKind::kSmallInt;
  else if (base == "tinyint" && first == 1)
    neutral.kind = TypeKind::kBoolean;
  else if (base == "varchar" && first && !second) {
    neutral.kind = TypeKind::kString;
    neutral.length = first;
  } else if (base == "mediumtext" && !first)
    neutral.kind = TypeKind::kString;
  else if (base == "longtext" && !first)
    neutral.kind = TypeKind::kText;
  else if (base == "float" && !first)
    neutral.kind = TypeKind::kFloat;
  else if (base == "double" && !first)
    neutral.kind = TypeKind::kDouble;
  else if (base == "decimal" && first) {
    neutral.kind = TypeKind::kNumeric;
    neutral.precision = first;
    neutral.scale = second.value_or(0);
  } else if (base == "date" && !first)
    neutral.kind = TypeKind::kDate;
  else if (base == "time" && first == 6)
    neutral.kind = TypeKind::kTime;
  else if (base == "datetime" && first == 6)
    neutral.kind = TypeKind::kDateTime;
  else if (base == "timestamp" && first == 6)
    neutral.kind = TypeKind::kTimestampTz;
  else if (base == "longblob" && !first)
    neutral.kind = TypeKind::kBlob;
  else if (base == "uuid" && !first)
    neutral.kind = TypeKind::kUuid;
  else
    return std::nullopt;
  return neutral;
}

// The default as COLUMN_DEFAULT shows it (MariaDB 10.2.7 and later:
// literals quoted, NULL for DEFAULT NULL, expressions as written).
std::optional<std::string> DefaultOf(const std::optional<std::string>& shown) {
  if (!shown || *shown == "NULL") return std::nullopt;
  return CanonicalExpression(*shown);
}

// Whether `name` is one MariaDB makes up for an unnamed unique key over
// `columns`: the first column's name, or it with _2, _3...
bool IsGeneratedUniqueName(const std::string& name, const std::vector<std::string>& columns) {
  if (columns.empty()) return false;
  const std::string& first = columns.front();
  if (name == first) return true;
  if (name.size() <= first.size() + 1 || name.compare(0, first.size(), first) != 0 ||
      name[first.size()] != '_') {
    return false;
  }
  return std::all_of(name.begin() + static_cast<std::ptrdiff_t>(first.size() + 1), name.end(),
                     [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

bool IsGeneratedForeignKeyName(const std::string& name, const std::string& table) {
  static const std::regex kSuffix(R"(_ibfk_\d+)");
  return name.size() > table.size() && name.compare(0, table.size(), table) == 0 &&
         std::regex_match(name.substr(table.size()), kSuffix);
}

std::optional<ReferentialAction> ActionOf(const std::string& rule) {
  if (rule == "CASCADE") return ReferentialAction::kCascade;
  if (rule == "SET NULL") return ReferentialAction::kSetNull;
  if (rule == "SET DEFAULT") return ReferentialAction::kSetDefault;
  return std::nullopt;  // NO ACTION and RESTRICT: MySQL checks both at once
}

class Reader {
 public:
  Reader(MysqlConnection& connection, std::string database)
      : connection_(connection), database_(std::move(database)) {}

  std::vector<Row> Rows(const std::string& sql) { return connection_.QueryText(sql, {database_}); }

  void ReadTables(Schema& schema) {
    for (const Row& row : Rows("SELECT TABLE_NAME, TABLE_COMMENT FROM information_schema.TABLES "
                               "WHERE TABLE_SCHEMA = :db AND TABLE_TYPE = 'BASE TABLE' "
                               "ORDER BY TABLE_NAME")) {
      if (IsOwnTable(Text(row, 0))) continue;
      Table table;
      table.name = QualifiedName{"", Text(row, 0)};
      if (!Text(row, 1).empty()) table.comment = Text(row, 1);
      tables_[table.name.name] = schema.tables.size();
      schema.tables.push_back(std::move(table));
    }
  }

  Table* Find(Schema& schema, const std::string& name) {
    const auto found = tables_.find(name);
    return found == tables_.end() ? nullptr : &schema.tables[found->second];
  }

  void ReadColumns(Schema& schema) {
    for (const Row& row :
         Rows("SELECT TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT, EXTRA, "
              "GENERATION_EXPRESSION, COLUMN_COMMENT FROM information_schema.COLUMNS "
              "WHERE TABLE_SCHEMA = :db ORDER BY TABLE_NAME, ORDINAL_POSITION")) {
      Table* table = Find(schema, Text(row, 0));
      if (table == nullptr) continue;
      table->columns.push_back(ColumnOf(row));
    }
  }

  static Column ColumnOf(const Row& row) {
    Column column;
    column.name = Text(row, 1);
    column.type = NeutralType(Text(row, 2));
    column.nullable = Text(row, 3) == "YES";
    const std::string extra = Text(row, 5);
    if (extra.find("GENERATED") != std::string::npos) {
      column.generated = GeneratedColumn{CanonicalExpression(Text(row, 6)),
                                         extra.find("STORED") != std::string::npos};
    } else {
      column.server_default = DefaultOf(row[4]);
      // BOOLEAN is TINYINT(1): its TRUE and FALSE are shown as 1 and 0.
      if (column.type.kind == TypeKind::kBoolean && column.server_default) {
        if (*column.server_default == "1") column.server_default = "true";
        if (*column.server_default == "0") column.server_default = "false";
      }
    }
    column.autoincrement = extra.find("auto_increment") != std::string::npos;
    if (!Text(row, 7).empty()) column.comment = Text(row, 7);
    return column;
  }

  void ReadChecks(Schema& schema) {
    for (const Row& row : Rows("SELECT TABLE_NAME, CONSTRAINT_NAME, CHECK_CLAUSE, LEVEL "
                               "FROM information_schema.CHECK_CONSTRAINTS "
                               "WHERE CONSTRAINT_SCHEMA = :db "
                               "ORDER BY TABLE_NAME, CONSTRAINT_NAME")) {
      Table* table = Find(schema, Text(row, 0));
      if (table == nullptr) continue;
      const std::string name = Text(row, 1);
      const std::string condition = CanonicalExpression(Text(row, 2));
      // MariaDB's JSON type: LONGTEXT with this check, named after the column.
      if (Column* column = FindColumnOf(*table, name);
          column != nullptr && column->type.kind == TypeKind::kText &&
          condition == "json_valid(" + CanonicalExpression("`" + name + "`") + ")") {
        column->type = ParseType("json");
        continue;
      }
      static const std::regex kGenerated(R"(CONSTRAINT_\d+)");
      const bool generated = Text(row, 3) == "Column" || std::regex_match(name, kGenerated);
      table->check_constraints.push_back({generated ? "" : name, condition});
    }
  }

  static Column* FindColumnOf(Table& table, const std::string& name) {
    for (Column& column : table.columns) {
      if (column.name == name) return &column;
    }
    return nullptr;
  }

  void ReadForeignKeys(Schema& schema) {
    std::map<std::pair<std::string, std::string>, std::size_t> keys;
    for (const Row& row :
         Rows("SELECT k.TABLE_NAME, k.CONSTRAINT_NAME, k.COLUMN_NAME, k.REFERENCED_TABLE_SCHEMA, "
              "k.REFERENCED_TABLE_NAME, k.REFERENCED_COLUMN_NAME, r.UPDATE_RULE, r.DELETE_RULE "
              "FROM information_schema.KEY_COLUMN_USAGE k "
              "JOIN information_schema.REFERENTIAL_CONSTRAINTS r "
              "ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.TABLE_NAME = k.TABLE_NAME "
              "AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME "
              "WHERE k.TABLE_SCHEMA = :db ORDER BY k.TABLE_NAME, k.CONSTRAINT_NAME, "
              "k.ORDINAL_POSITION")) {
      Table* table = Find(schema, Text(row, 0));
      if (table == nullptr) continue;
      const auto key = std::make_pair(Text(row, 0), Text(row, 1));
      auto found = keys.find(key);
      if (found == keys.end()) {
        ForeignKey foreign_key;
        foreign_key.name = Text(row, 1);
        const std::string schema_name = Text(row, 3);
        foreign_key.referent =
            QualifiedName{schema_name == database_ ? "" : schema_name, Text(row, 4)};
        foreign_key.on_update = ActionOf(Text(row, 6));
        foreign_key.on_delete = ActionOf(Text(row, 7));
        found = keys.emplace(key, table->foreign_keys.size()).first;
        table->foreign_keys.push_back(std::move(foreign_key));
      }
      ForeignKey& foreign_key = table->foreign_keys[found->second];
      foreign_key.columns.push_back(Text(row, 2));
      foreign_key.referent_columns.push_back(Text(row, 5));
    }
  }

  void ReadIndexes(Schema& schema) {
    struct Found {
      std::string table, name;
      bool unique = false;
      std::vector<std::string> columns;
    };
    std::vector<Found> found;
    for (const Row& row : Rows("SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, COLUMN_NAME "
                               "FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = :db "
                               "ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX")) {
      if (found.empty() || found.back().table != Text(row, 0) ||
          found.back().name != Text(row, 1)) {
        found.push_back({Text(row, 0), Text(row, 1), Text(row, 2) == "0", {}});
      }
      found.back().columns.push_back(Text(row, 3));
    }
    for (Found& index : found) {
      Table* table = Find(schema, index.table);
      if (table == nullptr) continue;
      if (index.name == "PRIMARY") {
        table->primary_key = PrimaryKey{"", index.columns};
      } else if (index.unique) {
        const bool generated = IsGeneratedUniqueName(index.name, index.columns);
        table->unique_constraints.push_back({generated ? "" : index.name, index.columns});
      } else if (!MadeForForeignKey(*table, index.name, index.columns)) {
        schema.indexes.push_back({index.name, table->name, index.columns, false, ""});
      }
    }
  }

  // The index MySQL makes for a foreign key's columns when none is there:
  // named after the key's name, or, when unnamed (a made-up name), its
  // first column.
  static bool MadeForForeignKey(const Table& table, const std::string& name,
                                const std::vector<std::string>& columns) {
    return std::any_of(
        table.foreign_keys.begin(), table.foreign_keys.end(), [&](const ForeignKey& key) {
          return key.columns == columns &&
                 (name == key.name || (name == key.columns.front() &&
                                       IsGeneratedForeignKeyName(key.name, table.name.name)));
        });
  }

  void ClearGeneratedForeignKeyNames(Schema& schema) {
    for (Table& table : schema.tables) {
      for (ForeignKey& key : table.foreign_keys) {
        if (IsGeneratedForeignKeyName(key.name, table.name.name)) key.name.clear();
      }
    }
  }

  void ReadViews(Schema& schema) {
    for (const Row& row : Rows("SELECT TABLE_NAME, VIEW_DEFINITION FROM information_schema.VIEWS "
                               "WHERE TABLE_SCHEMA = :db ORDER BY TABLE_NAME")) {
      if (IsOwnTable(Text(row, 0))) continue;
      schema.views.push_back(
          {QualifiedName{"", Text(row, 0)}, ViewDefinition(Text(row, 1), database_)});
    }
  }

  void ReadTriggers(Schema& schema) {
    for (const Row& row :
         Rows("SELECT TRIGGER_NAME, EVENT_OBJECT_TABLE, ACTION_TIMING, EVENT_MANIPULATION, "
              "ACTION_STATEMENT FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = :db "
              "ORDER BY TRIGGER_NAME")) {
      if (IsOwnTable(Text(row, 1))) continue;
      schema.triggers.push_back({Text(row, 0), QualifiedName{"", Text(row, 1)},
                                 "CREATE TRIGGER `" + Text(row, 0) + "` " + Text(row, 2) + " " +
                                     Text(row, 3) + " ON `" + Text(row, 1) + "` FOR EACH ROW " +
                                     Text(row, 4)});
    }
  }

 private:
  MysqlConnection& connection_;
  std::string database_;
  std::map<std::string, std::size_t> tables_;
};

}  // namespace

Type NeutralType(std::string_view column_type) {
  if (std::optional<Type> neutral = ParsedNeutral(column_type)) return *neutral;
  Type native;
  native.kind = TypeKind::kNative;
  native.native["mysql"] = std::string(column_type);
  return native;
}

Schema ReflectDatabase(MysqlConnection& connection, const std::string& database) {
  Reader reader(connection, database);
  Schema schema;
  reader.ReadTables(schema);
  reader.ReadColumns(schema);
  reader.ReadChecks(schema);
  reader.ReadForeignKeys(schema);
  reader.ReadIndexes(schema);
  reader.ClearGeneratedForeignKeyNames(schema);
  reader.ReadViews(schema);
  reader.ReadTriggers(schema);
  SortCanonically(schema);
  return schema;
}

LiveColumnDefinition LiveColumn(MysqlConnection& connection, const QualifiedName& table,
                                const std::string& column) {
  const auto rows = connection.QueryText(
      "SELECT TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT, EXTRA, "
      "GENERATION_EXPRESSION, COLUMN_COMMENT, CHARACTER_SET_NAME, COLLATION_NAME "
      "FROM information_schema.COLUMNS "
      "WHERE TABLE_SCHEMA = COALESCE(NULLIF(:schema, ''), DATABASE()) AND TABLE_NAME = :table "
      "AND COLUMN_NAME = :column",
      {table.schema, table.name, column});
  if (rows.empty()) {
    throw OperationError("table " + ToString(table) + " has no column " + column);
  }
  const Row& row = rows.front();
  LiveColumnDefinition live{Reader::ColumnOf(row), {}};
  // What MODIFY sends back, as the server has it.
  if (live.column.server_default) live.column.server_default = row[4];
  if (live.column.generated) live.column.generated->expression = Text(row, 6);
  live.extras.charset = Text(row, 8);
  live.extras.collation = Text(row, 9);
  const std::string extra = Text(row, 5);
  if (const std::size_t at = extra.find("on update "); at != std::string::npos) {
    live.extras.on_update = extra.substr(at + 10);
  }
  for (const Row& check : connection.QueryText(
           "SELECT CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS WHERE "
           "CONSTRAINT_SCHEMA = COALESCE(NULLIF(:schema, ''), DATABASE()) AND TABLE_NAME = "
           ":table AND CONSTRAINT_NAME = :column AND LEVEL = 'Column'",
           {table.schema, table.name, column})) {
    const std::string clause = Text(check, 0);
    if (live.column.type.kind == TypeKind::kText &&
        CanonicalExpression(clause) ==
            "json_valid(" + CanonicalExpression("`" + column + "`") + ")") {
      // MariaDB's JSON: stated as JSON, the server adds the check again.
      live.column.type = ParseType("json");
      live.extras.charset.clear();
      live.extras.collation.clear();
    } else {
      live.extras.checks.push_back(clause);
    }
  }
  return live;
}

}  // namespace retort::mysql
