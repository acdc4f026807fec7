// Commands that only read: current, history, heads, branches, show.
#include <algorithm>
#include <iostream>

#include "cli.h"
#include "history_graph.h"
#include "report.h"
#include "retort/commands.h"
#include "retort/error.h"

namespace retort::cli {
namespace {

void DeclareVerbose(po::options_description& options) {
  options.add_options()("verbose,v", po::bool_switch(), "show each revision in full");
}

void Print(const std::vector<RevisionInfo>& revisions, bool verbose, Markers markers) {
  for (const RevisionInfo& info : revisions) {
    if (verbose) {
      PrintVerbose(std::cout, info);
    } else {
      std::cout << Marked(info, markers) << "\n";
    }
  }
}

int RunCurrent(const po::variables_map& values, const GlobalOptions& globals) {
  const std::vector<RevisionInfo> current = Current(globals.LoadConfig());
  if (current.empty() && !globals.quiet) std::cout << "(base: no revision applied)\n";
  Print(current, values["verbose"].as<bool>(), {.labels = false});
  return kExitSuccess;
}

int RunHistory(const po::variables_map& values, const GlobalOptions& globals) {
  const Config config = globals.LoadConfig();
  const std::string range = values.count("rev-range") ? values["rev-range"].as<std::string>() : "";
  const bool verbose = values["verbose"].as<bool>();
  std::vector<std::string> current;
  // As Alembic marks them: the revisions the version rows name.
  if (values["indicate-current"].as<bool>()) current = VersionRows(config);
  if (values["graph"].as<bool>()) {
    if (verbose) throw UsageError("history: --graph and --verbose cannot be combined");
    PrintHistoryGraph(std::cout, History(config, range), current);
    return kExitSuccess;
  }
  for (const RevisionInfo& info : History(config, range)) {
    const bool is_current =
        std::find(current.begin(), current.end(), info.header.id) != current.end();
    if (verbose) {
      PrintVerbose(std::cout, info, is_current);
    } else {
      std::cout << HistoryLine(info, is_current) << "\n";
    }
  }
  return kExitSuccess;
}

int RunHeads(const po::variables_map& values, const GlobalOptions& globals) {
  Print(Heads(globals.LoadConfig(), values["resolve-dependencies"].as<bool>()),
        values["verbose"].as<bool>(), {.tree = false});
  return kExitSuccess;
}

int RunBranches(const po::variables_map& values, const GlobalOptions& globals) {
  const bool verbose = values["verbose"].as<bool>();
  for (const BranchPoint& point : Branches(globals.LoadConfig())) {
    if (verbose) {
      PrintVerbose(std::cout, point.revision);
    } else {
      std::cout << Marked(point.revision) << "\n";
    }
    for (const RevisionInfo& child : point.children) {
      const std::string& message = child.header.message;
      std::cout << "    -> " << Marked(child)
                << (verbose && !message.empty() ? ", " + message : "") << "\n";
    }
  }
  return kExitSuccess;
}

// A C++ revision's functions, which only the application that registers
// them has.
void PrintCodeRevision(const Revision& revision) {
  const RevisionCode& code = *revision.code;
  if (!code.registered) {
    std::cout << "  C++ code: runs only inside the application that registers it\n"
              << "Downgrade:\n  C++ code, if the registration has a downgrade function\n";
    return;
  }
  std::cout << "  C++ code registered at " << code.source << "\n"
            << "Downgrade:\n"
            << (code.downgrade ? "  C++ code\n"
                               : "  (none: the registration has no downgrade function)\n");
}

int RunShow(const po::variables_map& values, const GlobalOptions& globals) {
  const Revision revision = Show(globals.LoadConfig(), values["revision"].as<std::string>());
  const RevisionHeader& header = revision.header;
  std::cout << "Rev: " << header.id << "\n"
            << "Parent: " << (header.down_revisions.empty() ? "<base>" : RevisionList(header.down_revisions)) << "\n";
  if (!header.branch_labels.empty()) std::cout << "Branch labels: " << RevisionList(header.branch_labels) << "\n";
  if (!header.depends_on.empty()) std::cout << "Depends on: " << RevisionList(header.depends_on) << "\n";
  std::cout << "Path: " << header.path << "\n"
            << "Checksum: "
            << (revision.checksum.empty() ? "none (no file)" : "sha256:" + revision.checksum)
            << "\n";
  if (!header.create_date.empty()) std::cout << "Create Date: " << header.create_date << "\n";
  std::cout << "\n    " << header.message << "\n\nUpgrade:\n";
  if (revision.code) {
    PrintCodeRevision(revision);
    return kExitSuccess;
  }
  for (const RevisionOp& op : revision.upgrade) std::cout << "  " << Describe(op.op) << "\n";
  std::cout << (revision.downgrade ? "Downgrade:\n" : "Downgrade (reversed upgrade):\n");
  try {
    for (const RevisionOp& op : DowngradeOperations(revision)) {
      std::cout << "  " << Describe(op.op) << "\n";
    }
  } catch (const OperationError& error) {
    std::cout << "  (none: " << error.what() << ")\n";
  }
  return kExitSuccess;
}

}  // namespace

std::vector<CommandSpec> InspectCommands() {
  return {
      {"current", "show the database's current revisions", "[-v]",
       [](po::options_description& options, po::positional_options_description&) {
         DeclareVerbose(options);
       },
       RunCurrent},
      {"history", "list revisions, newest first", "[-r START:END] [-v] [-i] [--graph]",
       [](po::options_description& options, po::positional_options_description&) {
         DeclareVerbose(options);
         options.add_options()
             ("rev-range,r", po::value<std::string>(),
              "only revisions in START:END (either may be omitted; 'current' works)")
             ("indicate-current,i", po::bool_switch(), "mark the database's current revisions")
             ("graph", po::bool_switch(), "draw the lanes of the graph beside the revisions");
       },
       RunHistory},
      {"heads", "show the heads of the revision graph", "[-v] [--resolve-dependencies]",
       [](po::options_description& options, po::positional_options_description&) {
         DeclareVerbose(options);
         options.add_options()("resolve-dependencies", po::bool_switch(),
                               "leave out heads that another revision depends on");
       },
       RunHeads},
      {"branches", "show branch points and where they lead", "[-v]",
       [](po::options_description& options, po::positional_options_description&) {
         DeclareVerbose(options);
       },
       RunBranches},
      {"show", "show one revision and its operations", "REVISION",
       [](po::options_description& options, po::positional_options_description& positionals) {
         options.add_options()("revision", po::value<std::string>()->required(),
                               "a revision id, prefix or label");
         positionals.add("revision", 1);
       },
       RunShow},
  };
}

}  // namespace retort::cli
