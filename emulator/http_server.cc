#include "emulator/http_server.h"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <condition_variable>

#include "absl/status/status.h"

namespace azbatch::emulator {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

struct HttpServer::Impl {
  Handler handler;
  asio::io_context ioc{1};
  std::unique_ptr<tcp::acceptor> acceptor;
  std::unique_ptr<asio::ssl::context> ssl;
  std::thread accept_thread;
  std::atomic<bool> stopping{false};
  std::mutex mu;
  std::condition_variable cv;
  std::set<tcp::socket*> sockets;
  int active = 0;

  void AcceptLoop();
  void Session(tcp::socket socket);
  template <class Stream>
  void Serve(Stream& stream, bool tls);
};

HttpServer::HttpServer(Handler handler) : impl_(std::make_unique<Impl>()) {
  impl_->handler = std::move(handler);
}

HttpServer::~HttpServer() { Stop(); }

absl::StatusOr<int> HttpServer::Start(const std::string& host, int port,
                                      const TlsMaterial* tls) {
  boost::system::error_code ec;
  auto address = asio::ip::make_address(host == "localhost" ? "127.0.0.1" : host, ec);
  if (ec) return absl::InvalidArgumentError("bad host address: " + host);
  if (!address.is_loopback()) {
    return absl::InvalidArgumentError("refusing to listen on a non-loopback address: " + host);
  }
  if (tls != nullptr) {
    impl_->ssl = std::make_unique<asio::ssl::context>(asio::ssl::context::tls_server);
    impl_->ssl->use_certificate_chain(asio::buffer(tls->cert_pem), ec);
    if (!ec) impl_->ssl->use_private_key(asio::buffer(tls->key_pem), asio::ssl::context::pem, ec);
    if (ec) return absl::InternalError("TLS setup failed: " + ec.message());
  }
  auto acceptor = std::make_unique<tcp::acceptor>(impl_->ioc);
  tcp::endpoint endpoint(address, static_cast<unsigned short>(port));
  acceptor->open(endpoint.protocol(), ec);
  if (!ec) acceptor->set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor->bind(endpoint, ec);
  if (!ec) acceptor->listen(asio::socket_base::max_listen_connections, ec);
  if (ec) return absl::UnavailableError("listen failed: " + ec.message());
  int bound = acceptor->local_endpoint().port();
  impl_->acceptor = std::move(acceptor);
  impl_->accept_thread = std::thread([this] { impl_->AcceptLoop(); });
  return bound;
}

void HttpServer::Stop() {
  if (!impl_ || !impl_->acceptor || impl_->stopping.exchange(true)) return;
  boost::system::error_code ec;
  // Unblock accept(): shut the listening socket down, then join.
  ::shutdown(impl_->acceptor->native_handle(), SHUT_RDWR);
  impl_->acceptor->close(ec);
  if (impl_->accept_thread.joinable()) impl_->accept_thread.join();
  std::unique_lock<std::mutex> lock(impl_->mu);
  for (tcp::socket* s : impl_->sockets) s->shutdown(tcp::socket::shutdown_both, ec);
  impl_->cv.wait(lock, [this] { return impl_->active == 0; });
}

void HttpServer::Impl::AcceptLoop() {
  while (!stopping) {
    boost::system::error_code ec;
    tcp::socket socket(ioc);
    acceptor->accept(socket, ec);
    if (ec) {
      if (stopping) return;
      continue;
    }
    socket.set_option(tcp::no_delay(true), ec);
    std::lock_guard<std::mutex> lock(mu);
    ++active;
    std::thread([this, s = std::move(socket)]() mutable { Session(std::move(s)); }).detach();
  }
}

void HttpServer::Impl::Session(tcp::socket socket) {
  std::unique_ptr<asio::ssl::stream<tcp::socket>> tls_stream;
  tcp::socket* raw = &socket;
  if (ssl) {
    tls_stream = std::make_unique<asio::ssl::stream<tcp::socket>>(std::move(socket), *ssl);
    raw = &tls_stream->next_layer();
  }
  bool run = true;
  {
    std::lock_guard<std::mutex> lock(mu);
    sockets.insert(raw);
    run = !stopping;
  }
  boost::system::error_code ec;
  if (run && tls_stream) {
    tls_stream->handshake(asio::ssl::stream_base::server, ec);
    if (!ec) Serve(*tls_stream, true);
  } else if (run) {
    Serve(*raw, false);
  }
  raw->shutdown(tcp::socket::shutdown_both, ec);
  raw->close(ec);
  std::lock_guard<std::mutex> lock(mu);
  sockets.erase(raw);
  --active;
  cv.notify_all();
}

template <class Stream>
void HttpServer::Impl::Serve(Stream& stream, bool tls) {
  beast::flat_buffer buffer;
  for (;;) {
    http::request_parser<http::string_body> parser;
    parser.body_limit(64 * 1024 * 1024);
    boost::system::error_code ec;
    http::read_header(stream, buffer, parser, ec);
    if (ec) return;
    // Clients such as curl wait for "100 Continue" before sending larger bodies.
    if (beast::iequals(parser.get()[http::field::expect], "100-continue")) {
      http::response<http::empty_body> cont{http::status::continue_, parser.get().version()};
      http::write(stream, cont, ec);
      if (ec) return;
    }
    if (!parser.is_done()) http::read(stream, buffer, parser, ec);
    if (ec) return;
    auto& req = parser.get();
    HttpRequest in;
    in.method = std::string(req.method_string());
    in.target = std::string(req.target());
    in.tls = tls;
    ParseTarget(in.target, &in.path, &in.query);
    for (const auto& field : req) {
      in.headers[ToLower(std::string(field.name_string()))] = std::string(field.value());
    }
    in.body = std::move(req.body());
    bool keep_alive = req.keep_alive();
    unsigned version = req.version();
    HttpResponse out;
    try {
      out = handler(in);
    } catch (const std::exception& e) {
      out = ArmError(500, "InternalServerError", std::string("emulator error: ") + e.what());
    }
    if (out.drop_connection) return;
    http::response<http::string_body> res{static_cast<http::status>(out.status), version};
    for (const auto& [k, v] : out.headers) res.set(k, v);
    res.keep_alive(keep_alive);
    if (in.method == "HEAD") {
      res.content_length(0);
    } else {
      res.body() = std::move(out.body);
      res.prepare_payload();
    }
    http::write(stream, res, ec);
    if (ec || !keep_alive || stopping) return;
  }
}

}  // namespace azbatch::emulator
