// cty JSON codec following go-cty's cty/json. Numbers are written from and
// read into exact decimals; the parser keeps number lexemes (json_dom.h).
#include "provider/cty/json.h"

#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/json_string.h"
#include "common/status_macros.h"
#include "provider/cty/json_dom.h"

namespace azbatch::cty {
namespace {

using internal::JsonNode;
using NodeKind = internal::JsonNode::Kind;

constexpr int kMaxDepth = 256;

absl::Status PathError(const Path& path, const std::string& msg) {
  if (path.empty()) return absl::InvalidArgumentError(msg);
  return absl::InvalidArgumentError(absl::StrCat(path.ToString(), ": ", msg));
}

absl::Status Marshal(std::string& out, const Value& v, const Type& ty, const Path& path, int depth) {
  if (depth > kMaxDepth) return PathError(path, "value is nested too deeply");
  if (ty.is_dynamic() && !v.type().is_dynamic()) {
    out += "{\"value\":";
    RETURN_IF_ERROR(Marshal(out, v, v.type(), path, depth + 1));
    out += ",\"type\":";
    out += v.type().ToJson();
    out.push_back('}');
    return absl::OkStatus();
  }
  if (!v.is_known()) return PathError(path, "value is not known");
  if (v.is_null()) {
    out += "null";
    return absl::OkStatus();
  }
  Kind vk = v.type().kind();
  if (vk != ty.kind()) {
    absl::StatusOr<Value> converted = Convert(v, ty);
    if (!converted.ok() || converted->type().kind() != ty.kind()) {
      return PathError(path, absl::StrCat(ty.FriendlyName(), " required, but have ",
                                          v.type().FriendlyName()));
    }
    return Marshal(out, *converted, ty, path, depth + 1);
  }
  switch (ty.kind()) {
    case Kind::kString:
      json_string::Append(&out, v.AsString());
      return absl::OkStatus();
    case Kind::kNumber:
      if (v.AsNumber().is_infinite()) return PathError(path, "cannot encode infinity as JSON");
      out += v.AsNumber().ToString();
      return absl::OkStatus();
    case Kind::kBool:
      out += v.AsBool() ? "true" : "false";
      return absl::OkStatus();
    case Kind::kList:
    case Kind::kSet:
    case Kind::kTuple: {
      const auto& etys = ty.tuple_elements();
      if (ty.kind() == Kind::kTuple && etys.size() != v.Elements().size()) {
        return PathError(path, absl::StrCat("a tuple of length ", etys.size(), " is required"));
      }
      out.push_back('[');
      for (size_t i = 0; i < v.Elements().size(); ++i) {
        if (i > 0) out.push_back(',');
        const Type& ety = ty.kind() == Kind::kTuple ? etys[i] : ty.element();
        RETURN_IF_ERROR(
            Marshal(out, v.Elements()[i], ety, path.Index(static_cast<int64_t>(i)), depth + 1));
      }
      out.push_back(']');
      return absl::OkStatus();
    }
    case Kind::kMap: {
      out.push_back('{');
      bool first = true;
      for (const auto& [k, e] : v.MapElements()) {
        if (!first) out.push_back(',');
        first = false;
        json_string::Append(&out, k);
        out.push_back(':');
        RETURN_IF_ERROR(Marshal(out, e, ty.element(), path.Key(k), depth + 1));
      }
      out.push_back('}');
      return absl::OkStatus();
    }
    case Kind::kObject: {
      out.push_back('{');
      bool first = true;
      const auto& attrs = v.MapElements();
      for (const auto& [name, aty] : ty.attributes()) {
        if (!first) out.push_back(',');
        first = false;
        json_string::Append(&out, name);
        out.push_back(':');
        auto it = attrs.find(name);
        if (it == attrs.end()) {
          out += "null";
          continue;
        }
        RETURN_IF_ERROR(Marshal(out, it->second, aty, path.Attr(name), depth + 1));
      }
      out.push_back('}');
      return absl::OkStatus();
    }
    case Kind::kDynamic:
      out += "null";
      return absl::OkStatus();
  }
  return absl::OkStatus();
}

absl::StatusOr<Value> Unmarshal(const JsonNode& n, const Type& ty, const Path& path, bool lenient);

absl::StatusOr<Value> UnmarshalDynamic(const JsonNode& n, const Path& path, bool lenient) {
  if (n.kind != NodeKind::kObject) {
    return PathError(path, "dynamically-typed value must be a JSON object");
  }
  const JsonNode* type_node = nullptr;
  const JsonNode* value_node = nullptr;
  for (size_t i = 0; i < n.items.size(); ++i) {
    if (n.keys[i] == "type") {
      type_node = &n.items[i];
    } else if (n.keys[i] == "value") {
      value_node = &n.items[i];
    } else {
      return PathError(path,
                       absl::StrCat("invalid key \"", n.keys[i], "\" in dynamically-typed value"));
    }
  }
  if (!type_node) return PathError(path, "missing type in dynamically-typed value");
  if (!value_node) return PathError(path, "missing value in dynamically-typed value");
  absl::StatusOr<Type> t = internal::TypeFromJsonNode(*type_node);
  if (!t.ok()) return PathError(path, std::string(t.status().message()));
  return Unmarshal(*value_node, *t, path, lenient);
}

absl::StatusOr<Value> UnmarshalPrimitive(const JsonNode& n, const Type& ty, const Path& path) {
  switch (ty.kind()) {
    case Kind::kString:
      if (n.kind == NodeKind::kString || n.kind == NodeKind::kNumber) return Value::String(n.text);
      if (n.kind == NodeKind::kBool) return Value::String(n.boolean ? "true" : "false");
      return PathError(path, "string is required");
    case Kind::kNumber: {
      if (n.kind != NodeKind::kNumber && n.kind != NodeKind::kString) {
        return PathError(path, "number is required");
      }
      absl::StatusOr<Number> num = Number::Parse(n.text);
      if (!num.ok()) return PathError(path, std::string(num.status().message()));
      return Value::Num(*std::move(num));
    }
    case Kind::kBool:
      if (n.kind == NodeKind::kBool) return Value::Bool(n.boolean);
      if (n.kind == NodeKind::kString) {
        if (n.text == "true" || n.text == "1") return Value::Bool(true);
        if (n.text == "false" || n.text == "0") return Value::Bool(false);
      }
      return PathError(path, "bool is required");
    default:
      return PathError(path, "unsupported type");
  }
}

absl::StatusOr<Value> Unmarshal(const JsonNode& n, const Type& ty, const Path& path, bool lenient) {
  if (n.kind == NodeKind::kNull) return Value::Null(ty);
  switch (ty.kind()) {
    case Kind::kDynamic:
      return UnmarshalDynamic(n, path, lenient);
    case Kind::kString:
    case Kind::kNumber:
    case Kind::kBool:
      return UnmarshalPrimitive(n, ty, path);
    case Kind::kList:
    case Kind::kSet:
    case Kind::kTuple: {
      if (n.kind != NodeKind::kArray) return PathError(path, "array is required");
      const auto& etys = ty.tuple_elements();
      if (ty.kind() == Kind::kTuple && n.items.size() != etys.size()) {
        return PathError(path, n.items.size() > etys.size() ? "too many tuple elements"
                                                            : "not enough tuple elements");
      }
      std::vector<Value> elems;
      for (size_t i = 0; i < n.items.size(); ++i) {
        const Type& ety = ty.kind() == Kind::kTuple ? etys[i] : ty.element();
        ASSIGN_OR_RETURN(Value e, Unmarshal(n.items[i], ety, path.Index(static_cast<int64_t>(i)),
                                            lenient));
        elems.push_back(std::move(e));
      }
      if (ty.kind() == Kind::kList) return Value::List(ty.element(), std::move(elems));
      if (ty.kind() == Kind::kSet) return Value::Set(ty.element(), std::move(elems));
      return Value::Tuple(std::move(elems));
    }
    case Kind::kMap: {
      if (n.kind != NodeKind::kObject) return PathError(path, "object is required");
      std::map<std::string, Value> elems;
      for (size_t i = 0; i < n.items.size(); ++i) {
        ASSIGN_OR_RETURN(Value e, Unmarshal(n.items[i], ty.element(), path.Key(n.keys[i]), lenient));
        elems.insert_or_assign(n.keys[i], std::move(e));
      }
      return Value::Map(ty.element(), std::move(elems));
    }
    case Kind::kObject: {
      if (n.kind != NodeKind::kObject) return PathError(path, "object is required");
      const auto& atys = ty.attributes();
      std::map<std::string, Value> attrs;
      for (size_t i = 0; i < n.items.size(); ++i) {
        const std::string& k = n.keys[i];
        auto it = atys.find(k);
        if (it == atys.end()) {
          if (lenient) continue;
          return PathError(path, absl::StrCat("unsupported attribute \"", k, "\""));
        }
        ASSIGN_OR_RETURN(Value e, Unmarshal(n.items[i], it->second, path.Attr(k), lenient));
        attrs.insert_or_assign(k, std::move(e));
      }
      return Value::ObjectOf(ty, std::move(attrs));  // missing attributes become null
    }
  }
  return PathError(path, "unsupported type");
}

absl::StatusOr<Value> UnmarshalImpl(std::string_view json, const Type& type, bool lenient) {
  ASSIGN_OR_RETURN(JsonNode root, internal::ParseJsonDom(json, kMaxDepth));
  return Unmarshal(root, type, Path(), lenient);
}

}  // namespace

absl::StatusOr<std::string> MarshalJson(const Value& value, const Type& type) {
  std::string out;
  RETURN_IF_ERROR(Marshal(out, value, type, Path(), 0));
  return out;
}

absl::StatusOr<Value> UnmarshalJson(std::string_view json, const Type& type) {
  return UnmarshalImpl(json, type, false);
}

absl::StatusOr<Value> UnmarshalJsonLenient(std::string_view json, const Type& type) {
  return UnmarshalImpl(json, type, true);
}

}  // namespace azbatch::cty
