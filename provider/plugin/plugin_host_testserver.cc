// Minimal provider binary for the host's end-to-end tests: serves a
// tfplugin6.Provider whose only implemented RPC is StopProvider.
#include <atomic>
#include <cstdio>

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
