// go-plugin host for the provider binary: checks the environment core sets,
// serves tfplugin6 over gRPC on a private unix socket (with AutoMTLS when
// requested), prints the handshake line and runs until told to stop.
#ifndef AZBATCH_PROVIDER_PLUGIN_HOST_H_
#define AZBATCH_PROVIDER_PLUGIN_HOST_H_

#include <functional>
#include <string>

#include <grpcpp/grpcpp.h>

namespace azbatch::plugin {

struct HostOptions {
  std::string provider_address;  // e.g. "registry.opentofu.org/azbatch/azbatch" (printed in --debug)
  std::string version;           // printed by --version
};

// Parses argv (--debug, --version, --help), runs the go-plugin host with
// `provider_service` registered, blocks until shut down, and returns the
// process exit code.
// `on_stop` is called when the host is shutting down (to cancel in-flight work).
//
// Stops on: plugin.GRPCController.Shutdown, SIGTERM, the parent process going
// away, and (in --debug only) SIGINT. SIGINT is otherwise ignored, as core
// forwards Ctrl-C through StopProvider instead. If in-flight calls are still
// running about 1.2 s after shutdown began, the process exits directly so
// that core never has to kill it.
int RunHost(int argc, char** argv, grpc::Service* provider_service, const HostOptions& options,
            std::function<void()> on_stop = nullptr);

}  // namespace azbatch::plugin

#endif  // AZBATCH_PROVIDER_PLUGIN_HOST_H_
