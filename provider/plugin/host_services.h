// The go-plugin side services a plugin process serves next to
// tfplugin6.Provider: GRPCController (shutdown), GRPCStdio and GRPCBroker.
// Internal to the host; exposed in a header for tests.
#ifndef AZBATCH_PROVIDER_PLUGIN_HOST_SERVICES_H_
#define AZBATCH_PROVIDER_PLUGIN_HOST_SERVICES_H_

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <set>
#include <string>

#include <grpcpp/grpcpp.h>

#include "proto/grpc_broker.grpc.pb.h"
#include "proto/grpc_controller.grpc.pb.h"
#include "proto/grpc_stdio.grpc.pb.h"

namespace azbatch::plugin {

// One-shot event: the first Trigger() wins and wakes every waiter.
class ShutdownLatch {
 public:
  // Returns true if this call triggered the latch.
  bool Trigger(const std::string& reason);
  bool triggered() const;
  std::string reason() const;
  void Wait() const;
  // Waits at most `timeout`; returns triggered().
  bool WaitFor(std::chrono::milliseconds timeout) const;

 private:
  mutable std::mutex mu_;
  mutable std::condition_variable cv_;
  bool triggered_ = false;
  std::string reason_;
};

// plugin.GRPCController: Shutdown only records the request; the host's main
// thread stops the server (doing it here would wait for this very call).
class ControllerService final : public ::plugin::GRPCController::Service {
 public:
  explicit ControllerService(ShutdownLatch* latch) : latch_(latch) {}
  grpc::Status Shutdown(grpc::ServerContext* context, const ::plugin::Empty* request,
                        ::plugin::Empty* response) override;

 private:
  ShutdownLatch* latch_;
};

// plugin.GRPCStdio: we never forward output through it (logs go to stderr
// directly), so the stream stays open and empty until shutdown or until the
// client goes away.
class StdioService final : public ::plugin::GRPCStdio::Service {
 public:
  explicit StdioService(const ShutdownLatch* latch) : latch_(latch) {}
  grpc::Status StreamStdio(grpc::ServerContext* context, const google::protobuf::Empty* request,
                           grpc::ServerWriter<::plugin::StdioData>* writer) override;

 private:
  const ShutdownLatch* latch_;
};

// plugin.GRPCBroker: providers open no sub-connections; incoming messages are
// read and dropped until the client closes the stream or CancelAll() runs.
class BrokerService final : public ::plugin::GRPCBroker::Service {
 public:
  grpc::Status StartStream(
      grpc::ServerContext* context,
      grpc::ServerReaderWriter<::plugin::ConnInfo, ::plugin::ConnInfo>* stream) override;
  // Cancels every open stream so that server shutdown need not wait for them.
  void CancelAll();

 private:
  std::mutex mu_;
  bool cancelled_ = false;
  std::set<grpc::ServerContext*> active_;
};

}  // namespace azbatch::plugin

#endif  // AZBATCH_PROVIDER_PLUGIN_HOST_SERVICES_H_
