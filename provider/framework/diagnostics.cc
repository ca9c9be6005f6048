#include "provider/framework/diagnostics.h"

#include <utility>

#include "absl/strings/str_cat.h"

namespace azbatch::framework {

bool Diagnostic::operator==(const Diagnostic& o) const {
  return severity == o.severity && summary == o.summary && detail == o.detail &&
         attribute == o.attribute;
}

std::string Diagnostic::ToString() const {
  std::string out = severity == Severity::kError ? "error: " : "warning: ";
  absl::StrAppend(&out, summary);
  if (!detail.empty()) absl::StrAppend(&out, ": ", detail);
  if (attribute.has_value()) absl::StrAppend(&out, " (at ", attribute->ToString(), ")");
  return out;
}

void Diagnostics::Add(Diagnostic d) { items_.push_back(std::move(d)); }

void Diagnostics::AddError(std::string summary, std::string detail) {
  items_.push_back({Severity::kError, std::move(summary), std::move(detail), std::nullopt});
}

void Diagnostics::AddWarning(std::string summary, std::string detail) {
  items_.push_back({Severity::kWarning, std::move(summary), std::move(detail), std::nullopt});
}

void Diagnostics::AddAttributeError(cty::Path path, std::string summary, std::string detail) {
  items_.push_back({Severity::kError, std::move(summary), std::move(detail), std::move(path)});
}

void Diagnostics::AddAttributeWarning(cty::Path path, std::string summary, std::string detail) {
  items_.push_back({Severity::kWarning, std::move(summary), std::move(detail), std::move(path)});
}

void Diagnostics::AddStatus(const absl::Status& status, std::string summary) {
  if (status.ok()) return;
  AddError(std::move(summary), std::string(status.message()));
}

void Diagnostics::AddAttributeStatus(cty::Path path, const absl::Status& status,
                                     std::string summary) {
  if (status.ok()) return;
  AddAttributeError(std::move(path), std::move(summary), std::string(status.message()));
}

void Diagnostics::Append(const Diagnostics& other) {
  items_.insert(items_.end(), other.items_.begin(), other.items_.end());
}

bool Diagnostics::HasError() const { return ErrorCount() > 0; }

size_t Diagnostics::ErrorCount() const {
  size_t n = 0;
  for (const Diagnostic& d : items_) n += d.severity == Severity::kError ? 1 : 0;
  return n;
}

size_t Diagnostics::WarningCount() const { return items_.size() - ErrorCount(); }

bool Diagnostics::HasPath(const cty::Path& path) const {
  for (const Diagnostic& d : items_) {
    if (d.attribute.has_value() && *d.attribute == path) return true;
  }
  return false;
}

std::string Diagnostics::ToString() const {
  std::string out;
  for (const Diagnostic& d : items_) absl::StrAppend(&out, d.ToString(), "\n");
  return out;
}

}  // namespace azbatch::framework
