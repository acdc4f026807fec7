#include "postgresql_script.h"

#include "retort/constraint_selector.h"
#include "retort/error.h"

namespace retort::postgresql {
namespace {

// What quotes the block: nothing inside may contain it.
constexpr char kQuote[] = "$retort_drop$";

std::string Text(const PostgresqlRenderer& renderer, const std::string& text) {
  return renderer.RenderLiteral(Literal(text));
}

std::string TextArray(const PostgresqlRenderer& renderer, const std::vector<std::string>& items) {
  std::string array = "ARRAY[";
  for (std::size_t i = 0; i < items.size(); ++i) {
    array += (i == 0 ? "" : ", ") + Text(renderer, items[i]);
  }
  return array + "]::text[]";
}

// The names of the columns `keys` (conkey or confkey) lists, in key order.
std::string KeyColumns(const char* relation, const char* keys) {
  return std::string("ARRAY(SELECT a.attname::text FROM pg_attribute a WHERE a.attrelid = con.") +
         relation + " AND a.attnum = ANY (con." + keys + ") ORDER BY array_position(con." + keys +
         ", a.attnum))";
}

// The WHERE conditions that, besides the table, pick what `drop` describes.
std::string Conditions(const PostgresqlRenderer& renderer, const DropConstraint& drop) {
  std::string where;
  const auto columns = [&](const std::vector<std::string>& names) {
    if (!names.empty()) where += "\n    AND " + KeyColumns("conrelid", "conkey") + " = " +
                                 TextArray(renderer, names);
  };
  switch (*drop.kind) {
    case ConstraintKind::kPrimaryKey:
      where += "con.contype = 'p'";
      if (drop.existing) columns(std::get<PrimaryKey>(*drop.existing).columns);
      break;
    case ConstraintKind::kUnique:
      where += "con.contype = 'u'";
      columns(std::get<UniqueConstraint>(*drop.existing).columns);
      break;
    case ConstraintKind::kForeignKey: {
      const auto& key = std::get<ForeignKey>(*drop.existing);
      where += "con.contype = 'f'";
      columns(key.columns);
      where += "\n    AND fc.relname = " + Text(renderer, key.referent.name);
      if (!key.referent.schema.empty()) {
        where += "\n    AND fn.nspname = " + Text(renderer, key.referent.schema);
      }
      if (!key.referent_columns.empty()) {
        where += "\n    AND " + KeyColumns("confrelid", "confkey") + " = " +
                 TextArray(renderer, key.referent_columns);
      }
      break;
    }
    case ConstraintKind::kCheck:
      throw OperationError(
          "drop_constraint on " + ToString(drop.table) +
          " has no name: a check constraint is found by its condition as retort compares "
          "conditions, which only an online run can do; give the constraint's name to write it "
          "as offline SQL");
  }
  return where;
}

class PostgresqlScriptConnection : public RenderedScriptConnection {
 public:
  PostgresqlScriptConnection(const Dialect& dialect, const PostgresqlRenderer& renderer,
                             ScriptWriter& script)
      : RenderedScriptConnection(dialect, script), dialect_(dialect), renderer_(renderer) {}

  void Apply(const std::vector<RevisionOp>& ops, MigrationListener& listener,
             Span* current) override {
    for (std::size_t k = 0; k < ops.size(); ++k) {
      *current = Span{k, 1};
      const auto* drop = std::get_if<DropConstraint>(&ops[k].op);
      if (drop != nullptr && IsSelector(*drop)) {
        listener.OnStatement(DropBySelectorSql(renderer_, *drop));
        continue;
      }
      for (const std::string& sql : dialect_.Render(ops[k].op)) listener.OnStatement(sql);
    }
  }

 private:
  const Dialect& dialect_;
  const PostgresqlRenderer& renderer_;
};

}  // namespace

std::string DropBySelectorSql(const PostgresqlRenderer& renderer, const DropConstraint& drop) {
  const std::string where = Conditions(renderer, drop);
  // to_regclass reads the name as the online lookup does: quoted, and along
  // the search_path when it has no schema.
  const std::string table = Text(renderer, renderer.QuoteName(drop.table));
  const std::string body =
      "\nDECLARE\n  matches text[];\nBEGIN\n"
      "  IF to_regclass(" + table + ") IS NULL THEN\n"
      "    RAISE EXCEPTION 'drop_constraint: there is no table %', " + table + ";\n"
      "  END IF;\n"
      "  SELECT array_agg(con.conname::text ORDER BY con.conname) INTO matches\n"
      "  FROM pg_constraint con\n"
      "  LEFT JOIN pg_class fc ON fc.oid = con.confrelid\n"
      "  LEFT JOIN pg_namespace fn ON fn.oid = fc.relnamespace\n"
      "  WHERE con.conrelid = to_regclass(" + table + ")\n"
      // A partition's clone of its parent's foreign key is not dropped alone.
      "    AND NOT EXISTS (SELECT 1 FROM pg_constraint parent WHERE parent.oid = con.conparentid\n"
      "                    AND parent.conrelid = con.conrelid)\n"
      "    AND " + where + ";\n"
      "  IF coalesce(cardinality(matches), 0) <> 1 THEN\n"
      "    RAISE EXCEPTION 'drop_constraint on %: % constraints match % (%), not one; name the "
      "constraint to drop', " + table + ", coalesce(cardinality(matches), 0), " +
      Text(renderer, DescribeSelector(drop)) + ", coalesce(array_to_string(matches, ', '), 'none');\n"
      "  END IF;\n"
      "  EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', " + table + ", matches[1]);\n"
      "END\n";
  if (body.find(kQuote) != std::string::npos) {
    throw OperationError("drop_constraint on " + ToString(drop.table) + " names something holding " +
                         kQuote + ", which offline SQL quotes its lookup with");
  }
  return "DO " + std::string(kQuote) + body + kQuote;
}

std::unique_ptr<Connection> OpenPostgresqlScript(const Dialect& dialect,
                                                 const PostgresqlRenderer& renderer,
                                                 ScriptWriter& script) {
  return std::make_unique<PostgresqlScriptConnection>(dialect, renderer, script);
}

}  // namespace retort::postgresql
