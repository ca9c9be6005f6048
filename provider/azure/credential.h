// Token credentials: the interface, the per-scope cache, and the concrete
// credentials azurerm supports (see credentials.h for the implementations).
#ifndef AZBATCH_PROVIDER_AZURE_CREDENTIAL_H_
#define AZBATCH_PROVIDER_AZURE_CREDENTIAL_H_

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "provider/azure/context.h"

namespace azbatch::azure {

struct AccessToken {
  std::string token;
  absl::Time expires_on = absl::InfinitePast();
};

class TokenCredential {
 public:
  virtual ~TokenCredential() = default;
  // Short human name used in errors, e.g. "client secret".
  virtual std::string Name() const = 0;
  // Fetches a fresh token for `scope` (e.g. "https://management.azure.com/.default").
  virtual absl::StatusOr<AccessToken> GetToken(const std::string& scope, const Context& ctx) = 0;
};

// Wraps a credential with a thread-safe per-scope cache that refreshes
// `refresh_before` ahead of expiry. Concurrent callers for one scope share one fetch.
class CachingCredential : public TokenCredential {
 public:
  explicit CachingCredential(std::shared_ptr<TokenCredential> inner,
                             absl::Duration refresh_before = absl::Minutes(5));
  std::string Name() const override { return inner_->Name(); }
  absl::StatusOr<AccessToken> GetToken(const std::string& scope, const Context& ctx) override;
  // Drops the cached token for `scope` (e.g. after a 401).
  void Invalidate(const std::string& scope);
  int fetches() const;

 private:
  struct Entry {
    absl::Mutex fetch_mu;  // serialises fetches for one scope
    AccessToken token;
  };
  Entry* EntryFor(const std::string& scope);

  std::shared_ptr<TokenCredential> inner_;
  absl::Duration refresh_before_;
  mutable absl::Mutex mu_;
  std::map<std::string, std::unique_ptr<Entry>> entries_ ABSL_GUARDED_BY(mu_);
  int fetches_ ABSL_GUARDED_BY(mu_) = 0;
};

// Turns "https://management.azure.com" or ".../" into ".../.default".
std::string ScopeForResource(const std::string& resource);
// Turns a ".default" scope back into its resource ("https://management.azure.com/").
std::string ResourceForScope(const std::string& scope);

}  // namespace azbatch::azure

#endif  // AZBATCH_PROVIDER_AZURE_CREDENTIAL_H_
