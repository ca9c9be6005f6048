// Markdown for a schema: the "## Schema" section of a registry page, with
// Required / Optional / Read-Only lists and one "Nested Schema" section per
// nested block or nested attribute, in the layout the Terraform and OpenTofu
// registries render.
#ifndef AZBATCH_RESOURCES_DOCGEN_SCHEMA_MARKDOWN_H_
#define AZBATCH_RESOURCES_DOCGEN_SCHEMA_MARKDOWN_H_

#include <functional>
#include <string>

#include "provider/cty/type.h"
#include "provider/cty/value.h"
#include "provider/framework/schema.h"

namespace azbatch::resources::docgen {

// Extra sentence for the attribute or block at a dotted path ("start_task.command_line"),
// e.g. what a change does; "" for none.
using NoteFn = std::function<std::string(const std::string& path)>;

// "String", "Number", "Boolean", "List of String", "Map of String", "Object", ...
std::string TypeLabel(const cty::Type& type);
// A primitive default as HCL: "\"PT15M\"", "0", "true".
std::string HclLiteral(const cty::Value& value);
// True when a plan modifier of the attribute replaces the resource on a change
// (RequiresReplace and friends describe themselves as "... forces replacement").
bool ForcesReplacement(const framework::Attribute& attribute);

// The whole "## Schema" section. `note` may be empty.
std::string SchemaMarkdown(const framework::Block& block, const NoteFn& note);

}  // namespace azbatch::resources::docgen

#endif  // AZBATCH_RESOURCES_DOCGEN_SCHEMA_MARKDOWN_H_
