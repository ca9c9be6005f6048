// Finds schema elements without a description: every attribute, nested
// attribute and block of the provider block, the resources and the data
// sources, and every function with its parameters.
#ifndef AZBATCH_RESOURCES_DOCGEN_DESCRIPTIONS_H_
#define AZBATCH_RESOURCES_DOCGEN_DESCRIPTIONS_H_

#include <string>
#include <vector>

#include "provider/framework/provider.h"
#include "provider/framework/schema.h"

namespace azbatch::resources::docgen {

// Paths under `prefix` ("azbatch_pool.start_task.command_line"; a block
// without a description as "azbatch_pool.start_task (block)").
std::vector<std::string> MissingDescriptions(const framework::Block& block,
                                             const std::string& prefix);

// Everything the provider registers, prefixed "provider", "resource <type>",
// "data source <type>" and "function <name>".
std::vector<std::string> MissingDescriptions(const framework::Provider& provider);

// Elements counted by MissingDescriptions (for the summary line).
int CountDescribable(const framework::Provider& provider);

}  // namespace azbatch::resources::docgen

#endif  // AZBATCH_RESOURCES_DOCGEN_DESCRIPTIONS_H_
