// Safe conversions between cty types (a subset of go-cty's cty/convert).
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "provider/cty/value.h"

namespace azbatch::cty {
namespace {

absl::Status Mismatch(const Path& path, const Type& want, const std::string& detail = "") {
  std::string msg = absl::StrCat(want.FriendlyName(), " required");
  if (!detail.empty()) msg = detail;
  if (path.empty()) return absl::InvalidArgumentError(msg);
  return absl::InvalidArgumentError(absl::StrCat(path.ToString(), ": ", msg));
}

// Whether a value of type `from` could be converted to `to` (used for null and
// unknown values, which carry no content to check).
bool TypeConvertible(const Type& from, const Type& to) {
  if (to.is_dynamic() || from.is_dynamic() || from == to) return true;
  if (from.is_primitive() && to.is_primitive()) {
    return from.kind() == Kind::kString || to.kind() == Kind::kString;
  }
  switch (to.kind()) {
    case Kind::kList:
    case Kind::kSet:
      if (from.kind() == Kind::kList || from.kind() == Kind::kSet) {
        return TypeConvertible(from.element(), to.element());
      }
      if (from.kind() == Kind::kTuple) {
        for (const Type& t : from.tuple_elements()) {
          if (!TypeConvertible(t, to.element())) return false;
        }
        return true;
      }
      return false;
    case Kind::kMap:
      if (from.kind() == Kind::kMap) return TypeConvertible(from.element(), to.element());
      if (from.kind() == Kind::kObject) {
        for (const auto& [n, t] : from.attributes()) {
          if (!TypeConvertible(t, to.element())) return false;
        }
        return true;
      }
      return false;
    case Kind::kObject:
      if (from.kind() == Kind::kMap) return true;
      if (from.kind() != Kind::kObject) return false;
      for (const auto& [n, t] : to.attributes()) {
        if (!from.HasAttribute(n)) {
          if (to.optional_attributes().count(n) == 0) return false;
          continue;
        }
        if (!TypeConvertible(from.AttributeType(n), t)) return false;
      }
      return true;
    case Kind::kTuple:
      if (from.kind() == Kind::kList || from.kind() == Kind::kSet) return true;
      if (from.kind() != Kind::kTuple) return false;
      if (from.tuple_elements().size() != to.tuple_elements().size()) return false;
      for (size_t i = 0; i < to.tuple_elements().size(); ++i) {
        if (!TypeConvertible(from.tuple_elements()[i], to.tuple_elements()[i])) return false;
      }
      return true;
    default:
      return false;
  }
}

absl::StatusOr<Value> ConvertAt(const Value& v, const Type& want, const Path& path);

// Chooses a single element type for a collection built from values of mixed
// types (the common case: all the same; otherwise primitives unify to string).
absl::StatusOr<Type> UnifyElements(const std::vector<const Value*>& vals, const Path& path) {
  std::optional<Type> common;
  bool all_primitive = true;
  for (const Value* v : vals) {
    if (v->type().is_dynamic()) continue;
    if (!v->type().is_primitive()) all_primitive = false;
    if (!common) {
      common = v->type();
    } else if (*common != v->type()) {
      if (all_primitive) {
        common = Type::String();
      } else {
        return Mismatch(path, Type::Dynamic(), "all elements must have the same type");
      }
    }
  }
  return common.value_or(Type::Dynamic());
}

absl::StatusOr<Value> ConvertPrimitive(const Value& v, const Type& want, const Path& path) {
  Kind from = v.type().kind();
  if (want.kind() == Kind::kString) {
    if (from == Kind::kNumber) return Value::String(v.AsNumber().ToString());
    if (from == Kind::kBool) return Value::String(v.AsBool() ? "true" : "false");
  } else if (want.kind() == Kind::kNumber && from == Kind::kString) {
    absl::StatusOr<Number> n = Number::Parse(v.AsString());
    if (!n.ok()) return Mismatch(path, want, "a number is required");
    return Value::Num(*std::move(n));
  } else if (want.kind() == Kind::kBool && from == Kind::kString) {
    const std::string& s = v.AsString();
    if (s == "true" || s == "1") return Value::Bool(true);
    if (s == "false" || s == "0") return Value::Bool(false);
    return Mismatch(path, want, "a bool is required");
  }
  return Mismatch(path, want);
}

absl::StatusOr<Value> ConvertSequence(const Value& v, const Type& want, const Path& path) {
  Kind from = v.type().kind();
  if (from != Kind::kList && from != Kind::kSet && from != Kind::kTuple) {
    return Mismatch(path, want);
  }
  const std::vector<Value>& in = v.Elements();
  if (want.kind() == Kind::kTuple) {
    const auto& etys = want.tuple_elements();
    if (in.size() != etys.size()) {
      return Mismatch(path, want, absl::StrCat("a tuple of length ", etys.size(), " is required"));
    }
    std::vector<Value> out;
    for (size_t i = 0; i < in.size(); ++i) {
      ASSIGN_OR_RETURN(Value e, ConvertAt(in[i], etys[i], path.Index(static_cast<int64_t>(i))));
      out.push_back(std::move(e));
    }
    return Value::Tuple(std::move(out));
  }
  Type ety = want.element();
  if (ety.is_dynamic()) {
    std::vector<const Value*> ptrs;
    for (const Value& e : in) ptrs.push_back(&e);
    ASSIGN_OR_RETURN(ety, UnifyElements(ptrs, path));
  }
  std::vector<Value> out;
  for (size_t i = 0; i < in.size(); ++i) {
    ASSIGN_OR_RETURN(Value e, ConvertAt(in[i], ety, path.Index(static_cast<int64_t>(i))));
    out.push_back(std::move(e));
  }
  if (want.kind() == Kind::kList) return Value::List(ety, std::move(out));
  return Value::Set(ety, std::move(out));
}

absl::StatusOr<Value> ConvertMapping(const Value& v, const Type& want, const Path& path) {
  Kind from = v.type().kind();
  if (from != Kind::kMap && from != Kind::kObject) return Mismatch(path, want);
  const auto& in = v.MapElements();
  if (want.kind() == Kind::kMap) {
    Type ety = want.element();
    if (ety.is_dynamic()) {
      std::vector<const Value*> ptrs;
      for (const auto& [k, e] : in) ptrs.push_back(&e);
      ASSIGN_OR_RETURN(ety, UnifyElements(ptrs, path));
    }
    std::map<std::string, Value> out;
    for (const auto& [k, e] : in) {
      ASSIGN_OR_RETURN(Value c, ConvertAt(e, ety, path.Key(k)));
      out.emplace(k, std::move(c));
    }
    return Value::Map(ety, std::move(out));
  }
  // To object: attributes the target lacks are discarded; missing ones must be optional.
  std::map<std::string, Value> out;
  for (const auto& [name, aty] : want.attributes()) {
    auto it = in.find(name);
    if (it == in.end()) {
      if (want.optional_attributes().count(name) == 0) {
        return Mismatch(path, want, absl::StrCat("attribute \"", name, "\" is required"));
      }
      out.emplace(name, Value::Null(aty));
      continue;
    }
    Path p = from == Kind::kMap ? path.Key(name) : path.Attr(name);
    ASSIGN_OR_RETURN(Value c, ConvertAt(it->second, aty, p));
    out.emplace(name, std::move(c));
  }
  // The result's type does not mark attributes optional: it is a value type.
  return Value::ObjectOf(Type::Object(want.attributes()), std::move(out));
}

absl::StatusOr<Value> ConvertAt(const Value& v, const Type& want, const Path& path) {
  if (want.is_dynamic()) return v;
  if (v.type() == want && want.optional_attributes().empty()) return v;
  if (v.is_null() || !v.is_known()) {
    if (!TypeConvertible(v.type(), want)) return Mismatch(path, want);
    Type result = want;
    if (want.kind() == Kind::kObject && !want.optional_attributes().empty()) {
      result = Type::Object(want.attributes());
    }
    if (v.is_null()) return Value::Null(result);
    Refinements r;
    r.nullable = v.refinements().nullable;
    if (v.type().kind() == want.kind()) r = v.refinements();
    return Value::Unknown(result, r);
  }
  switch (want.kind()) {
    case Kind::kString:
    case Kind::kNumber:
    case Kind::kBool:
      if (v.type().kind() == want.kind()) return v;
      if (!v.type().is_primitive()) return Mismatch(path, want);
      return ConvertPrimitive(v, want, path);
    case Kind::kList:
    case Kind::kSet:
    case Kind::kTuple:
      return ConvertSequence(v, want, path);
    case Kind::kMap:
    case Kind::kObject:
      return ConvertMapping(v, want, path);
    case Kind::kDynamic:
      return v;
  }
  return Mismatch(path, want);
}

}  // namespace

absl::StatusOr<Value> Convert(const Value& v, const Type& want) { return ConvertAt(v, want, Path()); }

}  // namespace azbatch::cty
