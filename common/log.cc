#include "common/log.h"

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/json_string.h"
#include "common/utf8.h"

namespace azbatch::log {
namespace {

std::atomic<int> g_level{static_cast<int>(Level::kInfo)};
std::atomic<void (*)(std::string_view)> g_sink{nullptr};
std::mutex g_write_mu;

const char* LevelName(Level l) {
  switch (l) {
    case Level::kTrace: return "trace";
    case Level::kDebug: return "debug";
    case Level::kInfo: return "info";
    case Level::kWarn: return "warn";
    case Level::kError: return "error";
    default: return "off";
  }
}

// A JSON string of `s`; invalid UTF-8 is replaced, so that every line stays
// JSON that core's log reader accepts whatever text a message carries.
void AppendJsonString(std::string* out, std::string_view raw) {
  if (utf8::IsValidUtf8(raw)) {
    json_string::Append(out, absl::string_view(raw.data(), raw.size()));
  } else {
    json_string::Append(out, utf8::SanitizeUtf8(raw));
  }
}

// Every spelling of a secret a log line may carry: raw; JSON-escaped with the
// short escapes \b and \f (this logger, nlohmann) and with \u0008 and \u000c;
// percent-encoded with upper- and lower-case hex, and form-encoded.
std::vector<std::string> Spellings(std::string_view secret) {
  std::vector<std::string> out{std::string(secret)};
  std::string json;
  AppendJsonString(&json, secret);
  json = json.substr(1, json.size() - 2);
  // The same with \u0008 and \u000c, escape by escape (so "\\\\b" stays).
  std::string unicode;
  for (size_t i = 0; i < json.size(); ++i) {
    if (json[i] == '\\' && i + 1 < json.size()) {
      char next = json[++i];
      unicode.append(next == 'b' ? "\\u0008" : next == 'f' ? "\\u000c" : std::string{'\\', next});
    } else {
      unicode.push_back(json[i]);
    }
  }
  out.push_back(std::move(unicode));
  out.push_back(std::move(json));
  std::string upper, lower, form;
  for (unsigned char c : secret) {
    if (absl::ascii_isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      for (std::string* o : {&upper, &lower, &form}) o->push_back(static_cast<char>(c));
      continue;
    }
    upper += absl::StrFormat("%%%02X", c);
    lower += absl::StrFormat("%%%02x", c);
    form += c == ' ' ? std::string("+") : absl::StrFormat("%%%02X", c);
  }
  for (std::string* o : {&upper, &lower, &form}) out.push_back(std::move(*o));
  return out;
}

std::mutex g_secrets_mu;
std::vector<std::string>* g_secrets = new std::vector<std::string>();  // longest first

std::string ScrubLocked(std::string_view text) {
  if (g_secrets->empty()) return std::string(text);
  std::vector<std::pair<absl::string_view, absl::string_view>> pairs;
  pairs.reserve(g_secrets->size());
  for (const std::string& s : *g_secrets) pairs.emplace_back(s, "REDACTED");
  // StrReplaceAll takes the leftmost match and, among those, the first listed:
  // the list is longest first so a secret containing another is replaced whole.
  return absl::StrReplaceAll(absl::string_view(text.data(), text.size()), pairs);
}

}  // namespace

void AddSecret(std::string_view secret) {
  if (secret.size() < kMinSecretLength) return;
  std::lock_guard<std::mutex> lock(g_secrets_mu);
  bool added = false;
  for (std::string& s : Spellings(secret)) {
    if (s.size() < kMinSecretLength) continue;
    if (std::find(g_secrets->begin(), g_secrets->end(), s) != g_secrets->end()) continue;
    g_secrets->push_back(std::move(s));
    added = true;
  }
  if (added) {
    std::stable_sort(g_secrets->begin(), g_secrets->end(),
                     [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  }
}

std::string ScrubSecrets(std::string_view text) {
  std::lock_guard<std::mutex> lock(g_secrets_mu);
  return ScrubLocked(text);
}

void ClearSecretsForTesting() {
  std::lock_guard<std::mutex> lock(g_secrets_mu);
  g_secrets->clear();
}

void InitFromEnvironment() {
  const char* v = std::getenv("TF_LOG_PROVIDER");
  if (v == nullptr || *v == '\0') v = std::getenv("TF_LOG");
  if (v == nullptr || *v == '\0') {
    SetLevel(Level::kInfo);
    return;
  }
  std::string s = absl::AsciiStrToLower(v);
  if (s == "debug") SetLevel(Level::kDebug);
  else if (s == "info") SetLevel(Level::kInfo);
  else if (s == "warn") SetLevel(Level::kWarn);
  else if (s == "error") SetLevel(Level::kError);
  else if (s == "off") SetLevel(Level::kOff);
  else SetLevel(Level::kTrace);  // "trace", "json" and anything else: core treats as trace
}

void SetLevel(Level level) { g_level.store(static_cast<int>(level)); }
Level GetLevel() { return static_cast<Level>(g_level.load()); }
bool Enabled(Level level) {
  return level != Level::kOff && static_cast<int>(level) >= g_level.load();
}
void SetSinkForTesting(void (*sink)(std::string_view)) { g_sink.store(sink); }

void Log(Level level, std::string_view module, std::string_view message,
         std::initializer_list<Field> fields) {
  if (!Enabled(level)) return;
  std::unique_lock<std::mutex> secrets(g_secrets_mu);
  std::string line = "{\"@level\":";
  AppendJsonString(&line, LevelName(level));
  line.append(",\"@message\":");
  AppendJsonString(&line, ScrubLocked(message));
  line.append(",\"@module\":");
  AppendJsonString(&line, module.empty() ? std::string("azbatch")
                                         : "azbatch." + std::string(module));
  line.append(",\"@timestamp\":");
  AppendJsonString(&line, absl::FormatTime("%Y-%m-%dT%H:%M:%E6S%Ez", absl::Now(),
                                           absl::UTCTimeZone()));
  for (const auto& [k, v] : fields) {
    line.push_back(',');
    AppendJsonString(&line, k);
    line.push_back(':');
    AppendJsonString(&line, ScrubLocked(v));
  }
  secrets.unlock();
  line.append("}\n");
  if (auto sink = g_sink.load()) {
    sink(line);
    return;
  }
  std::lock_guard<std::mutex> lock(g_write_mu);
  std::fwrite(line.data(), 1, line.size(), stderr);
  std::fflush(stderr);
}

}  // namespace azbatch::log
