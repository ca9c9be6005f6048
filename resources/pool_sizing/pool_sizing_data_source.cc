#include "resources/pool_sizing/pool_sizing_data_source.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "common/iso8601_duration.h"
#include "resources/sizing/sizing.h"

namespace azbatch::resources::pool_sizing {
namespace {

using sizing::kDefaultVmsPerReplica;
using sizing::MinReplicasPerRegion;
using sizing::RecommendedResizeTimeout;
using sizing::WholeNumberAtLeast;

using framework::Attribute;

constexpr char kDedicated[] = "target_dedicated_nodes";
constexpr char kLowPriority[] = "target_low_priority_nodes";
constexpr char kVmsPerReplica[] = "vms_per_replica";

framework::ValidatorPtr WholeNumber(const std::string& name, int64_t min) {
  return framework::validators::Custom(
      absl::StrCat("a whole number of at least ", min),
      [name, min](const cty::Value& v) -> std::string {
        absl::StatusOr<int64_t> n = WholeNumberAtLeast(v.AsNumber(), min, name);
        return n.ok() ? "" : std::string(n.status().message());
      });
}

}  // namespace

framework::Schema PoolSizingDataSource::GetSchema() const {
  framework::Schema s;
  s.block.description =
      "Sizing advice for an Azure Batch pool: how many image replicas each region needs and how "
      "long a resize may take.";
  s.block.attributes = {
      Attribute::Required(kDedicated, cty::Type::Number())
          .WithDescription("Target number of dedicated nodes.")
          .WithValidators({WholeNumber(kDedicated, 0)}),
      Attribute::Optional(kLowPriority, cty::Type::Number())
          .WithDescription("Target number of low-priority (Spot) nodes. Defaults to `0`.")
          .WithDefault(cty::Value::Int(0))
          .WithValidators({WholeNumber(kLowPriority, 0)}),
      Attribute::Optional(kVmsPerReplica, cty::Type::Number())
          .WithDescription(absl::StrCat(
              "How many VMs one gallery image replica serves. Defaults to `",
              kDefaultVmsPerReplica, "` (current Azure guidance; older documents said 600)."))
          .WithDefault(cty::Value::Int(kDefaultVmsPerReplica))
          .WithValidators({WholeNumber(kVmsPerReplica, 1)}),
      Attribute::Computed("total_nodes", cty::Type::Number())
          .WithDescription("Dedicated plus low-priority nodes."),
      Attribute::Computed("min_replicas_per_region", cty::Type::Number())
          .WithDescription("`max(1, ceil(total_nodes / vms_per_replica))`: the replica count to "
                           "give each target region of the image version."),
      Attribute::Computed("recommended_resize_timeout", cty::Type::String())
          .WithDescription("ISO 8601 duration for the pool's `resize_timeout`: 15 minutes per "
                           "started 1000 nodes, at least `PT15M`."),
      Attribute::Computed("id", cty::Type::String())
          .WithDescription("Identifier derived from the inputs."),
  };
  return s;
}

void PoolSizingDataSource::ValidateConfig(const framework::Context& ctx,
                                          const framework::DataSourceValidateConfigRequest& req,
                                          framework::DataSourceValidateConfigResponse* resp) {
  // Attribute validators cover each input; the sum must also fit.
  const cty::Value& d = req.config.GetAttr(kDedicated);
  const cty::Value& l = req.config.GetAttr(kLowPriority);
  if (!d.is_known() || d.is_null() || !l.is_known() || l.is_null()) return;
  auto dn = d.AsNumber().ToInt64();
  auto ln = l.AsNumber().ToInt64();
  int64_t sum;
  if (dn.has_value() && ln.has_value() && *dn >= 0 && *ln >= 0 &&
      __builtin_add_overflow(*dn, *ln, &sum)) {
    resp->diagnostics.AddAttributeError(cty::Path().Attr(kLowPriority), "Invalid pool size",
                                        "The total number of nodes is too large.");
  }
}

void PoolSizingDataSource::Read(const framework::Context& ctx,
                                const framework::DataSourceReadRequest& req,
                                framework::DataSourceReadResponse* resp) {
  auto read = [&](const char* name, int64_t min) -> std::optional<int64_t> {
    const cty::Value& v = req.config.GetAttr(name);
    if (v.is_null()) {
      resp->diagnostics.AddAttributeError(cty::Path().Attr(name), "Missing value",
                                          absl::StrCat(name, " must be set."));
      return std::nullopt;
    }
    absl::StatusOr<int64_t> n = WholeNumberAtLeast(v.AsNumber(), min, name);
    if (!n.ok()) {
      resp->diagnostics.AddAttributeError(cty::Path().Attr(name), "Invalid attribute value",
                                          std::string(n.status().message()));
      return std::nullopt;
    }
    return *n;
  };
  std::optional<int64_t> dedicated = read(kDedicated, 0);
  std::optional<int64_t> low = read(kLowPriority, 0);
  std::optional<int64_t> per_replica = read(kVmsPerReplica, 1);
  if (!dedicated || !low || !per_replica) return;
  int64_t total;
  if (__builtin_add_overflow(*dedicated, *low, &total)) {
    resp->diagnostics.AddAttributeError(cty::Path().Attr(kLowPriority), "Invalid pool size",
                                        "The total number of nodes is too large.");
    return;
  }
  resp->state = req.config
                    .WithAttr("total_nodes", cty::Value::Int(total))
                    .WithAttr("min_replicas_per_region",
                              cty::Value::Int(MinReplicasPerRegion(total, *per_replica)))
                    .WithAttr("recommended_resize_timeout",
                              cty::Value::String(
                                  iso8601::Format(RecommendedResizeTimeout(total))))
                    .WithAttr("id", cty::Value::String(absl::StrCat("pool-sizing-", *dedicated,
                                                                    "-", *low, "-", *per_replica)));
}

std::unique_ptr<framework::DataSource> NewPoolSizingDataSource() {
  return std::make_unique<PoolSizingDataSource>();
}

}  // namespace azbatch::resources::pool_sizing
