// libFuzzer target for the redactor. The input is split into a secret and a
// JSON-ish template; the secret is placed under secret-bearing keys of the
// template (when it parses) and the body is logged through RedactBody and
// RedactText. Invariants: no crash, the secret's marker never survives, and a
// JSON body stays JSON after redaction.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "nlohmann/json.hpp"
#include "provider/azure/redact.h"

namespace {

using nlohmann::json;

// Puts `secret` under every secret-bearing key and beside every other string.
void Plant(json* v, const std::string& secret) {
  if (v->is_object()) {
    for (auto it = v->begin(); it != v->end(); ++it) {
      if (azbatch::azure::IsSecretKey(it.key())) {
        it.value() = secret;
      } else {
        Plant(&it.value(), secret);
      }
    }
  } else if (v->is_array()) {
    for (auto& e : *v) Plant(&e, secret);
  }
}

void Check(const std::string& logged, const std::string& marker, const char* what) {
  if (logged.find(marker) != std::string::npos) {
    std::fprintf(stderr, "secret leaked through %s: %s\n", what, logged.c_str());
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string in(reinterpret_cast<const char*>(data), size);
  size_t cut = in.find('\0');
  std::string tail = cut == std::string::npos ? "" : in.substr(cut + 1);
  std::string text = in.substr(0, cut);

  // Redaction of arbitrary text and bodies must not crash.
  (void)azbatch::azure::RedactText(text);
  (void)azbatch::azure::RedactBody(text, "application/json", 512);
  (void)azbatch::azure::RedactBody(text, "application/x-www-form-urlencoded", 512);
  (void)azbatch::azure::RedactUrl(text);

  json doc = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_structured()) return 0;
  const std::string marker = "Zq9SecretMarkerZq9";
  const std::string secret = marker + tail + marker;
  json planted = doc;
  Plant(&planted, secret);
  std::string body;
  try {
    body = planted.dump(-1, ' ', false, json::error_handler_t::strict);
  } catch (const json::exception&) {
    return 0;  // the tail is not UTF-8: no JSON writer would produce this body
  }
  // The marker may already be in the template (not under a secret key): only a
  // marker that was not in the template is a leak.
  if (text.find(marker) != std::string::npos) return 0;
  std::string logged = azbatch::azure::RedactBody(body, "application/json", 1 << 20);
  Check(logged, marker, "RedactBody");
  if (json::parse(logged, nullptr, false).is_discarded()) {
    std::fprintf(stderr, "redacted JSON is no longer JSON: %s\n", logged.c_str());
    std::abort();
  }
  Check(azbatch::azure::RedactText(body), marker, "RedactText");
  return 0;
}
