#include "version_table_schema.h"

#include "retort/type.h"

namespace retort {
namespace {

Column MakeColumn(const char* name, const char* type, bool nullable = false) {
  Column column;
  column.name = name;
  column.type = ParseType(type);
  column.nullable = nullable;
  return column;
}

}  // namespace

Table VersionTableDefinition(const VersionTableNames& names) {
  Table table;
  table.name = {names.schema, names.version};
  table.columns = {MakeColumn("version_num", "string(255)")};
  table.primary_key = PrimaryKey{names.version + "_pkc", {"version_num"}};
  return table;
}

std::vector<Column> LaterHistoryColumns() {
  return {MakeColumn("tag", "string(255)", true), MakeColumn("note", "text", true),
          MakeColumn("previous_hash", "string(64)", true),
          MakeColumn("row_hash", "string(64)", true)};
}

std::vector<Column> LaterIncompleteColumns() { return {MakeColumn("progress", "text", true)}; }

Table HistoryTableDefinition(const VersionTableNames& names) {
  Table table;
  table.name = {names.schema, names.history};
  Column id = MakeColumn("id", "integer");
  id.primary_key = true;
  id.autoincrement = true;
  table.columns = {id,
                   MakeColumn("revision", "string(255)"),
                   MakeColumn("direction", "string(16)"),
                   MakeColumn("checksum", "string(64)", true),
                   MakeColumn("started_at", "timestamptz"),
                   MakeColumn("finished_at", "timestamptz"),
                   MakeColumn("duration_ms", "double"),
                   MakeColumn("executed_by", "string(255)")};
  for (Column& later : LaterHistoryColumns()) table.columns.push_back(std::move(later));
  return table;
}

Table IncompleteTableDefinition(const VersionTableNames& names) {
  Table table;
  table.name = {names.schema, names.incomplete};
  table.columns = {MakeColumn("revision", "string(255)"),
                   MakeColumn("direction", "string(16)"),
                   MakeColumn("heads_before", "text"),
                   MakeColumn("heads_after", "text"),
                   MakeColumn("started_at", "timestamptz"),
                   MakeColumn("executed_by", "string(255)"),
                   MakeColumn("failure", "text", true)};
  for (Column& later : LaterIncompleteColumns()) table.columns.push_back(std::move(later));
  table.primary_key = PrimaryKey{names.incomplete + "_pkc", {"revision"}};
  return table;
}

Table LockTableDefinition(const VersionTableNames& names) {
  Table table;
  table.name = {names.schema, names.lock};
  table.columns = {MakeColumn("name", "string(64)"),
                   MakeColumn("token", "string(64)", true),
                   MakeColumn("holder", "string(255)", true),
                   MakeColumn("generation", "bigint"),
                   MakeColumn("lease_ms", "bigint"),
                   MakeColumn("taken_at", "timestamptz", true),
                   MakeColumn("renewed_at", "timestamptz", true)};
  table.primary_key = PrimaryKey{names.lock + "_pkc", {"name"}};
  return table;
}

}  // namespace retort
