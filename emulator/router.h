// Top-level request routing: identity and metadata endpoints, the admin API
// under /_emulator/, and ARM requests (authentication, throttling, faults,
// api-version, request ids, request log, state persistence).
#ifndef AZBATCH_EMULATOR_ROUTER_H_
#define AZBATCH_EMULATOR_ROUTER_H_

#include <string>

#include "emulator/http_message.h"
#include "emulator/state.h"

namespace azbatch::emulator {

class Router {
 public:
  Router(Emulator* emu, std::string scheme) : emu_(emu), scheme_(std::move(scheme)) {}
  HttpResponse Handle(const HttpRequest& req);
  void set_default_host(const std::string& host) { default_host_ = host; }

 private:
  Emulator* emu_;
  std::string scheme_;
  std::string default_host_;
};

// admin.cc
HttpResponse HandleAdmin(Emulator& emu, const HttpRequest& req, const std::string& base_url);

}  // namespace azbatch::emulator

#endif  // AZBATCH_EMULATOR_ROUTER_H_
