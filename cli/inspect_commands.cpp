// Commands that only read: current, history, heads, branches, show.
#include <algorithm>
#include <iostream>

#include "cli.h"
#include "history_graph.h"
#include "json_output.h"
#include "report.h"
#include "retort/commands.h"
#include "retort/error.h"

namespace retort::cli {
namespace {

void DeclareVerbose(po::options_description& options) {
  options.add_options()("verbose,v", po::bool_switch(), "show each revision in full");
  DeclareFormat(options);
}

// {"format_version": 1, "revisions": [...]}
void PrintRevisionsJson(const std::vector<RevisionInfo>& revisions) {
  DocNode report = JsonReport();
  report.Set("revisions", ListOf(revisions, RevisionJson));
  PrintJson(report);
}

void Print(const std::vector<RevisionInfo>& revisions, bool verbose, Markers markers,
           const Style& style) {
  for (const RevisionInfo& info : revisions) {
    if (verbose) {
      PrintVerbose(std::cout, info, false, style);
    } else {
      std::cout << Marked(info, markers, style) << "\n";
    }
  }
}

int RunCurrent(const po::variables_map& values, const GlobalOptions& globals) {
  const bool json = WantsJson(values);
  const std::vector<RevisionInfo> current = Current(globals.LoadConfig());
  if (json) {
    PrintRevisionsJson(current);
    return kExitSuccess;
  }
  if (current.empty() && !globals.quiet) std::cout << "(base: no revision applied)\n";
  Print(current, values["verbose"].as<bool>(), {.labels = false}, globals.out);
  return kExitSuccess;
}

int RunHistory(const po::variables_map& values, const GlobalOptions& globals) {
  const bool json = WantsJson(values);
  const Config config = globals.LoadConfig();
  const std::string range = values.count("rev-range") ? values["rev-range"].as<std::string>() : "";
  const bool verbose = values["verbose"].as<bool>();
  const bool indicate_current = values["indicate-current"].as<bool>();
  std::vector<std::string> current;
  // As Alembic marks them: the revisions the version rows name.
  if (indicate_current) current = VersionRows(config);
  if (values["graph"].as<bool>()) {
    if (verbose) throw UsageError("history: --graph and --verbose cannot be combined");
    if (json) throw UsageError("history: --graph and --format json cannot be combined");
    PrintHistoryGraph(std::cout, History(config, range), current);
    return kExitSuccess;
  }
  DocNode revisions = DocNode::List();
  for (const RevisionInfo& info : History(config, range)) {
    const bool is_current =
        std::find(current.begin(), current.end(), info.header.id) != current.end();
    if (json) {
      // Unknown without -i: the database was not read.
      revisions.Append(RevisionJson(info).Set(
          "is_current", indicate_current ? DocNode::Bool(is_current) : DocNode()));
      continue;
    }
    if (verbose) {
      PrintVerbose(std::cout, info, is_current, globals.out);
    } else {
      std::cout << HistoryLine(info, is_current, globals.out) << "\n";
    }
  }
  if (json) PrintJson(JsonReport().Set("revisions", std::move(revisions)));
  return kExitSuccess;
}

int RunHeads(const po::variables_map& values, const GlobalOptions& globals) {
  const bool json = WantsJson(values);
  const std::vector<RevisionInfo> heads =
      Heads(globals.LoadConfig(), values["resolve-dependencies"].as<bool>());
  if (json) {
    PrintRevisionsJson(heads);
  } else {
    Print(heads, values["verbose"].as<bool>(), {.tree = false}, globals.out);
  }
  return kExitSuccess;
}

int RunBranches(const po::variables_map& values, const GlobalOptions& globals) {
  const bool verbose = values["verbose"].as<bool>();
  const bool json = WantsJson(values);
  const std::vector<BranchPoint> points = Branches(globals.LoadConfig());
  if (json) {
    PrintJson(JsonReport().Set("branch_points", ListOf(points, [](const BranchPoint& point) {
      return DocNode::Map()
          .Set("revision", RevisionJson(point.revision))
          .Set("children", ListOf(point.children, RevisionJson));
    })));
    return kExitSuccess;
  }
  for (const BranchPoint& point : points) {
    if (verbose) {
      PrintVerbose(std::cout, point.revision, false, globals.out);
    } else {
      std::cout << Marked(point.revision, {}, globals.out) << "\n";
    }
    for (const RevisionInfo& child : point.children) {
      const std::string& message = child.header.message;
      std::cout << "    -> " << Marked(child, {}, globals.out)
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

DocNode Descriptions(const std::vector<RevisionOp>& ops) {
  DocNode list = DocNode::List();
  for (const RevisionOp& op : ops) list.Append(DocNode::Text(Describe(op.op)));
  return list;
}

// show's JSON (docs/json.md): the header, the checksum, and the operations
// as the text describes them.
DocNode ShowJson(const Revision& revision) {
  const RevisionHeader& header = revision.header;
  DocNode json = DocNode::Map();
  json.Set("id", DocNode::Text(header.id))
      .Set("message", DocNode::Text(header.message))
      .Set("down_revisions", DocNode::TextList(header.down_revisions))
      .Set("depends_on", DocNode::TextList(header.depends_on))
      .Set("branch_labels", DocNode::TextList(header.branch_labels))
      .Set("path", DocNode::Text(header.path))
      .Set("create_date", TextOrNull(header.create_date))
      .Set("checksum", TextOrNull(revision.checksum));
  DocNode downgrade, problem, code;
  if (revision.code) {
    const RevisionCode& functions = *revision.code;
    code = DocNode::Map()
               .Set("registered", DocNode::Bool(functions.registered))
               .Set("source", TextOrNull(functions.source))
               // Unknown unless registered: only the application knows.
               .Set("has_downgrade", functions.registered ? DocNode::Bool(static_cast<bool>(functions.downgrade))
                                                          : DocNode());
  } else {
    try {
      downgrade = Descriptions(DowngradeOperations(revision));
    } catch (const OperationError& error) {
      problem = DocNode::Text(error.what());
    }
  }
  json.Set("upgrade", Descriptions(revision.upgrade))
      .Set("downgrade", std::move(downgrade))
      .Set("downgrade_is_reversed_upgrade", DocNode::Bool(!revision.code && !revision.downgrade))
      .Set("downgrade_problem", std::move(problem))
      .Set("code", std::move(code));
  return json;
}

int RunShow(const po::variables_map& values, const GlobalOptions& globals) {
  const bool json = WantsJson(values);
  const Revision revision = Show(globals.LoadConfig(), values["revision"].as<std::string>());
  if (json) {
    PrintJson(JsonReport().Set("revision", ShowJson(revision)));
    return kExitSuccess;
  }
  const RevisionHeader& header = revision.header;
  std::cout << "Rev: " << globals.out.Revision(header.id) << "\n"
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
      {"current", "show the database's current revisions", "[-v] [--format text|json]",
       [](po::options_description& options, po::positional_options_description&) {
         DeclareVerbose(options);
       },
       RunCurrent},
      {"history", "list revisions, newest first",
       "[-r START:END] [-v] [-i] [--graph] [--format text|json]",
       [](po::options_description& options, po::positional_options_description&) {
         DeclareVerbose(options);
         options.add_options()
             ("rev-range,r", po::value<std::string>(),
              "only revisions in START:END (either may be omitted; 'current' works)")
             ("indicate-current,i", po::bool_switch(), "mark the database's current revisions")
             ("graph", po::bool_switch(), "draw the lanes of the graph beside the revisions");
       },
       RunHistory},
      {"heads", "show the heads of the revision graph",
       "[-v] [--resolve-dependencies] [--format text|json]",
       [](po::options_description& options, po::positional_options_description&) {
         DeclareVerbose(options);
         options.add_options()("resolve-dependencies", po::bool_switch(),
                               "leave out heads that another revision depends on");
       },
       RunHeads},
      {"branches", "show branch points and where they lead", "[-v] [--format text|json]",
       [](po::options_description& options, po::positional_options_description&) {
         DeclareVerbose(options);
       },
       RunBranches},
      {"show", "show one revision and its operations", "REVISION [--format text|json]",
       [](po::options_description& options, po::positional_options_description& positionals) {
         options.add_options()("revision", po::value<std::string>()->required(),
                               "a revision id, prefix or label");
         DeclareFormat(options);
         positionals.add("revision", 1);
       },
       RunShow},
  };
}

}  // namespace retort::cli
