// The tfplugin6 RPCs for protocol features this provider does not offer:
// each answers at once with an empty result and one "not supported" error
// diagnostic (streams send that diagnostic as their only message).
#include "provider/plugin/provider_server.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "provider/plugin/convert.h"

namespace azbatch::plugin {

namespace {

using Diags = google::protobuf::RepeatedPtrField<tfplugin6::Diagnostic>;

void NotSupportedDiag(Diags* out, const std::string& feature, const std::string& type_name) {
  std::string detail = absl::StrCat("This provider does not support ", feature, ".");
  if (!type_name.empty()) {
    detail = absl::StrCat("This provider does not support ", feature, " (requested type \"",
                          type_name, "\").");
  }
  AddErrorDiagnostic(out, absl::StrCat(feature, " not supported by this provider"), detail);
}

}  // namespace

// ---- Managed-resource features not offered ------------------------------------

grpc::Status ProviderServer::UpgradeResourceIdentity(
    Ctx*, const tfplugin6::UpgradeResourceIdentity::Request* req,
    tfplugin6::UpgradeResourceIdentity::Response* resp) {
  NotSupportedDiag(resp->mutable_diagnostics(), "Resource identity", req->type_name());
  return grpc::Status::OK;
}

grpc::Status ProviderServer::MoveResourceState(Ctx*,
                                               const tfplugin6::MoveResourceState::Request* req,
                                               tfplugin6::MoveResourceState::Response* resp) {
  AddErrorDiagnostic(
      resp->mutable_diagnostics(), "Move resource state not supported by this provider",
      absl::StrCat("This provider cannot move state from \"", req->source_type_name(), "\" (",
                   req->source_provider_address(), ") to \"", req->target_type_name(),
                   "\". Remove the moved block and import the object instead."));
  return grpc::Status::OK;
}

grpc::Status ProviderServer::GenerateResourceConfig(
    Ctx*, const tfplugin6::GenerateResourceConfig::Request* req,
    tfplugin6::GenerateResourceConfig::Response* resp) {
  NotSupportedDiag(resp->mutable_diagnostics(), "Resource configuration generation",
                   req->type_name());
  return grpc::Status::OK;
}

// ---- Protocol features not offered --------------------------------------------

grpc::Status ProviderServer::ValidateEphemeralResourceConfig(
    Ctx*, const tfplugin6::ValidateEphemeralResourceConfig::Request* req,
    tfplugin6::ValidateEphemeralResourceConfig::Response* resp) {
  NotSupportedDiag(resp->mutable_diagnostics(), "Ephemeral resources", req->type_name());
  return grpc::Status::OK;
}

grpc::Status ProviderServer::OpenEphemeralResource(
    Ctx*, const tfplugin6::OpenEphemeralResource::Request* req,
    tfplugin6::OpenEphemeralResource::Response* resp) {
  NotSupportedDiag(resp->mutable_diagnostics(), "Ephemeral resources", req->type_name());
  return grpc::Status::OK;
}

grpc::Status ProviderServer::RenewEphemeralResource(
    Ctx*, const tfplugin6::RenewEphemeralResource::Request* req,
    tfplugin6::RenewEphemeralResource::Response* resp) {
  NotSupportedDiag(resp->mutable_diagnostics(), "Ephemeral resources", req->type_name());
  return grpc::Status::OK;
}

grpc::Status ProviderServer::CloseEphemeralResource(
    Ctx*, const tfplugin6::CloseEphemeralResource::Request* req,
    tfplugin6::CloseEphemeralResource::Response* resp) {
  NotSupportedDiag(resp->mutable_diagnostics(), "Ephemeral resources", req->type_name());
  return grpc::Status::OK;
}

grpc::Status ProviderServer::ListResource(
    Ctx*, const tfplugin6::ListResource::Request* req,
    grpc::ServerWriter<tfplugin6::ListResource::Event>* writer) {
  tfplugin6::ListResource::Event event;
  NotSupportedDiag(event.mutable_diagnostic(), "List resources", req->type_name());
  writer->Write(event);
  return grpc::Status::OK;
}

grpc::Status ProviderServer::ValidateListResourceConfig(
    Ctx*, const tfplugin6::ValidateListResourceConfig::Request* req,
    tfplugin6::ValidateListResourceConfig::Response* resp) {
  NotSupportedDiag(resp->mutable_diagnostics(), "List resources", req->type_name());
  return grpc::Status::OK;
}

grpc::Status ProviderServer::ValidateStateStoreConfig(
    Ctx*, const tfplugin6::ValidateStateStore::Request* req,
    tfplugin6::ValidateStateStore::Response* resp) {
  NotSupportedDiag(resp->mutable_diagnostics(), "State stores", req->type_name());
  return grpc::Status::OK;
}

grpc::Status ProviderServer::ConfigureStateStore(
    Ctx*, const tfplugin6::ConfigureStateStore::Request* req,
    tfplugin6::ConfigureStateStore::Response* resp) {
  NotSupportedDiag(resp->mutable_diagnostics(), "State stores", req->type_name());
  return grpc::Status::OK;
}

grpc::Status ProviderServer::ReadStateBytes(
    Ctx*, const tfplugin6::ReadStateBytes::Request* req,
    grpc::ServerWriter<tfplugin6::ReadStateBytes::Response>* writer) {
  tfplugin6::ReadStateBytes::Response chunk;
  NotSupportedDiag(chunk.mutable_diagnostics(), "State stores", req->type_name());
  writer->Write(chunk);
  return grpc::Status::OK;
}

grpc::Status ProviderServer::WriteStateBytes(
    Ctx*, grpc::ServerReader<tfplugin6::WriteStateBytes::RequestChunk>* reader,
    tfplugin6::WriteStateBytes::Response* resp) {
  tfplugin6::WriteStateBytes::RequestChunk chunk;
  std::string type_name;
  while (reader->Read(&chunk)) {
    if (chunk.has_meta() && type_name.empty()) type_name = chunk.meta().type_name();
  }
  NotSupportedDiag(resp->mutable_diagnostics(), "State stores", type_name);
  return grpc::Status::OK;
}

grpc::Status ProviderServer::LockState(Ctx*, const tfplugin6::LockState::Request* req,
                                       tfplugin6::LockState::Response* resp) {
  NotSupportedDiag(resp->mutable_diagnostics(), "State stores", req->type_name());
  return grpc::Status::OK;
}

grpc::Status ProviderServer::UnlockState(Ctx*, const tfplugin6::UnlockState::Request* req,
                                         tfplugin6::UnlockState::Response* resp) {
  NotSupportedDiag(resp->mutable_diagnostics(), "State stores", req->type_name());
  return grpc::Status::OK;
}

grpc::Status ProviderServer::GetStates(Ctx*, const tfplugin6::GetStates::Request* req,
                                       tfplugin6::GetStates::Response* resp) {
  NotSupportedDiag(resp->mutable_diagnostics(), "State stores", req->type_name());
  return grpc::Status::OK;
}

grpc::Status ProviderServer::DeleteState(Ctx*, const tfplugin6::DeleteState::Request* req,
                                         tfplugin6::DeleteState::Response* resp) {
  NotSupportedDiag(resp->mutable_diagnostics(), "State stores", req->type_name());
  return grpc::Status::OK;
}

grpc::Status ProviderServer::PlanAction(Ctx*, const tfplugin6::PlanAction::Request* req,
                                        tfplugin6::PlanAction::Response* resp) {
  NotSupportedDiag(resp->mutable_diagnostics(), "Actions", req->action_type());
  return grpc::Status::OK;
}

grpc::Status ProviderServer::InvokeAction(
    Ctx*, const tfplugin6::InvokeAction::Request* req,
    grpc::ServerWriter<tfplugin6::InvokeAction::Event>* writer) {
  tfplugin6::InvokeAction::Event event;
  NotSupportedDiag(event.mutable_completed()->mutable_diagnostics(), "Actions",
                   req->action_type());
  writer->Write(event);
  return grpc::Status::OK;
}

grpc::Status ProviderServer::ValidateActionConfig(
    Ctx*, const tfplugin6::ValidateActionConfig::Request* req,
    tfplugin6::ValidateActionConfig::Response* resp) {
  NotSupportedDiag(resp->mutable_diagnostics(), "Actions", req->type_name());
  return grpc::Status::OK;
}

}  // namespace azbatch::plugin
