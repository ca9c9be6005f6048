// Data source azbatch_vm_sizes: the VM sizes Azure Batch offers in a region
// (Location_ListSupportedVirtualMachineSkus), with vCPUs, memory, family and
// GPU count, so a configuration can pick a size and size a pool to a quota.
#ifndef AZBATCH_RESOURCES_VM_SIZES_VM_SIZES_DATA_SOURCE_H_
#define AZBATCH_RESOURCES_VM_SIZES_VM_SIZES_DATA_SOURCE_H_

#include <memory>
#include <string>
#include <utility>

#include "provider/framework/data_source.h"
#include "resources/common/arm_access.h"

namespace azbatch::resources::vm_sizes {

inline constexpr char kDataSourceTypeName[] = "azbatch_vm_sizes";

class VmSizesDataSource : public framework::DataSource {
 public:
  explicit VmSizesDataSource(common::ArmResolver resolver) : resolver_(std::move(resolver)) {}
  std::string TypeName() const override { return kDataSourceTypeName; }
  framework::Schema GetSchema() const override;
  void Read(const framework::Context& ctx, const framework::DataSourceReadRequest& req,
            framework::DataSourceReadResponse* resp) override;

 private:
  common::ArmResolver resolver_;
};

inline std::unique_ptr<framework::DataSource> NewVmSizesDataSource() {
  return std::make_unique<VmSizesDataSource>(common::DefaultArmResolver());
}

}  // namespace azbatch::resources::vm_sizes

#endif  // AZBATCH_RESOURCES_VM_SIZES_VM_SIZES_DATA_SOURCE_H_
