// Diagnostics: errors and warnings returned to core, each optionally tied to
// the attribute path it concerns. Framework code never throws; it appends
// diagnostics and returns early when HasError().
#ifndef AZBATCH_PROVIDER_FRAMEWORK_DIAGNOSTICS_H_
#define AZBATCH_PROVIDER_FRAMEWORK_DIAGNOSTICS_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "provider/cty/path.h"

namespace azbatch::framework {

enum class Severity { kError, kWarning };

struct Diagnostic {
  Severity severity = Severity::kError;
  std::string summary;
  std::string detail;
  // Set when the diagnostic concerns one attribute (core highlights it).
  std::optional<cty::Path> attribute;

  bool operator==(const Diagnostic& o) const;
  // "error: summary: detail (at path)" for logs and test failure messages.
  std::string ToString() const;
};

class Diagnostics {
 public:
  using const_iterator = std::vector<Diagnostic>::const_iterator;

  void Add(Diagnostic d);
  void AddError(std::string summary, std::string detail = "");
  void AddWarning(std::string summary, std::string detail = "");
  void AddAttributeError(cty::Path path, std::string summary, std::string detail = "");
  void AddAttributeWarning(cty::Path path, std::string summary, std::string detail = "");
  // Adds an error for a non-OK status (no-op when OK). `summary` becomes the
  // summary, the status message the detail.
  void AddStatus(const absl::Status& status, std::string summary);
  void AddAttributeStatus(cty::Path path, const absl::Status& status, std::string summary);
  void Append(const Diagnostics& other);

  bool HasError() const;
  size_t ErrorCount() const;
  size_t WarningCount() const;
  bool empty() const { return items_.empty(); }
  size_t size() const { return items_.size(); }
  const Diagnostic& operator[](size_t i) const { return items_[i]; }
  const std::vector<Diagnostic>& items() const { return items_; }
  const_iterator begin() const { return items_.begin(); }
  const_iterator end() const { return items_.end(); }
  // True when some diagnostic has exactly this attribute path.
  bool HasPath(const cty::Path& path) const;
  // All diagnostics, one per line.
  std::string ToString() const;

 private:
  std::vector<Diagnostic> items_;
};

}  // namespace azbatch::framework

#endif  // AZBATCH_PROVIDER_FRAMEWORK_DIAGNOSTICS_H_
