#include "provider/framework/server.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/log.h"
#include "provider/cty/json.h"
#include "provider/framework/plan.h"
#include "provider/framework/secrets.h"
#include "provider/framework/server_entries.h"
#include "provider/framework/timeouts.h"

namespace azbatch::framework {

namespace {

constexpr char kLogModule[] = "provider.framework";

void AddPrivateError(const absl::Status& s, Diagnostics* diags) {
  diags->AddStatus(s, "Invalid private state");
}

std::string UnknownList(const std::vector<cty::Path>& paths) {
  std::vector<std::string> names;
  for (const cty::Path& p : paths) names.push_back(p.empty() ? "(whole object)" : p.ToString());
  return absl::StrJoin(names, ", ");
}

// Reports a state that is not wholly known, naming every unknown path.
bool RequireWhollyKnown(const cty::Value& state, const std::string& type_name,
                        const std::string& operation, Diagnostics* diags) {
  if (state.IsWhollyKnown()) return true;
  std::vector<cty::Path> paths = internal::UnknownPaths(state);
  for (const cty::Path& p : paths) {
    diags->AddAttributeError(
        p, "Provider returned an unknown value",
        absl::StrCat(type_name, " ", operation, " left ", p.empty() ? "the object" : p.ToString(),
                     " unknown; every value must be known after ", operation,
                     ". This is a bug in the provider."));
  }
  if (paths.empty()) {
    diags->AddError("Provider returned an unknown value",
                    absl::StrCat(type_name, " ", operation, " returned unknown values (",
                                 UnknownList(paths), ")."));
  }
  return false;
}

bool CheckType(const cty::Value& v, const cty::Type& want, const std::string& what,
               Diagnostics* diags) {
  if (v.type() == want) return true;
  diags->AddError("Value does not match the schema",
                  absl::StrCat(what, " has type ", v.type().FriendlyName(),
                               " but the schema implies ", want.FriendlyName(),
                               ". This is a bug in the provider."));
  return false;
}

}  // namespace

Server::Server(std::unique_ptr<Provider> provider) : provider_(std::move(provider)) {
  provider_schema_ = provider_->GetSchema();
  absl::Status s = ValidateSchema(provider_schema_);
  if (!s.ok()) schema_diagnostics_.AddError("Invalid provider schema", std::string(s.message()));
  for (const auto& [name, factory] : provider_->resources()) {
    auto entry = std::make_unique<ResourceEntry>();
    std::unique_ptr<Resource> r = factory();
    entry->factory = factory;
    entry->schema = r->GetSchema();
    entry->type = entry->schema.ImpliedType();
    entry->timeouts = r->DefaultTimeouts();
    resources_[name] = std::move(entry);
  }
  for (const auto& [name, factory] : provider_->data_sources()) {
    auto entry = std::make_unique<DataSourceEntry>();
    std::unique_ptr<DataSource> d = factory();
    entry->factory = factory;
    entry->schema = d->GetSchema();
    entry->type = entry->schema.ImpliedType();
    data_sources_[name] = std::move(entry);
  }
  for (const auto& [name, factory] : provider_->functions()) {
    auto entry = std::make_unique<FunctionEntry>();
    entry->factory = factory;
    entry->definition = factory()->Definition();
    functions_[name] = std::move(entry);
  }
}

Server::~Server() = default;

cty::Type Server::ProviderConfigType() const { return provider_schema_.ImpliedType(); }

std::optional<cty::Type> Server::ResourceType(const std::string& type_name) const {
  auto it = resources_.find(type_name);
  if (it == resources_.end()) return std::nullopt;
  return it->second->type;
}

std::optional<cty::Type> Server::DataSourceType(const std::string& type_name) const {
  auto it = data_sources_.find(type_name);
  if (it == data_sources_.end()) return std::nullopt;
  return it->second->type;
}

std::optional<int64_t> Server::ResourceSchemaVersion(const std::string& type_name) const {
  auto it = resources_.find(type_name);
  if (it == resources_.end()) return std::nullopt;
  return it->second->schema.version;
}

const FunctionDefinition* Server::FindFunction(const std::string& name) const {
  auto it = functions_.find(name);
  return it == functions_.end() ? nullptr : &it->second->definition;
}

Context Server::NewContext() const {
  std::any data;
  {
    absl::MutexLock lock(&mu_);
    data = provider_data_;
  }
  return cancel_.NewContext().WithProviderData(std::move(data));
}

const Server::ResourceEntry* Server::FindResource(const std::string& name,
                                                  Diagnostics* diags) const {
  auto it = resources_.find(name);
  if (it != resources_.end()) return it->second.get();
  diags->AddError("Unknown resource type",
                  absl::StrCat("The provider ", provider_->type_name(),
                               " has no resource type named \"", name, "\"."));
  return nullptr;
}

const Server::DataSourceEntry* Server::FindDataSource(const std::string& name,
                                                      Diagnostics* diags) const {
  auto it = data_sources_.find(name);
  if (it != data_sources_.end()) return it->second.get();
  diags->AddError("Unknown data source",
                  absl::StrCat("The provider ", provider_->type_name(),
                               " has no data source named \"", name, "\"."));
  return nullptr;
}

GetProviderSchemaResponse Server::GetProviderSchema() const {
  GetProviderSchemaResponse resp;
  resp.provider = provider_schema_;
  for (const auto& [name, e] : resources_) resp.resource_schemas[name] = e->schema;
  for (const auto& [name, e] : data_sources_) resp.data_source_schemas[name] = e->schema;
  for (const auto& [name, e] : functions_) resp.functions[name] = e->definition;
  resp.diagnostics = schema_diagnostics_;
  return resp;
}

GetFunctionsResponse Server::GetFunctions() const {
  GetFunctionsResponse resp;
  for (const auto& [name, e] : functions_) resp.functions[name] = e->definition;
  return resp;
}

ValidateProviderConfigResponse Server::ValidateProviderConfig(
    const ValidateProviderConfigRequest& req) {
  ValidateProviderConfigResponse resp;
  if (req.config.is_null()) return resp;
  RegisterSensitiveValues(provider_schema_.block, req.config);
  internal::ValidateConfigValue(provider_schema_.block, req.config, &resp.diagnostics);
  ProviderValidateConfigResponse inner;
  provider_->ValidateConfig(NewContext(), ProviderValidateConfigRequest{req.config}, &inner);
  resp.diagnostics.Append(inner.diagnostics);
  return resp;
}

ConfigureProviderResponse Server::ConfigureProvider(const ConfigureProviderRequest& req) {
  ConfigureProviderResponse resp;
  cty::Value config = req.config.is_null() ? provider_schema_.block.EmptyValue() : req.config;
  config = internal::ApplyDefaults(provider_schema_.block, config, config);
  RegisterSensitiveValues(provider_schema_.block, config);
  ProviderConfigureResponse inner;
  provider_->Configure(NewContext(), ProviderConfigureRequest{config, req.terraform_version},
                       &inner);
  resp.diagnostics = inner.diagnostics;
  if (!resp.diagnostics.HasError()) {
    absl::MutexLock lock(&mu_);
    provider_data_ = std::move(inner.provider_data);
    configured_ = true;
  }
  log::Debug(kLogModule, "provider configured",
             {{"terraform_version", req.terraform_version},
              {"errors", std::to_string(resp.diagnostics.ErrorCount())}});
  return resp;
}

ValidateResourceConfigResponse Server::ValidateResourceConfig(
    const ValidateResourceConfigRequest& req) {
  ValidateResourceConfigResponse resp;
  const ResourceEntry* e = FindResource(req.type_name, &resp.diagnostics);
  if (e == nullptr || req.config.is_null()) return resp;
  RegisterSensitiveValues(e->schema.block, req.config);
  internal::ValidateConfigValue(e->schema.block, req.config, &resp.diagnostics);
  if (!req.client_capabilities.write_only_attributes_allowed) {
    internal::RejectWriteOnly(e->schema.block, req.config, &resp.diagnostics);
  }
  std::unique_ptr<Resource> r = e->factory();
  if (auto* v = dynamic_cast<ResourceWithValidateConfig*>(r.get())) {
    ValidateConfigResponse inner;
    v->ValidateConfig(NewContext(), ValidateConfigRequest{req.config}, &inner);
    resp.diagnostics.Append(inner.diagnostics);
  }
  return resp;
}

ValidateDataSourceConfigResponse Server::ValidateDataSourceConfig(
    const ValidateDataSourceConfigRequest& req) {
  ValidateDataSourceConfigResponse resp;
  const DataSourceEntry* e = FindDataSource(req.type_name, &resp.diagnostics);
  if (e == nullptr || req.config.is_null()) return resp;
  RegisterSensitiveValues(e->schema.block, req.config);
  internal::ValidateConfigValue(e->schema.block, req.config, &resp.diagnostics);
  std::unique_ptr<DataSource> d = e->factory();
  if (auto* v = dynamic_cast<DataSourceWithValidateConfig*>(d.get())) {
    DataSourceValidateConfigResponse inner;
    v->ValidateConfig(NewContext(), DataSourceValidateConfigRequest{req.config}, &inner);
    resp.diagnostics.Append(inner.diagnostics);
  }
  return resp;
}

UpgradeResourceStateResponse Server::UpgradeResourceState(const UpgradeResourceStateRequest& req) {
  UpgradeResourceStateResponse resp;
  const ResourceEntry* e = FindResource(req.type_name, &resp.diagnostics);
  if (e == nullptr) return resp;
  resp.upgraded_state = cty::Value::Null(e->type);
  if (req.raw_state_json.empty()) return resp;
  const int64_t current = e->schema.version;
  std::string json = req.raw_state_json;
  if (req.version > current) {
    resp.diagnostics.AddError(
        "State is from a newer provider",
        absl::StrCat("The stored state of ", req.type_name, " has schema version ", req.version,
                     ", but this provider only knows up to version ", current,
                     ". Upgrade the provider."));
    return resp;
  }
  if (req.version < current) {
    std::unique_ptr<Resource> r = e->factory();
    auto* up = dynamic_cast<ResourceWithUpgradeState*>(r.get());
    std::map<int64_t, StateUpgrader> upgraders;
    if (up != nullptr) upgraders = up->StateUpgraders();
    auto it = upgraders.find(req.version);
    if (it == upgraders.end() || !it->second) {
      resp.diagnostics.AddError(
          "Unable to upgrade resource state",
          absl::StrCat("The provider has no state upgrade for ", req.type_name, " from version ",
                       req.version, " to version ", current, "."));
      return resp;
    }
    UpgradeStateRequest ureq{req.version, req.raw_state_json};
    UpgradeStateResponse uresp;
    it->second(NewContext(), ureq, &uresp);
    resp.diagnostics.Append(uresp.diagnostics);
    if (resp.diagnostics.HasError()) return resp;
    if (!uresp.upgraded_json.empty()) {
      json = uresp.upgraded_json;
    } else {
      if (!CheckType(uresp.upgraded_state, e->type, "The upgraded state", &resp.diagnostics)) {
        return resp;
      }
      cty::Value state = internal::NormaliseState(e->schema.block, uresp.upgraded_state);
      if (RequireWhollyKnown(state, req.type_name, "state upgrade", &resp.diagnostics)) {
        resp.upgraded_state = state;
      }
      return resp;
    }
  }
  absl::StatusOr<cty::Value> decoded = cty::UnmarshalJsonLenient(json, e->type);
  if (!decoded.ok()) {
    resp.diagnostics.AddError("Unable to read stored state",
                              absl::StrCat("The stored state of ", req.type_name,
                                           " does not fit its schema: ", decoded.status().message()));
    return resp;
  }
  resp.upgraded_state = internal::NormaliseState(e->schema.block, *decoded);
  RegisterSensitiveValues(e->schema.block, resp.upgraded_state);
  return resp;
}

ReadResourceResponse Server::ReadResource(const ReadResourceRequest& req) {
  ReadResourceResponse resp;
  resp.private_state = req.private_state;
  const ResourceEntry* e = FindResource(req.type_name, &resp.diagnostics);
  if (e == nullptr) return resp;
  resp.new_state = req.current_state;
  if (req.current_state.is_null()) return resp;
  RegisterSensitiveValues(e->schema.block, req.current_state);
  absl::StatusOr<PrivateState> priv = PrivateState::FromBytes(req.private_state);
  if (!priv.ok()) {
    AddPrivateError(priv.status(), &resp.diagnostics);
    return resp;
  }
  absl::StatusOr<absl::Duration> timeout =
      TimeoutFromValue(req.current_state, Operation::kRead, e->timeouts.read);
  if (!timeout.ok()) timeout = e->timeouts.read;
  std::unique_ptr<Resource> r = e->factory();
  ReadResponse rresp;
  rresp.new_state = req.current_state;
  rresp.private_state = *priv;
  r->Read(NewContext().WithTimeout(*timeout), ReadRequest{req.current_state, *priv}, &rresp);
  resp.diagnostics.Append(rresp.diagnostics);
  if (resp.diagnostics.HasError()) return resp;  // keep the current state
  if (rresp.new_state.is_null()) {
    resp.new_state = cty::Value::Null(e->type);
    return resp;
  }
  if (!CheckType(rresp.new_state, e->type, "The state returned by Read", &resp.diagnostics)) {
    return resp;
  }
  cty::Value state = internal::NormaliseState(e->schema.block, rresp.new_state);
  if (!RequireWhollyKnown(state, req.type_name, "read", &resp.diagnostics)) return resp;
  RegisterSensitiveValues(e->schema.block, state);
  resp.new_state = state;
  resp.private_state = rresp.private_state.ToBytes();
  return resp;
}

ImportResourceStateResponse Server::ImportResourceState(const ImportResourceStateRequest& req) {
  ImportResourceStateResponse resp;
  const ResourceEntry* e = FindResource(req.type_name, &resp.diagnostics);
  if (e == nullptr) return resp;
  std::unique_ptr<Resource> r = e->factory();
  auto* importer = dynamic_cast<ResourceWithImportState*>(r.get());
  if (importer == nullptr) {
    resp.diagnostics.AddError("Resource import not supported",
                              absl::StrCat("The resource type ", req.type_name,
                                           " does not support import."));
    return resp;
  }
  ImportStateResponse iresp;
  iresp.state = e->schema.block.EmptyValue();
  importer->ImportState(NewContext().WithTimeout(e->timeouts.read), ImportStateRequest{req.id},
                        &iresp);
  resp.diagnostics.Append(iresp.diagnostics);
  if (resp.diagnostics.HasError()) return resp;
  if (iresp.state.is_null()) {
    resp.diagnostics.AddError("Import produced no state",
                              absl::StrCat("Importing ", req.type_name, " \"", req.id,
                                           "\" returned a null state. This is a bug in the provider."));
    return resp;
  }
  if (!CheckType(iresp.state, e->type, "The imported state", &resp.diagnostics)) return resp;
  cty::Value state = internal::NormaliseState(e->schema.block, iresp.state);
  if (!RequireWhollyKnown(state, req.type_name, "import", &resp.diagnostics)) return resp;
  RegisterSensitiveValues(e->schema.block, state);
  resp.imported_resources.push_back({req.type_name, state, iresp.private_state.ToBytes()});
  return resp;
}

ReadDataSourceResponse Server::ReadDataSource(const ReadDataSourceRequest& req) {
  ReadDataSourceResponse resp;
  const DataSourceEntry* e = FindDataSource(req.type_name, &resp.diagnostics);
  if (e == nullptr) return resp;
  resp.state = cty::Value::Null(e->type);
  cty::Value config = req.config.is_null() ? e->schema.block.EmptyValue() : req.config;
  RegisterSensitiveValues(e->schema.block, config);
  // Validation is repeated here: core skips ValidateDataResourceConfig's
  // findings only for unknowns, and a read must never run on invalid input.
  internal::ValidateConfigValue(e->schema.block, config, &resp.diagnostics);
  if (resp.diagnostics.HasError()) return resp;
  config = internal::ApplyDefaults(e->schema.block, config, config);
  std::unique_ptr<DataSource> d = e->factory();
  DataSourceReadResponse dresp;
  dresp.state = config;
  d->Read(NewContext().WithTimeout(absl::Minutes(20)), DataSourceReadRequest{config}, &dresp);
  resp.diagnostics.Append(dresp.diagnostics);
  if (resp.diagnostics.HasError()) return resp;
  if (dresp.state.is_null()) {
    resp.diagnostics.AddError("Data source returned no state",
                              absl::StrCat(req.type_name, " returned a null object. This is a bug in "
                                                          "the provider."));
    return resp;
  }
  if (!CheckType(dresp.state, e->type, "The data source result", &resp.diagnostics)) return resp;
  cty::Value state = internal::NormaliseState(e->schema.block, dresp.state);
  if (!RequireWhollyKnown(state, req.type_name, "read", &resp.diagnostics)) return resp;
  RegisterSensitiveValues(e->schema.block, state);
  resp.state = state;
  return resp;
}

CallFunctionResponse Server::CallFunction(const CallFunctionRequest& req) {
  CallFunctionResponse resp;
  auto it = functions_.find(req.name);
  if (it == functions_.end()) {
    resp.error = FunctionError{absl::StrCat("The provider has no function named \"", req.name, "\"."),
                               std::nullopt};
    return resp;
  }
  const FunctionDefinition& def = it->second->definition;
  resp.result = cty::Value::Null(def.return_type);
  const size_t fixed = def.parameters.size();
  if (req.arguments.size() < fixed ||
      (!def.variadic_parameter.has_value() && req.arguments.size() > fixed)) {
    resp.error = FunctionError{
        absl::StrCat("Function \"", req.name, "\" takes ", fixed,
                     def.variadic_parameter.has_value() ? " or more" : "", " arguments, got ",
                     req.arguments.size(), "."),
        std::nullopt};
    return resp;
  }
  std::vector<cty::Value> args;
  bool any_unknown = false;
  for (size_t i = 0; i < req.arguments.size(); ++i) {
    const FunctionParameter& p = i < fixed ? def.parameters[i] : *def.variadic_parameter;
    const cty::Value& a = req.arguments[i];
    if (a.is_known() && a.is_null() && !p.allow_null_value) {
      resp.error = FunctionError{absl::StrCat("Argument \"", p.name, "\" must not be null."),
                                 static_cast<int64_t>(i)};
      return resp;
    }
    if (!a.IsWhollyKnown() && !p.allow_unknown_values) any_unknown = true;
    absl::StatusOr<cty::Value> converted = cty::Convert(a, p.type);
    if (!converted.ok()) {
      resp.error = FunctionError{absl::StrCat("Argument \"", p.name, "\" must be ",
                                              p.type.FriendlyName(), ": ",
                                              converted.status().message()),
                                 static_cast<int64_t>(i)};
      return resp;
    }
    args.push_back(*std::move(converted));
  }
  if (any_unknown) {
    resp.result = cty::Value::Unknown(def.return_type);
    return resp;
  }
  std::unique_ptr<Function> f = it->second->factory();
  FunctionRunResponse fresp;
  fresp.result = cty::Value::Null(def.return_type);
  f->Run(NewContext(), FunctionRunRequest{std::move(args)}, &fresp);
  if (fresp.error.has_value()) {
    resp.error = fresp.error;
    return resp;
  }
  if (!def.return_type.is_dynamic() && fresp.result.type() != def.return_type) {
    absl::StatusOr<cty::Value> converted = cty::Convert(fresp.result, def.return_type);
    if (!converted.ok()) {
      resp.error = FunctionError{absl::StrCat("Function \"", req.name,
                                              "\" returned a value of the wrong type. This is a "
                                              "bug in the provider."),
                                 std::nullopt};
      return resp;
    }
    fresp.result = *converted;
  }
  resp.result = fresp.result;
  return resp;
}

StopProviderResponse Server::StopProvider() {
  log::Info(kLogModule, "StopProvider: cancelling in-flight operations");
  cancel_.Cancel();
  return {};
}

}  // namespace azbatch::framework
