// retort graph: the revision graph as DOT, SVG or PNG; and the terminal
// drawing of `history --graph`.
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>

#include "cli.h"
#include "graphviz_render.h"
#include "history_graph.h"
#include "retort/error.h"
#include "retort/graph_picture.h"

namespace retort::cli {

void PrintHistoryGraph(std::ostream& out, const std::vector<RevisionInfo>& newest_first,
                       const std::vector<std::string>& current) {
  std::vector<const RevisionHeader*> headers;
  for (const RevisionInfo& info : newest_first) headers.push_back(&info.header);
  for (const GraphLine& line : DrawGraphLanes(headers)) {
    out << line.lanes;
    if (line.revision) {
      const RevisionInfo& info = newest_first[*line.revision];
      out << " " << info.header.id;
      std::string labels;
      for (const std::string& label : info.header.branch_labels) {
        labels += (labels.empty() ? "" : ", ") + label;
      }
      if (!labels.empty()) out << " [" << labels << "]";
      if (info.is_effective_head) {
        out << " (effective head)";
      } else if (info.is_head) {
        out << " (head)";
      }
      if (std::find(current.begin(), current.end(), info.header.id) != current.end()) {
        out << " (current)";
      }
      if (!info.header.message.empty()) out << " " << info.header.message;
    }
    out << "\n";
  }
}

namespace {

int RunGraph(const po::variables_map& values, const GlobalOptions& globals) {
  const std::string format = values["format"].as<std::string>();
  if (format != "dot" && format != "svg" && format != "png") {
    throw UsageError("graph: --format must be dot, svg or png, not '" + format + "'");
  }
  std::string picture = GraphDot(globals.LoadConfig(), values["collapse"].as<std::size_t>(),
                                 !values["no-current"].as<bool>());
  if (format != "dot") picture = RenderWithGraphviz(picture, format);
  if (!values.count("output")) {
    std::cout << picture;
    return kExitSuccess;
  }
  const std::string path = values["output"].as<std::string>();
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  file << picture;
  file.close();
  if (!file) throw Error("cannot write " + path + ": " + std::strerror(errno));
  return kExitSuccess;
}

}  // namespace

std::vector<CommandSpec> GraphCommands() {
  return {
      {"graph", "draw the revision graph (Graphviz DOT, SVG or PNG)",
       "[--format dot|svg|png] [-o FILE] [--collapse N] [--no-current]",
       [](po::options_description& options, po::positional_options_description&) {
         options.add_options()
             ("format", po::value<std::string>()->default_value("dot")->value_name("FORMAT"),
              "dot (the default), svg or png; svg and png need Graphviz")
             ("output,o", po::value<std::string>()->value_name("FILE"),
              "write to FILE instead of standard output")
             ("collapse", po::value<std::size_t>()->default_value(GraphDotOptions{}.collapse)
                              ->value_name("N"),
              "draw a linear run of more than N revisions as one node; 0: never")
             ("no-current", po::bool_switch(),
              "do not read the database to mark its current revisions");
       },
       RunGraph},
  };
}

}  // namespace retort::cli
