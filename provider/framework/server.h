// framework::Server: the meaning of every tfplugin6 Provider RPC, transport
// agnostic. The gRPC adapter decodes each request (msgpack with the type from
// the *Type() accessors below), calls the method of the same name and encodes
// the response. Every method is safe to call concurrently.
#ifndef AZBATCH_PROVIDER_FRAMEWORK_SERVER_H_
#define AZBATCH_PROVIDER_FRAMEWORK_SERVER_H_

#include <any>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "provider/cty/path.h"
#include "provider/cty/type.h"
#include "provider/cty/value.h"
#include "provider/framework/context.h"
#include "provider/framework/diagnostics.h"
#include "provider/framework/function.h"
#include "provider/framework/provider.h"
#include "provider/framework/schema.h"

namespace azbatch::framework {

// From core (tfplugin6 ClientCapabilities).
struct ClientCapabilities {
  bool deferral_allowed = false;
  bool write_only_attributes_allowed = false;
};

// To core (tfplugin6 ServerCapabilities).
struct ServerCapabilities {
  bool plan_destroy = true;
  bool get_provider_schema_optional = false;
  bool move_resource_state = false;
};

struct GetProviderSchemaResponse {
  Schema provider;
  std::map<std::string, Schema> resource_schemas;
  std::map<std::string, Schema> data_source_schemas;
  std::map<std::string, FunctionDefinition> functions;
  ServerCapabilities server_capabilities;
  Diagnostics diagnostics;
};

struct GetFunctionsResponse {
  std::map<std::string, FunctionDefinition> functions;
  Diagnostics diagnostics;
};

struct ValidateProviderConfigRequest {
  cty::Value config;
};
struct ValidateProviderConfigResponse {
  Diagnostics diagnostics;
};

struct ConfigureProviderRequest {
  std::string terraform_version;
  cty::Value config;
  ClientCapabilities client_capabilities;
};
struct ConfigureProviderResponse {
  Diagnostics diagnostics;
};

struct ValidateResourceConfigRequest {
  std::string type_name;
  cty::Value config;
  ClientCapabilities client_capabilities;
};
struct ValidateResourceConfigResponse {
  Diagnostics diagnostics;
};

struct ValidateDataSourceConfigRequest {
  std::string type_name;
  cty::Value config;
};
struct ValidateDataSourceConfigResponse {
  Diagnostics diagnostics;
};

struct UpgradeResourceStateRequest {
  std::string type_name;
  int64_t version = 0;
  std::string raw_state_json;  // RawState.json (flatmap is not supported)
};
struct UpgradeResourceStateResponse {
  cty::Value upgraded_state;  // of the current schema type
  Diagnostics diagnostics;
};

struct ReadResourceRequest {
  std::string type_name;
  cty::Value current_state;
  std::string private_state;  // bytes
  ClientCapabilities client_capabilities;
};
struct ReadResourceResponse {
  cty::Value new_state;  // null: the object is gone
  std::string private_state;
  Diagnostics diagnostics;
};

struct PlanResourceChangeRequest {
  std::string type_name;
  cty::Value prior_state;         // null on create
  cty::Value proposed_new_state;  // null on destroy
  cty::Value config;              // null on destroy
  std::string prior_private;
  ClientCapabilities client_capabilities;
};
struct PlanResourceChangeResponse {
  cty::Value planned_state;
  std::vector<cty::Path> requires_replace;  // sorted, de-duplicated
  std::string planned_private;
  Diagnostics diagnostics;
};

struct ApplyResourceChangeRequest {
  std::string type_name;
  cty::Value prior_state;    // null on create
  cty::Value planned_state;  // null on delete
  cty::Value config;
  std::string planned_private;
};
struct ApplyResourceChangeResponse {
  cty::Value new_state;  // null after delete
  std::string private_state;
  Diagnostics diagnostics;
};

struct ImportResourceStateRequest {
  std::string type_name;
  std::string id;
  ClientCapabilities client_capabilities;
};
struct ImportedResource {
  std::string type_name;
  cty::Value state;
  std::string private_state;
};
struct ImportResourceStateResponse {
  std::vector<ImportedResource> imported_resources;
  Diagnostics diagnostics;
};

struct ReadDataSourceRequest {
  std::string type_name;
  cty::Value config;
  ClientCapabilities client_capabilities;
};
struct ReadDataSourceResponse {
  cty::Value state;
  Diagnostics diagnostics;
};

struct CallFunctionRequest {
  std::string name;
  std::vector<cty::Value> arguments;  // decoded with the parameter types
};
struct CallFunctionResponse {
  cty::Value result;
  std::optional<FunctionError> error;
};

struct StopProviderResponse {
  std::string error;  // empty on success
};

class Server {
 public:
  // Builds and validates every schema once; problems are reported by
  // GetProviderSchema's diagnostics (and refuse the affected types afterwards).
  explicit Server(std::unique_ptr<Provider> provider);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Types for decoding requests; nullopt for unknown names.
  cty::Type ProviderConfigType() const;
  std::optional<cty::Type> ResourceType(const std::string& type_name) const;
  std::optional<cty::Type> DataSourceType(const std::string& type_name) const;
  std::optional<int64_t> ResourceSchemaVersion(const std::string& type_name) const;
  // Parameter types for decoding CallFunction arguments.
  const FunctionDefinition* FindFunction(const std::string& name) const;

  GetProviderSchemaResponse GetProviderSchema() const;
  GetFunctionsResponse GetFunctions() const;
  ValidateProviderConfigResponse ValidateProviderConfig(const ValidateProviderConfigRequest& req);
  ConfigureProviderResponse ConfigureProvider(const ConfigureProviderRequest& req);
  ValidateResourceConfigResponse ValidateResourceConfig(const ValidateResourceConfigRequest& req);
  ValidateDataSourceConfigResponse ValidateDataSourceConfig(
      const ValidateDataSourceConfigRequest& req);
  UpgradeResourceStateResponse UpgradeResourceState(const UpgradeResourceStateRequest& req);
  ReadResourceResponse ReadResource(const ReadResourceRequest& req);
  PlanResourceChangeResponse PlanResourceChange(const PlanResourceChangeRequest& req);
  ApplyResourceChangeResponse ApplyResourceChange(const ApplyResourceChangeRequest& req);
  ImportResourceStateResponse ImportResourceState(const ImportResourceStateRequest& req);
  ReadDataSourceResponse ReadDataSource(const ReadDataSourceRequest& req);
  CallFunctionResponse CallFunction(const CallFunctionRequest& req);
  // Cancels every in-flight Context; later calls get fresh contexts.
  StopProviderResponse StopProvider();

  const Provider& provider() const { return *provider_; }

 private:
  struct ResourceEntry;
  struct DataSourceEntry;
  struct FunctionEntry;

  // A context with the provider data configured so far.
  Context NewContext() const;
  const ResourceEntry* FindResource(const std::string& name, Diagnostics* diags) const;
  const DataSourceEntry* FindDataSource(const std::string& name, Diagnostics* diags) const;

  std::unique_ptr<Provider> provider_;
  Schema provider_schema_;
  Diagnostics schema_diagnostics_;
  std::map<std::string, std::unique_ptr<ResourceEntry>> resources_;
  std::map<std::string, std::unique_ptr<DataSourceEntry>> data_sources_;
  std::map<std::string, std::unique_ptr<FunctionEntry>> functions_;
  CancellationSource cancel_;

  mutable absl::Mutex mu_;
  std::any provider_data_ ABSL_GUARDED_BY(mu_);
  bool configured_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace azbatch::framework

#endif  // AZBATCH_PROVIDER_FRAMEWORK_SERVER_H_
