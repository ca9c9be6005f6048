#include "resources/resource_group/resource_group_resource.h"

#include "resources/common/values.h"

namespace azbatch::resources::resource_group {

namespace fw = azbatch::framework;
using common::GetString;

Model Model::FromValue(const cty::Value& v) {
  Model m;
  m.id = GetString(v, "id");
  m.name = GetString(v, "name").value_or("");
  m.location = GetString(v, "location").value_or("");
  m.tags = v.GetAttr("tags");
  m.timeouts = v.GetAttr("timeouts");
  return m;
}

cty::Value Model::ToValue(const cty::Type& type) const {
  return cty::Value::ObjectOf(type, {{"id", common::Str(id)},
                                     {"name", cty::Value::String(name)},
                                     {"location", cty::Value::String(location)},
                                     {"tags", tags},
                                     {"timeouts", timeouts}});
}

fw::Schema ResourceGroupSchema() {
  fw::Schema s;
  s.block.description = "An Azure resource group.";
  s.block.attributes = {
      common::IdAttribute(),
      fw::Attribute::Required("name", cty::Type::String())
          .WithDescription("Name of the resource group. Changing it forces a new resource.")
          .WithValidators({fw::validators::ResourceGroupName()})
          .WithPlanModifiers({common::ForceNew()}),
      common::LocationAttribute(),
      common::TagsAttribute(),
  };
  s.block.blocks = {fw::TimeoutsBlock()};
  return s;
}

absl::StatusOr<azure::ResourceId> ResourceGroupResource::IdFromPlan(
    const std::string& subscription, const cty::Value& plan) const {
  return azure::ResourceId::ResourceGroup(subscription, Model::FromValue(plan).name);
}

absl::StatusOr<nlohmann::json> ResourceGroupResource::CreateBody(const cty::Value& plan) const {
  Model m = Model::FromValue(plan);
  return nlohmann::json{{"location", common::NormaliseLocation(m.location)},
                        {"tags", common::TagsToJson(m.tags)}};
}

absl::StatusOr<nlohmann::json> ResourceGroupResource::UpdateBody(const cty::Value& prior,
                                                                 const cty::Value& plan) const {
  nlohmann::json patch = nlohmann::json::object();
  if (prior.GetAttr("tags") != plan.GetAttr("tags")) {
    patch["tags"] = common::TagsToJson(plan.GetAttr("tags"));
  }
  return patch;
}

cty::Value ResourceGroupResource::Flatten(const azure::ResourceId& id,
                                          const nlohmann::json& remote,
                                          const cty::Value& prior) const {
  Model m = Model::FromValue(prior);
  m.id = id.String();
  m.name = common::JStr(remote, "name").value_or(id.resource_group());
  m.location = common::PreferPriorLocation(GetString(prior, "location"),
                                           common::JStr(remote, "location").value_or(""));
  m.tags = common::TagsFromJson(remote, prior.GetAttr("tags"));
  return m.ToValue(prior.type());
}

}  // namespace azbatch::resources::resource_group
