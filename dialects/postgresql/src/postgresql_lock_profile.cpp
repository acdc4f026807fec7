// The locks PostgreSQL's statements take for each operation, as pg_locks
// names them. Each claim here is checked against pg_locks on a server by
// tests/dialects/postgresql/lint_locks_test.cpp.
#include <algorithm>
#include <cctype>
#include <regex>

#include "postgresql_lint.h"

namespace retort::postgresql {
namespace {

constexpr const char* kAccessExclusive = "AccessExclusiveLock";
constexpr const char* kShareRowExclusive = "ShareRowExclusiveLock";
constexpr const char* kShare = "ShareLock";
constexpr const char* kShareUpdateExclusive = "ShareUpdateExclusiveLock";

std::string Lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

// A new column whose every row PostgreSQL must compute when it is added.
bool AddedColumnRewrites(const Column& column) {
  if (column.autoincrement) return true;  // an identity column numbers every row
  if (column.generated) return true;      // a stored generated column computes every row
  return column.server_default && IsVolatileDefault(*column.server_default);
}

LockProfile OnTable(const QualifiedName& table, const char* mode) {
  LockProfile profile;
  profile.locks.push_back({table, mode});
  return profile;
}

LockProfile AlterColumnProfile(const AlterColumn& op) {
  const bool changes_definition =
      op.type || op.nullable || op.server_default || op.new_column_name;
  // COMMENT ON COLUMN alone takes a lock that blocks no reader or writer.
  LockProfile profile =
      OnTable(op.table, changes_definition ? kAccessExclusive : kShareUpdateExclusive);
  if (op.type) {
    profile.rewrites = !op.using_expression.empty() || !op.existing_type ||
                       !KeepsStorage(*op.existing_type, *op.type);
  }
  // Through a validated CHECK the scan holds only ShareUpdateExclusiveLock,
  // and SET NOT NULL then skips its own.
  if (op.nullable == false && !op.via_check) profile.scans = true;
  return profile;
}

}  // namespace

bool KeepsStorage(const Type& from, const Type& to) {
  if (from == to) return true;
  if (from.kind == TypeKind::kString && to.kind == TypeKind::kString) {
    return !to.length || (from.length && *to.length >= *from.length);
  }
  if (from.kind == TypeKind::kString && to.kind == TypeKind::kText) return true;
  if (from.kind == TypeKind::kText && to.kind == TypeKind::kString) return !to.length;
  if (from.kind == TypeKind::kNumeric && to.kind == TypeKind::kNumeric) {
    if (!to.precision) return true;  // unconstrained numeric holds every value as it is
    return from.precision && to.scale.value_or(0) == from.scale.value_or(0) &&
           *to.precision >= *from.precision;
  }
  return false;
}

bool IsVolatileDefault(const std::string& expression) {
  // The volatile functions of PostgreSQL and its bundled uuid-ossp and
  // pgcrypto that defaults call; now() and CURRENT_TIMESTAMP are stable
  // (one value per transaction) and stored once.
  static const std::regex volatile_call(
      R"(\b(random|setseed|nextval|gen_random_uuid|uuid_generate_v1|uuid_generate_v1mc|)"
      R"(uuid_generate_v4|clock_timestamp|timeofday|txid_current|pg_current_xact_id)\s*\()");
  return std::regex_search(Lower(expression), volatile_call);
}

LockProfile ProfileOf(const Operation& op) {
  if (const auto* o = std::get_if<CreateTable>(&op)) {
    // The new table itself is nobody else's; its foreign keys lock their
    // referents against writes while the triggers are added.
    LockProfile profile;
    for (const ForeignKey& key : o->table.foreign_keys) {
      profile.locks.push_back({key.referent, kShareRowExclusive});
    }
    return profile;
  }
  if (const auto* o = std::get_if<DropTable>(&op)) return OnTable(o->name, kAccessExclusive);
  if (const auto* o = std::get_if<RenameTable>(&op)) return OnTable(o->name, kAccessExclusive);
  if (const auto* o = std::get_if<AddColumn>(&op)) {
    LockProfile profile = OnTable(o->table, kAccessExclusive);
    if (o->foreign_key) profile.locks.push_back({o->foreign_key->referent, kShareRowExclusive});
    profile.rewrites = AddedColumnRewrites(o->column);
    return profile;
  }
  if (const auto* o = std::get_if<DropColumn>(&op)) return OnTable(o->table, kAccessExclusive);
  if (const auto* o = std::get_if<AlterColumn>(&op)) return AlterColumnProfile(*o);
  if (const auto* o = std::get_if<CreateIndex>(&op)) {
    LockProfile profile = OnTable(o->index.table, o->concurrently ? kShareUpdateExclusive : kShare);
    profile.scans = true;
    return profile;
  }
  if (const auto* o = std::get_if<DropIndex>(&op)) {
    if (o->table.empty()) return {};  // the table is not known offline
    return OnTable({o->name.schema, o->table},
                   o->concurrently ? kShareUpdateExclusive : kAccessExclusive);
  }
  if (const auto* o = std::get_if<CreateForeignKey>(&op)) {
    LockProfile profile = OnTable(o->table, kShareRowExclusive);
    profile.locks.push_back({o->foreign_key.referent, kShareRowExclusive});
    profile.scans = !o->not_valid;
    return profile;
  }
  if (const auto* o = std::get_if<CreateUniqueConstraint>(&op)) {
    LockProfile profile = OnTable(o->table, kAccessExclusive);
    profile.scans = o->using_index.empty();  // building the index reads every row
    return profile;
  }
  if (const auto* o = std::get_if<CreateCheckConstraint>(&op)) {
    LockProfile profile = OnTable(o->table, kAccessExclusive);
    profile.scans = !o->not_valid;
    return profile;
  }
  if (const auto* o = std::get_if<CreatePrimaryKey>(&op)) {
    LockProfile profile = OnTable(o->table, kAccessExclusive);
    profile.scans = true;  // builds the index and checks every key column for NULLs
    return profile;
  }
  if (const auto* o = std::get_if<DropConstraint>(&op)) return OnTable(o->table, kAccessExclusive);
  if (const auto* o = std::get_if<ValidateConstraint>(&op)) {
    // Reads every row, under a lock that blocks neither reads nor writes.
    LockProfile profile = OnTable(o->table, kShareUpdateExclusive);
    profile.scans = true;
    return profile;
  }
  if (const auto* o = std::get_if<CreateTrigger>(&op)) return OnTable(o->table, kShareRowExclusive);
  if (const auto* o = std::get_if<DropTrigger>(&op)) return OnTable(o->table, kAccessExclusive);
  if (const auto* o = std::get_if<DropView>(&op)) return OnTable(o->name, kAccessExclusive);
  // Everything else takes locks that block no reader or writer (comments,
  // bulk_insert, create_view), or cannot be judged (execute).
  return {};
}

}  // namespace retort::postgresql
