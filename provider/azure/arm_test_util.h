// Shared fixture pieces for ARM client tests.
#ifndef AZBATCH_PROVIDER_AZURE_ARM_TEST_UTIL_H_
#define AZBATCH_PROVIDER_AZURE_ARM_TEST_UTIL_H_

#include <memory>

#include "provider/azure/arm_client.h"
#include "provider/azure/fake_transport.h"

namespace azbatch::azure::testing {

struct ArmHarness {
  FakeClock clock;
  std::shared_ptr<FakeTransport> transport = std::make_shared<FakeTransport>();
  std::unique_ptr<ArmClient> client;
  explicit ArmHarness(ArmClientOptions options = {},
                      std::shared_ptr<CachingCredential> credential = nullptr) {
    RetryOptions retry;
    retry.random = [] { return 0.0; };
    auto pipeline = BuildPipeline({transport, credential, "https://management.azure.com/.default",
                                   nullptr, "", retry});
    client = std::make_unique<ArmClient>(pipeline, std::move(options));
  }
  Context ctx() { return Context().WithClock(&clock).WithTimeout(absl::Hours(2)); }
};

inline constexpr char kPool[] =
    "/subscriptions/sub/resourceGroups/rg/providers/Microsoft.Batch/batchAccounts/a/pools/p";
inline constexpr char kVersion[] =
    "/subscriptions/sub/resourceGroups/rg/providers/Microsoft.Compute/galleries/g/images/i/"
    "versions/1.0.0";

}  // namespace azbatch::azure::testing

#endif  // AZBATCH_PROVIDER_AZURE_ARM_TEST_UTIL_H_
