// Structured logging to stderr as JSON lines that TF_LOG understands (go-hclog
// format: "@level", "@message", "@module", "@timestamp" plus fields). Never stdout:
// stdout carries the plugin handshake.
#ifndef AZBATCH_COMMON_LOG_H_
#define AZBATCH_COMMON_LOG_H_

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

namespace azbatch::log {

enum class Level { kTrace = 0, kDebug, kInfo, kWarn, kError, kOff };

// Reads TF_LOG_PROVIDER, then TF_LOG (trace/debug/info/warn/error/off/json);
// default kInfo... any unknown value means trace as core does.
void InitFromEnvironment();
void SetLevel(Level level);
Level GetLevel();
bool Enabled(Level level);
// Where lines go (default stderr); tests redirect to capture output.
void SetSinkForTesting(void (*sink)(std::string_view line));

// Secrets known to this process (sensitive attribute values, credentials,
// tokens). Every later log line has each of them replaced by "REDACTED", in
// every spelling a line may carry it: raw, JSON-escaped (as nlohmann and this
// logger escape) and percent-encoded. This is the second layer under the
// structural redaction of HTTP bodies: it holds whatever shape a value takes.
// Values shorter than kMinSecretLength are ignored (they would erase ordinary
// words from every line); the set only grows for the life of the process.
inline constexpr size_t kMinSecretLength = 4;
void AddSecret(std::string_view secret);
// `text` with every registered secret replaced.
std::string ScrubSecrets(std::string_view text);
void ClearSecretsForTesting();

using Field = std::pair<std::string_view, std::string>;
void Log(Level level, std::string_view module, std::string_view message,
         std::initializer_list<Field> fields = {});

inline void Trace(std::string_view m, std::string_view msg, std::initializer_list<Field> f = {}) { Log(Level::kTrace, m, msg, f); }
inline void Debug(std::string_view m, std::string_view msg, std::initializer_list<Field> f = {}) { Log(Level::kDebug, m, msg, f); }
inline void Info(std::string_view m, std::string_view msg, std::initializer_list<Field> f = {}) { Log(Level::kInfo, m, msg, f); }
inline void Warn(std::string_view m, std::string_view msg, std::initializer_list<Field> f = {}) { Log(Level::kWarn, m, msg, f); }
inline void Error(std::string_view m, std::string_view msg, std::initializer_list<Field> f = {}) { Log(Level::kError, m, msg, f); }

}  // namespace azbatch::log

#endif  // AZBATCH_COMMON_LOG_H_
