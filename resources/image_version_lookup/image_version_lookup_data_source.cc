#include "resources/image_version_lookup/image_version_lookup_data_source.h"

#include <array>
#include <utility>

#include "absl/strings/str_cat.h"
#include "resources/common/arm_id_validators.h"
#include "resources/common/arm_ops.h"
#include "resources/common/values.h"

namespace azbatch::resources::image_version_lookup {

namespace fw = azbatch::framework;
using common::JBool;
using common::JObj;
using common::JStr;
using common::NormaliseLocation;
using nlohmann::json;

namespace {

const json& PublishingProfile(const json& version) {
  return JObj(JObj(version, "properties"), "publishingProfile");
}

// Regions (normalised) and whether each is excluded from latest.
std::vector<std::pair<std::string, bool>> Regions(const json& version) {
  std::vector<std::pair<std::string, bool>> out;
  for (const json& r : common::JArr(PublishingProfile(version), "targetRegions")) {
    out.push_back({NormaliseLocation(JStr(r, "name").value_or("")),
                   JBool(r, "excludeFromLatest").value_or(false)});
  }
  return out;
}

// Whether the version is replicated to `region` (normalised); with
// `as_latest`, also not excluded from latest there.
bool InRegion(const json& version, const std::string& region, bool as_latest) {
  for (const auto& [name, excluded] : Regions(version)) {
    if (name == region && !(as_latest && excluded)) return true;
  }
  return false;
}

}  // namespace

std::optional<json> PickLatest(const std::vector<json>& versions, const std::string& region) {
  std::optional<json> best;
  std::array<int64_t, 3> best_v{};
  const std::string want = NormaliseLocation(region);
  for (const json& v : versions) {
    std::optional<std::array<int64_t, 3>> parsed = common::ParseGalleryVersion(JStr(v, "name").value_or(""));
    if (!parsed) continue;
    if (JBool(PublishingProfile(v), "excludeFromLatest").value_or(false)) continue;
    std::optional<std::string> state = JStr(JObj(v, "properties"), "provisioningState");
    if (state && *state != "Succeeded") continue;
    if (!want.empty() && !InRegion(v, want, /*as_latest=*/true)) continue;
    if (!best || *parsed > best_v) {
      best = v;
      best_v = *parsed;
    }
  }
  return best;
}

fw::Schema ImageVersionDataSource::GetSchema() const {
  namespace v = fw::validators;
  fw::Schema s;
  s.block.description = "Looks up a gallery image version by name, or the latest one.";
  s.block.attributes = {
      fw::Attribute::Required("image_definition_id", cty::Type::String())
          .WithDescription("ARM id of the gallery image definition to look in.")
          .WithValidators({common::ArmResourceId("Microsoft.Compute/galleries/images")}),
      fw::Attribute::Optional("name", cty::Type::String())
          .WithDescription("A version Major.Minor.Patch, or `latest` (default).")
          .WithDefault(cty::Value::String("latest"))
          .WithValidators({v::Custom("a version Major.Minor.Patch or \"latest\"",
                                     [](const cty::Value& x) -> std::string {
                                       if (x.AsString() == "latest" || common::ParseGalleryVersion(x.AsString())) {
                                         return "";
                                       }
                                       return "must be a version Major.Minor.Patch or \"latest\", "
                                              "got \"" + x.AsString() + "\"";
                                     })}),
      fw::Attribute::Optional("region", cty::Type::String())
          .WithDescription("Only versions replicated to (and not excluded from latest in) this "
                           "region."),
      fw::Attribute::Computed("id", cty::Type::String())
          .WithDescription("ARM id of the image version found; use it as a pool's "
                           "`image_reference.id`."),
      fw::Attribute::Computed("version", cty::Type::String())
          .WithDescription("Its version name, e.g. `1.2.0`."),
      fw::Attribute::Computed("location", cty::Type::String())
          .WithDescription("Region of the version's source."),
      fw::Attribute::Computed("exclude_from_latest", cty::Type::Bool())
          .WithDescription("Whether the version is excluded from `latest`."),
      fw::Attribute::Computed("regions", cty::Type::List(cty::Type::String()))
          .WithDescription("Regions the version is replicated to, in target-region order."),
  };
  return s;
}

void ImageVersionDataSource::Read(const fw::Context& ctx, const fw::DataSourceReadRequest& req,
                                  fw::DataSourceReadResponse* resp) {
  absl::StatusOr<common::ArmAccess> arm = resolver_(ctx);
  if (!arm.ok()) {
    resp->diagnostics.AddStatus(arm.status(), "Azure is not configured");
    return;
  }
  absl::StatusOr<azure::ResourceId> def =
      common::ParseId(common::GetString(req.config, "image_definition_id").value_or(""),
                      azure::ResourceType::kGalleryImage);
  if (!def.ok()) {
    resp->diagnostics.AddAttributeStatus(cty::Path::Root().Attr("image_definition_id"),
                                         def.status(), "Invalid image definition id");
    return;
  }
  const std::string name = common::GetString(req.config, "name").value_or("latest");
  const std::string region = common::GetString(req.config, "region").value_or("");
  std::optional<json> found;
  if (name == "latest") {
    absl::StatusOr<std::vector<json>> all =
        common::ListAll(*arm, def->String() + "/versions", def->api_version());
    if (!all.ok()) {
      resp->diagnostics.AddStatus(common::Wrap(all.status(), "listing versions of", *def),
                                  "Listing image versions failed");
      return;
    }
    found = PickLatest(*all, region);
    if (!found) {
      resp->diagnostics.AddError(
          "No image version found",
          absl::StrCat(common::Describe(*def), " has no version eligible as latest",
                       region.empty() ? "" : absl::StrCat(" in region \"", region, "\""),
                       " (versions excluded from latest or still provisioning are skipped)."));
      return;
    }
  } else {
    absl::StatusOr<azure::ResourceId> id =
        def->Child(azure::ResourceType::kGalleryImageVersion, name);
    if (!id.ok()) {
      resp->diagnostics.AddStatus(id.status(), "Invalid version");
      return;
    }
    absl::StatusOr<std::optional<json>> got = common::GetOrGone(*arm, *id);
    if (!got.ok()) {
      resp->diagnostics.AddStatus(got.status(), "Reading the image version failed");
      return;
    }
    if (!got->has_value()) {
      resp->diagnostics.AddAttributeError(cty::Path::Root().Attr("name"), "Image version not found",
                                          absl::StrCat(common::Describe(*id), " does not exist."));
      return;
    }
    found = std::move(**got);
    if (!region.empty() && !InRegion(*found, NormaliseLocation(region), /*as_latest=*/false)) {
      resp->diagnostics.AddAttributeError(
          cty::Path::Root().Attr("region"), "Region not replicated",
          absl::StrCat(common::Describe(*id), " is not replicated to \"", region, "\"."));
      return;
    }
  }
  const std::string raw_id = JStr(*found, "id").value_or("");
  absl::StatusOr<azure::ResourceId> vid =
      azure::ResourceId::Parse(raw_id, azure::ResourceType::kGalleryImageVersion);
  std::vector<cty::Value> regions;
  for (const auto& [n, excluded] : Regions(*found)) regions.push_back(cty::Value::String(n));
  const std::string location = NormaliseLocation(JStr(*found, "location").value_or(""));
  resp->state =
      resp->state.WithAttr("id", cty::Value::String(vid.ok() ? vid->String() : raw_id))
          .WithAttr("version", cty::Value::String(JStr(*found, "name").value_or("")))
          .WithAttr("location", cty::Value::String(location))
          .WithAttr("exclude_from_latest",
                    cty::Value::Bool(JBool(PublishingProfile(*found), "excludeFromLatest")
                                         .value_or(false)))
          .WithAttr("regions", cty::Value::List(cty::Type::String(), std::move(regions)));
}

}  // namespace azbatch::resources::image_version_lookup
