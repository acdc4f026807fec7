// Reading a MySQL or MariaDB database into the neutral model, from
// information_schema, in the canonical form retort::Schema describes.
//
// - Tables: base tables of the connection's database; names starting with
//   "retort_" are left out with their indexes and triggers. Names have an
//   empty schema (a foreign key to another database keeps its name).
// - Columns: type as NeutralType maps COLUMN_TYPE; a LONGTEXT with
//   MariaDB's JSON check (json_valid(column), named after the column) is
//   json, the check left out; AUTO_INCREMENT is autoincrement; a generated
//   column has `generated` (stored or virtual) and no default; the default
//   and the generation expression in CanonicalExpression's form
//   (mysql_expression.h), a DEFAULT NULL being no default and a boolean's
//   1 and 0 being true and false; MEDIUMTEXT is a string without a length.
// - The key: the PRIMARY index, always unnamed (MySQL names every key
//   PRIMARY).
// - Unique constraints: every unique index but PRIMARY (to MySQL a unique
//   constraint is a unique index); a name MariaDB made up for an unnamed one
//   (the first column's, or it with _2, _3...) is empty.
// - Foreign keys: a name MariaDB made up (<table>_ibfk_<n>) is empty; NO
//   ACTION and RESTRICT (which MySQL treats alike, and reports for a key
//   declared without actions) are an unset action. The index MySQL makes
//   for a foreign key's columns is left out of the indexes.
// - Checks: CHECK_CONSTRAINTS' clause in canonical form; a name MariaDB
//   made up (CONSTRAINT_<n>, or the column's for a column-level check) is
//   empty.
// - Indexes: the non-unique indexes, key columns in order.
// - Views: VIEW_DEFINITION as the server shows it. Triggers: a CREATE
//   TRIGGER statement rebuilt from information_schema.TRIGGERS.
//
// Throws retort::DatabaseError with the server's error number when a query
// fails.
#ifndef RETORT_MYSQL_MYSQL_REFLECT_H_
#define RETORT_MYSQL_MYSQL_REFLECT_H_

#include <string>
#include <string_view>

#include "mysql_renderer.h"
#include "retort/schema.h"

namespace retort::mysql {

class MysqlConnection;

Schema ReflectDatabase(MysqlConnection& connection, const std::string& database);

// The neutral type for a COLUMN_TYPE ("int(11)", "varchar(20)",
// "decimal(10,2)", "datetime(6)", "tinyint(1)", "longtext", ...): the
// inverse of the dialect's type rendering. Any other type (unsigned
// integers, TEXT, ENUM, DATETIME without microseconds...) is a native type
// holding `column_type` for "mysql". Never throws but std::bad_alloc.
Type NeutralType(std::string_view column_type);

// The column `column` of `table` as it is now, for MODIFY COLUMN to state
// again: its comment and autoincrement, its default and generation
// expression as the server has them (not canonical: MODIFY sends them
// back), its type json where MariaDB's JSON check says so; and what the
// neutral Column cannot hold (character set, collation, ON UPDATE, its
// other column-level checks). Throws OperationError when there is no such
// column.
struct LiveColumnDefinition {
  Column column;
  ColumnExtras extras;
};
LiveColumnDefinition LiveColumn(MysqlConnection& connection, const QualifiedName& table,
                                const std::string& column);

}  // namespace retort::mysql

#endif  // RETORT_MYSQL_MYSQL_REFLECT_H_
