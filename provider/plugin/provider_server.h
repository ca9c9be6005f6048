// ProviderServer: the tfplugin6.Provider gRPC service. Each RPC decodes its
// request (DynamicValue -> cty with the schema's type), calls the
// transport-agnostic framework::Server and encodes the answer (always msgpack).
// Protocol features this provider does not offer (ephemeral resources, list
// resources, state stores, actions, moves, config generation, identity) get
// an empty answer or a clear "not supported" error diagnostic (those RPCs are
// in provider_server_unsupported.cc).
//
// Strings: every string written into a response is valid UTF-8 (convert.h
// sanitises), and a decoded value holding a string that is not valid UTF-8 is
// answered with an error on that attribute without calling the provider code.
//
// Thread-safe: core calls RPCs concurrently (-parallelism); all shared state
// lives in framework::Server, which is itself thread-safe. No exception ever
// crosses into gRPC: failures become error diagnostics.
#ifndef AZBATCH_PROVIDER_PLUGIN_PROVIDER_SERVER_H_
#define AZBATCH_PROVIDER_PLUGIN_PROVIDER_SERVER_H_

#include <memory>

#include <grpcpp/grpcpp.h>

#include "proto/tfplugin6.grpc.pb.h"
#include "provider/framework/provider.h"
#include "provider/framework/server.h"

namespace azbatch::plugin {

class ProviderServer final : public tfplugin6::Provider::Service {
 public:
  explicit ProviderServer(std::unique_ptr<framework::Provider> provider);
  ~ProviderServer() override;
  ProviderServer(const ProviderServer&) = delete;
  ProviderServer& operator=(const ProviderServer&) = delete;

  // Cancels in-flight work (what StopProvider does); used by the host on shutdown.
  void Stop();

  framework::Server& server() { return *server_; }

  using Ctx = grpc::ServerContext;
  using Status = grpc::Status;

  // ---- Provider-level ----
  Status GetMetadata(Ctx*, const tfplugin6::ProviderMetadata::Request*,
                     tfplugin6::ProviderMetadata::Response*) override;
  Status GetProviderSchema(Ctx*, const tfplugin6::GetProviderSchema::Request*,
                           tfplugin6::GetProviderSchema::Response*) override;
  Status GetResourceIdentitySchemas(Ctx*, const tfplugin6::GetResourceIdentitySchemas::Request*,
                                    tfplugin6::GetResourceIdentitySchemas::Response*) override;
  Status ValidateProviderConfig(Ctx*, const tfplugin6::ValidateProviderConfig::Request*,
                                tfplugin6::ValidateProviderConfig::Response*) override;
  Status ConfigureProvider(Ctx*, const tfplugin6::ConfigureProvider::Request*,
                           tfplugin6::ConfigureProvider::Response*) override;
  Status StopProvider(Ctx*, const tfplugin6::StopProvider::Request*,
                      tfplugin6::StopProvider::Response*) override;

  // ---- Managed resources ----
  Status ValidateResourceConfig(Ctx*, const tfplugin6::ValidateResourceConfig::Request*,
                                tfplugin6::ValidateResourceConfig::Response*) override;
  Status UpgradeResourceState(Ctx*, const tfplugin6::UpgradeResourceState::Request*,
                              tfplugin6::UpgradeResourceState::Response*) override;
  Status UpgradeResourceIdentity(Ctx*, const tfplugin6::UpgradeResourceIdentity::Request*,
                                 tfplugin6::UpgradeResourceIdentity::Response*) override;
  Status ReadResource(Ctx*, const tfplugin6::ReadResource::Request*,
                      tfplugin6::ReadResource::Response*) override;
  Status PlanResourceChange(Ctx*, const tfplugin6::PlanResourceChange::Request*,
                            tfplugin6::PlanResourceChange::Response*) override;
  Status ApplyResourceChange(Ctx*, const tfplugin6::ApplyResourceChange::Request*,
                             tfplugin6::ApplyResourceChange::Response*) override;
  Status ImportResourceState(Ctx*, const tfplugin6::ImportResourceState::Request*,
                             tfplugin6::ImportResourceState::Response*) override;
  Status MoveResourceState(Ctx*, const tfplugin6::MoveResourceState::Request*,
                           tfplugin6::MoveResourceState::Response*) override;
  Status GenerateResourceConfig(Ctx*, const tfplugin6::GenerateResourceConfig::Request*,
                                tfplugin6::GenerateResourceConfig::Response*) override;

  // ---- Data sources ----
  Status ValidateDataResourceConfig(Ctx*, const tfplugin6::ValidateDataResourceConfig::Request*,
                                    tfplugin6::ValidateDataResourceConfig::Response*) override;
  Status ReadDataSource(Ctx*, const tfplugin6::ReadDataSource::Request*,
                        tfplugin6::ReadDataSource::Response*) override;

  // ---- Functions ----
  Status GetFunctions(Ctx*, const tfplugin6::GetFunctions::Request*,
                      tfplugin6::GetFunctions::Response*) override;
  Status CallFunction(Ctx*, const tfplugin6::CallFunction::Request*,
                      tfplugin6::CallFunction::Response*) override;

  // ---- Not offered by this provider ----
  Status ValidateEphemeralResourceConfig(
      Ctx*, const tfplugin6::ValidateEphemeralResourceConfig::Request*,
      tfplugin6::ValidateEphemeralResourceConfig::Response*) override;
  Status OpenEphemeralResource(Ctx*, const tfplugin6::OpenEphemeralResource::Request*,
                               tfplugin6::OpenEphemeralResource::Response*) override;
  Status RenewEphemeralResource(Ctx*, const tfplugin6::RenewEphemeralResource::Request*,
                                tfplugin6::RenewEphemeralResource::Response*) override;
  Status CloseEphemeralResource(Ctx*, const tfplugin6::CloseEphemeralResource::Request*,
                                tfplugin6::CloseEphemeralResource::Response*) override;
  Status ListResource(Ctx*, const tfplugin6::ListResource::Request*,
                      grpc::ServerWriter<tfplugin6::ListResource::Event>*) override;
  Status ValidateListResourceConfig(Ctx*, const tfplugin6::ValidateListResourceConfig::Request*,
                                    tfplugin6::ValidateListResourceConfig::Response*) override;
  Status ValidateStateStoreConfig(Ctx*, const tfplugin6::ValidateStateStore::Request*,
                                  tfplugin6::ValidateStateStore::Response*) override;
  Status ConfigureStateStore(Ctx*, const tfplugin6::ConfigureStateStore::Request*,
                             tfplugin6::ConfigureStateStore::Response*) override;
  Status ReadStateBytes(Ctx*, const tfplugin6::ReadStateBytes::Request*,
                        grpc::ServerWriter<tfplugin6::ReadStateBytes::Response>*) override;
  Status WriteStateBytes(Ctx*, grpc::ServerReader<tfplugin6::WriteStateBytes::RequestChunk>*,
                         tfplugin6::WriteStateBytes::Response*) override;
  Status LockState(Ctx*, const tfplugin6::LockState::Request*,
                   tfplugin6::LockState::Response*) override;
  Status UnlockState(Ctx*, const tfplugin6::UnlockState::Request*,
                     tfplugin6::UnlockState::Response*) override;
  Status GetStates(Ctx*, const tfplugin6::GetStates::Request*,
                   tfplugin6::GetStates::Response*) override;
  Status DeleteState(Ctx*, const tfplugin6::DeleteState::Request*,
                     tfplugin6::DeleteState::Response*) override;
  Status PlanAction(Ctx*, const tfplugin6::PlanAction::Request*,
                    tfplugin6::PlanAction::Response*) override;
  Status InvokeAction(Ctx*, const tfplugin6::InvokeAction::Request*,
                      grpc::ServerWriter<tfplugin6::InvokeAction::Event>*) override;
  Status ValidateActionConfig(Ctx*, const tfplugin6::ValidateActionConfig::Request*,
                              tfplugin6::ValidateActionConfig::Response*) override;

 private:
  std::unique_ptr<framework::Server> server_;
};

}  // namespace azbatch::plugin

#endif  // AZBATCH_PROVIDER_PLUGIN_PROVIDER_SERVER_H_
