// cty types: the type system OpenTofu/Terraform use for every value on the wire.
#ifndef AZBATCH_PROVIDER_CTY_TYPE_H_
#define AZBATCH_PROVIDER_CTY_TYPE_H_

#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace azbatch::cty {

enum class Kind { kDynamic, kString, kNumber, kBool, kList, kSet, kMap, kObject, kTuple };

// Immutable, cheap to copy (shared representation).
class Type {
 public:
  Type();  // dynamic
  static Type String();
  static Type Number();
  static Type Bool();
  static Type Dynamic();
  static Type List(Type element);
  static Type Set(Type element);
  static Type Map(Type element);
  // `optional` names attributes marked optional (function parameter types only).
  static Type Object(std::map<std::string, Type> attributes,
                     std::set<std::string> optional = {});
  static Type Tuple(std::vector<Type> elements);

  Kind kind() const;
  bool is_primitive() const;   // string, number, bool
  bool is_collection() const;  // list, set, map
  bool is_dynamic() const { return kind() == Kind::kDynamic; }
  // Element type of a list, set or map.
  const Type& element() const;
  const std::map<std::string, Type>& attributes() const;  // object
  const std::set<std::string>& optional_attributes() const;
  bool HasAttribute(std::string_view name) const;
  const Type& AttributeType(std::string_view name) const;  // object; dynamic if absent
  const std::vector<Type>& tuple_elements() const;         // tuple

  // Type JSON as core encodes it: "string", ["list","string"], ["object",{...}] ...
  std::string ToJson() const;
  static absl::StatusOr<Type> FromJson(std::string_view json);
  // Human name for diagnostics: "string", "list of number", "object".
  std::string FriendlyName() const;

  bool operator==(const Type& other) const;
  bool operator!=(const Type& other) const { return !(*this == other); }

  struct Rep;

 private:
  explicit Type(std::shared_ptr<const Rep> rep);
  std::shared_ptr<const Rep> rep_;
};

}  // namespace azbatch::cty

#endif  // AZBATCH_PROVIDER_CTY_TYPE_H_
