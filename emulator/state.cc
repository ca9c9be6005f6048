#include "emulator/state.h"

#include <cctype>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <optional>
#include <sstream>

#include "common/iso8601_duration.h"
#include "common/log.h"
#include "emulator/http_message.h"
#include "emulator/regions.h"

namespace azbatch::emulator {

using nlohmann::json;

json Config::ToJson() const {
  json creds = json::array();
  for (const auto& c : credentials) {
    creds.push_back({{"client_id", c.client_id},
                     {"tenant", c.tenant},
                     {"has_secret", !c.client_secret.empty()},
                     {"allow_assertion", c.allow_assertion},
                     {"certificates", c.certificates.size()},
                     {"federated", c.federated.size()}});
  }
  return {{"time_scale", time_scale},
          {"token_lifetime_seconds", token_lifetime_seconds},
          {"credentials", creds},
          {"faults", faults.ToJson()},
          {"throttling", {{"enabled", throttle.enabled}, {"scale", throttle.scale}}},
          {"quotas",
           {{"dedicated_cores", quotas.dedicated_cores},
            {"low_priority_cores", quotas.low_priority_cores},
            {"pools", quotas.pools},
            {"family_cores", quotas.family_cores},
            {"family_enforced", quotas.family_enforced}}},
          {"validate_bodies", validate_bodies},
          {"default_registered", default_registered}};
}

absl::Status Config::Apply(const json& j) {
  if (!j.is_object()) return absl::InvalidArgumentError("config must be a JSON object");
  try {
    if (j.contains("time_scale")) {
      double s = j["time_scale"].get<double>();
      if (s <= 0) return absl::InvalidArgumentError("time_scale must be > 0");
      time_scale = s;
    }
    token_lifetime_seconds = j.value("token_lifetime_seconds", token_lifetime_seconds);
    identity_header = j.value("identity_header", identity_header);
    if (j.contains("credentials")) {
      credentials.clear();
      for (const json& c : j["credentials"]) {
        Credential cred{c.value("client_id", ""), c.value("client_secret", ""),
                        c.value("tenant", std::string(kDefaultTenant)),
                        c.value("allow_assertion", true)};
        cred.certificates = c.value("certificates", std::vector<std::string>());
        for (const json& f : c.value("federated", json::array())) {
          Credential::Federated fed;
          fed.issuer = f.value("issuer", "");
          fed.subject = f.value("subject", "");
          fed.audiences = f.value("audiences", fed.audiences);
          fed.jwks = f.value("jwks", json::object());
          fed.certificates = f.value("certificates", std::vector<std::string>());
          cred.federated.push_back(std::move(fed));
        }
        credentials.push_back(std::move(cred));
      }
    }
    if (j.contains("faults")) faults.Apply(j["faults"]);
    if (j.contains("throttling")) {
      throttle.enabled = j["throttling"].value("enabled", throttle.enabled);
      throttle.scale = j["throttling"].value("scale", throttle.scale);
    }
    if (j.contains("quotas")) {
      quotas.dedicated_cores = j["quotas"].value("dedicated_cores", quotas.dedicated_cores);
      quotas.low_priority_cores = j["quotas"].value("low_priority_cores", quotas.low_priority_cores);
      quotas.pools = j["quotas"].value("pools", quotas.pools);
      quotas.family_cores = j["quotas"].value("family_cores", quotas.family_cores);
      quotas.family_enforced = j["quotas"].value("family_enforced", quotas.family_enforced);
    }
    validate_bodies = j.value("validate_bodies", validate_bodies);
    if (j.contains("default_registered")) {
      default_registered = j["default_registered"].get<std::vector<std::string>>();
    }
  } catch (const std::exception& e) {
    return absl::InvalidArgumentError(std::string("bad config: ") + e.what());
  }
  return absl::OkStatus();
}

double Clock::RealNow() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Clock::Clock() : base_emulated_(RealNow()), base_real_(std::chrono::steady_clock::now()) {}

double Clock::Now() const {
  double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - base_real_).count();
  return base_emulated_ + elapsed * scale_;
}

void Clock::SetScale(double scale) {
  base_emulated_ = Now();
  base_real_ = std::chrono::steady_clock::now();
  scale_ = scale;
}

void Clock::Advance(double emulated_seconds) { base_emulated_ += emulated_seconds; }

void Clock::SetAtLeast(double emulated_now) {
  double now = Now();
  if (emulated_now > now) base_emulated_ += emulated_now - now;
}

Emulator::Emulator() {
  config.credentials.push_back({kDefaultClientId, kDefaultClientSecret, kDefaultTenant, true});
  ApplyConfig();
  absl::StatusOr<RsaKey> key = RsaKey::Generate();
  if (!key.ok()) log::Error("emulator", "cannot make a signing key", {{"error", key.status().ToString()}});
  if (key.ok()) signing_key = *std::move(key);
}

void Emulator::ApplyConfig() {
  if (clock.scale() != config.time_scale) clock.SetScale(config.time_scale);
  faults.Configure(config.faults);
}

Resource* Emulator::FindAny(const std::string& id) {
  auto it = resources.find(ToLower(id));
  return it == resources.end() ? nullptr : &it->second;
}

Resource* Emulator::Find(const std::string& id) {
  Resource* r = FindAny(id);
  return r != nullptr && r->visible ? r : nullptr;
}

std::vector<Resource*> Emulator::Children(const std::string& parent_id, const std::string& type) {
  std::vector<Resource*> out;
  std::string prefix = ToLower(parent_id) + "/";
  for (auto it = resources.lower_bound(prefix); it != resources.end(); ++it) {
    if (it->first.compare(0, prefix.size(), prefix) != 0) break;
    if (!it->second.visible) continue;
    if (type.empty() || IEquals(it->second.type, type)) out.push_back(&it->second);
  }
  return out;
}

std::string Emulator::RegistrationState(const std::string& sub, const std::string& ns) const {
  auto it = registrations.find(ToLower(sub) + "|" + ToLower(ns));
  if (it != registrations.end()) return it->second;
  for (const auto& d : config.default_registered) {
    if (IEquals(d, ns)) return "Registered";
  }
  return "NotRegistered";
}

void Emulator::Reset() {
  resources.clear();
  operations.clear();
  registrations.clear();
  request_log.clear();
  counts.clear();
  throttler.Reset();
  faults.Configure(config.faults);
}

json Emulator::Snapshot() const {
  json res = json::array();
  for (const auto& [key, r] : resources) {
    res.push_back({{"id", r.id},
                   {"type", r.type},
                   {"body", r.body},
                   {"phase", r.phase},
                   {"phase_end", r.phase_end},
                   {"phase_fails", r.phase_fails},
                   {"visible", r.visible},
                   {"sim", r.sim},
                   {"version", r.version}});
  }
  json ops = json::array();
  for (const auto& [key, o] : operations) {
    ops.push_back({{"id", o.id}, {"kind", o.kind}, {"resource_key", o.resource_key},
                   {"method", o.method}, {"start", o.start}, {"end", o.end},
                   {"fails", o.fails}, {"result", o.result}});
  }
  json toks = json::object();
  double now = Clock::RealNow();
  for (const auto& [token, t] : tokens) {
    if (t.expires_real > now) {
      toks[token] = {{"client_id", t.client_id}, {"tenant", t.tenant}, {"expires", t.expires_real}};
    }
  }
  return {{"clock", clock.Now()},
          {"signing_key", signing_key.PrivatePem()},
          {"tokens", toks},
          {"resources", res},
          {"operations", ops},
          {"registrations", registrations}};
}

absl::Status Emulator::Restore(const json& j) {
  try {
    resources.clear();
    operations.clear();
    for (const json& r : j.at("resources")) {
      Resource res;
      res.id = r.at("id").get<std::string>();
      res.type = r.at("type").get<std::string>();
      res.body = r.at("body");
      res.phase = r.value("phase", "");
      res.phase_end = r.value("phase_end", 0.0);
      res.phase_fails = r.value("phase_fails", false);
      res.visible = r.value("visible", true);
      res.sim = r.value("sim", json::object());
      res.version = r.value("version", 1ULL);
      resources[ToLower(res.id)] = std::move(res);
    }
    for (const json& o : j.value("operations", json::array())) {
      Operation op;
      op.id = o.at("id").get<std::string>();
      op.kind = o.value("kind", "");
      op.resource_key = o.value("resource_key", "");
      op.method = o.value("method", "");
      op.start = o.value("start", 0.0);
      op.end = o.value("end", 0.0);
      op.fails = o.value("fails", false);
      op.result = o.value("result", json());
      operations[op.id] = std::move(op);
    }
    const json toks = j.value("tokens", json::object());
    for (const auto& [token, t] : toks.items()) {
      tokens[token] = {t.value("client_id", ""), t.value("tenant", ""), t.value("expires", 0.0)};
    }
    if (std::string pem = j.value("signing_key", ""); !pem.empty()) {
      absl::StatusOr<RsaKey> key = RsaKey::FromPem(pem);
      if (!key.ok()) return key.status();
      signing_key = *std::move(key);
    }
    registrations = j.value("registrations", std::map<std::string, std::string>());
    clock.SetAtLeast(j.value("clock", 0.0));
  } catch (const std::exception& e) {
    return absl::InvalidArgumentError(std::string("bad state: ") + e.what());
  }
  return absl::OkStatus();
}

void Emulator::Save() {
  if (state_file.empty()) return;
  std::string tmp = state_file + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << Snapshot().dump();
    if (!out) {
      log::Warn("emulator", "could not write state file", {{"path", tmp}});
      return;
    }
  }
  if (std::rename(tmp.c_str(), state_file.c_str()) != 0) {
    log::Warn("emulator", "could not rename state file", {{"path", state_file}});
  }
}

absl::Status Emulator::Load() {
  if (state_file.empty()) return absl::OkStatus();
  std::ifstream in(state_file);
  if (!in) return absl::OkStatus();  // first run
  std::stringstream ss;
  ss << in.rdbuf();
  json j = json::parse(ss.str(), nullptr, false);
  if (j.is_discarded()) return absl::InvalidArgumentError("state file is not JSON");
  return Restore(j);
}

std::string NormalizeRegion(const std::string& region) {
  std::string out;
  for (char c : region) {
    if (c != ' ') out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  return out;
}

std::string DisplayRegion(const std::string& region) {
  const Region* r = FindRegion(region);
  return r == nullptr ? region : r->display_name;
}

std::string IsoTime(double unix_seconds) {
  std::time_t secs = static_cast<std::time_t>(std::floor(unix_seconds));
  int micros = static_cast<int>((unix_seconds - std::floor(unix_seconds)) * 1e6);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%04d-%02d-%02dT%02d:%02d:%02d.%06dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, micros);
  return buf;
}

double ParseDuration(const std::string& iso) {
  // The provider's codec, reading leniently: years and months too.
  std::optional<absl::Duration> d = iso8601::Parse(iso, iso8601::Units::kCalendar);
  return d.has_value() ? absl::ToDoubleSeconds(*d) : -1;
}

}  // namespace azbatch::emulator
