#include "provider/plugin/handshake.h"

#include <cstring>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/json_string.h"

namespace azbatch::plugin {

const char kNotAPluginMessage[] =
    "This binary is a plugin. These are not meant to be executed directly.\n"
    "Please execute the program that consumes these plugins, which will\n"
    "load any plugins automatically\n";

bool MagicCookieValid(const char* cookie) {
  return cookie != nullptr && std::strcmp(cookie, kMagicCookieValue) == 0;
}

absl::Status CheckProtocolVersions(const char* versions) {
  if (versions == nullptr || *versions == '\0') {
    return absl::FailedPreconditionError(
        "PLUGIN_PROTOCOL_VERSIONS is not set; this provider only speaks plugin protocol 6");
  }
  for (absl::string_view part : absl::StrSplit(versions, ',')) {
    int v = 0;
    if (absl::SimpleAtoi(absl::StripAsciiWhitespace(part), &v) && v == kAppProtocolVersion) {
      return absl::OkStatus();
    }
  }
  return absl::FailedPreconditionError(absl::StrCat(
      "incompatible plugin protocol: the caller offers versions [", versions,
      "] but this provider only speaks protocol 6 (Terraform >= 1.0 or OpenTofu)"));
}

std::string Base64RawStdEncode(absl::string_view data) {
  std::string out = absl::Base64Escape(data);
  while (!out.empty() && out.back() == '=') out.pop_back();
  return out;
}

std::string HandshakeLine(absl::string_view network, absl::string_view address,
                          absl::string_view server_cert_der) {
  std::string line = absl::StrCat(kCoreProtocolVersion, "|", kAppProtocolVersion, "|", network,
                                  "|", address, "|grpc");
  if (!server_cert_der.empty()) absl::StrAppend(&line, "|", Base64RawStdEncode(server_cert_der));
  line.push_back('\n');
  return line;
}

std::string ReattachJson(absl::string_view provider_address, long pid,
                         absl::string_view socket_path) {
  return absl::StrCat("{", json_string::Quote(provider_address),
                      ":{\"Protocol\":\"grpc\",\"ProtocolVersion\":", kAppProtocolVersion,
                      ",\"Pid\":", pid, ",\"Test\":true,\"Addr\":{\"Network\":\"unix\",\"String\":",
                      json_string::Quote(socket_path), "}}}");
}

}  // namespace azbatch::plugin
