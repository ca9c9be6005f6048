#include "resources/common/identity.h"

#include <memory>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "resources/common/plan_rules.h"
#include "resources/common/values.h"

namespace azbatch::resources::common {

namespace fw = azbatch::framework;
using cty::Type;

namespace {

// On `type`: identity_ids lists identities exactly when the type is UserAssigned.
class IdentityIdsMatchType : public fw::Validator {
 public:
  // No docs text: the descriptions of type and identity_ids say it.
  std::string Description() const override { return ""; }
  void Validate(const fw::ValidatorRequest& req, fw::Diagnostics* diags) const override {
    if (!req.value.is_known() || req.value.is_null() || !Present(req.parent)) return;
    const std::string type = req.value.AsString();
    const cty::Value& ids = req.parent.GetAttr("identity_ids");
    const cty::Path path = ParentPath(req.path).Attr("identity_ids");
    if (type == "UserAssigned" && ids.is_known() && (ids.is_null() || ids.Length() == 0)) {
      diags->AddAttributeError(path, "Missing identity_ids",
                               "identity_ids must list at least one user-assigned identity when "
                               "type is \"UserAssigned\".");
    }
    if (type != "UserAssigned" && Present(ids) && ids.Length() > 0) {
      diags->AddAttributeError(path, "Unexpected identity_ids",
                               absl::StrCat("identity_ids is only valid with type "
                                            "\"UserAssigned\", not \"",
                                            type, "\"."));
    }
  }
};

}  // namespace

Field IdentityBlock(std::string description, std::string ids_description,
                    bool system_assigned) {
  std::vector<std::string> types = {"UserAssigned", "None"};
  if (system_assigned) types.insert(types.begin(), "SystemAssigned");
  std::string type_help;
  for (size_t i = 0; i < types.size(); ++i) {
    type_help += absl::StrCat(i == 0 ? "" : i + 1 == types.size() ? " or " : ", ", "`",
                              types[i], "`");
  }
  Field ids = Attr(fw::Attribute::Optional("identity_ids", StringSet())
                       .WithDescription(std::move(ids_description)),
                   "userAssignedIdentities", Conv::kIdKeys);
  ids.unset_as = cty::Value::Set(Type::String(), {});
  std::vector<Field> children = {
      Attr(fw::Attribute::Required("type", Type::String())
               .WithDescription(absl::StrCat(type_help, "."))
               .WithValidators({fw::validators::StringOneOf(types),
                                std::make_shared<IdentityIdsMatchType>()}),
           "type", Conv::kFold),
      ids};
  if (system_assigned) {
    for (const auto& [name, json, what] :
         {std::tuple{"principal_id", "principalId", "Principal id"},
          std::tuple{"tenant_id", "tenantId", "Tenant"}}) {
      children.push_back(Attr(fw::Attribute::Computed(name, Type::String())
                                  .WithDescription(absl::StrCat(what, " of the system-assigned "
                                                                      "identity."))
                                  .WithPlanModifiers({UseStateWhileSame({"type"})}),
                              json));
    }
  }
  Field f = SingleBlock("identity", "identity", std::move(description), std::move(children));
  f.unset_if = [](const cty::Value& v) {
    return absl::EqualsIgnoreCase(GetString(v, "type").value_or("None"), "None");
  };
  return InGroup(std::move(f), "identity", nlohmann::json{{"type", "None"}});
}

}  // namespace azbatch::resources::common
