// Provider functions: provider::azbatch::min_replicas(nodes) and
// provider::azbatch::parse_resource_id(id).
#ifndef AZBATCH_RESOURCES_FUNCTIONS_FUNCTIONS_H_
#define AZBATCH_RESOURCES_FUNCTIONS_FUNCTIONS_H_

#include <memory>
#include <string>

#include "provider/framework/function.h"

namespace azbatch::resources::functions {

// min_replicas(nodes number) number: max(1, ceil(nodes / 300)).
class MinReplicasFunction : public framework::Function {
 public:
  std::string Name() const override { return "min_replicas"; }
  framework::FunctionDefinition Definition() const override;
  void Run(const framework::Context& ctx, const framework::FunctionRunRequest& req,
           framework::FunctionRunResponse* resp) override;
};

// parse_resource_id(id string) object({subscription_id, resource_group_name,
// provider_namespace, resource_type, name, types, names}).
class ParseResourceIdFunction : public framework::Function {
 public:
  std::string Name() const override { return "parse_resource_id"; }
  framework::FunctionDefinition Definition() const override;
  void Run(const framework::Context& ctx, const framework::FunctionRunRequest& req,
           framework::FunctionRunResponse* resp) override;
  static cty::Type ReturnType();
};

std::unique_ptr<framework::Function> NewMinReplicasFunction();
std::unique_ptr<framework::Function> NewParseResourceIdFunction();

}  // namespace azbatch::resources::functions

#endif  // AZBATCH_RESOURCES_FUNCTIONS_FUNCTIONS_H_
