#include "postgresql_reflect_objects.h"

#include <utility>

#include "postgresql_expression.h"
#include "postgresql_reflect.h"
#include "postgresql_reflect_names.h"
#include "retort/error.h"

namespace retort::postgresql {
namespace {

// An object an extension installed belongs to the extension, not to the
// schema's owner ($1 of the caller is the schema; `oid` and `catalog` name
// the object).
std::string NotOfExtension(const std::string& oid, const std::string& catalog) {
  return " NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = '" + catalog +
         "'::regclass AND e.objid = " + oid + " AND e.deptype = 'e') ";
}

// pg_get_viewdef names relations as the search_path, which starts with the
// reflected schema, lets it.
const std::string kViewsSql =
    "SELECT c.relname, c.relkind = 'm', pg_get_viewdef(c.oid, true) "
    "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
    "WHERE n.nspname = $1 AND c.relkind IN ('v', 'm') "
    "AND NOT starts_with(c.relname::text, 'retort_') AND" +
    NotOfExtension("c.oid", "pg_class");

// pg_get_triggerdef always names the table with its schema; the default
// schema's name is dropped, as everywhere in the canonical form. Internal
// triggers (those of foreign keys) and a partition's clones of its parent's
// are left out.
const std::string kTriggersSql =
    "SELECT t.tgname, c.relname, "
    "       replace(pg_get_triggerdef(t.oid), "
    "               ' ON ' || quote_ident(n.nspname) || '.' || quote_ident(c.relname) || ' ', "
    "               ' ON ' || quote_ident(c.relname) || ' ') "
    "FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
    "JOIN pg_namespace n ON n.oid = c.relnamespace "
    "WHERE n.nspname = $1 AND NOT t.tgisinternal AND t.tgparentid = 0 "
    "AND NOT starts_with(c.relname::text, 'retort_')";

// An identity column's sequence ('i') is the column's autoincrement, and so
// is a serial column's: a sequence the column owns ('a') and its default
// calls. Others are free sequences, owned or not.
const std::string kSequencesSql =
    "SELECT c.relname, format_type(s.seqtypid, NULL), s.seqstart, s.seqincrement, s.seqmin, "
    "       s.seqmax, s.seqcycle, owner_namespace.nspname, owner.relname, a.attname "
    "FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid "
    "JOIN pg_namespace n ON n.oid = c.relnamespace "
    "LEFT JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = c.oid "
    "     AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i') "
    "LEFT JOIN pg_class owner ON owner.oid = d.refobjid "
    "LEFT JOIN pg_namespace owner_namespace ON owner_namespace.oid = owner.relnamespace "
    "LEFT JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid "
    "WHERE n.nspname = $1 AND NOT starts_with(c.relname::text, 'retort_') "
    "AND (owner.relname IS NULL OR NOT starts_with(owner.relname::text, 'retort_')) "
    "AND (d.deptype IS NULL OR (d.deptype = 'a' AND NOT EXISTS ("
    "     SELECT 1 FROM pg_attrdef ad JOIN pg_depend uses "
    "       ON uses.classid = 'pg_attrdef'::regclass AND uses.objid = ad.oid "
    "      AND uses.refclassid = 'pg_class'::regclass AND uses.refobjid = c.oid "
    "     WHERE ad.adrelid = d.refobjid AND ad.adnum = d.refobjsubid))) AND" +
    NotOfExtension("c.oid", "pg_class");

const std::string kEnumsSql =
    "SELECT t.typname, "
    "       ARRAY(SELECT e.enumlabel FROM pg_enum e WHERE e.enumtypid = t.oid "
    "             ORDER BY e.enumsortorder) "
    "FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace "
    "WHERE n.nspname = $1 AND t.typtype = 'e' AND" + NotOfExtension("t.oid", "pg_type");

const std::string kDomainsSql =
    "SELECT t.typname, format_type(t.typbasetype, t.typtypmod), t.typnotnull, "
    "       pg_get_expr(t.typdefaultbin, 0), "
    "       ARRAY(SELECT con.conname FROM pg_constraint con "
    "             WHERE con.contypid = t.oid AND con.contype = 'c' ORDER BY con.conname), "
    "       ARRAY(SELECT pg_get_constraintdef(con.oid) FROM pg_constraint con "
    "             WHERE con.contypid = t.oid AND con.contype = 'c' ORDER BY con.conname) "
    "FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace "
    "WHERE n.nspname = $1 AND t.typtype = 'd' AND" + NotOfExtension("t.oid", "pg_type");

bool EndsWith(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

// pg_get_viewdef's text starts with a blank and ends with ';'.
std::string ViewDefinition(std::string text) {
  while (!text.empty() && (text.back() == ';' || text.back() == ' ' || text.back() == '\n')) {
    text.pop_back();
  }
  std::size_t start = 0;
  while (start < text.size() && (text[start] == ' ' || text[start] == '\n')) ++start;
  return text.substr(start);
}

void ReadViews(const Reader& reader, Schema& schema) {
  const Rows rows = reader.Query(kViewsSql, "views");
  for (int r = 0; r < rows.size(); ++r) {
    schema.views.push_back(
        View{QualifiedName{"", rows.Text(r, 0)}, ViewDefinition(rows.Text(r, 2)), rows.Bool(r, 1)});
  }
}

void ReadTriggers(const Reader& reader, Schema& schema) {
  const Rows rows = reader.Query(kTriggersSql, "triggers");
  for (int r = 0; r < rows.size(); ++r) {
    schema.triggers.push_back(
        Trigger{rows.Text(r, 0), QualifiedName{"", rows.Text(r, 1)}, rows.Text(r, 2)});
  }
}

void ReadSequences(const Reader& reader, Schema& schema) {
  const Rows rows = reader.Query(kSequencesSql, "sequences");
  for (int r = 0; r < rows.size(); ++r) {
    Sequence sequence;
    sequence.name = QualifiedName{"", rows.Text(r, 0)};
    sequence.type = NeutralType(rows.Text(r, 1));
    sequence.start = rows.Integer(r, 2);
    sequence.increment = rows.Integer(r, 3);
    sequence.min_value = rows.Integer(r, 4);
    sequence.max_value = rows.Integer(r, 5);
    sequence.cycle = rows.Bool(r, 6);
    if (const auto owner = rows.Optional(r, 8)) {
      const std::string owner_schema = rows.Text(r, 7);
      sequence.owned_by = (owner_schema == reader.schema_name() ? "" : owner_schema + ".") +
                          *owner + "." + rows.Text(r, 9);
    }
    schema.sequences.push_back(std::move(sequence));
  }
}

void ReadEnums(const Reader& reader, Schema& schema) {
  const Rows rows = reader.Query(kEnumsSql, "enums");
  for (int r = 0; r < rows.size(); ++r) {
    schema.enums.push_back(EnumType{QualifiedName{"", rows.Text(r, 0)}, rows.Array(r, 1)});
  }
}

void ReadDomains(const Reader& reader, Schema& schema) {
  const Rows rows = reader.Query(kDomainsSql, "domains");
  for (int r = 0; r < rows.size(); ++r) {
    Domain domain;
    domain.name = QualifiedName{"", rows.Text(r, 0)};
    domain.type = NeutralType(rows.Text(r, 1));
    domain.nullable = !rows.Bool(r, 2);
    if (const auto expression = rows.Optional(r, 3)) {
      domain.server_default = CanonicalExpression(*expression);
    }
    const std::vector<std::string> names = rows.Array(r, 4);
    const std::vector<std::string> definitions = rows.Array(r, 5);
    for (std::size_t i = 0; i < names.size() && i < definitions.size(); ++i) {
      const bool generated = IsGeneratedConstraintName(names[i], domain.name.name, {}, "check");
      domain.check_constraints.push_back(
          CheckConstraint{generated ? "" : names[i],
                          CanonicalExpression(CheckCondition(definitions[i]))});
    }
    schema.domains.push_back(std::move(domain));
  }
}

}  // namespace

std::string CheckCondition(std::string_view definition) {
  const std::string_view whole = definition;
  // The condition is inside parentheses, so these words at the end can only
  // be the flags, which the model cannot say.
  if (EndsWith(definition, " NOT VALID")) definition.remove_suffix(10);
  if (EndsWith(definition, " NO INHERIT")) definition.remove_suffix(11);
  constexpr std::string_view kPrefix = "CHECK (";
  if (definition.substr(0, kPrefix.size()) != kPrefix || !EndsWith(definition, ")")) {
    throw Error("unexpected check constraint text from PostgreSQL: " + std::string(whole));
  }
  definition.remove_prefix(kPrefix.size());
  definition.remove_suffix(1);
  return std::string(definition);
}

void ReflectObjects(const Reader& reader, Schema& schema) {
  ReadViews(reader, schema);
  ReadTriggers(reader, schema);
  ReadSequences(reader, schema);
  ReadEnums(reader, schema);
  ReadDomains(reader, schema);
}

}  // namespace retort::postgresql
