#include "provider/azure/redact.h"

#include <cctype>
#include <set>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace azbatch::azure {
namespace {

const std::vector<std::string>& SecretKeys() {
  static const auto* keys = new std::vector<std::string>{
      "access_token", "accessToken",      "refresh_token", "id_token",
      "client_secret", "client_assertion", "assertion",    "password",
      "secret",        "sig",              "token",        "value",
      "clientSecret",     "key",          "primaryKey",
      "secondaryKey",  "certificate",      "data",
      // Batch: listKeys answers, mount and user secrets, extension secrets.
      "primary",       "secondary",        "accountKey",   "sasKey",
      "sshPrivateKey", "protectedSettings"};
  return *keys;
}

bool IsSecretKey(const std::string& key) {
  for (const auto& k : SecretKeys()) {
    if (absl::EqualsIgnoreCase(k, key)) return true;
  }
  return false;
}

bool IsTokenChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' ||
         c == '%' || c == '+' || c == '/' || c == '=';
}

// "key" : "value" -> "key":"REDACTED" for secret keys; an object value (e.g. an
// extension's protectedSettings) is replaced whole.
std::string RedactJsonStrings(const std::string& in) {
  std::string out;
  size_t i = 0;
  while (i < in.size()) {
    if (in[i] != '"') {
      out.push_back(in[i++]);
      continue;
    }
    size_t end = in.find('"', i + 1);
    if (end == std::string::npos) {
      out.append(in, i, std::string::npos);
      break;
    }
    std::string key = in.substr(i + 1, end - i - 1);
    out.append(in, i, end - i + 1);
    i = end + 1;
    size_t j = i;
    while (j < in.size() && std::isspace(static_cast<unsigned char>(in[j]))) ++j;
    if (j >= in.size() || in[j] != ':' || !IsSecretKey(key)) continue;
    ++j;
    while (j < in.size() && std::isspace(static_cast<unsigned char>(in[j]))) ++j;
    if (j < in.size() && in[j] == '{') {
      int depth = 0;
      size_t k = j;
      for (; k < in.size(); ++k) {
        if (in[k] == '"') {
          for (++k; k < in.size() && in[k] != '"'; k += (in[k] == '\\') ? 2 : 1) {
          }
        } else if (in[k] == '{') {
          ++depth;
        } else if (in[k] == '}' && --depth == 0) {
          break;
        }
      }
      out.append(":\"");
      out.append(kRedacted);
      out.push_back('"');
      i = k < in.size() ? k + 1 : in.size();
      continue;
    }
    if (j >= in.size() || in[j] != '"') continue;
    size_t k = j + 1;
    while (k < in.size() && in[k] != '"') k += (in[k] == '\\') ? 2 : 1;
    out.append(":\"");
    out.append(kRedacted);
    out.push_back('"');
    i = k < in.size() ? k + 1 : in.size();
  }
  return out;
}

// key=value in forms and query strings.
std::string RedactFormValues(const std::string& in) {
  std::string out;
  size_t i = 0;
  while (i < in.size()) {
    size_t eq = in.find('=', i);
    if (eq == std::string::npos) {
      out.append(in, i, std::string::npos);
      break;
    }
    size_t ks = eq;
    while (ks > i && (std::isalnum(static_cast<unsigned char>(in[ks - 1])) || in[ks - 1] == '_')) {
      --ks;
    }
    bool boundary = ks == 0 || !IsTokenChar(in[ks - 1]) || in[ks - 1] == '&' ||
                    in[ks - 1] == '?' || in[ks - 1] == '/';
    std::string key = in.substr(ks, eq - ks);
    out.append(in, i, eq + 1 - i);
    i = eq + 1;
    if (!boundary || key.empty() || !IsSecretKey(key)) continue;
    size_t e = i;
    while (e < in.size() && in[e] != '&' && in[e] != '"' && in[e] != '\'' &&
           !std::isspace(static_cast<unsigned char>(in[e]))) {
      ++e;
    }
    if (e > i) out.append(kRedacted);
    i = e;
  }
  return out;
}

std::string RedactBearerAndJwt(const std::string& in) {
  std::string out;
  size_t i = 0;
  while (i < in.size()) {
    if (in.compare(i, 7, "Bearer ") == 0 || in.compare(i, 7, "bearer ") == 0) {
      out.append(in, i, 7);
      i += 7;
      size_t e = i;
      while (e < in.size() && IsTokenChar(in[e])) ++e;
      if (e > i) out.append(kRedacted);
      i = e;
      continue;
    }
    if (in.compare(i, 3, "eyJ") == 0 && (i == 0 || !IsTokenChar(in[i - 1]))) {
      size_t e = i;
      int dots = 0;
      while (e < in.size() && IsTokenChar(in[e])) dots += in[e++] == '.';
      if (dots >= 2) {
        out.append(kRedacted);
        i = e;
        continue;
      }
    }
    out.push_back(in[i++]);
  }
  return out;
}

}  // namespace

std::string RedactUrl(const std::string& url) {
  size_t q = url.find('?');
  if (q == std::string::npos) return url;
  return url.substr(0, q) + RedactFormValues(url.substr(q));
}

std::string RedactHeaderValue(const std::string& name, const std::string& value) {
  static const auto* allowed = new std::set<std::string, CaseInsensitiveLess>{
      "Accept", "Content-Type", "Content-Length", "Date", "ETag", "If-Match",
      "If-None-Match", "Retry-After", "retry-after-ms", "x-ms-retry-after-ms",
      "User-Agent", "x-ms-request-id", "x-ms-client-request-id",
      "x-ms-correlation-request-id", "x-ms-routing-request-id", "Metadata",
      "Server", "Cache-Control", "Transfer-Encoding", "Connection", "Expires",
      "Pragma", "Strict-Transport-Security", "Vary", "x-ms-ratelimit-remaining-resource",
      "x-ms-ratelimit-remaining-subscription-reads", "x-ms-ratelimit-remaining-subscription-writes",
      "x-ms-ratelimit-remaining-subscription-deletes", "x-ms-ratelimit-remaining-tenant-reads"};
  if (absl::EqualsIgnoreCase(name, "Location") ||
      absl::EqualsIgnoreCase(name, "Azure-AsyncOperation")) {
    return RedactUrl(value);
  }
  if (allowed->count(name) > 0) return value;
  return kRedacted;
}

std::string FormatHeadersForLog(const Headers& headers) {
  std::string out;
  for (const auto& [name, value] : headers) {
    if (!out.empty()) out.append(", ");
    absl::StrAppend(&out, name, ": ", RedactHeaderValue(name, value));
  }
  return out;
}

std::string RedactText(const std::string& text) {
  return RedactBearerAndJwt(RedactFormValues(RedactJsonStrings(text)));
}

}  // namespace azbatch::azure
