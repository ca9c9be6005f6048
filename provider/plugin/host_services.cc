#include "provider/plugin/host_services.h"

#include "common/log.h"

namespace azbatch::plugin {

bool ShutdownLatch::Trigger(const std::string& reason) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (triggered_) return false;
    triggered_ = true;
    reason_ = reason;
  }
  cv_.notify_all();
  return true;
}

bool ShutdownLatch::triggered() const {
  std::lock_guard<std::mutex> lock(mu_);
  return triggered_;
}

std::string ShutdownLatch::reason() const {
  std::lock_guard<std::mutex> lock(mu_);
  return reason_;
}

void ShutdownLatch::Wait() const {
  std::unique_lock<std::mutex> lock(mu_);
  cv_.wait(lock, [this] { return triggered_; });
}

bool ShutdownLatch::WaitFor(std::chrono::milliseconds timeout) const {
  std::unique_lock<std::mutex> lock(mu_);
  return cv_.wait_for(lock, timeout, [this] { return triggered_; });
}

grpc::Status ControllerService::Shutdown(grpc::ServerContext*, const ::plugin::Empty*,
                                         ::plugin::Empty*) {
  log::Debug("plugin", "shutdown requested by the plugin client");
  latch_->Trigger("GRPCController.Shutdown");
  return grpc::Status::OK;
}

grpc::Status StdioService::StreamStdio(grpc::ServerContext* context,
                                       const google::protobuf::Empty*,
                                       grpc::ServerWriter<::plugin::StdioData>*) {
  // Poll for client cancellation too, so an abandoned stream frees its thread.
  while (!latch_->WaitFor(std::chrono::milliseconds(200))) {
    if (context->IsCancelled()) return grpc::Status::CANCELLED;
  }
  return grpc::Status::OK;
}

grpc::Status BrokerService::StartStream(
    grpc::ServerContext* context,
    grpc::ServerReaderWriter<::plugin::ConnInfo, ::plugin::ConnInfo>* stream) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (cancelled_) return grpc::Status(grpc::StatusCode::UNAVAILABLE, "plugin is shutting down");
    active_.insert(context);
  }
  ::plugin::ConnInfo info;
  while (stream->Read(&info)) {
    log::Trace("plugin", "ignoring broker message",
               {{"service_id", std::to_string(info.service_id())}});
  }
  std::lock_guard<std::mutex> lock(mu_);
  active_.erase(context);
  return grpc::Status::OK;
}

void BrokerService::CancelAll() {
  std::lock_guard<std::mutex> lock(mu_);
  cancelled_ = true;
  for (grpc::ServerContext* context : active_) context->TryCancel();
}

}  // namespace azbatch::plugin
