#include "resources/docgen/descriptions.h"

#include <memory>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace azbatch::resources::docgen {

namespace fw = azbatch::framework;

namespace {

bool Blank(const std::string& s) {
  return absl::StripAsciiWhitespace(s).empty();
}

// Visits every element; `missing` may be null (counting only).
int Walk(const std::vector<fw::Attribute>& attributes, const std::string& prefix,
         std::vector<std::string>* missing) {
  int n = 0;
  for (const fw::Attribute& a : attributes) {
    ++n;
    const std::string path = absl::StrCat(prefix, ".", a.name);
    if (Blank(a.description) && missing) missing->push_back(path);
    if (a.nested) n += Walk(a.nested->attributes, path, missing);
  }
  return n;
}

int Walk(const fw::Block& block, const std::string& prefix, bool is_root,
         std::vector<std::string>* missing) {
  int n = 0;
  if (!is_root) {
    ++n;
    if (Blank(block.description) && missing) missing->push_back(absl::StrCat(prefix, " (block)"));
  }
  n += Walk(block.attributes, prefix, missing);
  for (const fw::NestedBlock& b : block.blocks) {
    n += Walk(b.block, absl::StrCat(prefix, ".", b.type_name), false, missing);
  }
  return n;
}

int WalkProvider(const fw::Provider& provider, std::vector<std::string>* missing) {
  int n = 0;
  auto root = [&](const fw::Block& block, const std::string& prefix) {
    ++n;
    if (Blank(block.description) && missing) missing->push_back(absl::StrCat(prefix, " (summary)"));
    n += Walk(block, prefix, true, missing);
  };
  root(provider.GetSchema().block, "provider");
  for (const auto& [name, factory] : provider.resources()) {
    root(factory()->GetSchema().block, absl::StrCat("resource ", name));
  }
  for (const auto& [name, factory] : provider.data_sources()) {
    root(factory()->GetSchema().block, absl::StrCat("data source ", name));
  }
  for (const auto& [name, factory] : provider.functions()) {
    fw::FunctionDefinition def = factory()->Definition();
    const std::string prefix = absl::StrCat("function ", name);
    n += 2;
    if (Blank(def.summary) && missing) missing->push_back(absl::StrCat(prefix, " (summary)"));
    if (Blank(def.description) && missing) {
      missing->push_back(absl::StrCat(prefix, " (description)"));
    }
    std::vector<fw::FunctionParameter> params = def.parameters;
    if (def.variadic_parameter) params.push_back(*def.variadic_parameter);
    for (const fw::FunctionParameter& p : params) {
      ++n;
      if (Blank(p.description) && missing) {
        missing->push_back(absl::StrCat(prefix, " parameter ", p.name));
      }
    }
  }
  return n;
}

}  // namespace

std::vector<std::string> MissingDescriptions(const fw::Block& block, const std::string& prefix) {
  std::vector<std::string> missing;
  Walk(block, prefix, true, &missing);
  return missing;
}

std::vector<std::string> MissingDescriptions(const fw::Provider& provider) {
  std::vector<std::string> missing;
  WalkProvider(provider, &missing);
  return missing;
}

int CountDescribable(const fw::Provider& provider) { return WalkProvider(provider, nullptr); }

}  // namespace azbatch::resources::docgen
