#include "provider/azure/credential.h"

#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/strip.h"
#include "common/log.h"

namespace azbatch::azure {

CachingCredential::CachingCredential(std::shared_ptr<TokenCredential> inner,
                                     absl::Duration refresh_before)
    : inner_(std::move(inner)), refresh_before_(refresh_before) {}

CachingCredential::Entry* CachingCredential::EntryFor(const std::string& scope) {
  absl::MutexLock lock(&mu_);
  auto& e = entries_[scope];
  if (!e) e = std::make_unique<Entry>();
  return e.get();
}

absl::StatusOr<AccessToken> CachingCredential::GetToken(const std::string& scope,
                                                        const Context& ctx) {
  Entry* e = EntryFor(scope);
  absl::MutexLock lock(&e->fetch_mu);
  if (!e->token.token.empty() && ctx.Now() + refresh_before_ < e->token.expires_on) {
    return e->token;
  }
  absl::StatusOr<AccessToken> fresh = inner_->GetToken(scope, ctx);
  {
    absl::MutexLock l(&mu_);
    ++fetches_;
  }
  if (!fresh.ok()) {
    // A still-valid token is better than nothing while the service hiccups.
    if (!e->token.token.empty() && ctx.Now() < e->token.expires_on) return e->token;
    return fresh.status();
  }
  log::AddSecret(fresh->token);  // a token held is never logged, whatever carries it
  e->token = *fresh;
  return e->token;
}

void CachingCredential::Invalidate(const std::string& scope) {
  Entry* e = EntryFor(scope);
  absl::MutexLock lock(&e->fetch_mu);
  e->token = AccessToken{};
}

int CachingCredential::fetches() const {
  absl::MutexLock lock(&mu_);
  return fetches_;
}

std::string ScopeForResource(const std::string& resource) {
  if (absl::EndsWith(resource, "/.default")) return resource;
  std::string r(absl::StripSuffix(resource, "/"));
  return r + "/.default";
}

std::string ResourceForScope(const std::string& scope) {
  std::string r(absl::StripSuffix(scope, ".default"));
  if (!absl::EndsWith(r, "/")) r += "/";
  return r;
}

}  // namespace azbatch::azure
