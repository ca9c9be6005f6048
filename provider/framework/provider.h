// The provider: its own configuration block and the registry of resources,
// data sources and functions it offers, keyed by type name.
#ifndef AZBATCH_PROVIDER_FRAMEWORK_PROVIDER_H_
#define AZBATCH_PROVIDER_FRAMEWORK_PROVIDER_H_

#include <any>
#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "provider/cty/value.h"
#include "provider/framework/context.h"
#include "provider/framework/data_source.h"
#include "provider/framework/diagnostics.h"
#include "provider/framework/function.h"
#include "provider/framework/resource.h"
#include "provider/framework/schema.h"

namespace azbatch::framework {

struct ProviderValidateConfigRequest {
  cty::Value config;  // may contain unknowns
};
struct ProviderValidateConfigResponse {
  Diagnostics diagnostics;
};

struct ProviderConfigureRequest {
  cty::Value config;  // may contain unknowns during plan
  std::string terraform_version;
};
struct ProviderConfigureResponse {
  // Shared client data, handed to every later call through Context::provider_data()
  // (e.g. std::make_shared<ArmClient>(...), read back with ctx.ProviderData<ArmClient>()).
  std::any provider_data;
  Diagnostics diagnostics;
};

class Provider {
 public:
  // `type_name` is the local name ("azbatch"); every registered type name must
  // start with "<type_name>_".
  Provider(std::string type_name, std::string version);
  virtual ~Provider() = default;
  Provider(const Provider&) = delete;
  Provider& operator=(const Provider&) = delete;

  const std::string& type_name() const { return type_name_; }
  const std::string& version() const { return version_; }

  // Schema of the provider block (default: empty).
  virtual Schema GetSchema() const { return {}; }
  // Extra checks after the schema validators (default: none).
  virtual void ValidateConfig(const Context& ctx, const ProviderValidateConfigRequest& req,
                              ProviderValidateConfigResponse* resp) {}
  // Default: no provider data.
  virtual void Configure(const Context& ctx, const ProviderConfigureRequest& req,
                         ProviderConfigureResponse* resp) {}

  // Registration; each factory is called once here to learn the type name.
  // Errors on duplicates, a wrong prefix or a schema ValidateSchema rejects.
  absl::Status AddResource(ResourceFactory factory);
  absl::Status AddDataSource(DataSourceFactory factory);
  absl::Status AddFunction(FunctionFactory factory);

  const std::map<std::string, ResourceFactory>& resources() const { return resources_; }
  const std::map<std::string, DataSourceFactory>& data_sources() const { return data_sources_; }
  const std::map<std::string, FunctionFactory>& functions() const { return functions_; }

 private:
  std::string type_name_;
  std::string version_;
  std::map<std::string, ResourceFactory> resources_;
  std::map<std::string, DataSourceFactory> data_sources_;
  std::map<std::string, FunctionFactory> functions_;
};

}  // namespace azbatch::framework

#endif  // AZBATCH_PROVIDER_FRAMEWORK_PROVIDER_H_
