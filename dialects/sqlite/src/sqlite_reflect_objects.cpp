// Views and triggers: SQLite keeps each as the statement that made it, in
// sqlite_schema, which is what the model keeps too.
#include <utility>

#include "sqlite_lexer.h"
#include "sqlite_reflect.h"

namespace retort::sqlite {
namespace {

const std::string& Value(const SqliteConnection::Row& row, std::size_t i) {
  static const std::string kNull;
  return row[i] ? *row[i] : kNull;
}

// What follows "CREATE VIEW name AS" (the first AS outside parentheses), or,
// when the view names its columns, from that list on ("(a, b) AS SELECT").
std::string ViewDefinition(std::string_view sql) {
  const std::vector<Token> tokens = Tokenize(sql);
  int depth = 0;
  std::size_t column_list = 0;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    if (tokens[i].text == "(" && depth++ == 0 && column_list == 0) column_list = i;
    if (tokens[i].text == ")") --depth;
    if (depth != 0 || !tokens[i].Is("AS") || i + 1 >= tokens.size()) continue;
    const std::size_t first = column_list != 0 ? column_list : i + 1;
    std::size_t end = tokens.back().end;
    if (tokens.back().text == ";" && tokens.size() > i + 2) end = tokens[tokens.size() - 2].end;
    return std::string(sql.substr(tokens[first].begin, end - tokens[first].begin));
  }
  return std::string(sql);
}

}  // namespace

void ReflectViewsAndTriggers(SqliteConnection& connection, Schema& schema) {
  for (const auto& row : connection.QueryText(
           "SELECT type, name, tbl_name, sql FROM main.sqlite_schema "
           "WHERE type IN ('view', 'trigger') AND sql IS NOT NULL")) {
    const std::string& name = Value(row, 1);
    const std::string& table = Value(row, 2);
    if (IsLeftOutName(name) || IsLeftOutName(table)) continue;
    if (Value(row, 0) == "view") {
      schema.views.push_back(View{QualifiedName{"", name}, ViewDefinition(Value(row, 3)), false});
    } else {
      schema.triggers.push_back(Trigger{name, QualifiedName{"", table}, Value(row, 3)});
    }
  }
}

}  // namespace retort::sqlite
