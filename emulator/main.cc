// arm-emulator: a local Azure Resource Manager emulator.
//   arm-emulator --port 0 [--host 127.0.0.1] [--ready-file F] [--tls]
//                [--tls-cert-file F] [--time-scale X] [--state-file F]
//                [--specs-dir D] [--no-validate]
#include <signal.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>

#include "common/log.h"
#include "emulator/emulator_server.h"

namespace {

bool WriteAtomically(const std::string& path, const std::string& content) {
  std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << content;
    if (!out) return false;
  }
  return std::rename(tmp.c_str(), path.c_str()) == 0;
}

int Usage(const char* msg) {
  std::cerr << "arm-emulator: " << msg << "\n"
            << "usage: arm-emulator --port N [--host 127.0.0.1] [--ready-file F] [--tls]\n"
            << "       [--tls-cert-file F] [--time-scale X] [--state-file F] [--specs-dir D]\n"
            << "       [--no-validate]\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  using azbatch::emulator::EmulatorServer;
  using azbatch::emulator::ServerOptions;
  azbatch::log::InitFromEnvironment();
  ServerOptions options;
  std::string ready_file, cert_file;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    auto value = [&](std::string* out) {
      if (i + 1 >= argc) return false;
      *out = argv[++i];
      return true;
    };
    std::string v;
    if (arg == "--port" && value(&v)) {
      options.port = std::atoi(v.c_str());
    } else if (arg == "--host" && value(&v)) {
      options.host = v;
    } else if (arg == "--ready-file" && value(&v)) {
      ready_file = v;
    } else if (arg == "--tls") {
      options.tls = true;
    } else if (arg == "--tls-cert-file" && value(&v)) {
      cert_file = v;
    } else if (arg == "--time-scale" && value(&v)) {
      options.time_scale = std::atof(v.c_str());
      if (options.time_scale <= 0) return Usage("--time-scale must be > 0");
    } else if (arg == "--state-file" && value(&v)) {
      options.state_file = v;
    } else if (arg == "--specs-dir" && value(&v)) {
      options.specs_dir = v;
    } else if (arg == "--no-validate") {
      options.validate_bodies = false;
    } else {
      return Usage(("unknown or incomplete argument: " + arg).c_str());
    }
  }
  // Block termination signals before any thread starts; the main thread waits for them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  signal(SIGPIPE, SIG_IGN);

  EmulatorServer server;
  absl::Status started = server.Start(options);
  if (!started.ok()) {
    std::cerr << "arm-emulator: " << started.message() << "\n";
    return 1;
  }
  if (options.tls && !cert_file.empty() && !WriteAtomically(cert_file, server.tls().cert_pem)) {
    std::cerr << "arm-emulator: cannot write " << cert_file << "\n";
    return 1;
  }
  if (!ready_file.empty() && !WriteAtomically(ready_file, server.base_url() + "\n")) {
    std::cerr << "arm-emulator: cannot write " << ready_file << "\n";
    return 1;
  }
  std::cout << "arm-emulator listening on " << server.base_url() << std::endl;
  azbatch::log::Info("emulator", "listening", {{"url", server.base_url()}});
  int sig = 0;
  sigwait(&signals, &sig);
  azbatch::log::Info("emulator", "shutting down", {{"signal", std::to_string(sig)}});
  server.Stop();
  return 0;
}
