#include "provider/azure/redact.h"

#include <optional>
#include <set>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"

namespace azbatch::azure {
namespace {

constexpr size_t kNpos = absl::string_view::npos;

const std::set<std::string, CaseInsensitiveLess>& SecretKeys() {
  static const auto* keys = new std::set<std::string, CaseInsensitiveLess>{
      "access_token", "accessToken", "refresh_token", "id_token", "client_secret",
      "client_assertion", "assertion", "password", "secret", "sig", "token", "value",
      "clientSecret", "key", "primaryKey", "secondaryKey", "certificate", "data",
      // Batch: listKeys answers, mount and user secrets, extension secrets.
      "primary", "secondary", "accountKey", "sasKey", "sshPrivateKey", "protectedSettings"};
  return *keys;
}

bool IsTokenChar(char c) {
  return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' ||
         c == '.' || c == '%' || c == '+' || c == '/' || c == '=';
}

// Index of the quote that closes the JSON string opened at `open`, honouring
// backslash escapes; npos when the string does not end.
size_t StringEnd(absl::string_view in, size_t open) {
  for (size_t k = open + 1; k < in.size(); ++k) {
    if (in[k] == '\\') {
      ++k;
    } else if (in[k] == '"') {
      return k;
    }
  }
  return kNpos;
}

size_t SkipSpace(absl::string_view in, size_t i) {
  while (i < in.size() && absl::ascii_isspace(static_cast<unsigned char>(in[i]))) ++i;
  return i;
}

// End (one past) of the JSON value starting at `i`: a string, an object or
// array (nesting counted outside strings), or a bare word up to , } ] or space.
size_t ValueEnd(absl::string_view in, size_t i) {
  if (i >= in.size()) return in.size();
  if (in[i] == '"') {
    size_t e = StringEnd(in, i);
    return e == kNpos ? in.size() : e + 1;
  }
  if (in[i] == '{' || in[i] == '[') {
    int depth = 0;
    for (size_t k = i; k < in.size(); ++k) {
      if (in[k] == '"') {
        k = StringEnd(in, k);
        if (k == kNpos) return in.size();
      } else if (in[k] == '{' || in[k] == '[') {
        ++depth;
      } else if ((in[k] == '}' || in[k] == ']') && --depth == 0) {
        return k + 1;
      }
    }
    return in.size();
  }
  size_t k = i;
  while (k < in.size() && in[k] != ',' && in[k] != '}' && in[k] != ']' &&
         !absl::ascii_isspace(static_cast<unsigned char>(in[k]))) {
    ++k;
  }
  return k;
}

// Scanner for text that is not a whole JSON document but may embed pieces of
// one: "key" : value -> "key":"REDACTED" for secret keys, whatever the value.
std::string RedactJsonMembers(absl::string_view in) {
  std::string out;
  size_t i = 0;
  while (i < in.size()) {
    if (in[i] != '"') {
      out.push_back(in[i++]);
      continue;
    }
    size_t end = StringEnd(in, i);
    if (end == kNpos) {
      absl::StrAppend(&out, in.substr(i));
      break;
    }
    absl::string_view key = in.substr(i + 1, end - i - 1);
    absl::StrAppend(&out, in.substr(i, end - i + 1));
    i = end + 1;
    size_t j = SkipSpace(in, i);
    if (j >= in.size() || in[j] != ':' || !IsSecretKey(key)) continue;
    j = SkipSpace(in, j + 1);
    if (j >= in.size()) continue;
    absl::StrAppend(&out, ":\"", kRedacted, "\"");
    i = ValueEnd(in, j);
  }
  return out;
}

// key=value in forms and query strings.
std::string RedactFormValues(absl::string_view in) {
  std::string out;
  size_t i = 0;
  while (i < in.size()) {
    size_t eq = in.find('=', i);
    if (eq == kNpos) {
      absl::StrAppend(&out, in.substr(i));
      break;
    }
    size_t ks = eq;
    while (ks > i && (absl::ascii_isalnum(static_cast<unsigned char>(in[ks - 1])) ||
                      in[ks - 1] == '_')) {
      --ks;
    }
    bool boundary = ks == 0 || !IsTokenChar(in[ks - 1]) || in[ks - 1] == '&' ||
                    in[ks - 1] == '?' || in[ks - 1] == '/';
    absl::string_view key = in.substr(ks, eq - ks);
    absl::StrAppend(&out, in.substr(i, eq + 1 - i));
    i = eq + 1;
    if (!boundary || key.empty() || !IsSecretKey(key)) continue;
    size_t e = i;
    while (e < in.size() && in[e] != '&' && in[e] != '"' && in[e] != '\'' &&
           !absl::ascii_isspace(static_cast<unsigned char>(in[e]))) {
      ++e;
    }
    if (e > i) out.append(kRedacted);
    i = e;
  }
  return out;
}

std::string RedactBearerAndJwt(absl::string_view in) {
  std::string out;
  size_t i = 0;
  while (i < in.size()) {
    if (in.compare(i, 7, "Bearer ") == 0 || in.compare(i, 7, "bearer ") == 0) {
      absl::StrAppend(&out, in.substr(i, 7));
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

std::string RedactStringValue(const std::string& s);

// RedactJson over either JSON flavour: ordered_json keeps a logged body's
// member order as it was sent or received.
template <typename Json>
Json RedactTree(const Json& value) {
  if (value.is_object()) {
    Json out = Json::object();
    for (auto it = value.begin(); it != value.end(); ++it) {
      out[it.key()] = IsSecretKey(it.key()) ? Json(kRedacted) : RedactTree(it.value());
    }
    return out;
  }
  if (value.is_array()) {
    Json out = Json::array();
    for (const auto& e : value) out.push_back(RedactTree(e));
    return out;
  }
  if (value.is_string()) return Json(RedactStringValue(value.template get<std::string>()));
  return value;
}

// A JSON document redacted and written again, or nullopt when `text` is not JSON.
std::optional<std::string> RedactJsonText(absl::string_view text) {
  nlohmann::ordered_json doc =
      nlohmann::ordered_json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return std::nullopt;
  return RedactTree(doc).dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

// Masks credentials inside an ordinary string: bearer tokens, JWTs, secret
// form fields (a SAS URL's sig=...), and a JSON document held as a string.
std::string RedactStringValue(const std::string& s) {
  absl::string_view t = absl::StripLeadingAsciiWhitespace(s);
  if (!t.empty() && (t.front() == '{' || t.front() == '[')) {
    if (std::optional<std::string> inner = RedactJsonText(s)) return *inner;
  }
  return RedactBearerAndJwt(RedactFormValues(RedactJsonMembers(s)));
}

std::string PercentDecode(absl::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    int hi = 0, lo = 0;
    auto hex = [](char c, int* v) {
      if (!absl::ascii_isxdigit(static_cast<unsigned char>(c))) return false;
      *v = absl::ascii_isdigit(static_cast<unsigned char>(c)) ? c - '0'
                                                               : absl::ascii_tolower(c) - 'a' + 10;
      return true;
    };
    if (s[i] == '%' && i + 2 < s.size() && hex(s[i + 1], &hi) && hex(s[i + 2], &lo)) {
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else {
      out.push_back(s[i] == '+' ? ' ' : s[i]);
    }
  }
  return out;
}

std::string RedactFormBody(absl::string_view body) {
  std::vector<std::string> fields;
  for (absl::string_view field : absl::StrSplit(body, '&')) {
    size_t eq = field.find('=');
    absl::string_view name = field.substr(0, eq);
    if (eq != kNpos && IsSecretKey(PercentDecode(name))) {
      fields.push_back(absl::StrCat(name, "=", kRedacted));
    } else {
      fields.push_back(RedactBearerAndJwt(field));
    }
  }
  return absl::StrJoin(fields, "&");
}

// Cuts `s` to at most `max` bytes without splitting a UTF-8 sequence.
std::string Truncate(std::string s, size_t max) {
  if (s.size() <= max) return s;
  size_t cut = max;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  s.resize(cut);
  absl::StrAppend(&s, "...(truncated)");
  return s;
}

}  // namespace

bool IsSecretKey(absl::string_view key) { return SecretKeys().count(std::string(key)) > 0; }

nlohmann::json RedactJson(const nlohmann::json& value) { return RedactTree(value); }

std::string RedactBody(absl::string_view body, absl::string_view content_type, size_t max_bytes) {
  if (body.empty()) return "";
  if (std::optional<std::string> doc = RedactJsonText(body)) return Truncate(*doc, max_bytes);
  if (absl::StrContains(absl::AsciiStrToLower(content_type), "application/x-www-form-urlencoded")) {
    return Truncate(RedactFormBody(body), max_bytes);
  }
  return absl::StrCat("(", body.size(), " bytes of ",
                      content_type.empty() ? "unknown type" : std::string(content_type),
                      " that is not JSON: not logged)");
}

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
  absl::string_view t = absl::StripLeadingAsciiWhitespace(text);
  if (!t.empty() && (t.front() == '{' || t.front() == '[')) {
    if (std::optional<std::string> doc = RedactJsonText(text)) return *doc;
  }
  return RedactBearerAndJwt(RedactFormValues(RedactJsonMembers(text)));
}

}  // namespace azbatch::azure
