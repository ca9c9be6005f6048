#include "resources/gallery/gallery_resource.h"

#include <algorithm>
#include <set>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/log.h"
#include "provider/azure/lro.h"
#include "resources/common/arm_ops.h"
#include "resources/common/values.h"

namespace azbatch::resources::gallery {

namespace fw = azbatch::framework;
using common::GetString;

namespace {

cty::Type StringSet() { return cty::Type::Set(cty::Type::String()); }

std::vector<std::string> Strings(const cty::Value& set) {
  std::vector<std::string> out;
  if (set.is_null() || !set.is_known()) return out;
  for (const cty::Value& e : set.Elements()) {
    if (e.is_known() && !e.is_null()) out.push_back(e.AsString());
  }
  return out;
}

cty::Value StringSetValue(const std::vector<std::string>& v) {
  std::vector<cty::Value> e;
  for (const std::string& s : v) e.push_back(cty::Value::String(s));
  return cty::Value::Set(cty::Type::String(), std::move(e));
}

std::optional<Sharing> SharingFromValue(const cty::Value& v) {
  if (v.is_null() || !v.is_known()) return std::nullopt;
  Sharing s;
  s.permission = GetString(v, "permission").value_or("Private");
  s.subscription_ids = Strings(v.GetAttr("subscription_ids"));
  s.tenant_ids = Strings(v.GetAttr("tenant_ids"));
  s.publisher_uri = GetString(v, "community_publisher_uri");
  s.publisher_email = GetString(v, "community_publisher_email");
  s.eula = GetString(v, "community_eula");
  s.prefix = GetString(v, "community_prefix");
  return s;
}

absl::Status Share(common::ArmAccess& arm, const azure::ResourceId& id, const nlohmann::json& body) {
  const std::string operation = common::JStr(body, "operationType").value_or("");
  log::Info("gallery", "sharing", {{"id", id.String()}, {"operation", operation}});
  absl::StatusOr<azure::ArmResponse> r = azure::PostAndWait(
      *arm.client, absl::StrCat(id.String(), "/share"), id.api_version(), body, arm.ctx);
  return common::Wrap(r.status(), absl::StrCat("sharing (", operation, ")"), id);
}

nlohmann::json Groups(const std::vector<std::string>& subs, const std::vector<std::string>& tenants) {
  nlohmann::json groups = nlohmann::json::array();
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

Model Model::FromValue(const cty::Value& v) {
  Model m;
  m.id = GetString(v, "id");
  m.name = GetString(v, "name").value_or("");
  m.resource_group_name = GetString(v, "resource_group_name").value_or("");
  m.location = GetString(v, "location").value_or("");
  m.description = GetString(v, "description");
  m.sharing = SharingFromValue(v.GetAttr("sharing"));
  m.unique_name = GetString(v, "unique_name");
  m.tags = v.GetAttr("tags");
  m.timeouts = v.GetAttr("timeouts");
  return m;
}

cty::Value Model::ToValue(const cty::Type& type) const {
  const cty::Type sharing_type = type.AttributeType("sharing");
  cty::Value sharing_value = cty::Value::Null(sharing_type);
  if (sharing) {
    sharing_value = cty::Value::ObjectOf(
        sharing_type,
        {{"permission", cty::Value::String(sharing->permission)},
         {"subscription_ids", sharing->subscription_ids.empty()
                                  ? cty::Value::Null(StringSet())
                                  : StringSetValue(sharing->subscription_ids)},
         {"tenant_ids", sharing->tenant_ids.empty() ? cty::Value::Null(StringSet())
                                                    : StringSetValue(sharing->tenant_ids)},
         {"community_publisher_uri", common::Str(sharing->publisher_uri)},
         {"community_publisher_email", common::Str(sharing->publisher_email)},
         {"community_eula", common::Str(sharing->eula)},
         {"community_prefix", common::Str(sharing->prefix)}});
  }
  return cty::Value::ObjectOf(type, {{"id", common::Str(id)},
                                     {"name", cty::Value::String(name)},
                                     {"resource_group_name", cty::Value::String(resource_group_name)},
                                     {"location", cty::Value::String(location)},
                                     {"description", common::Str(description)},
                                     {"sharing", sharing_value},
                                     {"unique_name", common::Str(unique_name)},
                                     {"tags", tags},
                                     {"timeouts", timeouts}});
}

fw::Schema GallerySchema() {
  fw::Schema s;
  s.block.description = "An Azure Compute Gallery.";
  fw::Block sharing;
  sharing.description = "How the gallery is shared. Omit for a private gallery.";
  sharing.attributes = {
      fw::Attribute::Required("permission", cty::Type::String())
          .WithDescription("`Private`, `Groups` or `Community`. Changing it forces a new gallery.")
          .WithValidators({fw::validators::StringOneOf({"Private", "Groups", "Community"})})
          .WithPlanModifiers({common::ForceNew()}),
      fw::Attribute::Optional("subscription_ids", StringSet())
          .WithDescription("Subscriptions the gallery is shared with (permission `Groups`)."),
      fw::Attribute::Optional("tenant_ids", StringSet())
          .WithDescription("Entra tenants the gallery is shared with (permission `Groups`)."),
      fw::Attribute::Optional("community_publisher_uri", cty::Type::String())
          .WithDescription("Publisher web site shown with a community gallery (permission "
                           "`Community`).")
          .WithPlanModifiers({common::ForceNew()}),
      fw::Attribute::Optional("community_publisher_email", cty::Type::String())
          .WithDescription("Publisher contact e-mail of a community gallery.")
          .WithPlanModifiers({common::ForceNew()}),
      fw::Attribute::Optional("community_eula", cty::Type::String())
          .WithDescription("End-user licence agreement (text or URI) of a community gallery.")
          .WithPlanModifiers({common::ForceNew()}),
      fw::Attribute::Optional("community_prefix", cty::Type::String())
          .WithDescription("Public name prefix of a community gallery.")
          .WithPlanModifiers({common::ForceNew()}),
  };
  s.block.attributes = {
      common::IdAttribute(),
      fw::Attribute::Required("name", cty::Type::String())
          .WithDescription("Gallery name: 1-80 letters, digits, '_' and '.', with '.' only in "
                           "the middle. Changing it forces a new resource.")
          .WithValidators({fw::validators::StringLengthBetween(1, 80),
                           fw::validators::StringMatches(
                               R"([A-Za-z0-9_]([A-Za-z0-9_.]*[A-Za-z0-9_])?)",
                               "letters, digits, '_' and '.', with '.' only in the middle "
                               "(no hyphens)")})
          .WithPlanModifiers({common::ForceNew()}),
      common::ResourceGroupNameAttribute(),
      common::LocationAttribute(),
      fw::Attribute::Optional("description", cty::Type::String())
          .WithDescription("Free-text description of the gallery; updated in place."),
      fw::Attribute::Computed("unique_name", cty::Type::String())
          .WithDescription("Unique name Azure assigned to the gallery.")
          .WithPlanModifiers({fw::plan_modifiers::UseStateForUnknown()}),
      common::TagsAttribute(),
  };
  s.block.blocks = {fw::NestedBlock::Single("sharing", sharing), fw::TimeoutsBlock()};
  return s;
}

nlohmann::json GalleryBody(const Model& m) {
  nlohmann::json props = nlohmann::json::object();
  if (m.description) props["description"] = *m.description;
  if (m.sharing) {
    nlohmann::json sp = {{"permissions", m.sharing->permission}};
    if (m.sharing->permission == "Community") {
      nlohmann::json info = nlohmann::json::object();
      if (m.sharing->publisher_uri) info["publisherUri"] = *m.sharing->publisher_uri;
      if (m.sharing->publisher_email) info["publisherContact"] = *m.sharing->publisher_email;
      if (m.sharing->eula) info["eula"] = *m.sharing->eula;
      if (m.sharing->prefix) info["publicNamePrefix"] = *m.sharing->prefix;
      sp["communityGalleryInfo"] = info;
    }
    props["sharingProfile"] = sp;
  }
  return {{"location", common::NormaliseLocation(m.location)},
          {"tags", common::TagsToJson(m.tags)},
          {"properties", props}};
}

absl::StatusOr<azure::ResourceId> GalleryResource::IdFromPlan(const std::string& subscription,
                                                              const cty::Value& plan) const {
  Model m = Model::FromValue(plan);
  return azure::ResourceId::ResourceGroup(subscription, m.resource_group_name)
      .Child(azure::ResourceType::kGallery, m.name);
}

absl::StatusOr<nlohmann::json> GalleryResource::CreateBody(const cty::Value& plan) const {
  return GalleryBody(Model::FromValue(plan));
}

absl::StatusOr<nlohmann::json> GalleryResource::UpdateBody(const cty::Value& prior,
                                                           const cty::Value& plan) const {
  nlohmann::json patch = nlohmann::json::object();
  if (prior.GetAttr("tags") != plan.GetAttr("tags")) {
    patch["tags"] = common::TagsToJson(plan.GetAttr("tags"));
  }
  if (prior.GetAttr("description") != plan.GetAttr("description")) {
    // ARM PATCH is a JSON merge patch: null removes a description that is no
    // longer configured (an empty string would stay stored in Azure).
    std::optional<std::string> d = GetString(plan, "description");
    patch["properties"]["description"] = d ? nlohmann::json(*d) : nlohmann::json(nullptr);
  }
  return patch;
}

cty::Value GalleryResource::Flatten(const azure::ResourceId& id, const nlohmann::json& remote,
                                    const cty::Value& prior) const {
  Model m = Model::FromValue(prior);
  const nlohmann::json& props = common::JObj(remote, "properties");
  m.id = id.String();
  m.name = common::JStr(remote, "name").value_or(id.name());
  m.resource_group_name =
      common::PreferPriorSpelling(GetString(prior, "resource_group_name"), id.resource_group());
  m.location = common::PreferPriorLocation(GetString(prior, "location"),
                                           common::JStr(remote, "location").value_or(""));
  m.description = common::JStr(props, "description");
  if (m.description && m.description->empty() && !GetString(prior, "description")) {
    m.description.reset();
  }
  m.unique_name = common::JStr(common::JObj(props, "identifier"), "uniqueName");
  m.tags = common::TagsFromJson(remote, prior.GetAttr("tags"));

  const nlohmann::json& sp = common::JObj(props, "sharingProfile");
  std::string permission = common::JStr(sp, "permissions").value_or("Private");
  std::optional<Sharing> prior_sharing = SharingFromValue(prior.GetAttr("sharing"));
  if (permission == "Private" && !prior_sharing) {
    m.sharing.reset();
  } else {
    Sharing s = prior_sharing.value_or(Sharing{});
    s.permission = permission;
    // Group membership is only in the body with $expand=SharingProfile/Groups;
    // when Azure returns it, it wins.
    if (auto g = sp.find("groups"); g != sp.end() && g->is_array()) {
      s.subscription_ids.clear();
      s.tenant_ids.clear();
      for (const auto& group : *g) {
        std::vector<std::string> ids;
        for (const auto& e : common::JArr(group, "ids")) {
          if (e.is_string()) ids.push_back(e.get<std::string>());
        }
        const std::string type = common::JStr(group, "type").value_or("");
        if (absl::EqualsIgnoreCase(type, "Subscriptions")) s.subscription_ids = ids;
        if (absl::EqualsIgnoreCase(type, "AADTenants")) s.tenant_ids = ids;
      }
    }
    const nlohmann::json& info = common::JObj(sp, "communityGalleryInfo");
    if (!info.empty()) {
      s.publisher_uri = common::JStr(info, "publisherUri");
      s.publisher_email = common::JStr(info, "publisherContact");
      s.eula = common::JStr(info, "eula");
      s.prefix = common::JStr(info, "publicNamePrefix");
    }
    m.sharing = s;
  }
  return m.ToValue(prior.type());
}

absl::Status GalleryResource::AfterWrite(common::ArmAccess& arm, const azure::ResourceId& id,
                                         const cty::Value& prior, const cty::Value& plan) {
  std::optional<Sharing> want = SharingFromValue(plan.GetAttr("sharing"));
  std::optional<Sharing> had = SharingFromValue(prior.GetAttr("sharing"));
  if (!want) return absl::OkStatus();
  if (want->permission == "Community" && !had) {
    return Share(arm, id, {{"operationType", "EnableCommunity"}});
  }
  if (want->permission != "Groups") return absl::OkStatus();
  Sharing before = had.value_or(Sharing{});
  std::vector<std::string> add_s = Minus(want->subscription_ids, before.subscription_ids);
  std::vector<std::string> add_t = Minus(want->tenant_ids, before.tenant_ids);
  std::vector<std::string> del_s = Minus(before.subscription_ids, want->subscription_ids);
  std::vector<std::string> del_t = Minus(before.tenant_ids, want->tenant_ids);
  if (!del_s.empty() || !del_t.empty()) {
    if (absl::Status s = Share(arm, id, {{"operationType", "Remove"}, {"groups", Groups(del_s, del_t)}});
        !s.ok()) {
      return s;
    }
  }
  if (!add_s.empty() || !add_t.empty()) {
    return Share(arm, id, {{"operationType", "Add"}, {"groups", Groups(add_s, add_t)}});
  }
  return absl::OkStatus();
}

absl::Status GalleryResource::BeforeDelete(common::ArmAccess& arm, const azure::ResourceId& id,
                                           const cty::Value& state) {
  std::optional<Sharing> s = SharingFromValue(state.GetAttr("sharing"));
  if (!s || s->permission == "Private") return absl::OkStatus();
  // Azure refuses to delete a shared gallery: reset sharing to private first.
  return Share(arm, id, {{"operationType", "Reset"}});
}

}  // namespace azbatch::resources::gallery
