#include "resources/image_definition/image_definition_resource.h"

#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "resources/common/arm_ops.h"
#include "resources/common/values.h"

namespace azbatch::resources::image_definition {

namespace fw = azbatch::framework;
using common::GetBool;
using common::GetInt;
using common::GetString;
using common::JObj;
using common::JStr;

namespace {

cty::Type StringSet() { return cty::Type::Set(cty::Type::String()); }

const char* const kSecurityFlags[] = {"trusted_launch_supported", "trusted_launch_enabled",
                                      "confidential_vm_supported", "confidential_vm_enabled"};

std::string SecurityType(const Model& m) {
  if (m.trusted_launch_supported) return "TrustedLaunchSupported";
  if (m.trusted_launch_enabled) return "TrustedLaunch";
  if (m.confidential_vm_supported) return "ConfidentialVmSupported";
  if (m.confidential_vm_enabled) return "ConfidentialVM";
  return "";
}

bool IsTrue(const std::string& v) { return absl::EqualsIgnoreCase(v, "true"); }

fw::Attribute ForceNewBool(const char* name, const char* description) {
  return fw::Attribute::Optional(name, cty::Type::Bool())
      .WithDescription(description)
      .WithDefault(cty::Value::Bool(false))
      .WithPlanModifiers({common::ForceNew()});
}

fw::Attribute ForceNewString(const char* name, const char* description) {
  return fw::Attribute::Optional(name, cty::Type::String())
      .WithDescription(description)
      .WithPlanModifiers({common::ForceNew()});
}

nlohmann::json Recommended(const Model& m) {
  nlohmann::json r = nlohmann::json::object();
  auto range = [](std::optional<int64_t> lo, std::optional<int64_t> hi) {
    nlohmann::json j = nlohmann::json::object();
    if (lo) j["min"] = *lo;
    if (hi) j["max"] = *hi;
    return j;
  };
  if (m.min_vcpu || m.max_vcpu) r["vCPUs"] = range(m.min_vcpu, m.max_vcpu);
  if (m.min_memory || m.max_memory) r["memory"] = range(m.min_memory, m.max_memory);
  return r;
}

// The recommended ranges as a merge patch from `before` to `after`: every value
// still set is sent (so a PATCH that replaces the object also works), values
// that were set and are gone are sent as null, and an empty range or block
// becomes null.
nlohmann::json RecommendedPatch(const Model& before, const Model& after) {
  auto range = [](std::optional<int64_t> lo0, std::optional<int64_t> hi0,
                  std::optional<int64_t> lo, std::optional<int64_t> hi) -> nlohmann::json {
    if (!lo && !hi) return nullptr;
    nlohmann::json j = nlohmann::json::object();
    if (lo || lo0) j["min"] = lo ? nlohmann::json(*lo) : nlohmann::json(nullptr);
    if (hi || hi0) j["max"] = hi ? nlohmann::json(*hi) : nlohmann::json(nullptr);
    return j;
  };
  if (!after.min_vcpu && !after.max_vcpu && !after.min_memory && !after.max_memory) return nullptr;
  nlohmann::json r = nlohmann::json::object();
  if (after.min_vcpu || after.max_vcpu || before.min_vcpu || before.max_vcpu) {
    r["vCPUs"] = range(before.min_vcpu, before.max_vcpu, after.min_vcpu, after.max_vcpu);
  }
  if (after.min_memory || after.max_memory || before.min_memory || before.max_memory) {
    r["memory"] = range(before.min_memory, before.max_memory, after.min_memory, after.max_memory);
  }
  return r;
}

}  // namespace

Model Model::FromValue(const cty::Value& v) {
  Model m;
  m.id = GetString(v, "id");
  m.name = GetString(v, "name").value_or("");
  m.gallery_id = GetString(v, "gallery_id").value_or("");
  m.location = GetString(v, "location").value_or("");
  m.os_type = GetString(v, "os_type").value_or("");
  m.os_state = GetString(v, "os_state").value_or("Generalized");
  const cty::Value& ident = v.GetAttr("identifier");
  m.publisher = GetString(ident, "publisher").value_or("");
  m.offer = GetString(ident, "offer").value_or("");
  m.sku = GetString(ident, "sku").value_or("");
  m.hyper_v_generation = GetString(v, "hyper_v_generation").value_or("V1");
  m.architecture = GetString(v, "architecture").value_or("x64");
  m.trusted_launch_supported = GetBool(v, "trusted_launch_supported").value_or(false);
  m.trusted_launch_enabled = GetBool(v, "trusted_launch_enabled").value_or(false);
  m.confidential_vm_supported = GetBool(v, "confidential_vm_supported").value_or(false);
  m.confidential_vm_enabled = GetBool(v, "confidential_vm_enabled").value_or(false);
  m.accelerated_network_support_enabled =
      GetBool(v, "accelerated_network_support_enabled").value_or(false);
  m.hibernation_enabled = GetBool(v, "hibernation_enabled").value_or(false);
  m.disk_controller_type_nvme_enabled = GetBool(v, "disk_controller_type_nvme_enabled").value_or(false);
  m.min_vcpu = GetInt(v, "min_recommended_vcpu_count");
  m.max_vcpu = GetInt(v, "max_recommended_vcpu_count");
  m.min_memory = GetInt(v, "min_recommended_memory_in_gb");
  m.max_memory = GetInt(v, "max_recommended_memory_in_gb");
  m.disk_types_prior = v.GetAttr("disk_types_not_allowed");
  for (const cty::Value& e : common::GetList(v, "disk_types_not_allowed")) {
    if (e.is_known() && !e.is_null()) m.disk_types_not_allowed.push_back(e.AsString());
  }
  m.eula = GetString(v, "eula");
  m.privacy_statement_uri = GetString(v, "privacy_statement_uri");
  m.release_note_uri = GetString(v, "release_note_uri");
  const cty::Value& plan = v.GetAttr("purchase_plan");
  m.plan_name = GetString(plan, "name");
  m.plan_publisher = GetString(plan, "publisher");
  m.plan_product = GetString(plan, "product");
  m.end_of_life_date = GetString(v, "end_of_life_date");
  m.description = GetString(v, "description");
  m.tags = v.GetAttr("tags");
  m.timeouts = v.GetAttr("timeouts");
  return m;
}

cty::Value Model::ToValue(const cty::Type& type) const {
  cty::Value disk_types = cty::Value::Null(StringSet());
  if (!disk_types_not_allowed.empty() || (!disk_types_prior.is_null() && disk_types_prior.is_known())) {
    std::vector<cty::Value> e;
    for (const std::string& s : disk_types_not_allowed) e.push_back(cty::Value::String(s));
    disk_types = cty::Value::Set(cty::Type::String(), std::move(e));
  }
  cty::Value plan = cty::Value::Null(type.AttributeType("purchase_plan"));
  if (plan_name || plan_publisher || plan_product) {
    plan = cty::Value::ObjectOf(type.AttributeType("purchase_plan"),
                                {{"name", common::Str(plan_name)},
                                 {"publisher", common::Str(plan_publisher)},
                                 {"product", common::Str(plan_product)}});
  }
  return cty::Value::ObjectOf(
      type,
      {{"id", common::Str(id)},
       {"name", cty::Value::String(name)},
       {"gallery_id", cty::Value::String(gallery_id)},
       {"location", cty::Value::String(location)},
       {"os_type", cty::Value::String(os_type)},
       {"os_state", cty::Value::String(os_state)},
       {"identifier", cty::Value::ObjectOf(type.AttributeType("identifier"),
                                           {{"publisher", cty::Value::String(publisher)},
                                            {"offer", cty::Value::String(offer)},
                                            {"sku", cty::Value::String(sku)}})},
       {"hyper_v_generation", cty::Value::String(hyper_v_generation)},
       {"architecture", cty::Value::String(architecture)},
       {"trusted_launch_supported", cty::Value::Bool(trusted_launch_supported)},
       {"trusted_launch_enabled", cty::Value::Bool(trusted_launch_enabled)},
       {"confidential_vm_supported", cty::Value::Bool(confidential_vm_supported)},
       {"confidential_vm_enabled", cty::Value::Bool(confidential_vm_enabled)},
       {"accelerated_network_support_enabled", cty::Value::Bool(accelerated_network_support_enabled)},
       {"hibernation_enabled", cty::Value::Bool(hibernation_enabled)},
       {"disk_controller_type_nvme_enabled", cty::Value::Bool(disk_controller_type_nvme_enabled)},
       {"min_recommended_vcpu_count", common::Int(min_vcpu)},
       {"max_recommended_vcpu_count", common::Int(max_vcpu)},
       {"min_recommended_memory_in_gb", common::Int(min_memory)},
       {"max_recommended_memory_in_gb", common::Int(max_memory)},
       {"disk_types_not_allowed", disk_types},
       {"eula", common::Str(eula)},
       {"privacy_statement_uri", common::Str(privacy_statement_uri)},
       {"release_note_uri", common::Str(release_note_uri)},
       {"purchase_plan", plan},
       {"end_of_life_date", common::Str(end_of_life_date)},
       {"description", common::Str(description)},
       {"tags", tags},
       {"timeouts", timeouts}});
}

nlohmann::json Model::ToArm() const {
  nlohmann::json p = {{"osType", os_type},
                      {"osState", os_state},
                      {"identifier", {{"publisher", publisher}, {"offer", offer}, {"sku", sku}}},
                      {"hyperVGeneration", hyper_v_generation},
                      {"architecture", architecture}};
  nlohmann::json features = nlohmann::json::array();
  if (std::string st = SecurityType(*this); !st.empty()) {
    features.push_back({{"name", "SecurityType"}, {"value", st}});
  }
  if (accelerated_network_support_enabled) {
    features.push_back({{"name", "IsAcceleratedNetworkSupported"}, {"value", "true"}});
  }
  if (hibernation_enabled) features.push_back({{"name", "IsHibernateSupported"}, {"value", "true"}});
  if (disk_controller_type_nvme_enabled) {
    features.push_back({{"name", "DiskControllerTypes"}, {"value", "SCSI, NVMe"}});
  }
  if (!features.empty()) p["features"] = features;
  if (nlohmann::json r = Recommended(*this); !r.empty()) p["recommended"] = r;
  if (!disk_types_not_allowed.empty()) p["disallowed"] = {{"diskTypes", disk_types_not_allowed}};
  if (eula) p["eula"] = *eula;
  if (privacy_statement_uri) p["privacyStatementUri"] = *privacy_statement_uri;
  if (release_note_uri) p["releaseNoteUri"] = *release_note_uri;
  if (plan_name || plan_publisher || plan_product) {
    p["purchasePlan"] = {{"name", plan_name.value_or("")},
                         {"publisher", plan_publisher.value_or("")},
                         {"product", plan_product.value_or("")}};
  }
  if (end_of_life_date) p["endOfLifeDate"] = *end_of_life_date;
  if (description) p["description"] = *description;
  return {{"location", common::NormaliseLocation(location)},
          {"tags", common::TagsToJson(tags)},
          {"properties", p}};
}

void Model::MergeArm(const nlohmann::json& remote) {
  const nlohmann::json& p = JObj(remote, "properties");
  os_type = JStr(p, "osType").value_or(os_type);
  os_state = JStr(p, "osState").value_or(os_state);
  const nlohmann::json& ident = JObj(p, "identifier");
  publisher = JStr(ident, "publisher").value_or("");
  offer = JStr(ident, "offer").value_or("");
  sku = JStr(ident, "sku").value_or("");
  hyper_v_generation = JStr(p, "hyperVGeneration").value_or("V1");
  architecture = JStr(p, "architecture").value_or("x64");
  trusted_launch_supported = trusted_launch_enabled = false;
  confidential_vm_supported = confidential_vm_enabled = false;
  accelerated_network_support_enabled = hibernation_enabled = false;
  disk_controller_type_nvme_enabled = false;
  if (auto f = p.find("features"); f != p.end() && f->is_array()) {
    for (const auto& feature : *f) {
      std::string n = JStr(feature, "name").value_or(""), v = JStr(feature, "value").value_or("");
      if (absl::EqualsIgnoreCase(n, "SecurityType")) {
        trusted_launch_supported = absl::EqualsIgnoreCase(v, "TrustedLaunchSupported");
        trusted_launch_enabled = absl::EqualsIgnoreCase(v, "TrustedLaunch");
        confidential_vm_supported = absl::EqualsIgnoreCase(v, "ConfidentialVmSupported");
        confidential_vm_enabled = absl::EqualsIgnoreCase(v, "ConfidentialVM");
      } else if (absl::EqualsIgnoreCase(n, "IsAcceleratedNetworkSupported")) {
        accelerated_network_support_enabled = IsTrue(v);
      } else if (absl::EqualsIgnoreCase(n, "IsHibernateSupported")) {
        hibernation_enabled = IsTrue(v);
      } else if (absl::EqualsIgnoreCase(n, "DiskControllerTypes")) {
        disk_controller_type_nvme_enabled = absl::StrContains(absl::AsciiStrToLower(v), "nvme");
      }
    }
  }
  const nlohmann::json& rec = JObj(p, "recommended");
  min_vcpu = common::JInt(JObj(rec, "vCPUs"), "min");
  max_vcpu = common::JInt(JObj(rec, "vCPUs"), "max");
  min_memory = common::JInt(JObj(rec, "memory"), "min");
  max_memory = common::JInt(JObj(rec, "memory"), "max");
  disk_types_not_allowed.clear();
  const nlohmann::json& dis = JObj(p, "disallowed");
  if (auto d = dis.find("diskTypes"); d != dis.end() && d->is_array()) {
    for (const auto& t : *d) {
      if (t.is_string()) disk_types_not_allowed.push_back(t.get<std::string>());
    }
  }
  eula = JStr(p, "eula");
  privacy_statement_uri = JStr(p, "privacyStatementUri");
  release_note_uri = JStr(p, "releaseNoteUri");
  const nlohmann::json& pp = JObj(p, "purchasePlan");
  plan_name = JStr(pp, "name");
  plan_publisher = JStr(pp, "publisher");
  plan_product = JStr(pp, "product");
  end_of_life_date = common::PreferPriorDate(end_of_life_date, JStr(p, "endOfLifeDate"));
  description = JStr(p, "description");
  location = common::PreferPriorLocation(location, JStr(remote, "location").value_or(""));
}

fw::Schema ImageDefinitionSchema() {
  namespace v = fw::validators;
  const std::string ident_re = R"([A-Za-z0-9._-]*[A-Za-z0-9_-])";
  const std::string ident_msg = "letters, digits, '.', '-' and '_', not ending with '.'";
  fw::Schema s;
  s.block.description = "A gallery image definition: the identity and features of an image.";
  s.block.attributes = {
      common::IdAttribute(),
      fw::Attribute::Required("name", cty::Type::String())
          .WithDescription("1-80 letters, digits, '.', '-' and '_'; '.' and '-' only in the middle.")
          .WithValidators({v::StringLengthBetween(1, 80),
                           v::StringMatches(R"([A-Za-z0-9_]([A-Za-z0-9._-]*[A-Za-z0-9_])?)",
                                            "letters, digits, '.', '-' and '_', with '.' and '-' "
                                            "only in the middle")})
          .WithPlanModifiers({common::ForceNew()}),
      fw::Attribute::Required("gallery_id", cty::Type::String())
          .WithDescription("ARM id of the gallery.")
          .WithValidators({v::ArmResourceId("Microsoft.Compute/galleries")})
          .WithPlanModifiers({common::ForceNew()}),
      common::LocationAttribute(),
      fw::Attribute::Required("os_type", cty::Type::String())
          .WithDescription("OS of the images: `Linux` or `Windows`. Batch pools need a matching "
                           "`node_agent_sku_id`.")
          .WithValidators({v::StringOneOf({"Linux", "Windows"})})
          .WithPlanModifiers({common::ForceNew()}),
      fw::Attribute::Optional("os_state", cty::Type::String())
          .WithDescription("`Generalized` (default; the only state Batch accepts) or `Specialized`.")
          .WithDefault(cty::Value::String("Generalized"))
          .WithValidators({v::StringOneOf({"Generalized", "Specialized"})})
          .WithPlanModifiers({common::ForceNew()}),
      fw::Attribute::Nested("identifier", fw::NestingMode::kSingle,
                            {fw::Attribute::Required("publisher", cty::Type::String())
                                 .WithDescription("Publisher name, up to 128 characters.")
                                 .WithValidators({v::StringLengthBetween(1, 128),
                                                  v::StringMatches(ident_re, ident_msg)}),
                             fw::Attribute::Required("offer", cty::Type::String())
                                 .WithDescription("Offer name, up to 64 characters.")
                                 .WithValidators({v::StringLengthBetween(1, 64),
                                                  v::StringMatches(ident_re, ident_msg)}),
                             fw::Attribute::Required("sku", cty::Type::String())
                                 .WithDescription("SKU name, up to 64 characters.")
                                 .WithValidators({v::StringLengthBetween(1, 64),
                                                  v::StringMatches(ident_re, ident_msg)})})
          .AsRequired()
          .WithDescription("Publisher, offer and SKU. Changing any forces a new resource.")
          .WithPlanModifiers({common::ForceNew()}),
      fw::Attribute::Optional("hyper_v_generation", cty::Type::String())
          .WithDescription("VM generation of the images: `V1` (BIOS) or `V2` (UEFI, needed for "
                           "trusted launch).")
          .WithDefault(cty::Value::String("V1"))
          .WithValidators({v::StringOneOf({"V1", "V2"})})
          .WithPlanModifiers({common::ForceNew()}),
      fw::Attribute::Optional("architecture", cty::Type::String())
          .WithDescription("CPU architecture of the images; it must fit the pool's VM size.")
          .WithDefault(cty::Value::String("x64"))
          .WithValidators({v::StringOneOf({"x64", "Arm64"})})
          .WithPlanModifiers({common::ForceNew()}),
      ForceNewBool("trusted_launch_supported", "Security type TrustedLaunchSupported."),
      ForceNewBool("trusted_launch_enabled", "Security type TrustedLaunch."),
      ForceNewBool("confidential_vm_supported", "Security type ConfidentialVmSupported."),
      ForceNewBool("confidential_vm_enabled", "Security type ConfidentialVM."),
      ForceNewBool("accelerated_network_support_enabled", "Feature IsAcceleratedNetworkSupported."),
      ForceNewBool("hibernation_enabled", "Feature IsHibernateSupported."),
      ForceNewBool("disk_controller_type_nvme_enabled",
                   "Feature DiskControllerTypes = \"SCSI, NVMe\" (needed by v6 VM sizes)."),
      fw::Attribute::Optional("min_recommended_vcpu_count", cty::Type::Number())
          .WithDescription("Fewest vCPUs recommended for VMs from the images (informational).")
          .WithValidators({v::IntBetween(1, 80)}),
      fw::Attribute::Optional("max_recommended_vcpu_count", cty::Type::Number())
          .WithDescription("Most vCPUs recommended for VMs from the images (informational).")
          .WithValidators({v::IntBetween(1, 80)}),
      fw::Attribute::Optional("min_recommended_memory_in_gb", cty::Type::Number())
          .WithDescription("Least memory in GB recommended (informational).")
          .WithValidators({v::IntBetween(1, 640)}),
      fw::Attribute::Optional("max_recommended_memory_in_gb", cty::Type::Number())
          .WithDescription("Most memory in GB recommended (informational).")
          .WithValidators({v::IntBetween(1, 640)}),
      fw::Attribute::Optional("disk_types_not_allowed", StringSet())
          .WithDescription("Disk types VMs from this image may not use: Standard_LRS, Premium_LRS."),
      ForceNewString("eula", "End-user licence agreement."),
      ForceNewString("privacy_statement_uri", "Privacy statement URI."),
      fw::Attribute::Optional("release_note_uri", cty::Type::String())
          .WithDescription("URI of the release notes; updated in place."),
      fw::Attribute::Nested("purchase_plan", fw::NestingMode::kSingle,
                            {fw::Attribute::Required("name", cty::Type::String())
                                 .WithDescription("Plan name."),
                             fw::Attribute::Optional("publisher", cty::Type::String())
                                 .WithDescription("Plan publisher."),
                             fw::Attribute::Optional("product", cty::Type::String())
                                 .WithDescription("Plan product (the Marketplace offer).")})
          .AsOptional()
          .WithDescription("Marketplace purchase plan that VMs from the images must carry, for "
                           "images derived from a paid Marketplace image.")
          .WithPlanModifiers({common::ForceNew()}),
      fw::Attribute::Optional("end_of_life_date", cty::Type::String())
          .WithDescription("RFC 3339 date-time; informational only.")
          .WithValidators({common::Rfc3339Date()}),
      fw::Attribute::Optional("description", cty::Type::String())
          .WithDescription("Free-text description; updated in place."),
      common::TagsAttribute(),
  };
  s.block.blocks = {fw::TimeoutsBlock()};
  return s;
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
    const std::string& subscription, const cty::Value& plan) const {
  Model m = Model::FromValue(plan);
  absl::StatusOr<azure::ResourceId> gallery =
      common::ParseId(m.gallery_id, azure::ResourceType::kGallery);
  if (!gallery.ok()) return gallery.status();
  return gallery->Child(azure::ResourceType::kGalleryImage, m.name);
}

absl::StatusOr<nlohmann::json> ImageDefinitionResource::CreateBody(const cty::Value& plan) const {
  return Model::FromValue(plan).ToArm();
}

absl::StatusOr<nlohmann::json> ImageDefinitionResource::UpdateBody(const cty::Value& prior,
                                                                   const cty::Value& plan) const {
  Model before = Model::FromValue(prior), after = Model::FromValue(plan);
  nlohmann::json patch = nlohmann::json::object();
  nlohmann::json props = nlohmann::json::object();
  auto changed = [&](const char* a) { return prior.GetAttr(a) != plan.GetAttr(a); };
  // ARM PATCH is a JSON merge patch: a removed value is sent as null so Azure
  // forgets it (an empty string would be stored and read back as drift).
  auto str_or_null = [](const std::optional<std::string>& s) {
    return s ? nlohmann::json(*s) : nlohmann::json(nullptr);
  };
  if (changed("tags")) patch["tags"] = common::TagsToJson(after.tags);
  if (changed("description")) props["description"] = str_or_null(after.description);
  if (changed("release_note_uri")) props["releaseNoteUri"] = str_or_null(after.release_note_uri);
  if (changed("end_of_life_date")) props["endOfLifeDate"] = str_or_null(after.end_of_life_date);
  if (changed("min_recommended_vcpu_count") || changed("max_recommended_vcpu_count") ||
      changed("min_recommended_memory_in_gb") || changed("max_recommended_memory_in_gb")) {
    props["recommended"] = RecommendedPatch(before, after);
  }
  if (changed("disk_types_not_allowed")) {
    props["disallowed"] = after.disk_types_not_allowed.empty()
                              ? nlohmann::json(nullptr)
                              : nlohmann::json{{"diskTypes", after.disk_types_not_allowed}};
  }
  if (!props.empty()) patch["properties"] = props;
  return patch;
}

cty::Value ImageDefinitionResource::Flatten(const azure::ResourceId& id,
                                            const nlohmann::json& remote,
                                            const cty::Value& prior) const {
  Model m = Model::FromValue(prior);
  m.id = id.String();
  m.name = JStr(remote, "name").value_or(id.name());
  absl::StatusOr<azure::ResourceId> gallery = id.Parent();
  m.gallery_id = common::PreferPriorSpelling(m.gallery_id, gallery.ok() ? gallery->String() : "");
  m.MergeArm(remote);
  m.tags = common::TagsFromJson(remote, prior.GetAttr("tags"));
  return m.ToValue(prior.type());
}

}  // namespace azbatch::resources::image_definition
