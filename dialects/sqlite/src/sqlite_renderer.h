// SQLite's spelling of the neutral operations, and the line between what
// SQLite's ALTER TABLE can do and what needs a table rebuild.
#ifndef RETORT_SQLITE_SQLITE_RENDERER_H_
#define RETORT_SQLITE_SQLITE_RENDERER_H_

#include "retort/sql_renderer.h"

namespace retort::sqlite {

class SqliteRenderer : public SqlRenderer {
 public:
  // With `strict_types`, types are those a STRICT table accepts (INTEGER,
  // REAL, TEXT, BLOB, ANY).
  explicit SqliteRenderer(bool strict_types = false)
      : SqlRenderer("sqlite"), strict_types_(strict_types) {}

  std::string RenderType(const Type& type) const override;
  std::string ColumnDefinition(const Column& column, bool inline_primary_key) const override;

 protected:
  bool IsReservedWord(std::string_view word) const override;
  Extensions extensions() const override { return {true, true, true}; }

  std::vector<std::string> CreateTableSql(const CreateTable& op) const override;
  std::vector<std::string> AddColumnSql(const AddColumn& op) const override;
  std::vector<std::string> AlterColumnSql(const AlterColumn& op) const override;
  std::vector<std::string> CreateIndexSql(const CreateIndex& op) const override;
  std::vector<std::string> DropIndexSql(const DropIndex& op) const override;
  std::vector<std::string> CreateForeignKeySql(const CreateForeignKey& op) const override;
  std::vector<std::string> CreateUniqueSql(const CreateUniqueConstraint& op) const override;
  std::vector<std::string> CreateCheckSql(const CreateCheckConstraint& op) const override;
  std::vector<std::string> CreatePrimaryKeySql(const CreatePrimaryKey& op) const override;
  std::vector<std::string> DropConstraintSql(const DropConstraint& op) const override;
  // SQLite keeps no comments: none of these renders a statement.
  std::vector<std::string> ColumnCommentSql(
      const QualifiedName& table, const std::string& column,
      const std::optional<std::string>& comment) const override;
  std::vector<std::string> CreateTableCommentSql(const CreateTableComment& op) const override;
  std::vector<std::string> DropTableCommentSql(const DropTableComment& op) const override;

 private:
  bool strict_types_;
};

}  // namespace retort::sqlite

#endif  // RETORT_SQLITE_SQLITE_RENDERER_H_
