// Provider-defined functions (provider::azbatch::<name>(...)).
#ifndef AZBATCH_PROVIDER_FRAMEWORK_FUNCTION_H_
#define AZBATCH_PROVIDER_FRAMEWORK_FUNCTION_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "provider/cty/type.h"
#include "provider/cty/value.h"
#include "provider/framework/context.h"
#include "provider/framework/schema.h"

namespace azbatch::framework {

struct FunctionParameter {
  std::string name;  // a valid HCL identifier
  cty::Type type;
  bool allow_null_value = false;
  bool allow_unknown_values = false;
  std::string description;
  DescriptionKind description_kind = DescriptionKind::kMarkdown;
};

struct FunctionDefinition {
  std::vector<FunctionParameter> parameters;
  std::optional<FunctionParameter> variadic_parameter;
  cty::Type return_type;
  std::string summary;
  std::string description;
  DescriptionKind description_kind = DescriptionKind::kMarkdown;
  std::string deprecation_message;
};

// tfplugin6 FunctionError: text plus the index of the argument at fault.
struct FunctionError {
  std::string text;
  std::optional<int64_t> function_argument;
  bool operator==(const FunctionError& o) const {
    return text == o.text && function_argument == o.function_argument;
  }
};

struct FunctionRunRequest {
  // One value per parameter, then the variadic arguments; already converted to
  // the declared types by the Server.
  std::vector<cty::Value> arguments;
};
struct FunctionRunResponse {
  cty::Value result;  // of the return type
  std::optional<FunctionError> error;
};

class Function {
 public:
  virtual ~Function() = default;
  virtual std::string Name() const = 0;  // e.g. "parse_resource_id"
  virtual FunctionDefinition Definition() const = 0;
  virtual void Run(const Context& ctx, const FunctionRunRequest& req,
                   FunctionRunResponse* resp) = 0;
};

using FunctionFactory = std::function<std::unique_ptr<Function>()>;

}  // namespace azbatch::framework

#endif  // AZBATCH_PROVIDER_FRAMEWORK_FUNCTION_H_
