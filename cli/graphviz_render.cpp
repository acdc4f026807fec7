#include "graphviz_render.h"

#include "retort/error.h"

#ifdef RETORT_WITH_GRAPHVIZ
#include <dlfcn.h>
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

// Graphviz is opened when a picture is asked for, not linked: its library
// and the six it needs were a third of the libraries every command mapped
// at start. The pointers take their types from Graphviz's own headers.
struct Graphviz {
  decltype(&gvContext) context;
  decltype(&gvFreeContext) free_context;
  decltype(&gvPluginList) plugin_list;
  decltype(&agseterrf) set_error_function;
  decltype(&agmemread) read_graph;
  decltype(&agclose) close_graph;
  decltype(&gvLayout) layout;
  decltype(&gvFreeLayout) free_layout;
  decltype(&gvRenderData) render_data;
  decltype(&gvFreeRenderData) free_render_data;
};

template <typename Function>
void Resolve(void* library, const char* name, Function* function) {
  *function = reinterpret_cast<Function>(dlsym(library, name));
  if (*function == nullptr) {
    throw Error(std::string("Graphviz's library ") + RETORT_GRAPHVIZ_LIBRARY + " has no " + name +
                ": reinstall " RETORT_GRAPHVIZ_PACKAGE ", or write DOT (--format dot)");
  }
}

// Loaded once and kept for the life of the process: Graphviz keeps global
// state that unloading would leave dangling.
const Graphviz& LoadGraphviz() {
  static const Graphviz graphviz = [] {
    void* library = dlopen(RETORT_GRAPHVIZ_LIBRARY, RTLD_NOW | RTLD_LOCAL);
    if (library == nullptr) {
      const char* why = dlerror();
      throw Error(std::string("cannot write a picture: Graphviz's library could not be loaded (") +
                  (why != nullptr ? why : RETORT_GRAPHVIZ_LIBRARY) +
                  "); install " RETORT_GRAPHVIZ_PACKAGE ", or write DOT (--format dot)");
    }
    Graphviz loaded{};
    Resolve(library, "gvContext", &loaded.context);
    Resolve(library, "gvFreeContext", &loaded.free_context);
    Resolve(library, "gvPluginList", &loaded.plugin_list);
    Resolve(library, "agseterrf", &loaded.set_error_function);
    Resolve(library, "agmemread", &loaded.read_graph);
    Resolve(library, "agclose", &loaded.close_graph);
    Resolve(library, "gvLayout", &loaded.layout);
    Resolve(library, "gvFreeLayout", &loaded.free_layout);
    Resolve(library, "gvRenderData", &loaded.render_data);
    Resolve(library, "gvFreeRenderData", &loaded.free_render_data);
    return loaded;
  }();
  return graphviz;
}

// Graphviz reports problems through a callback, not a return value.
std::string graphviz_messages;

int CollectMessage(char* message) {
  graphviz_messages += message;
  return 0;
}

// Whether Graphviz found a plugin: they are listed in a configuration file
// (config6a) that Debian writes when it installs them; without it nothing
// is found.
bool HasPlugin(const Graphviz& graphviz, GVC_t* context, const char* kind, std::string_view name) {
  int count = 0;
  char** names = graphviz.plugin_list(context, kind, &count, nullptr);
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
  const Graphviz& graphviz = LoadGraphviz();
  graphviz_messages.clear();
  graphviz.set_error_function(CollectMessage);
  const std::unique_ptr<GVC_t, decltype(graphviz.free_context)> context(graphviz.context(),
                                                                        graphviz.free_context);
  if (!HasPlugin(graphviz, context.get(), "layout", "dot")) {
    throw Error(
        "Graphviz's plugins are not configured (no dot layout engine found): run 'dot -c' as "
        "root, or reinstall " RETORT_GRAPHVIZ_PACKAGE);
  }
  const std::unique_ptr<Agraph_t, decltype(graphviz.close_graph)> graph(
      graphviz.read_graph(dot.c_str()), graphviz.close_graph);
  if (!graph) throw GraphvizError("could not read the DOT document");
  if (graphviz.layout(context.get(), graph.get(), "dot") != 0) throw GraphvizError("layout failed");
  char* data = nullptr;
  unsigned int length = 0;
  const std::string format_name(format);
  const int rendered =
      graphviz.render_data(context.get(), graph.get(), format_name.c_str(), &data, &length);
  std::string picture = rendered == 0 && data ? std::string(data, length) : std::string();
  graphviz.free_render_data(data);
  graphviz.free_layout(context.get(), graph.get());
  if (rendered != 0) throw GraphvizError("cannot write " + format_name);
  return picture;
}

#endif

}  // namespace retort::cli
