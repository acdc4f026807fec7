#include "retort/script_connection.h"

#include "retort/error.h"

namespace retort {

void ThrowNeedsDatabase(std::string_view what) {
  throw OperationError(std::string(what) +
                       " needs a live database, so it cannot be written as offline SQL (--sql); "
                       "run it online");
}

RenderedScriptConnection::RenderedScriptConnection(const Dialect& dialect, ScriptWriter& script)
    : dialect_(dialect), script_(script) {}

QueryRows RenderedScriptConnection::Query(const std::string& /*sql*/,
                                          const std::vector<SqlValue>& /*parameters*/) {
  ThrowNeedsDatabase("a query");
}

void* RenderedScriptConnection::NativeHandle(std::string_view kind) {
  ThrowNeedsDatabase("the database driver's own handle (" + std::string(kind) + ")");
}

bool RenderedScriptConnection::TableExists(const QualifiedName& table) {
  ThrowNeedsDatabase("looking up table " + ToString(table));
}

Schema RenderedScriptConnection::Reflect() { ThrowNeedsDatabase("reading the schema"); }

void RenderedScriptConnection::Execute(const std::string& /*sql*/) {}

void RenderedScriptConnection::Begin(const std::vector<const RevisionOp*>& /*ops*/) {
  script_.Statement("BEGIN");
}

void RenderedScriptConnection::Commit() { script_.Statement("COMMIT"); }

void RenderedScriptConnection::Apply(const std::vector<RevisionOp>& ops,
                                     MigrationListener& listener, Span* current) {
  for (std::size_t k = 0; k < ops.size(); ++k) {
    *current = Span{k, 1};
    for (const std::string& sql : dialect_.Render(ops[k].op)) listener.OnStatement(sql);
  }
}

std::unique_ptr<Connection> Dialect::OpenScript(ScriptWriter& script,
                                                std::unique_ptr<ScratchDatabase> /*history*/) const {
  return std::make_unique<RenderedScriptConnection>(*this, script);
}

}  // namespace retort
