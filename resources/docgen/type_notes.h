// What the schema alone does not say about a type: its registry sidebar
// group, the ARM id its import takes, replacements decided in ModifyPlan
// rather than by an attribute plan modifier, and hand-written sections
// (the pool's update rules and preflight checks, the provider's
// authentication guide).
#ifndef AZBATCH_RESOURCES_DOCGEN_TYPE_NOTES_H_
#define AZBATCH_RESOURCES_DOCGEN_TYPE_NOTES_H_

#include <optional>
#include <string>
#include <vector>

#include "provider/azure/resource_id.h"

namespace azbatch::resources::docgen {

struct TypeNotes {
  std::string subcategory;
  // Resources: the ARM id type `terraform import` takes.
  std::optional<azure::ResourceType> import_type;
  // Top-level attributes and blocks whose change the resource's ModifyPlan
  // turns into a replacement (checked by docgen_test against ModifyPlan).
  std::vector<std::string> replaced_by_plan;
  // Markdown inserted after the schema (with its own "## " headings).
  std::string extra_sections;
};

// Notes for a resource, data source or function name ("azbatch_pool",
// "min_replicas"); an empty TypeNotes for names not listed.
TypeNotes NotesFor(const std::string& name);

// Hand-written parts of docs/index.md, between the example and the schema.
std::string ProviderGuide();

// A valid example id for `type`: ResourceIdPattern with the placeholders
// filled in ("00000000-…", "example-rg", "example", "1.0.0").
std::string ExampleId(azure::ResourceType type);

}  // namespace azbatch::resources::docgen

#endif  // AZBATCH_RESOURCES_DOCGEN_TYPE_NOTES_H_
