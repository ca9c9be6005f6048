#include "resources/gallery/gallery_resource.h"

#include <algorithm>
#include <map>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/log.h"
#include "provider/azure/lro.h"
#include "resources/common/arm_ops.h"
#include "resources/common/values.h"

namespace azbatch::resources::gallery {

namespace fw = azbatch::framework;
using common::Attr;
using common::Conv;
using common::Field;
using common::Fixed;
using common::GetString;
using common::Local;
using common::Present;
using common::StringSet;
using common::Strings;
using nlohmann::json;

namespace {

fw::Attribute Community(const char* name, const char* description) {
  return fw::Attribute::Optional(name, cty::Type::String())
      .WithDescription(description)
      .WithPlanModifiers({common::ForceNew()});
}

std::vector<Field> BuildFields() {
  return {
      Local(common::IdAttribute()),
      Local(fw::Attribute::Required("name", cty::Type::String())
                .WithDescription("Gallery name: 1-80 letters, digits, '_' and '.', with '.' only "
                                 "in the middle. Changing it forces a new resource.")
                .WithValidators({fw::validators::StringLengthBetween(1, 80),
                                 fw::validators::StringMatches(
                                     R"([A-Za-z0-9_]([A-Za-z0-9_.]*[A-Za-z0-9_])?)",
                                     "letters, digits, '_' and '.', with '.' only in the middle "
                                     "(no hyphens)")})
                .WithPlanModifiers({common::ForceNew()})),
      Local(common::ResourceGroupNameAttribute()),
      Fixed(Attr(common::LocationAttribute(), "location", Conv::kLocation)),
      // A removed description is sent as null (a JSON merge patch; "" would stay stored).
      Attr(fw::Attribute::Optional("description", cty::Type::String())
               .WithDescription("Free-text description of the gallery; updated in place."),
           "properties.description"),
      Attr(fw::Attribute::Computed("unique_name", cty::Type::String())
               .WithDescription("Unique name Azure assigned to the gallery.")
               .WithPlanModifiers({fw::plan_modifiers::UseStateForUnknown()}),
           "properties.identifier.uniqueName"),
      Attr(common::TagsAttribute(), "tags", Conv::kTags),
      // Sharing changes go through POST .../share (AfterWrite), never PATCH.
      Fixed(common::SingleBlock(
          "sharing", "properties.sharingProfile",
          "How the gallery is shared. Omit for a private gallery.",
          {Attr(fw::Attribute::Required("permission", cty::Type::String())
                    .WithDescription(
                        "`Private`, `Groups` or `Community`. Changing it forces a new gallery.")
                    .WithValidators(
                        {fw::validators::StringOneOf({"Private", "Groups", "Community"})})
                    .WithPlanModifiers({common::ForceNew()}),
                "permissions"),
           Local(fw::Attribute::Optional("subscription_ids", StringSet())
                     .WithDescription(
                         "Subscriptions the gallery is shared with (permission `Groups`).")),
           Local(fw::Attribute::Optional("tenant_ids", StringSet())
                     .WithDescription(
                         "Entra tenants the gallery is shared with (permission `Groups`).")),
           Attr(Community("community_publisher_uri",
                          "Publisher web site shown with a community gallery (permission "
                          "`Community`)."),
                "communityGalleryInfo.publisherUri"),
           Attr(Community("community_publisher_email",
                          "Publisher contact e-mail of a community gallery."),
                "communityGalleryInfo.publisherContact"),
           Attr(Community("community_eula",
                          "End-user licence agreement (text or URI) of a community gallery."),
                "communityGalleryInfo.eula"),
           Attr(Community("community_prefix", "Public name prefix of a community gallery."),
                "communityGalleryInfo.publicNamePrefix")})),
  };
}

// Group members of a sharing block.
struct Members {
  std::vector<std::string> subscriptions, tenants;
};

// The sharing block of a state or plan; nullopt when absent.
std::optional<std::string> Permission(const cty::Value& v) {
  const cty::Value& s = v.GetAttr("sharing");
  if (!Present(s)) return std::nullopt;
  return GetString(s, "permission").value_or("Private");
}

Members MembersOf(const cty::Value& v) {
  const cty::Value& s = v.GetAttr("sharing");
  if (!Present(s)) return {};
  return {Strings(s.GetAttr("subscription_ids")), Strings(s.GetAttr("tenant_ids"))};
}

cty::Value SetOrNull(const std::vector<std::string>& ids) {
  if (ids.empty()) return cty::Value::Null(StringSet());
  std::vector<cty::Value> e;
  for (const std::string& s : ids) e.push_back(cty::Value::String(s));
  return cty::Value::Set(cty::Type::String(), std::move(e));
}

absl::Status Share(common::ArmAccess& arm, const azure::ResourceId& id, const json& body) {
  const std::string operation = common::JStr(body, "operationType").value_or("");
  log::Info("gallery", "sharing", {{"id", id.String()}, {"operation", operation}});
  absl::StatusOr<azure::ArmResponse> r = azure::PostAndWait(
      *arm.client, absl::StrCat(id.String(), "/share"), id.api_version(), body, arm.ctx);
  return common::Wrap(r.status(), absl::StrCat("sharing (", operation, ")"), id);
}

json Groups(const std::vector<std::string>& subs, const std::vector<std::string>& tenants) {
  json groups = json::array();
  if (!subs.empty()) groups.push_back({{"type", "Subscriptions"}, {"ids", subs}});
  if (!tenants.empty()) groups.push_back({{"type", "AADTenants"}, {"ids", tenants}});
  return groups;
}

std::vector<std::string> Minus(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  std::vector<std::string> out;
  for (const std::string& x : a) {
    if (std::find(b.begin(), b.end(), x) == b.end()) out.push_back(x);
  }
  return out;
}

}  // namespace

const std::vector<Field>& GalleryFields() {
  static const std::vector<Field>* const kFields = new std::vector<Field>(BuildFields());
  return *kFields;
}

fw::Schema GallerySchema() {
  return common::TableSchema("An Azure Compute Gallery.", GalleryFields());
}

absl::StatusOr<azure::ResourceId> GalleryResource::IdFromPlan(const std::string& subscription,
                                                              const cty::Value& plan) const {
  return azure::ResourceId::ResourceGroup(subscription,
                                          GetString(plan, "resource_group_name").value_or(""))
      .Child(azure::ResourceType::kGallery, GetString(plan, "name").value_or(""));
}

absl::StatusOr<json> GalleryResource::CreateBody(const cty::Value& plan) const {
  absl::StatusOr<json> body = ArmResource::CreateBody(plan);
  if (!body.ok()) return body;
  json& props = (*body)["properties"];
  if (!props.is_object()) props = json::object();
  // Publishing info goes only with (and always with) a community gallery.
  if (json* sp = props.contains("sharingProfile") ? &props["sharingProfile"] : nullptr) {
    if (Permission(plan) == "Community") {
      if (!sp->contains("communityGalleryInfo")) (*sp)["communityGalleryInfo"] = json::object();
    } else {
      sp->erase("communityGalleryInfo");
    }
  }
  return body;
}

cty::Value GalleryResource::Flatten(const azure::ResourceId& id, const json& remote,
                                    const cty::Value& prior) const {
  cty::Value v = ArmResource::Flatten(id, remote, prior);
  const json& sp = common::JObj(common::JObj(remote, "properties"), "sharingProfile");
  const std::string permission = common::JStr(sp, "permissions").value_or("Private");
  const cty::Value prior_sharing = prior.is_null() ? cty::Value() : prior.GetAttr("sharing");
  const cty::Type& type = v.type().AttributeType("sharing");
  if (permission == "Private" && !Present(prior_sharing)) {
    return v.WithAttr("sharing", cty::Value::Null(type));
  }
  // Start from the prior block; what Azure returns wins.
  cty::Value s = prior_sharing;
  if (!Present(s)) {
    std::map<std::string, cty::Value> empty;
    for (const auto& [name, t] : type.attributes()) empty[name] = cty::Value::Null(t);
    s = cty::Value::ObjectOf(type, std::move(empty));
  }
  s = s.WithAttr("permission", cty::Value::String(permission));
  // Group membership is only in the body with $expand=SharingProfile/Groups.
  if (const json* groups = common::JField(sp, "groups"); groups != nullptr && groups->is_array()) {
    Members m;
    for (const json& group : *groups) {
      std::vector<std::string> ids;
      for (const json& e : common::JArr(group, "ids")) {
        if (e.is_string()) ids.push_back(e.get<std::string>());
      }
      const std::string kind = common::JStr(group, "type").value_or("");
      if (absl::EqualsIgnoreCase(kind, "Subscriptions")) m.subscriptions = ids;
      if (absl::EqualsIgnoreCase(kind, "AADTenants")) m.tenants = ids;
    }
    s = s.WithAttr("subscription_ids", SetOrNull(m.subscriptions))
            .WithAttr("tenant_ids", SetOrNull(m.tenants));
  }
  const json& info = common::JObj(sp, "communityGalleryInfo");
  if (!info.empty()) {
    s = s.WithAttr("community_publisher_uri", common::Str(common::JStr(info, "publisherUri")))
            .WithAttr("community_publisher_email",
                      common::Str(common::JStr(info, "publisherContact")))
            .WithAttr("community_eula", common::Str(common::JStr(info, "eula")))
            .WithAttr("community_prefix", common::Str(common::JStr(info, "publicNamePrefix")));
  }
  return v.WithAttr("sharing", s);
}

absl::Status GalleryResource::AfterWrite(common::ArmAccess& arm, const azure::ResourceId& id,
                                         const cty::Value& prior, const cty::Value& plan) {
  std::optional<std::string> want = Permission(plan);
  std::optional<std::string> had = prior.is_null() ? std::nullopt : Permission(prior);
  if (!want) return absl::OkStatus();
  if (*want == "Community" && !had) return Share(arm, id, {{"operationType", "EnableCommunity"}});
  if (*want != "Groups") return absl::OkStatus();
  const Members after = MembersOf(plan);
  const Members before = prior.is_null() ? Members{} : MembersOf(prior);
  std::vector<std::string> add_s = Minus(after.subscriptions, before.subscriptions);
  std::vector<std::string> add_t = Minus(after.tenants, before.tenants);
  std::vector<std::string> del_s = Minus(before.subscriptions, after.subscriptions);
  std::vector<std::string> del_t = Minus(before.tenants, after.tenants);
  if (!del_s.empty() || !del_t.empty()) {
    absl::Status s =
        Share(arm, id, {{"operationType", "Remove"}, {"groups", Groups(del_s, del_t)}});
    if (!s.ok()) return s;
  }
  if (!add_s.empty() || !add_t.empty()) {
    return Share(arm, id, {{"operationType", "Add"}, {"groups", Groups(add_s, add_t)}});
  }
  return absl::OkStatus();
}

absl::Status GalleryResource::BeforeDelete(common::ArmAccess& arm, const azure::ResourceId& id,
                                           const cty::Value& state) {
  std::optional<std::string> permission = Permission(state);
  if (!permission || *permission == "Private") return absl::OkStatus();
  // Azure refuses to delete a shared gallery: reset sharing to private first.
  return Share(arm, id, {{"operationType", "Reset"}});
}

}  // namespace azbatch::resources::gallery
