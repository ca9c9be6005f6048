// Test helpers: capture log lines through log::SetSinkForTesting.
#ifndef AZBATCH_PROVIDER_AZURE_TEST_UTIL_H_
#define AZBATCH_PROVIDER_AZURE_TEST_UTIL_H_

#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "common/log.h"

namespace azbatch::azure::testing {

class LogCapture {
 public:
  explicit LogCapture(log::Level level = log::Level::kTrace) : old_level_(log::GetLevel()) {
    {
      std::lock_guard<std::mutex> l(Mu());
      Lines().clear();
    }
    log::SetLevel(level);
    log::SetSinkForTesting(&Sink);
  }
  ~LogCapture() {
    log::SetSinkForTesting(nullptr);
    log::SetLevel(old_level_);
  }
  std::vector<std::string> lines() const {
    std::lock_guard<std::mutex> l(Mu());
    return Lines();
  }
  std::string all() const {
    std::string out;
    for (const auto& l : lines()) out += l + "\n";
    return out;
  }

 private:
  static std::mutex& Mu() {
    static std::mutex mu;
    return mu;
  }
  static std::vector<std::string>& Lines() {
    static std::vector<std::string> lines;
    return lines;
  }
  static void Sink(std::string_view line) {
    std::lock_guard<std::mutex> l(Mu());
    Lines().emplace_back(line);
  }
  log::Level old_level_;
};

}  // namespace azbatch::azure::testing

#endif  // AZBATCH_PROVIDER_AZURE_TEST_UTIL_H_
