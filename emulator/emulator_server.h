// Wires the emulator state, router and HTTP server together; used by main()
// and by the in-process integration tests.
#ifndef AZBATCH_EMULATOR_EMULATOR_SERVER_H_
#define AZBATCH_EMULATOR_EMULATOR_SERVER_H_

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "emulator/http_server.h"
#include "emulator/router.h"
#include "emulator/state.h"

namespace azbatch::emulator {

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 0;
  bool tls = false;
  double time_scale = 60;
  std::string state_file;
  // Official spec files; empty means the default next to the repository.
  std::string specs_dir;
  bool validate_bodies = true;
};

std::string DefaultSpecsDir();

class EmulatorServer {
 public:
  EmulatorServer();
  ~EmulatorServer();
  absl::Status Start(const ServerOptions& options);
  void Stop();
  const std::string& base_url() const { return base_url_; }
  int port() const { return port_; }
  Emulator& emulator() { return *emu_; }
  const TlsMaterial& tls() const { return tls_; }

 private:
  std::unique_ptr<Emulator> emu_;
  std::unique_ptr<Router> router_;
  std::unique_ptr<HttpServer> http_;
  TlsMaterial tls_;
  std::string base_url_;
  int port_ = 0;
};

}  // namespace azbatch::emulator

#endif  // AZBATCH_EMULATOR_EMULATOR_SERVER_H_
