#include "yaml_column_ops.h"

#include "retort/error.h"
#include "text_util.h"
#include "yaml_schema_values.h"

namespace retort {

Operation DropColumnOp(YamlFields& f) {
  DropColumn op;
  op.table = TableName(f);
  op.column = f.Text("column");
  op.cascade = f.Bool("cascade", false);
  const std::optional<Type> type = OptionalTypeField(f, "existing_type");
  const bool nullable = f.Bool("existing_nullable", true);
  const std::optional<std::string> server_default = f.OptionalText("existing_server_default");
  if (type) {
    Column existing;
    existing.name = op.column;
    existing.type = *type;
    existing.nullable = nullable;
    existing.server_default = server_default;
    op.existing = existing;
  } else if (f.Has("existing_nullable") || f.Has("existing_server_default")) {
    f.FailHere("drop_column: existing_nullable and existing_server_default need existing_type");
  }
  return op;
}

Operation AlterColumnOp(YamlFields& f) {
  AlterColumn op;
  op.table = TableName(f);
  op.column = f.Text("column");
  op.type = OptionalTypeField(f, "type");
  op.nullable = f.OptionalBool("nullable");
  op.server_default = f.NullableText("server_default");
  if (op.server_default && *op.server_default && text::Trim(**op.server_default).empty()) {
    f.Fail("server_default", "is empty; write null to drop the default");
  }
  op.new_column_name = f.OptionalText("new_column_name");
  op.comment = f.NullableText("comment");
  op.existing_type = OptionalTypeField(f, "existing_type");
  op.existing_nullable = f.OptionalBool("existing_nullable");
  op.existing_server_default = f.NullableText("existing_server_default");
  op.existing_comment = f.NullableText("existing_comment");
  op.using_expression = f.OptionalText("using").value_or("");
  op.fill_nulls = f.OptionalText("fill_nulls").value_or("");
  if (!op.fill_nulls.empty() && op.nullable != false) {
    f.Fail("fill_nulls", "goes with nullable: false");
  }
  op.via_check = f.Bool("via_check", false);
  if (op.via_check && op.nullable != false) {
    f.Fail("via_check", "goes with nullable: false (it proves the column holds no NULL before "
                        "setting NOT NULL)");
  }
  // One word, so that a revision reads as the consent it is.
  if (const std::optional<std::string> lossy = f.OptionalText("lossy")) {
    if (*lossy != "allow") {
      f.Fail("lossy", "takes one value, allow (a type change that may alter values)");
    }
    if (!op.type) f.Fail("lossy", "goes with type: (it allows a type change to alter values)");
    op.lossy_allowed = true;
  }
  if (!op.type && !op.nullable && !op.server_default && !op.new_column_name && !op.comment) {
    // A misspelt key ("nullabel") is the likelier cause, and its own line
    // says where.
    f.CheckAllRead();
    f.FailHere("alter_column changes nothing: give type, nullable, server_default, "
               "new_column_name or comment");
  }
  return op;
}

void RequireDowngradeForCascade(const std::string& path, const std::vector<RevisionOp>& upgrade) {
  for (const RevisionOp& item : upgrade) {
    const auto* drop = std::get_if<DropColumn>(&item.op);
    if (drop == nullptr || !drop->cascade) continue;
    throw FileError(path, item.line,
                    Describe(item.op) + " has cascade: true, which drops what depends on the "
                    "column too, and no automatic downgrade can bring that back: write a "
                    "'downgrade:' section (downgrade: [] if nothing is to be undone)");
  }
}

}  // namespace retort
