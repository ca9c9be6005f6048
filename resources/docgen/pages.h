// The registry documentation of the provider, page by page: docs/index.md,
// docs/resources/<name>.md, docs/data-sources/<name>.md and
// docs/functions/<name>.md, from the registered schemas, the type notes and
// the example files under examples/.
#ifndef AZBATCH_RESOURCES_DOCGEN_PAGES_H_
#define AZBATCH_RESOURCES_DOCGEN_PAGES_H_

#include <optional>
#include <string>
#include <vector>

#include "provider/framework/provider.h"

namespace azbatch::resources::docgen {

struct Page {
  std::string path;  // relative to docs/, e.g. "resources/pool.md"
  std::string content;
};

// Reads example files relative to a root (the repository's examples/) and
// remembers the ones that do not exist.
class Examples {
 public:
  explicit Examples(std::string root) : root_(std::move(root)) {}
  virtual ~Examples() = default;
  // File content, or nullopt (recorded in missing()) when absent.
  std::optional<std::string> Read(const std::string& relative);
  // "examples/resources/azbatch_pool/resource.tf", ... in the order asked for.
  const std::vector<std::string>& missing() const { return missing_; }

 protected:
  virtual std::optional<std::string> Load(const std::string& path);

 private:
  std::string root_;
  std::vector<std::string> missing_;
};

// Every page, sorted by path. `provider_name` is the local name ("azbatch").
std::vector<Page> RenderPages(const framework::Provider& provider, Examples* examples);

}  // namespace azbatch::resources::docgen

#endif  // AZBATCH_RESOURCES_DOCGEN_PAGES_H_
