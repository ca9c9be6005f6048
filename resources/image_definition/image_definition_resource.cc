#include "resources/image_definition/image_definition_resource.h"

#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "resources/common/arm_id_validators.h"
#include "resources/common/arm_ops.h"
#include "resources/common/values.h"

namespace azbatch::resources::image_definition {

namespace fw = azbatch::framework;
namespace v = azbatch::framework::validators;
using common::Attr;
using common::Conv;
using common::Field;
using common::Fixed;
using common::GetBool;
using common::GetInt;
using common::GetString;
using common::InGroup;
using common::JStr;
using common::Local;
using cty::Type;
using nlohmann::json;

namespace {

const char* const kSecurityFlags[] = {"trusted_launch_supported", "trusted_launch_enabled",
                                      "confidential_vm_supported", "confidential_vm_enabled"};

// The boolean attributes carried in properties.features ([{name, value}]):
// attribute, feature name, feature value when true.
struct Feature {
  const char* attribute;
  const char* name;
  const char* value;
};
constexpr Feature kFeatures[] = {
    {"trusted_launch_supported", "SecurityType", "TrustedLaunchSupported"},
    {"trusted_launch_enabled", "SecurityType", "TrustedLaunch"},
    {"confidential_vm_supported", "SecurityType", "ConfidentialVmSupported"},
    {"confidential_vm_enabled", "SecurityType", "ConfidentialVM"},
    {"accelerated_network_support_enabled", "IsAcceleratedNetworkSupported", "true"},
    {"hibernation_enabled", "IsHibernateSupported", "true"},
    {"disk_controller_type_nvme_enabled", "DiskControllerTypes", "SCSI, NVMe"},
};

bool FeatureOn(const Feature& f, const std::string& value) {
  if (absl::EqualsIgnoreCase(f.name, "DiskControllerTypes")) {
    return absl::StrContains(absl::AsciiStrToLower(value), "nvme");
  }
  return absl::EqualsIgnoreCase(value, f.value);
}

// Immutable: a change replaces the definition.
Field Fx(fw::Attribute a, std::string json, Conv conv = Conv::kPlain) {
  return Fixed(Attr(a.WithPlanModifiers({common::ForceNew()}), std::move(json), conv));
}

fw::Attribute OptBool(const char* name, const char* description) {
  return fw::Attribute::Optional(name, Type::Bool())
      .WithDescription(description)
      .WithDefault(cty::Value::Bool(false));
}

Field Recommended(const char* name, const char* json, const char* description, int64_t max) {
  return InGroup(Attr(fw::Attribute::Optional(name, Type::Number())
                          .WithDescription(description)
                          .WithValidators({v::IntBetween(1, max)}),
                      absl::StrCat("properties.recommended.", json)),
                 "properties.recommended");
}

std::vector<Field> BuildFields() {
  const std::string ident_re = R"([A-Za-z0-9._-]*[A-Za-z0-9_-])";
  const std::string ident_msg = "letters, digits, '.', '-' and '_', not ending with '.'";
  auto ident = [&](const char* name, const char* description, int64_t max) {
    return Attr(fw::Attribute::Required(name, Type::String())
                    .WithDescription(description)
                    .WithValidators({v::StringLengthBetween(1, max),
                                     v::StringMatches(ident_re, ident_msg)}),
                name);
  };
  std::vector<Field> fields = {
      Local(common::IdAttribute()),
      Local(fw::Attribute::Required("name", Type::String())
                .WithDescription(
                    "1-80 letters, digits, '.', '-' and '_'; '.' and '-' only in the middle.")
                .WithValidators({v::StringLengthBetween(1, 80),
                                 v::StringMatches(R"([A-Za-z0-9_]([A-Za-z0-9._-]*[A-Za-z0-9_])?)",
                                                  "letters, digits, '.', '-' and '_', with '.' "
                                                  "and '-' only in the middle")})
                .WithPlanModifiers({common::ForceNew()})),
      Local(fw::Attribute::Required("gallery_id", Type::String())
                .WithDescription("ARM id of the gallery.")
                .WithValidators({common::ArmResourceId("Microsoft.Compute/galleries")})
                .WithPlanModifiers({common::ForceNew()})),
      Fixed(Attr(common::LocationAttribute(), "location", Conv::kLocation)),
      Fx(fw::Attribute::Required("os_type", Type::String())
             .WithDescription("OS of the images: `Linux` or `Windows`. Batch pools need a "
                              "matching `node_agent_sku_id`.")
             .WithValidators({v::StringOneOf({"Linux", "Windows"})}),
         "properties.osType"),
      Fx(fw::Attribute::Optional("os_state", Type::String())
             .WithDescription(
                 "`Generalized` (default; the only state Batch accepts) or `Specialized`.")
             .WithDefault(cty::Value::String("Generalized"))
             .WithValidators({v::StringOneOf({"Generalized", "Specialized"})}),
         "properties.osState"),
      Fixed(common::NestedAttr(
          fw::Attribute::Required("identifier", Type::String())
              .WithDescription("Publisher, offer and SKU. Changing any forces a new resource.")
              .WithPlanModifiers({common::ForceNew()}),
          "properties.identifier", fw::NestingMode::kSingle,
          {ident("publisher", "Publisher name, up to 128 characters.", 128),
           ident("offer", "Offer name, up to 64 characters.", 64),
           ident("sku", "SKU name, up to 64 characters.", 64)})),
      Fx(fw::Attribute::Optional("hyper_v_generation", Type::String())
             .WithDescription("VM generation of the images: `V1` (BIOS) or `V2` (UEFI, needed "
                              "for trusted launch).")
             .WithDefault(cty::Value::String("V1"))
             .WithValidators({v::StringOneOf({"V1", "V2"})}),
         "properties.hyperVGeneration"),
      Fx(fw::Attribute::Optional("architecture", Type::String())
             .WithDescription("CPU architecture of the images; it must fit the pool's VM size.")
             .WithDefault(cty::Value::String("x64"))
             .WithValidators({v::StringOneOf({"x64", "Arm64"})}),
         "properties.architecture"),
  };
  // The features: local to the table, mapped by CreateBody and Flatten.
  for (const Feature& f : kFeatures) {
    std::string description =
        absl::StartsWith(f.attribute, "disk_controller")
            ? "Feature DiskControllerTypes = \"SCSI, NVMe\" (needed by v6 VM sizes)."
        : absl::EqualsIgnoreCase(f.name, "SecurityType")
            ? absl::StrCat("Security type ", f.value, ".")
            : absl::StrCat("Feature ", f.name, ".");
    fields.push_back(Fixed(Local(OptBool(f.attribute, description.c_str())
                                     .WithPlanModifiers({common::ForceNew()}))));
  }
  std::vector<Field> rest = {
      Recommended("min_recommended_vcpu_count", "vCPUs.min",
                  "Fewest vCPUs recommended for VMs from the images (informational).", 80),
      Recommended("max_recommended_vcpu_count", "vCPUs.max",
                  "Most vCPUs recommended for VMs from the images (informational).", 80),
      Recommended("min_recommended_memory_in_gb", "memory.min",
                  "Least memory in GB recommended (informational).", 640),
      Recommended("max_recommended_memory_in_gb", "memory.max",
                  "Most memory in GB recommended (informational).", 640),
      InGroup(Attr(fw::Attribute::Optional("disk_types_not_allowed", common::StringSet())
                       .WithDescription("Disk types VMs from this image may not use: "
                                        "Standard_LRS, Premium_LRS."),
                   "properties.disallowed.diskTypes"),
              "properties.disallowed"),
      Fx(fw::Attribute::Optional("eula", Type::String())
             .WithDescription("End-user licence agreement."),
         "properties.eula"),
      Fx(fw::Attribute::Optional("privacy_statement_uri", Type::String())
             .WithDescription("Privacy statement URI."),
         "properties.privacyStatementUri"),
      Attr(fw::Attribute::Optional("release_note_uri", Type::String())
               .WithDescription("URI of the release notes; updated in place."),
           "properties.releaseNoteUri"),
      Fixed(common::NestedAttr(
          fw::Attribute::Optional("purchase_plan", Type::String())
              .WithDescription("Marketplace purchase plan that VMs from the images must carry, "
                               "for images derived from a paid Marketplace image.")
              .WithPlanModifiers({common::ForceNew()}),
          "properties.purchasePlan", fw::NestingMode::kSingle,
          {Attr(fw::Attribute::Required("name", Type::String()).WithDescription("Plan name."),
                "name"),
           Attr(fw::Attribute::Optional("publisher", Type::String())
                    .WithDescription("Plan publisher."),
                "publisher"),
           Attr(fw::Attribute::Optional("product", Type::String())
                    .WithDescription("Plan product (the Marketplace offer)."),
                "product")})),
      Attr(fw::Attribute::Optional("end_of_life_date", Type::String())
               .WithDescription("RFC 3339 date-time; informational only.")
               .WithValidators({common::Rfc3339Date()}),
           "properties.endOfLifeDate", Conv::kDate),
      Attr(fw::Attribute::Optional("description", Type::String())
               .WithDescription("Free-text description; updated in place."),
           "properties.description"),
      Attr(common::TagsAttribute(), "tags", Conv::kTags),
  };
  for (Field& f : rest) fields.push_back(std::move(f));
  return fields;
}

}  // namespace

const std::vector<Field>& ImageDefinitionFields() {
  static const std::vector<Field>* const kFields = new std::vector<Field>(BuildFields());
  return *kFields;
}

fw::Schema ImageDefinitionSchema() {
  return common::TableSchema("A gallery image definition: the identity and features of an image.",
                             ImageDefinitionFields());
}

void ImageDefinitionResource::ValidateConfig(const fw::Context&, const fw::ValidateConfigRequest& req,
                                             fw::ValidateConfigResponse* resp) {
  std::vector<std::string> set;
  for (const char* f : kSecurityFlags) {
    if (GetBool(req.config, f).value_or(false)) set.push_back(f);
  }
  if (set.size() > 1) {
    resp->diagnostics.AddAttributeError(
        cty::Path::Root().Attr(set[1]), "Conflicting security types",
        absl::StrCat("only one of trusted_launch_supported, trusted_launch_enabled, "
                     "confidential_vm_supported and confidential_vm_enabled may be true; ",
                     set[0], " is already true"));
  }
  for (auto [lo, hi] : {std::pair<const char*, const char*>{"min_recommended_vcpu_count",
                                                           "max_recommended_vcpu_count"},
                        {"min_recommended_memory_in_gb", "max_recommended_memory_in_gb"}}) {
    auto a = GetInt(req.config, lo), b = GetInt(req.config, hi);
    if (a && b && *a > *b) {
      resp->diagnostics.AddAttributeError(cty::Path::Root().Attr(lo), "Invalid range",
                                          absl::StrCat(lo, " (", *a, ") must not exceed ", hi,
                                                       " (", *b, ")"));
    }
  }
  for (const cty::Value& e : common::GetList(req.config, "disk_types_not_allowed")) {
    if (e.is_known() && !e.is_null() && e.AsString() != "Standard_LRS" &&
        e.AsString() != "Premium_LRS") {
      resp->diagnostics.AddAttributeError(
          cty::Path::Root().Attr("disk_types_not_allowed"), "Invalid disk type",
          absl::StrCat("value must be one of \"Standard_LRS\", \"Premium_LRS\", got \"",
                       e.AsString(), "\""));
    }
  }
}

absl::StatusOr<azure::ResourceId> ImageDefinitionResource::IdFromPlan(
    const std::string&, const cty::Value& plan) const {
  return common::ChildIdFromPlan(plan, "gallery_id", azure::ResourceType::kGallery,
                                 azure::ResourceType::kGalleryImage);
}

absl::StatusOr<json> ImageDefinitionResource::CreateBody(const cty::Value& plan) const {
  absl::StatusOr<json> body = ArmResource::CreateBody(plan);
  if (!body.ok()) return body;
  json features = json::array();
  for (const Feature& f : kFeatures) {
    if (GetBool(plan, f.attribute).value_or(false)) {
      features.push_back({{"name", f.name}, {"value", f.value}});
    }
  }
  if (!features.empty()) (*body)["properties"]["features"] = std::move(features);
  return body;
}

cty::Value ImageDefinitionResource::Flatten(const azure::ResourceId& id, const json& remote,
                                            const cty::Value& prior) const {
  cty::Value v = ArmResource::Flatten(id, remote, prior);
  for (const Feature& f : kFeatures) {
    bool on = false;
    for (const json& feature : common::JArr(common::JObj(remote, "properties"), "features")) {
      if (absl::EqualsIgnoreCase(JStr(feature, "name").value_or(""), f.name)) {
        on = FeatureOn(f, JStr(feature, "value").value_or(""));
      }
    }
    v = v.WithAttr(f.attribute, cty::Value::Bool(on));
  }
  return v;
}

}  // namespace azbatch::resources::image_definition
