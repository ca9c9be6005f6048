#include "resources/pool/pool_data_source.h"

#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "resources/common/arm_id_validators.h"
#include "resources/common/arm_ops.h"
#include "resources/common/values.h"
#include "resources/common/field_table.h"
#include "resources/pool/pool_resource.h"
#include "resources/pool/pool_schema.h"

namespace azbatch::resources::pool {

namespace fw = azbatch::framework;
namespace v = azbatch::framework::validators;

fw::Schema PoolDataSource::GetSchema() const {
  std::vector<Field> remote;
  for (const Field& f : PoolFields()) {
    if (!f.json.empty()) remote.push_back(f);
  }
  fw::Schema s;
  s.block.description = "Reads an existing Batch pool: its configuration, scale and node counts.";
  s.block.attributes = {
      fw::Attribute::Computed("id", cty::Type::String()).WithDescription("ARM id of the pool."),
      fw::Attribute::Required("account_id", cty::Type::String())
          .WithDescription("ARM id of the Batch account.")
          .WithValidators({common::ArmResourceId("Microsoft.Batch/batchAccounts")}),
      fw::Attribute::Required("name", cty::Type::String())
          .WithDescription("Pool name in the account.")
          .WithValidators({v::StringMatches("[A-Za-z0-9_-]{1,64}",
                                            "1-64 letters, digits, hyphens and underscores")}),
  };
  for (fw::Attribute& a : ComputedAttributes(remote)) s.block.attributes.push_back(std::move(a));
  return s;
}

void PoolDataSource::Read(const fw::Context& ctx, const fw::DataSourceReadRequest& req,
                          fw::DataSourceReadResponse* resp) {
  absl::StatusOr<common::ArmAccess> arm = resolver_(ctx);
  if (!arm.ok()) {
    resp->diagnostics.AddStatus(arm.status(), "Azure is not configured");
    return;
  }
  absl::StatusOr<azure::ResourceId> account = common::ParseId(
      common::GetString(req.config, "account_id").value_or(""), azure::ResourceType::kBatchAccount);
  if (!account.ok()) {
    resp->diagnostics.AddAttributeStatus(cty::Path::Root().Attr("account_id"), account.status(),
                                         "Invalid Batch account id");
    return;
  }
  absl::StatusOr<azure::ResourceId> id = account->Child(
      azure::ResourceType::kBatchPool, common::GetString(req.config, "name").value_or(""));
  if (!id.ok()) {
    resp->diagnostics.AddStatus(id.status(), "Invalid pool name");
    return;
  }
  absl::StatusOr<std::optional<nlohmann::json>> remote = common::GetOrGone(*arm, *id);
  if (!remote.ok()) {
    resp->diagnostics.AddStatus(remote.status(), "Reading the pool failed");
    return;
  }
  if (!remote->has_value()) {
    resp->diagnostics.AddAttributeError(
        cty::Path::Root().Attr("name"), "Pool not found",
        absl::StrCat(common::Describe(*id), " does not exist."));
    return;
  }
  cty::Value prior = cty::Value::Null(req.config.type());
  cty::Value state = FlattenPool(*id, **remote, prior);
  // The configured spelling of the account id stays.
  resp->state = state.WithAttr("account_id", req.config.GetAttr("account_id"));
}

}  // namespace azbatch::resources::pool
