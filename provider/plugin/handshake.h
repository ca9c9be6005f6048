// Pieces of the go-plugin handshake that a plugin process performs on start:
// environment checks and the single line it writes to stdout.
#ifndef AZBATCH_PROVIDER_PLUGIN_HANDSHAKE_H_
#define AZBATCH_PROVIDER_PLUGIN_HANDSHAKE_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace azbatch::plugin {

// Environment variable and value that Terraform and OpenTofu set on every
// provider process (identical in both).
inline constexpr char kMagicCookieKey[] = "TF_PLUGIN_MAGIC_COOKIE";
inline constexpr char kMagicCookieValue[] =
    "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2";

// go-plugin core protocol version and the tfplugin major version we serve.
inline constexpr int kCoreProtocolVersion = 1;
inline constexpr int kAppProtocolVersion = 6;

// Text printed on stderr when the binary is started without the cookie,
// i.e. by hand rather than by Terraform/OpenTofu.
extern const char kNotAPluginMessage[];

// True when `cookie` (the value of kMagicCookieKey, may be null) matches.
bool MagicCookieValid(const char* cookie);

// Checks PLUGIN_PROTOCOL_VERSIONS (a comma list such as "5,6"; may be null)
// offers protocol 6.
absl::Status CheckProtocolVersions(const char* versions);

// Standard-alphabet base64 without '=' padding (Go's RawStdEncoding).
std::string Base64RawStdEncode(absl::string_view data);

// The handshake line including its trailing newline, e.g.
// "1|6|unix|/tmp/x/plugin.sock|grpc|MIIB...\n". The certificate field is
// left out when `server_cert_der` is empty (plaintext serving).
std::string HandshakeLine(absl::string_view network, absl::string_view address,
                          absl::string_view server_cert_der);

// JSON value for TF_REATTACH_PROVIDERS describing one provider served on a
// unix socket in debug mode.
std::string ReattachJson(absl::string_view provider_address, long pid,
                         absl::string_view socket_path);

}  // namespace azbatch::plugin

#endif  // AZBATCH_PROVIDER_PLUGIN_HANDSHAKE_H_
