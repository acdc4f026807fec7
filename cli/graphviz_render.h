// Rendering DOT to SVG or PNG with Graphviz's library, when retort was built
// with it (RETORT_WITH_GRAPHVIZ); the core writes DOT and knows nothing of
// Graphviz.
#ifndef RETORT_CLI_GRAPHVIZ_RENDER_H_
#define RETORT_CLI_GRAPHVIZ_RENDER_H_

#include <string>
#include <string_view>

namespace retort::cli {

// Lays out `dot` with Graphviz's dot engine and returns the picture in
// `format` ("svg" or "png"), as bytes. Throws retort::Error when retort was
// built without Graphviz, when Graphviz's plugins are not installed or not
// configured, or when Graphviz rejects the document (with its message).
// Graphviz keeps global state: call it from one thread at a time.
std::string RenderWithGraphviz(const std::string& dot, std::string_view format);

}  // namespace retort::cli

#endif  // RETORT_CLI_GRAPHVIZ_RENDER_H_
