// Transport over cpprestsdk. Exceptions stop here and become absl::Status.
#ifndef AZBATCH_PROVIDER_AZURE_CPPREST_TRANSPORT_H_
#define AZBATCH_PROVIDER_AZURE_CPPREST_TRANSPORT_H_

#include <memory>
#include <string>

#include "absl/time/time.h"
#include "provider/azure/http.h"

namespace azbatch::azure {

struct CpprestTransportOptions {
  // Socket-level timeout for one request (the Context deadline also applies).
  absl::Duration request_timeout = absl::Seconds(120);
};

// TLS certificates are always verified; plain http is only allowed to
// loopback hosts (and the instance metadata service), see CheckUrlAllowed.
// Errors, by what a retry can do about them:
//   InvalidArgument     the URL is not a valid URI (never sent);
//   FailedPrecondition  TLS: certificate verification failed ("TLS certificate
//                       verification failed for host ..."), or the handshake
//                       was refused (protocol, cipher, a refused client
//                       certificate); also plain http to a remote host;
//   Unavailable         connection refused, reset or timed out (retried);
//   Cancelled / DeadlineExceeded from the Context.
std::shared_ptr<Transport> NewCpprestTransport(CpprestTransportOptions options = {});

// The status for a cpprest http_exception (`what`, error_code().value()),
// classified as above. Exposed for tests.
absl::Status StatusForTransportError(const std::string& method, const Url& url,
                                     const std::string& what, int code);

}  // namespace azbatch::azure

#endif  // AZBATCH_PROVIDER_AZURE_CPPREST_TRANSPORT_H_
