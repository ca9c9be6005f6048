// Minimal provider binary for the host's end-to-end tests: serves a
// tfplugin6.Provider that answers StopProvider and whose GetMetadata hangs
// (ignoring cancellation) to exercise the host's forced exit.
#include <atomic>
#include <chrono>
#include <cstdio>
#include <thread>

#include <grpcpp/grpcpp.h>

#include "proto/tfplugin6.grpc.pb.h"
#include "provider/plugin/host.h"

namespace {

class TestProvider final : public tfplugin6::Provider::Service {
 public:
  grpc::Status StopProvider(grpc::ServerContext*, const tfplugin6::StopProvider::Request*,
                            tfplugin6::StopProvider::Response* response) override {
    stop_requests.fetch_add(1);
    response->set_error("");
    return grpc::Status::OK;
  }
  grpc::Status GetMetadata(grpc::ServerContext*, const tfplugin6::ProviderMetadata::Request*,
                           tfplugin6::ProviderMetadata::Response*) override {
    std::this_thread::sleep_for(std::chrono::seconds(30));
    return grpc::Status::OK;
  }
  std::atomic<int> stop_requests{0};
};

}  // namespace

int main(int argc, char** argv) {
  TestProvider provider;
  azbatch::plugin::HostOptions options{.provider_address = "registry.opentofu.org/azbatch/test",
                                       .version = "0.0.0-test"};
  // The stop hook writes to stderr only: stdout belongs to the handshake.
  return azbatch::plugin::RunHost(argc, argv, &provider, options, [&provider] {
    std::fprintf(stderr, "testserver: on_stop called (StopProvider calls: %d)\n",
                 provider.stop_requests.load());
  });
}
