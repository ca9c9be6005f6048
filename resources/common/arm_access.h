// How a resource reaches Azure: an ARM client plus the azure::Context derived
// from the framework context. Resources take an ArmResolver so unit tests can
// hand them a client over a FakeTransport; the provider uses DefaultArmResolver.
#ifndef AZBATCH_RESOURCES_COMMON_ARM_ACCESS_H_
#define AZBATCH_RESOURCES_COMMON_ARM_ACCESS_H_

#include <functional>
#include <memory>

#include "absl/status/statusor.h"
#include "provider/azure/arm_client.h"
#include "provider/azure/context.h"
#include "provider/framework/context.h"

namespace azbatch::resources::common {

struct ArmAccess {
  std::shared_ptr<azure::ArmClient> client;
  azure::Context ctx;
  const std::string& subscription() const { return client->options().subscription_id; }
};

using ArmResolver = std::function<absl::StatusOr<ArmAccess>(const framework::Context&)>;

// Uses the configured provider (resources/provider_config). Defined in
// default_resolver.cc so unit tests that never call it need not link it.
ArmResolver DefaultArmResolver();

}  // namespace azbatch::resources::common

#endif  // AZBATCH_RESOURCES_COMMON_ARM_ACCESS_H_
