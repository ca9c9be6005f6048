// Data source contract: TypeName, Schema, Read; opt-in ValidateConfig.
#ifndef AZBATCH_PROVIDER_FRAMEWORK_DATA_SOURCE_H_
#define AZBATCH_PROVIDER_FRAMEWORK_DATA_SOURCE_H_

#include <functional>
#include <memory>
#include <string>

#include "provider/cty/value.h"
#include "provider/framework/context.h"
#include "provider/framework/diagnostics.h"
#include "provider/framework/schema.h"

namespace azbatch::framework {

struct DataSourceReadRequest {
  cty::Value config;  // wholly known (core defers the read otherwise); defaults applied
};
struct DataSourceReadResponse {
  // Starts as the config (with defaults); the data source fills in computed
  // attributes. Must end non-null and wholly known.
  cty::Value state;
  Diagnostics diagnostics;
};

struct DataSourceValidateConfigRequest {
  cty::Value config;  // may contain unknowns
};
struct DataSourceValidateConfigResponse {
  Diagnostics diagnostics;
};

class DataSource {
 public:
  virtual ~DataSource() = default;
  virtual std::string TypeName() const = 0;  // e.g. "azbatch_pool_sizing"
  virtual Schema GetSchema() const = 0;
  virtual void Read(const Context& ctx, const DataSourceReadRequest& req,
                    DataSourceReadResponse* resp) = 0;
};

class DataSourceWithValidateConfig {
 public:
  virtual ~DataSourceWithValidateConfig() = default;
  virtual void ValidateConfig(const Context& ctx, const DataSourceValidateConfigRequest& req,
                              DataSourceValidateConfigResponse* resp) = 0;
};

using DataSourceFactory = std::function<std::unique_ptr<DataSource>()>;

}  // namespace azbatch::framework

#endif  // AZBATCH_PROVIDER_FRAMEWORK_DATA_SOURCE_H_
