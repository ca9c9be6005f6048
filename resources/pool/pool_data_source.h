// Data source azbatch_pool: reads an existing pool (by account id and name)
// with the same attributes as the resource, all computed.
#ifndef AZBATCH_RESOURCES_POOL_POOL_DATA_SOURCE_H_
#define AZBATCH_RESOURCES_POOL_POOL_DATA_SOURCE_H_

#include <memory>
#include <string>

#include "provider/framework/data_source.h"
#include "resources/common/arm_access.h"

namespace azbatch::resources::pool {

inline constexpr char kDataSourceTypeName[] = "azbatch_pool";

class PoolDataSource : public framework::DataSource {
 public:
  explicit PoolDataSource(common::ArmResolver resolver) : resolver_(std::move(resolver)) {}
  std::string TypeName() const override { return kDataSourceTypeName; }
  framework::Schema GetSchema() const override;
  void Read(const framework::Context& ctx, const framework::DataSourceReadRequest& req,
            framework::DataSourceReadResponse* resp) override;

 private:
  common::ArmResolver resolver_;
};

inline std::unique_ptr<framework::DataSource> NewPoolDataSource() {
  return std::make_unique<PoolDataSource>(common::DefaultArmResolver());
}

}  // namespace azbatch::resources::pool

#endif  // AZBATCH_RESOURCES_POOL_POOL_DATA_SOURCE_H_
