#include "resources/vm_sizes/vm_sizes_data_source.h"

#include <algorithm>
#include <vector>

#include "absl/strings/str_cat.h"
#include "resources/common/values.h"
#include "resources/pool/vm_skus.h"

namespace azbatch::resources::vm_sizes {

namespace fw = azbatch::framework;
using cty::Type;
using cty::Value;

fw::Schema VmSizesDataSource::GetSchema() const {
  fw::Schema s;
  s.block.description =
      "The VM sizes Azure Batch offers in a region, with vCPUs, memory, family and GPU count, as "
      "`GET .../providers/Microsoft.Batch/locations/{region}/virtualMachineSkus` reports them. "
      "Use it to pick a `vm_size` for `azbatch_pool` and to compute node counts that fit the "
      "Batch account's core quota (cores = nodes × vCPUs).";
  s.block.attributes = {
      fw::Attribute::Required("region", Type::String())
          .WithDescription("Azure region, e.g. `westeurope` (a display name such as `West Europe` "
                           "works too): normally the Batch account's location."),
      fw::Attribute::Computed("id", Type::String())
          .WithDescription("`vm-sizes-{region}` with the region's normalised name."),
      fw::Attribute::Nested(
          "sizes", fw::NestingMode::kList,
          {fw::Attribute::Computed("name", Type::String())
               .WithDescription("VM size, the value for `vm_size`, e.g. `Standard_D2s_v3`."),
           fw::Attribute::Computed("family", Type::String())
               .WithDescription("VM family, e.g. `standardDSv3Family`: the name the account's "
                                "per-family core quota uses."),
           fw::Attribute::Computed("vcpus", Type::Number())
               .WithDescription("vCPUs per node (capability `vCPUs`); null when not reported."),
           fw::Attribute::Computed("memory_gb", Type::Number())
               .WithDescription("Memory per node in GB (capability `MemoryGB`); null when not "
                                "reported."),
           fw::Attribute::Computed("gpus", Type::Number())
               .WithDescription("GPUs per node (capability `GPUs`); 0 when none are reported."),
           fw::Attribute::Computed("batch_support_end_of_life", Type::String())
               .WithDescription("When Batch stops supporting the size (RFC 3339); null unless "
                                "the size is retiring.")})
          .AsComputed()
          .WithDescription("The offered sizes, sorted by name."),
  };
  return s;
}

void VmSizesDataSource::Read(const fw::Context& ctx, const fw::DataSourceReadRequest& req,
                             fw::DataSourceReadResponse* resp) {
  absl::StatusOr<common::ArmAccess> arm = resolver_(ctx);
  if (!arm.ok()) {
    resp->diagnostics.AddStatus(arm.status(), "Azure is not configured");
    return;
  }
  const std::string region =
      common::NormaliseLocation(common::GetString(req.config, "region").value_or(""));
  if (region.empty()) {
    resp->diagnostics.AddAttributeError(cty::Path::Root().Attr("region"), "Missing region",
                                        "region must name an Azure region, e.g. westeurope.");
    return;
  }
  absl::StatusOr<std::vector<pool::VmSku>> skus =
      pool::ListVmSkus(*arm, arm->subscription(), region);
  if (!skus.ok()) {
    resp->diagnostics.AddAttributeStatus(cty::Path::Root().Attr("region"), skus.status(),
                                         absl::StrCat("Listing the VM sizes of ", region,
                                                      " failed"));
    return;
  }
  std::sort(skus->begin(), skus->end(),
            [](const pool::VmSku& a, const pool::VmSku& b) { return a.name < b.name; });
  const Type element = req.config.type().AttributeType("sizes").element();
  std::vector<Value> sizes;
  for (const pool::VmSku& sku : *skus) {
    sizes.push_back(Value::ObjectOf(
        element,
        {{"name", Value::String(sku.name)},
         {"family", sku.family.empty() ? Value::Null(Type::String()) : Value::String(sku.family)},
         {"vcpus", sku.vcpus ? Value::Int(*sku.vcpus) : Value::Null(Type::Number())},
         {"memory_gb", sku.memory_gb ? Value::Num(cty::Number::FromDouble(*sku.memory_gb))
                                     : Value::Null(Type::Number())},
         {"gpus", Value::Int(sku.gpus)},
         {"batch_support_end_of_life", sku.end_of_life.empty()
                                           ? Value::Null(Type::String())
                                           : Value::String(sku.end_of_life)}}));
  }
  resp->state = req.config.WithAttr("id", Value::String(absl::StrCat("vm-sizes-", region)))
                    .WithAttr("sizes", Value::List(element, std::move(sizes)));
}

}  // namespace azbatch::resources::vm_sizes
