#include "resources/functions/functions.h"

#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "resources/functions/resource_id.h"
#include "resources/sizing/sizing.h"

namespace azbatch::resources::functions {
namespace {

cty::Value StringList(const std::vector<std::string>& items) {
  std::vector<cty::Value> values;
  for (const std::string& s : items) values.push_back(cty::Value::String(s));
  return cty::Value::List(cty::Type::String(), std::move(values));
}

}  // namespace

framework::FunctionDefinition MinReplicasFunction::Definition() const {
  framework::FunctionDefinition def;
  def.summary = "Minimum gallery image replicas per region for a pool size";
  def.description = absl::StrCat(
      "Returns `max(1, ceil(nodes / ", sizing::kDefaultVmsPerReplica,
      "))`: the replica count each target region of an image version needs so that a pool of "
      "`nodes` VMs can be deployed from it.");
  def.parameters.push_back(framework::FunctionParameter{
      "nodes", cty::Type::Number(), false, false, "Number of pool nodes (a whole number >= 0).",
      framework::DescriptionKind::kMarkdown});
  def.return_type = cty::Type::Number();
  return def;
}

void MinReplicasFunction::Run(const framework::Context& ctx,
                              const framework::FunctionRunRequest& req,
                              framework::FunctionRunResponse* resp) {
  absl::StatusOr<int64_t> nodes =
      sizing::WholeNumberAtLeast(req.arguments.at(0).AsNumber(), 0, "nodes");
  if (!nodes.ok()) {
    resp->error = framework::FunctionError{std::string(nodes.status().message()), 0};
    return;
  }
  resp->result = cty::Value::Int(sizing::MinReplicasPerRegion(*nodes));
}

cty::Type ParseResourceIdFunction::ReturnType() {
  return cty::Type::Object({
      {"subscription_id", cty::Type::String()},
      {"resource_group_name", cty::Type::String()},
      {"provider_namespace", cty::Type::String()},
      {"resource_type", cty::Type::String()},
      {"name", cty::Type::String()},
      {"types", cty::Type::List(cty::Type::String())},
      {"names", cty::Type::List(cty::Type::String())},
  });
}

framework::FunctionDefinition ParseResourceIdFunction::Definition() const {
  framework::FunctionDefinition def;
  def.summary = "Split an ARM resource id into its parts";
  def.description =
      "Parses `/subscriptions/{id}/resourceGroups/{name}/providers/{namespace}/{type}/{name}[/"
      "{type}/{name}...]` and returns the subscription, resource group, provider namespace, the "
      "joined resource type (e.g. `galleries/images/versions`), the last name, and the lists of "
      "types and names.";
  def.parameters.push_back(framework::FunctionParameter{
      "id", cty::Type::String(), false, false, "An ARM resource id.",
      framework::DescriptionKind::kMarkdown});
  def.return_type = ReturnType();
  return def;
}

void ParseResourceIdFunction::Run(const framework::Context& ctx,
                                  const framework::FunctionRunRequest& req,
                                  framework::FunctionRunResponse* resp) {
  absl::StatusOr<ParsedResourceId> id = ParseResourceId(req.arguments.at(0).AsString());
  if (!id.ok()) {
    resp->error = framework::FunctionError{std::string(id.status().message()), 0};
    return;
  }
  resp->result = cty::Value::ObjectOf(
      ReturnType(), {
                        {"subscription_id", cty::Value::String(id->subscription_id)},
                        {"resource_group_name", cty::Value::String(id->resource_group_name)},
                        {"provider_namespace", cty::Value::String(id->provider_namespace)},
                        {"resource_type", cty::Value::String(id->resource_type)},
                        {"name", cty::Value::String(id->name)},
                        {"types", StringList(id->types)},
                        {"names", StringList(id->names)},
                    });
}

std::unique_ptr<framework::Function> NewMinReplicasFunction() {
  return std::make_unique<MinReplicasFunction>();
}

std::unique_ptr<framework::Function> NewParseResourceIdFunction() {
  return std::make_unique<ParseResourceIdFunction>();
}

}  // namespace azbatch::resources::functions
