// terraform-provider-azbatch: the provider binary Terraform / OpenTofu start.
// It builds the provider (resources, data sources, functions), wraps it in the
// tfplugin6 gRPC service and hands that to the go-plugin host, which performs
// the handshake and serves until core shuts the process down.
#include <memory>
#include <string>
#include <utility>

#include "azbatch/version.h"
#include "provider/plugin/host.h"
#include "provider/plugin/provider_server.h"
#include "resources/registry.h"

namespace {

// The one fully qualified source address of this provider. The explicit
// hostname makes Terraform and OpenTofu resolve it identically (a short
// "azbatch/azbatch" would expand to a different registry in each).
constexpr char kProviderAddress[] = "local.azbatch.dev/azbatch/azbatch";
// project(VERSION) in the top-level CMakeLists.txt, through azbatch/version.h.
constexpr char kProviderVersion[] = AZBATCH_VERSION;

}  // namespace

int main(int argc, char** argv) {
  azbatch::plugin::ProviderServer service(
      azbatch::resources::NewAzbatchProvider(std::string(kProviderVersion)));

  azbatch::plugin::HostOptions options;
  options.provider_address = kProviderAddress;
  options.version = kProviderVersion;
  return azbatch::plugin::RunHost(argc, argv, &service, options, [&service] { service.Stop(); });
}
