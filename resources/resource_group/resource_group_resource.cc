#include "resources/resource_group/resource_group_resource.h"

#include "resources/common/arm_id_validators.h"
#include "resources/common/values.h"

namespace azbatch::resources::resource_group {

namespace fw = azbatch::framework;
using common::Attr;
using common::Conv;
using common::Field;
using common::Fixed;

const std::vector<Field>& ResourceGroupFields() {
  static const std::vector<Field>* const kFields = new std::vector<Field>{
      Attr(common::IdAttribute(), ""),
      Attr(fw::Attribute::Required("name", cty::Type::String())
               .WithDescription("Name of the resource group. Changing it forces a new resource.")
               .WithValidators({common::ResourceGroupName()})
               .WithPlanModifiers({common::ForceNew()}),
           ""),
      Fixed(Attr(common::LocationAttribute(), "location", Conv::kLocation)),
      Attr(common::TagsAttribute(), "tags", Conv::kTags),
  };
  return *kFields;
}

fw::Schema ResourceGroupSchema() {
  return common::TableSchema("An Azure resource group.", ResourceGroupFields());
}

absl::StatusOr<azure::ResourceId> ResourceGroupResource::IdFromPlan(
    const std::string& subscription, const cty::Value& plan) const {
  return azure::ResourceId::ResourceGroup(subscription,
                                          common::GetString(plan, "name").value_or(""));
}

}  // namespace azbatch::resources::resource_group
