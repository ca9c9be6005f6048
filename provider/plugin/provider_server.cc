#include "provider/plugin/provider_server.h"

#include <exception>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/log.h"
#include "common/utf8.h"
#include "provider/cty/utf8_check.h"
#include "provider/plugin/convert.h"

namespace azbatch::plugin {

namespace {

using google::protobuf::RepeatedPtrField;
using Diags = RepeatedPtrField<tfplugin6::Diagnostic>;

constexpr char kModule[] = "plugin";

// Runs `body`; an escaping exception becomes an error diagnostic appended by
// `report` (after the partial response was reset by the caller's lambda).
template <typename Body, typename Report>
grpc::Status Guarded(const char* rpc, Body&& body, Report&& report) {
  std::string what;
  try {
    body();
    return grpc::Status::OK;
  } catch (const std::exception& e) {
    what = e.what();
  } catch (...) {
    what = "unknown exception";
  }
  log::Error(kModule, "internal error while serving RPC", {{"rpc", rpc}, {"error", what}});
  report(absl::StrCat("Internal error in the provider while handling ", rpc, ": ", what,
                      ". This is a bug in the provider; please report it."));
  return grpc::Status::OK;
}

// Guarded() for responses with a `diagnostics` field.
template <typename Resp, typename Body>
grpc::Status GuardedWithDiags(const char* rpc, Resp* resp, Body&& body) {
  return Guarded(rpc, std::forward<Body>(body), [resp](const std::string& detail) {
    resp->Clear();
    AddErrorDiagnostic(resp->mutable_diagnostics(), "Internal provider error", detail);
  });
}

void UnknownTypeDiag(Diags* out, const char* kind, const std::string& type_name) {
  AddErrorDiagnostic(out, absl::StrCat("Unknown ", kind, " type"),
                     absl::StrCat("This provider does not offer a ", kind, " type named \"",
                                  type_name, "\"."));
}

void DecodeErrorDiag(Diags* out, const std::string& what, const absl::Status& status) {
  AddErrorDiagnostic(out, "Invalid value received from Terraform",
                     absl::StrCat("The provider could not decode the ", what, ": ",
                                  status.message()));
}

void EncodeErrorDiag(Diags* out, const std::string& what, const absl::Status& status) {
  AddErrorDiagnostic(out, "Provider produced an unencodable value",
                     absl::StrCat("The provider could not encode the ", what, ": ",
                                  status.message(), ". This is a bug in the provider."));
}

// Decodes `dv` (absent message included) or appends diagnostics; nullopt on
// error. A value holding a string that is not valid UTF-8 is an error on each
// such attribute, and is never handed on.
std::optional<cty::Value> Decode(bool present, const tfplugin6::DynamicValue& dv,
                                 const cty::Type& type, const std::string& what, Diags* diags) {
  if (!present) return cty::Value::Null(type);
  auto v = DecodeDynamicValue(dv, type);
  if (!v.ok()) {
    DecodeErrorDiag(diags, what, v.status());
    return std::nullopt;
  }
  std::vector<cty::InvalidUtf8> invalid = cty::FindInvalidUtf8(*v);
  if (!invalid.empty()) {
    InvalidUtf8ToProto(invalid, &type, what, diags);
    return std::nullopt;
  }
  return *std::move(v);
}

bool Encode(const cty::Value& v, const cty::Type& type, const std::string& what,
            tfplugin6::DynamicValue* out, Diags* diags) {
  absl::Status s = EncodeDynamicValue(v, type, out);
  if (!s.ok()) {
    EncodeErrorDiag(diags, what, s);
    return false;
  }
  return true;
}

}  // namespace

ProviderServer::ProviderServer(std::unique_ptr<framework::Provider> provider)
    : server_(std::make_unique<framework::Server>(std::move(provider))) {}

ProviderServer::~ProviderServer() = default;

void ProviderServer::Stop() { server_->StopProvider(); }

// ---- Provider-level ---------------------------------------------------------

grpc::Status ProviderServer::GetMetadata(Ctx*, const tfplugin6::ProviderMetadata::Request*,
                                         tfplugin6::ProviderMetadata::Response* resp) {
  return GuardedWithDiags("GetMetadata", resp, [&] {
    framework::ServerCapabilities caps;
    ServerCapabilitiesToProto(caps, resp->mutable_server_capabilities());
    const framework::Provider& p = server_->provider();
    // Registered names are the provider's own; sanitised like every other string.
    for (const auto& [name, factory] : p.resources()) {
      resp->add_resources()->set_type_name(utf8::SanitizeUtf8(name));
    }
    for (const auto& [name, factory] : p.data_sources()) {
      resp->add_data_sources()->set_type_name(utf8::SanitizeUtf8(name));
    }
    for (const auto& [name, factory] : p.functions()) {
      resp->add_functions()->set_name(utf8::SanitizeUtf8(name));
    }
  });
}

grpc::Status ProviderServer::GetProviderSchema(Ctx*, const tfplugin6::GetProviderSchema::Request*,
                                               tfplugin6::GetProviderSchema::Response* resp) {
  grpc::Status status = GuardedWithDiags("GetProviderSchema", resp, [&] {
    framework::GetProviderSchemaResponse r = server_->GetProviderSchema();
    SchemaToProto(r.provider, resp->mutable_provider());
    for (const auto& [name, schema] : r.resource_schemas) {
      SchemaToProto(schema, &(*resp->mutable_resource_schemas())[utf8::SanitizeUtf8(name)]);
    }
    for (const auto& [name, schema] : r.data_source_schemas) {
      SchemaToProto(schema, &(*resp->mutable_data_source_schemas())[utf8::SanitizeUtf8(name)]);
    }
    for (const auto& [name, fn] : r.functions) {
      FunctionToProto(fn, &(*resp->mutable_functions())[utf8::SanitizeUtf8(name)]);
    }
    ServerCapabilitiesToProto(r.server_capabilities, resp->mutable_server_capabilities());
    DiagnosticsToProto(r.diagnostics, nullptr, resp->mutable_diagnostics());
  });
  // Core dereferences the provider schema and its block unconditionally.
  resp->mutable_provider()->mutable_block();
  return status;
}

grpc::Status ProviderServer::GetResourceIdentitySchemas(
    Ctx*, const tfplugin6::GetResourceIdentitySchemas::Request*,
    tfplugin6::GetResourceIdentitySchemas::Response*) {
  // No resource of this provider declares an identity: an empty map.
  return grpc::Status::OK;
}

grpc::Status ProviderServer::ValidateProviderConfig(
    Ctx*, const tfplugin6::ValidateProviderConfig::Request* req,
    tfplugin6::ValidateProviderConfig::Response* resp) {
  return GuardedWithDiags("ValidateProviderConfig", resp, [&] {
    const cty::Type type = server_->ProviderConfigType();
    auto config = Decode(req->has_config(), req->config(), type, "provider configuration",
                         resp->mutable_diagnostics());
    if (!config) return;
    framework::ValidateProviderConfigRequest r;
    r.config = *std::move(config);
    auto out = server_->ValidateProviderConfig(r);
    DiagnosticsToProto(out.diagnostics, &type, resp->mutable_diagnostics());
  });
}

grpc::Status ProviderServer::ConfigureProvider(Ctx*,
                                               const tfplugin6::ConfigureProvider::Request* req,
                                               tfplugin6::ConfigureProvider::Response* resp) {
  return GuardedWithDiags("ConfigureProvider", resp, [&] {
    const cty::Type type = server_->ProviderConfigType();
    auto config = Decode(req->has_config(), req->config(), type, "provider configuration",
                         resp->mutable_diagnostics());
    if (!config) return;
    framework::ConfigureProviderRequest r;
    r.terraform_version = req->terraform_version();
    r.config = *std::move(config);
    r.client_capabilities = ClientCapabilitiesFromProto(req->client_capabilities());
    auto out = server_->ConfigureProvider(r);
    DiagnosticsToProto(out.diagnostics, &type, resp->mutable_diagnostics());
  });
}

grpc::Status ProviderServer::StopProvider(Ctx*, const tfplugin6::StopProvider::Request*,
                                          tfplugin6::StopProvider::Response* resp) {
  return Guarded(
      "StopProvider", [&] { resp->set_error(utf8::SanitizeUtf8(server_->StopProvider().error)); },
      [resp](const std::string& detail) { resp->set_error(utf8::SanitizeUtf8(detail)); });
}

// ---- Managed resources ------------------------------------------------------

grpc::Status ProviderServer::ValidateResourceConfig(
    Ctx*, const tfplugin6::ValidateResourceConfig::Request* req,
    tfplugin6::ValidateResourceConfig::Response* resp) {
  return GuardedWithDiags("ValidateResourceConfig", resp, [&] {
    auto type = server_->ResourceType(req->type_name());
    if (!type) return UnknownTypeDiag(resp->mutable_diagnostics(), "resource", req->type_name());
    auto config = Decode(req->has_config(), req->config(), *type, "resource configuration",
                         resp->mutable_diagnostics());
    if (!config) return;
    framework::ValidateResourceConfigRequest r;
    r.type_name = req->type_name();
    r.config = *std::move(config);
    r.client_capabilities = ClientCapabilitiesFromProto(req->client_capabilities());
    auto out = server_->ValidateResourceConfig(r);
    DiagnosticsToProto(out.diagnostics, &*type, resp->mutable_diagnostics());
  });
}

grpc::Status ProviderServer::UpgradeResourceState(
    Ctx*, const tfplugin6::UpgradeResourceState::Request* req,
    tfplugin6::UpgradeResourceState::Response* resp) {
  return GuardedWithDiags("UpgradeResourceState", resp, [&] {
    Diags* diags = resp->mutable_diagnostics();
    auto type = server_->ResourceType(req->type_name());
    if (!type) return UnknownTypeDiag(diags, "resource", req->type_name());
    if (req->raw_state().json().empty() && !req->raw_state().flatmap().empty()) {
      AddErrorDiagnostic(diags, "Unsupported state format",
                         absl::StrCat("The stored state of ", req->type_name(),
                                      " uses the legacy flatmap format (written before "
                                      "Terraform 0.12), which this provider cannot read."));
      return;
    }
    // Checked against the current type; an older layout still gets best-effort paths.
    auto invalid = cty::FindInvalidUtf8InJson(req->raw_state().json(), *type);
    if (!invalid.ok()) return DecodeErrorDiag(diags, "stored state", invalid.status());
    if (!invalid->empty()) return InvalidUtf8ToProto(*invalid, &*type, "stored state", diags);
    framework::UpgradeResourceStateRequest r;
    r.type_name = req->type_name();
    r.version = req->version();
    r.raw_state_json = req->raw_state().json();
    auto out = server_->UpgradeResourceState(r);
    DiagnosticsToProto(out.diagnostics, &*type, diags);
    if (out.diagnostics.HasError()) return;
    if (!out.upgraded_state.IsWhollyKnown()) {
      AddErrorDiagnostic(diags, "Provider produced an invalid upgraded state",
                         absl::StrCat("The upgraded state of ", req->type_name(),
                                      " contains unknown values. This is a bug in the provider."));
      return;
    }
    Encode(out.upgraded_state, *type, "upgraded state", resp->mutable_upgraded_state(), diags);
  });
}

grpc::Status ProviderServer::ReadResource(Ctx*, const tfplugin6::ReadResource::Request* req,
                                          tfplugin6::ReadResource::Response* resp) {
  return GuardedWithDiags("ReadResource", resp, [&] {
    Diags* diags = resp->mutable_diagnostics();
    // Until told otherwise, keep the stored private data (core replaces it with ours).
    resp->set_private_(req->private_());
    auto type = server_->ResourceType(req->type_name());
    if (!type) return UnknownTypeDiag(diags, "resource", req->type_name());
    auto current = Decode(req->has_current_state(), req->current_state(), *type, "current state",
                          diags);
    if (!current) return;
    framework::ReadResourceRequest r;
    r.type_name = req->type_name();
    r.current_state = *std::move(current);
    r.private_state = req->private_();
    r.client_capabilities = ClientCapabilitiesFromProto(req->client_capabilities());
    auto out = server_->ReadResource(r);
    DiagnosticsToProto(out.diagnostics, &*type, diags);
    resp->set_private_(out.private_state);
    // Core ignores the state when there are errors; never send unknowns.
    const cty::Value& state = out.new_state.IsWhollyKnown() ? out.new_state : r.current_state;
    Encode(state, *type, "new state", resp->mutable_new_state(), diags);
  });
}

grpc::Status ProviderServer::PlanResourceChange(Ctx*,
                                                const tfplugin6::PlanResourceChange::Request* req,
                                                tfplugin6::PlanResourceChange::Response* resp) {
  return GuardedWithDiags("PlanResourceChange", resp, [&] {
    Diags* diags = resp->mutable_diagnostics();
    auto type = server_->ResourceType(req->type_name());
    if (!type) return UnknownTypeDiag(diags, "resource", req->type_name());
    // Configuration first: a string in both it and the proposed state is reported once, as
    // part of the configuration.
    auto config = Decode(req->has_config(), req->config(), *type, "configuration", diags);
    auto prior = Decode(req->has_prior_state(), req->prior_state(), *type, "prior state", diags);
    auto proposed = Decode(req->has_proposed_new_state(), req->proposed_new_state(), *type,
                           "proposed new state", diags);
    if (!prior || !proposed || !config) return;
    framework::PlanResourceChangeRequest r;
    r.type_name = req->type_name();
    r.prior_state = *std::move(prior);
    r.proposed_new_state = *std::move(proposed);
    r.config = *std::move(config);
    r.prior_private = req->prior_private();
    r.client_capabilities = ClientCapabilitiesFromProto(req->client_capabilities());
    auto out = server_->PlanResourceChange(r);
    DiagnosticsToProto(out.diagnostics, &*type, diags);
    if (out.diagnostics.HasError()) return;
    if (!Encode(out.planned_state, *type, "planned state", resp->mutable_planned_state(), diags)) {
      return;
    }
    for (const cty::Path& p : out.requires_replace) {
      PathToProto(p, &*type, resp->add_requires_replace());
    }
    resp->set_planned_private(out.planned_private);
  });
}

grpc::Status ProviderServer::ApplyResourceChange(Ctx*,
                                                 const tfplugin6::ApplyResourceChange::Request* req,
                                                 tfplugin6::ApplyResourceChange::Response* resp) {
  return GuardedWithDiags("ApplyResourceChange", resp, [&] {
    Diags* diags = resp->mutable_diagnostics();
    auto type = server_->ResourceType(req->type_name());
    if (!type) return UnknownTypeDiag(diags, "resource", req->type_name());
    auto config = Decode(req->has_config(), req->config(), *type, "configuration", diags);
    auto prior = Decode(req->has_prior_state(), req->prior_state(), *type, "prior state", diags);
    auto planned =
        Decode(req->has_planned_state(), req->planned_state(), *type, "planned state", diags);
    if (!prior || !planned || !config) return;
    framework::ApplyResourceChangeRequest r;
    r.type_name = req->type_name();
    r.prior_state = *std::move(prior);
    r.planned_state = *std::move(planned);
    r.config = *std::move(config);
    r.planned_private = req->planned_private();
    auto out = server_->ApplyResourceChange(r);
    DiagnosticsToProto(out.diagnostics, &*type, diags);
    resp->set_private_(out.private_state);
    // Even with errors, a (partial) new state is returned so core can save what
    // exists; unknowns cannot be encoded meaningfully, so fall back to prior.
    const cty::Value& state = out.new_state.IsWhollyKnown() ? out.new_state : r.prior_state;
    Encode(state, *type, "new state", resp->mutable_new_state(), diags);
  });
}

grpc::Status ProviderServer::ImportResourceState(Ctx*,
                                                 const tfplugin6::ImportResourceState::Request* req,
                                                 tfplugin6::ImportResourceState::Response* resp) {
  return GuardedWithDiags("ImportResourceState", resp, [&] {
    Diags* diags = resp->mutable_diagnostics();
    auto type = server_->ResourceType(req->type_name());
    if (!type) return UnknownTypeDiag(diags, "resource", req->type_name());
    if (!utf8::IsValidUtf8(req->id())) {
      AddErrorDiagnostic(diags, kInvalidUtf8Summary,
                         "The import ID is not valid UTF-8, so the provider did not use it. "
                         "Strings exchanged with a provider must be valid UTF-8 text.");
      return;
    }
    framework::ImportResourceStateRequest r;
    r.type_name = req->type_name();
    r.id = req->id();
    r.client_capabilities = ClientCapabilitiesFromProto(req->client_capabilities());
    auto out = server_->ImportResourceState(r);
    DiagnosticsToProto(out.diagnostics, &*type, diags);
    if (out.diagnostics.HasError()) return;
    for (const framework::ImportedResource& ir : out.imported_resources) {
      const std::string& name = ir.type_name.empty() ? req->type_name() : ir.type_name;
      auto ir_type = server_->ResourceType(name);
      if (!ir_type) return UnknownTypeDiag(diags, "resource", name);
      auto* p = resp->add_imported_resources();
      p->set_type_name(utf8::SanitizeUtf8(name));
      p->set_private_(ir.private_state);
      if (!Encode(ir.state, *ir_type, "imported state", p->mutable_state(), diags)) return;
    }
  });
}

// ---- Data sources -----------------------------------------------------------

grpc::Status ProviderServer::ValidateDataResourceConfig(
    Ctx*, const tfplugin6::ValidateDataResourceConfig::Request* req,
    tfplugin6::ValidateDataResourceConfig::Response* resp) {
  return GuardedWithDiags("ValidateDataResourceConfig", resp, [&] {
    auto type = server_->DataSourceType(req->type_name());
    if (!type) return UnknownTypeDiag(resp->mutable_diagnostics(), "data source", req->type_name());
    auto config = Decode(req->has_config(), req->config(), *type, "data source configuration",
                         resp->mutable_diagnostics());
    if (!config) return;
    framework::ValidateDataSourceConfigRequest r;
    r.type_name = req->type_name();
    r.config = *std::move(config);
    auto out = server_->ValidateDataSourceConfig(r);
    DiagnosticsToProto(out.diagnostics, &*type, resp->mutable_diagnostics());
  });
}

grpc::Status ProviderServer::ReadDataSource(Ctx*, const tfplugin6::ReadDataSource::Request* req,
                                            tfplugin6::ReadDataSource::Response* resp) {
  return GuardedWithDiags("ReadDataSource", resp, [&] {
    Diags* diags = resp->mutable_diagnostics();
    auto type = server_->DataSourceType(req->type_name());
    if (!type) return UnknownTypeDiag(diags, "data source", req->type_name());
    auto config = Decode(req->has_config(), req->config(), *type, "data source configuration",
                         diags);
    if (!config) return;
    framework::ReadDataSourceRequest r;
    r.type_name = req->type_name();
    r.config = *std::move(config);
    r.client_capabilities = ClientCapabilitiesFromProto(req->client_capabilities());
    auto out = server_->ReadDataSource(r);
    DiagnosticsToProto(out.diagnostics, &*type, diags);
    if (out.diagnostics.HasError()) return;
    if (out.state.is_null() || !out.state.IsWhollyKnown()) {
      AddErrorDiagnostic(diags, "Provider produced an invalid data source result",
                         absl::StrCat("The result for ", req->type_name(),
                                      " is null or not wholly known. This is a bug in the "
                                      "provider."));
      return;
    }
    Encode(out.state, *type, "data source state", resp->mutable_state(), diags);
  });
}

// ---- Functions --------------------------------------------------------------

grpc::Status ProviderServer::GetFunctions(Ctx*, const tfplugin6::GetFunctions::Request*,
                                          tfplugin6::GetFunctions::Response* resp) {
  return GuardedWithDiags("GetFunctions", resp, [&] {
    auto out = server_->GetFunctions();
    for (const auto& [name, fn] : out.functions) {
      FunctionToProto(fn, &(*resp->mutable_functions())[utf8::SanitizeUtf8(name)]);
    }
    DiagnosticsToProto(out.diagnostics, nullptr, resp->mutable_diagnostics());
  });
}

grpc::Status ProviderServer::CallFunction(Ctx*, const tfplugin6::CallFunction::Request* req,
                                          tfplugin6::CallFunction::Response* resp) {
  auto fail = [resp](std::string text, std::optional<int64_t> arg) {
    resp->Clear();
    resp->mutable_error()->set_text(utf8::SanitizeUtf8(text));
    if (arg.has_value()) resp->mutable_error()->set_function_argument(*arg);
  };
  return Guarded(
      "CallFunction",
      [&] {
        const framework::FunctionDefinition* def = server_->FindFunction(req->name());
        if (def == nullptr) {
          return fail(absl::StrCat("This provider has no function named \"", req->name(), "\"."),
                      std::nullopt);
        }
        const size_t fixed = def->parameters.size();
        const size_t given = static_cast<size_t>(req->arguments_size());
        if (given < fixed || (given > fixed && !def->variadic_parameter.has_value())) {
          return fail(absl::StrCat("Function \"", req->name(), "\" takes ",
                                   def->variadic_parameter ? "at least " : "", fixed,
                                   " argument(s), but ", given, " were given."),
                      std::nullopt);
        }
        framework::CallFunctionRequest r;
        r.name = req->name();
        for (size_t i = 0; i < given; ++i) {
          const framework::FunctionParameter& param =
              i < fixed ? def->parameters[i] : *def->variadic_parameter;
          auto v = DecodeDynamicValue(req->arguments(static_cast<int>(i)), param.type);
          if (!v.ok()) {
            return fail(absl::StrCat("Invalid value for parameter \"", param.name,
                                     "\": ", v.status().message()),
                        static_cast<int64_t>(i));
          }
          std::vector<cty::InvalidUtf8> invalid = cty::FindInvalidUtf8(*v);
          if (!invalid.empty()) {
            return fail(absl::StrCat("Invalid value for parameter \"", param.name, "\": ",
                                     InvalidUtf8Detail(invalid.front(), "argument")),
                        static_cast<int64_t>(i));
          }
          r.arguments.push_back(*std::move(v));
        }
        auto out = server_->CallFunction(r);
        if (out.error.has_value()) return fail(out.error->text, out.error->function_argument);
        absl::Status s = EncodeDynamicValue(out.result, def->return_type, resp->mutable_result());
        if (!s.ok()) {
          return fail(absl::StrCat("The provider could not encode the result of \"", req->name(),
                                   "\": ", s.message()),
                      std::nullopt);
        }
      },
      [&](const std::string& detail) { fail(detail, std::nullopt); });
}

}  // namespace azbatch::plugin
