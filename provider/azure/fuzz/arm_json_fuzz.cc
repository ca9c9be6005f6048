// libFuzzer target for the readers of what Azure sends: ARM error bodies, LRO
// status bodies and headers, Entra / IMDS / Azure CLI token answers. Whatever
// the bytes, each reader returns a value or a status: no crash, no exception
// (an exception escaping here aborts the fuzzer).
#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/time/clock.h"
#include "provider/azure/arm_client.h"
#include "provider/azure/arm_error.h"
#include "provider/azure/credentials.h"
#include "provider/azure/lro.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace azbatch::azure;
  std::string body(reinterpret_cast<const char*>(data), size);
  int status = size > 0 ? 200 + data[0] % 400 : 200;

  HttpResponse r;
  r.status = status;
  r.body = body;
  r.headers["Retry-After"] = body.substr(0, 16);
  r.headers["x-ms-request-id"] = body.substr(0, 8);
  (void)ArmErrorFromResponse("GET", "/subscriptions/x", r);
  (void)ToArmResponse("GET", "/subscriptions/x", r, /*errors_as_status=*/true);
  absl::StatusOr<ArmResponse> raw = ToArmResponse("GET", "/x", r, /*errors_as_status=*/false);
  if (std::optional<nlohmann::json> j = ParseJsonBody(body)) {
    (void)ProgressFromBody(*j);
    ArmError e;
    FillArmErrorBody(*j, &e);
    if (std::optional<ArmError> back = ArmErrorFromStatus(e.ToStatus())) (void)back->ToString();
    (void)MissingRegistrationNamespace(e);
  }
  (void)PollInterval(r.headers, absl::Now(), LroOptions{});
  (void)ParseTokenResponse(status, body, absl::Now());
  (void)ParseAzureCliToken(body);
  return 0;
}
