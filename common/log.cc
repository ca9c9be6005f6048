#include "common/log.h"

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

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

void AppendJsonString(std::string* out, std::string_view s) {
  out->push_back('"');
  for (unsigned char c : s) {
    switch (c) {
      case '"': out->append("\\\""); break;
      case '\\': out->append("\\\\"); break;
      case '\n': out->append("\\n"); break;
      case '\r': out->append("\\r"); break;
      case '\t': out->append("\\t"); break;
      default:
        if (c < 0x20) {
          out->append(absl::StrFormat("\\u%04x", c));
        } else {
          out->push_back(static_cast<char>(c));
        }
    }
  }
  out->push_back('"');
}

}  // namespace

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
  std::string line = "{\"@level\":";
  AppendJsonString(&line, LevelName(level));
  line.append(",\"@message\":");
  AppendJsonString(&line, message);
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
    AppendJsonString(&line, v);
  }
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
