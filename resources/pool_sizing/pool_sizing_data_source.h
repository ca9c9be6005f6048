// Data source azbatch_pool_sizing: replica count and resize timeout advice for
// a Batch pool of a given size. Needs no Azure access.
#ifndef AZBATCH_RESOURCES_POOL_SIZING_POOL_SIZING_DATA_SOURCE_H_
#define AZBATCH_RESOURCES_POOL_SIZING_POOL_SIZING_DATA_SOURCE_H_

#include <memory>
#include <string>

#include "provider/framework/data_source.h"

namespace azbatch::resources::pool_sizing {

inline constexpr char kTypeName[] = "azbatch_pool_sizing";

class PoolSizingDataSource : public framework::DataSource,
                             public framework::DataSourceWithValidateConfig {
 public:
  std::string TypeName() const override { return kTypeName; }
  framework::Schema GetSchema() const override;
  void ValidateConfig(const framework::Context& ctx,
                      const framework::DataSourceValidateConfigRequest& req,
                      framework::DataSourceValidateConfigResponse* resp) override;
  void Read(const framework::Context& ctx, const framework::DataSourceReadRequest& req,
            framework::DataSourceReadResponse* resp) override;
};

std::unique_ptr<framework::DataSource> NewPoolSizingDataSource();

}  // namespace azbatch::resources::pool_sizing

#endif  // AZBATCH_RESOURCES_POOL_SIZING_POOL_SIZING_DATA_SOURCE_H_
