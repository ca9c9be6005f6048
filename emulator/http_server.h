// A small HTTP/1.1 server (Boost.Beast, one thread per connection) that hands
// every request to a handler. Chosen over cpprestsdk's listener because it can
// bind port 0 and report the port, drop a connection on purpose (fault
// injection) and serve TLS from an in-memory certificate.
#ifndef AZBATCH_EMULATOR_HTTP_SERVER_H_
#define AZBATCH_EMULATOR_HTTP_SERVER_H_

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>

#include "absl/status/statusor.h"
#include "emulator/http_message.h"

namespace azbatch::emulator {

struct TlsMaterial {
  std::string cert_pem;
  std::string key_pem;
};

class HttpServer {
 public:
  using Handler = std::function<HttpResponse(const HttpRequest&)>;

  explicit HttpServer(Handler handler);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds host:port (port 0 picks a free port) and starts accepting. Only
  // loopback addresses are accepted. Returns the bound port.
  absl::StatusOr<int> Start(const std::string& host, int port, const TlsMaterial* tls);
  // Stops accepting, closes open connections and joins all threads.
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace azbatch::emulator

#endif  // AZBATCH_EMULATOR_HTTP_SERVER_H_
