#include "graphviz_render.h"

#include "retort/error.h"

#ifdef RETORT_WITH_GRAPHVIZ
#include <gvc.h>

#include <cstdlib>
#include <memory>

// Graphviz and fontconfig keep caches for the life of the process that a
// sanitized build would otherwise report as leaks at exit; LeakSanitizer
// asks for these hooks, and other builds never call them.
extern "C" const char* __lsan_default_suppressions();
extern "C" const char* __lsan_default_suppressions() {
  return "leak:libgvc.so\nleak:libfontconfig.so\n";
}
extern "C" const char* __lsan_default_options();
extern "C" const char* __lsan_default_options() { return "print_suppressions=0"; }
#endif

namespace retort::cli {

#ifndef RETORT_WITH_GRAPHVIZ

std::string RenderWithGraphviz(const std::string&, std::string_view format) {
  throw Error("cannot write " + std::string(format) +
              ": this retort was built without Graphviz; write DOT (--format dot) and run "
              "Graphviz's dot on it, e.g. 'retort graph | dot -T" + std::string(format) +
              " -o graph." + std::string(format) + "'");
}

#else

namespace {

// Graphviz reports problems through a callback, not a return value.
std::string graphviz_messages;

int CollectMessage(char* message) {
  graphviz_messages += message;
  return 0;
}

struct ContextDeleter {
  void operator()(GVC_t* context) const { gvFreeContext(context); }
};
struct GraphDeleter {
  void operator()(Agraph_t* graph) const { agclose(graph); }
};

// Whether Graphviz found a plugin: they are listed in a configuration file
// (config6a) that Debian writes when it installs them; without it nothing
// is found.
bool HasPlugin(GVC_t* context, const char* kind, std::string_view name) {
  int count = 0;
  char** names = gvPluginList(context, kind, &count, nullptr);
  bool found = false;
  for (int i = 0; i < count; ++i) {
    found = found || name == names[i];
    std::free(names[i]);
  }
  std::free(names);
  return found;
}

Error GraphvizError(const std::string& what) {
  std::string message = "Graphviz " + what;
  if (!graphviz_messages.empty()) message += ": " + graphviz_messages;
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  return Error(message);
}

}  // namespace

std::string RenderWithGraphviz(const std::string& dot, std::string_view format) {
  graphviz_messages.clear();
  agseterrf(CollectMessage);
  const std::unique_ptr<GVC_t, ContextDeleter> context(gvContext());
  if (!HasPlugin(context.get(), "layout", "dot")) {
    throw Error(
        "Graphviz's plugins are not configured (no dot layout engine found): run 'dot -c' as "
        "root, or reinstall libgvc6");
  }
  const std::unique_ptr<Agraph_t, GraphDeleter> graph(agmemread(dot.c_str()));
  if (!graph) throw GraphvizError("could not read the DOT document");
  if (gvLayout(context.get(), graph.get(), "dot") != 0) throw GraphvizError("layout failed");
  char* data = nullptr;
  unsigned int length = 0;
  const std::string format_name(format);
  const int rendered =
      gvRenderData(context.get(), graph.get(), format_name.c_str(), &data, &length);
  std::string picture = rendered == 0 && data ? std::string(data, length) : std::string();
  gvFreeRenderData(data);
  gvFreeLayout(context.get(), graph.get());
  if (rendered != 0) throw GraphvizError("cannot write " + format_name);
  return picture;
}

#endif

}  // namespace retort::cli
