// Configuring the provider (resources/provider_config) against an emulator in tests.
#ifndef AZBATCH_TESTS_INTEGRATION_CONFIG_UTIL_H_
#define AZBATCH_TESTS_INTEGRATION_CONFIG_UTIL_H_

#include <map>
#include <memory>
#include <string>

#include "resources/provider_config/provider_config.h"
#include "tests/integration/emulator_process.h"

namespace azbatch::integration {

struct Configured {
  framework::ProviderConfigureResponse resp;
  framework::Context ctx;  // carries the provider data
  std::shared_ptr<resources::ProviderSettings> settings;
  std::shared_ptr<azure::ArmClient> arm;  // null on failure
  // Name of the credential that succeeded, or "".
  std::string Credential() const {
    if (!settings || !settings->azure) return "";
    for (const auto& a : settings->azure->attempts) {
      if (a.outcome == "succeeded") return a.name;
    }
    return "";
  }
};

inline cty::Value ProviderBlock(const std::map<std::string, cty::Value>& attrs) {
  cty::Value v = resources::ProviderConfigSchema().block.EmptyValue();
  for (const auto& [k, a] : attrs) v = v.WithAttr(k, a);
  return v;
}

inline Configured ConfigureAgainst(std::map<std::string, std::string> env,
                                   const std::map<std::string, cty::Value>& attrs,
                                   resources::ConfigureOptions options = {}) {
  options.env = MapEnv(std::move(env));
  if (options.timeout == absl::Minutes(5)) options.timeout = absl::Seconds(60);
  Configured c;
  resources::ConfigureProviderWith(options, framework::Context(),
                                   {ProviderBlock(attrs), "1.13.0"}, &c.resp);
  c.ctx = framework::Context().WithProviderData(c.resp.provider_data);
  c.settings = resources::SettingsFromContext(c.ctx);
  auto arm = resources::ArmFromContext(c.ctx);
  if (arm.ok()) c.arm = *arm;
  return c;
}

// Service principal with the emulator's default secret.
inline std::map<std::string, std::string> SecretEnv(const EmulatorProcess& emu) {
  auto env = BaseEnv(emu);
  env["ARM_TENANT_ID"] = kTenantId;
  env["ARM_CLIENT_ID"] = kClientId;
  env["ARM_CLIENT_SECRET"] = kClientSecret;
  return env;
}

inline std::string SubscriptionPath() { return std::string("/subscriptions/") + kSubscriptionId; }

}  // namespace azbatch::integration

#endif  // AZBATCH_TESTS_INTEGRATION_CONFIG_UTIL_H_
