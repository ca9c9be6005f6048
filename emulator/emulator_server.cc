#include "emulator/emulator_server.h"

#include "common/log.h"
#include "common/status_macros.h"
#include "emulator/tls.h"

namespace azbatch::emulator {

std::string DefaultSpecsDir() {
#ifdef AZBATCH_DEFAULT_SPECS_DIR
  return AZBATCH_DEFAULT_SPECS_DIR;
#else
  return "../shared/azure-specs";
#endif
}

EmulatorServer::EmulatorServer() : emu_(std::make_unique<Emulator>()) {}

EmulatorServer::~EmulatorServer() { Stop(); }

absl::Status EmulatorServer::Start(const ServerOptions& options) {
  emu_->config.time_scale = options.time_scale;
  emu_->config.validate_bodies = options.validate_bodies;
  emu_->ApplyConfig();
  emu_->state_file = options.state_file;
  RETURN_IF_ERROR(emu_->Load());
  std::string specs = options.specs_dir.empty() ? DefaultSpecsDir() : options.specs_dir;
  absl::Status loaded = emu_->validator.Load(specs);
  if (!loaded.ok()) {
    log::Warn("emulator", "spec files not loaded; request bodies are not validated",
              {{"error", std::string(loaded.message())}});
  }
  if (options.tls) {
    ASSIGN_OR_RETURN(tls_, GenerateLoopbackCertificate());
  }
  std::string scheme = options.tls ? "https" : "http";
  router_ = std::make_unique<Router>(emu_.get(), scheme);
  http_ = std::make_unique<HttpServer>(
      [this](const HttpRequest& req) { return router_->Handle(req); });
  ASSIGN_OR_RETURN(port_, http_->Start(options.host, options.port, options.tls ? &tls_ : nullptr));
  std::string host = options.host == "localhost" ? "127.0.0.1" : options.host;
  if (host.find(':') != std::string::npos) host = "[" + host + "]";
  std::string authority = host + ":" + std::to_string(port_);
  router_->set_default_host(authority);
  base_url_ = scheme + "://" + authority;
  return absl::OkStatus();
}

void EmulatorServer::Stop() {
  if (http_) http_->Stop();
  if (emu_) {
    std::lock_guard<std::mutex> lock(emu_->mu);
    emu_->Save();
  }
}

}  // namespace azbatch::emulator
