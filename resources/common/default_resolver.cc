#include "resources/common/arm_access.h"
#include "resources/provider_config/provider_config.h"

namespace azbatch::resources::common {

ArmResolver DefaultArmResolver() {
  return [](const framework::Context& ctx) -> absl::StatusOr<ArmAccess> {
    absl::StatusOr<std::shared_ptr<azure::ArmClient>> client = ArmFromContext(ctx);
    if (!client.ok()) return client.status();
    return ArmAccess{*client, ToAzureContext(ctx)};
  };
}

}  // namespace azbatch::resources::common
