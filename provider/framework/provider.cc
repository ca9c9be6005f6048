#include "provider/framework/provider.h"

#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace azbatch::framework {
namespace {

absl::Status CheckTypeName(const std::string& provider, const std::string& name) {
  if (!absl::StartsWith(name, absl::StrCat(provider, "_")) || name.size() <= provider.size() + 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("type name \"", name, "\" must start with \"", provider, "_\""));
  }
  return absl::OkStatus();
}

absl::Status CheckSchema(const std::string& name, const Schema& schema) {
  absl::Status s = ValidateSchema(schema);
  if (!s.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("schema of ", name, ": ", s.message()));
  }
  return absl::OkStatus();
}

}  // namespace

Provider::Provider(std::string type_name, std::string version)
    : type_name_(std::move(type_name)), version_(std::move(version)) {}

absl::Status Provider::AddResource(ResourceFactory factory) {
  if (!factory) return absl::InvalidArgumentError("null resource factory");
  std::unique_ptr<Resource> r = factory();
  if (r == nullptr) return absl::InvalidArgumentError("resource factory returned null");
  std::string name = r->TypeName();
  absl::Status s = CheckTypeName(type_name_, name);
  if (!s.ok()) return s;
  s = CheckSchema(name, r->GetSchema());
  if (!s.ok()) return s;
  if (!resources_.emplace(name, std::move(factory)).second) {
    return absl::AlreadyExistsError(absl::StrCat("resource ", name, " registered twice"));
  }
  return absl::OkStatus();
}

absl::Status Provider::AddDataSource(DataSourceFactory factory) {
  if (!factory) return absl::InvalidArgumentError("null data source factory");
  std::unique_ptr<DataSource> d = factory();
  if (d == nullptr) return absl::InvalidArgumentError("data source factory returned null");
  std::string name = d->TypeName();
  absl::Status s = CheckTypeName(type_name_, name);
  if (!s.ok()) return s;
  s = CheckSchema(name, d->GetSchema());
  if (!s.ok()) return s;
  if (!data_sources_.emplace(name, std::move(factory)).second) {
    return absl::AlreadyExistsError(absl::StrCat("data source ", name, " registered twice"));
  }
  return absl::OkStatus();
}

absl::Status Provider::AddFunction(FunctionFactory factory) {
  if (!factory) return absl::InvalidArgumentError("null function factory");
  std::unique_ptr<Function> f = factory();
  if (f == nullptr) return absl::InvalidArgumentError("function factory returned null");
  std::string name = f->Name();
  if (name.empty()) return absl::InvalidArgumentError("function with an empty name");
  for (char c : name) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-')) {
      return absl::InvalidArgumentError(absl::StrCat("function name \"", name,
                                                     "\" is not a valid identifier"));
    }
  }
  if (!functions_.emplace(name, std::move(factory)).second) {
    return absl::AlreadyExistsError(absl::StrCat("function ", name, " registered twice"));
  }
  return absl::OkStatus();
}

}  // namespace azbatch::framework
