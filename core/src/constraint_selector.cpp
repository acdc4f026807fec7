#include "retort/constraint_selector.h"

#include <type_traits>
#include <variant>

#include "overloaded.h"
#include "retort/error.h"
#include "text_util.h"

namespace retort {
namespace {

const char* KindName(ConstraintKind kind) {
  switch (kind) {
    case ConstraintKind::kPrimaryKey: return "primary key";
    case ConstraintKind::kForeignKey: return "foreign key";
    case ConstraintKind::kUnique: return "unique";
    case ConstraintKind::kCheck: return "check";
  }
  return "constraint";
}

// Constraint's alternatives are in ConstraintKind's order.
static_assert(std::is_same_v<std::variant_alternative_t<0, Constraint>, PrimaryKey> &&
              std::is_same_v<std::variant_alternative_t<1, Constraint>, ForeignKey> &&
              std::is_same_v<std::variant_alternative_t<2, Constraint>, UniqueConstraint> &&
              std::is_same_v<std::variant_alternative_t<3, Constraint>, CheckConstraint> &&
              static_cast<int>(ConstraintKind::kForeignKey) == 1 &&
              static_cast<int>(ConstraintKind::kUnique) == 2 &&
              static_cast<int>(ConstraintKind::kCheck) == 3);

ConstraintKind KindOf(const Constraint& constraint) {
  return static_cast<ConstraintKind>(constraint.index());
}

const std::string& NameOf(const Constraint& constraint) {
  return std::visit([](const auto& c) -> const std::string& { return c.name; }, constraint);
}

// The definition after the type and name: "(a, b)", "(a) references t (id)",
// "(x > 0)".
std::string Definition(const Constraint& constraint) {
  const auto columns = [](const std::vector<std::string>& names) {
    return "(" + text::Join(names, ", ") + ")";
  };
  return std::visit(
      Overloaded{
          [&](const PrimaryKey& key) { return columns(key.columns); },
          [&](const UniqueConstraint& unique) { return columns(unique.columns); },
          [&](const CheckConstraint& check) { return "(" + check.condition + ")"; },
          [&](const ForeignKey& key) {
            std::string text = columns(key.columns) + " references " + ToString(key.referent);
            if (!key.referent_columns.empty()) text += " " + columns(key.referent_columns);
            return text;
          },
      },
      constraint);
}

class Matcher {
 public:
  Matcher(NameComparison names, const ExpressionCanonicalizer& canonical)
      : names_(names), canonical_(canonical) {}

  bool Same(const std::string& a, const std::string& b) const {
    return names_ == NameComparison::kExact ? a == b : text::Lower(a) == text::Lower(b);
  }

  bool Same(const std::vector<std::string>& a, const std::vector<std::string>& b) const {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
      if (!Same(a[i], b[i])) return false;
    }
    return true;
  }

  // Whether `candidate` is what `wanted` (the selector's definition, of the
  // same kind) describes.
  bool Matches(const Constraint& wanted, const Constraint& candidate) const {
    return std::visit(
        Overloaded{
            [&](const PrimaryKey& key) {
              return Same(key.columns, std::get<PrimaryKey>(candidate).columns);
            },
            [&](const UniqueConstraint& unique) {
              return Same(unique.columns, std::get<UniqueConstraint>(candidate).columns);
            },
            [&](const CheckConstraint& check) {
              return canonical_(check.condition) ==
                     canonical_(std::get<CheckConstraint>(candidate).condition);
            },
            [&](const ForeignKey& key) { return Matches(key, std::get<ForeignKey>(candidate)); },
        },
        wanted);
  }

 private:
  // A referent's schema or columns left out on either side (the table's own
  // schema; SQLite's "REFERENCES t" meaning t's key) say nothing against.
  bool Matches(const ForeignKey& wanted, const ForeignKey& candidate) const {
    const bool schema = wanted.referent.schema.empty() || candidate.referent.schema.empty() ||
                        Same(wanted.referent.schema, candidate.referent.schema);
    const bool referent_columns = wanted.referent_columns.empty() ||
                                  candidate.referent_columns.empty() ||
                                  Same(wanted.referent_columns, candidate.referent_columns);
    return Same(wanted.columns, candidate.columns) &&
           Same(wanted.referent.name, candidate.referent.name) && schema && referent_columns;
  }

  NameComparison names_;
  const ExpressionCanonicalizer& canonical_;
};

}  // namespace

bool IsSelector(const DropConstraint& drop) { return drop.name.empty(); }

std::size_t SelectConstraint(const DropConstraint& drop, const QualifiedName& table,
                             const std::vector<Constraint>& constraints, NameComparison names,
                             const ExpressionCanonicalizer& canonical) {
  if (!drop.kind) {
    throw OperationError("drop_constraint on " + ToString(table) +
                         " has neither a name nor a type to find the constraint by");
  }
  if (drop.existing && KindOf(*drop.existing) != *drop.kind) {
    throw OperationError("drop_constraint on " + ToString(table) + " says type " +
                         KindName(*drop.kind) + " but describes a " +
                         KindName(KindOf(*drop.existing)));
  }
  const Matcher matcher(names, canonical);
  std::vector<std::size_t> found;
  for (std::size_t i = 0; i < constraints.size(); ++i) {
    if (KindOf(constraints[i]) != *drop.kind) continue;
    if (!drop.existing || matcher.Matches(*drop.existing, constraints[i])) found.push_back(i);
  }
  if (found.size() == 1) return found.front();
  const std::string wanted = DescribeSelector(drop);
  if (found.empty()) {
    throw OperationError("table " + ToString(table) + " has no " + wanted + " (" +
                         ListConstraints(constraints) + ")");
  }
  throw OperationError(std::to_string(found.size()) + " constraints of table " + ToString(table) +
                       " are " + wanted + ", and a drop_constraint without a name must find " +
                       "exactly one (" + ListConstraints(constraints) + ")");
}

std::string DescribeConstraint(const Constraint& constraint) {
  const std::string& name = NameOf(constraint);
  return std::string(KindName(KindOf(constraint))) + " " + (name.empty() ? "unnamed" : name) +
         " " + Definition(constraint);
}

std::string ListConstraints(const std::vector<Constraint>& constraints) {
  if (constraints.empty()) return "it has none";
  std::vector<std::string> lines;
  for (const Constraint& constraint : constraints) lines.push_back(DescribeConstraint(constraint));
  return "its constraints: " + text::Join(lines, "; ");
}

std::string DescribeSelector(const DropConstraint& drop) {
  if (!drop.kind) return "constraint";
  std::string text = KindName(*drop.kind);
  if (drop.existing) text += " " + Definition(*drop.existing);
  return text;
}

}  // namespace retort
