// Transport over cpprestsdk. Exceptions stop here and become absl::Status.
#ifndef AZBATCH_PROVIDER_AZURE_CPPREST_TRANSPORT_H_
#define AZBATCH_PROVIDER_AZURE_CPPREST_TRANSPORT_H_

#include <memory>

#include "absl/time/time.h"
#include "provider/azure/http.h"

namespace azbatch::azure {

struct CpprestTransportOptions {
  // Socket-level timeout for one request (the Context deadline also applies).
  absl::Duration request_timeout = absl::Seconds(120);
};

// TLS certificates are always verified; plain http is only allowed to
// loopback hosts (and the instance metadata service), see CheckUrlAllowed.
std::shared_ptr<Transport> NewCpprestTransport(CpprestTransportOptions options = {});

}  // namespace azbatch::azure

#endif  // AZBATCH_PROVIDER_AZURE_CPPREST_TRANSPORT_H_
