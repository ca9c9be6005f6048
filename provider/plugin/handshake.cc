#include "provider/plugin/handshake.h"

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

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
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((data.size() * 4 + 2) / 3);
  size_t i = 0;
  auto byte = [&](size_t k) { return static_cast<uint32_t>(static_cast<uint8_t>(data[k])); };
  for (; i + 3 <= data.size(); i += 3) {
    uint32_t n = (byte(i) << 16) | (byte(i + 1) << 8) | byte(i + 2);
    out.push_back(kAlphabet[(n >> 18) & 63]);
    out.push_back(kAlphabet[(n >> 12) & 63]);
    out.push_back(kAlphabet[(n >> 6) & 63]);
    out.push_back(kAlphabet[n & 63]);
  }
  size_t rest = data.size() - i;
  if (rest == 1) {
    uint32_t n = byte(i) << 16;
    out.push_back(kAlphabet[(n >> 18) & 63]);
    out.push_back(kAlphabet[(n >> 12) & 63]);
  } else if (rest == 2) {
    uint32_t n = (byte(i) << 16) | (byte(i + 1) << 8);
    out.push_back(kAlphabet[(n >> 18) & 63]);
    out.push_back(kAlphabet[(n >> 12) & 63]);
    out.push_back(kAlphabet[(n >> 6) & 63]);
  }
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

namespace {

std::string JsonString(absl::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          static constexpr char kHex[] = "0123456789abcdef";
          out += "\\u00";
          out.push_back(kHex[(c >> 4) & 0xf]);
          out.push_back(kHex[c & 0xf]);
        } else {
          out.push_back(c);
        }
    }
  }
  out.push_back('"');
  return out;
}

}  // namespace

std::string ReattachJson(absl::string_view provider_address, long pid,
                         absl::string_view socket_path) {
  return absl::StrCat("{", JsonString(provider_address),
                      ":{\"Protocol\":\"grpc\",\"ProtocolVersion\":", kAppProtocolVersion,
                      ",\"Pid\":", pid, ",\"Test\":true,\"Addr\":{\"Network\":\"unix\",\"String\":",
                      JsonString(socket_path), "}}}");
}

}  // namespace azbatch::plugin
