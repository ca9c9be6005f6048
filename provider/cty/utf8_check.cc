#include "provider/cty/utf8_check.h"

#include <optional>
#include <string>
#include <utility>
#include <variant>

#include "common/utf8.h"
#include "provider/cty/json_dom.h"

namespace azbatch::cty {
namespace {

using utf8::IsValidUtf8;

// The step that led to a value, when it names a map key or attribute.
const std::string* LastName(const Path& path) {
  if (path.empty()) return nullptr;
  const PathStep& last = path.steps().back();
  if (const auto* a = std::get_if<AttributeStep>(&last)) return &a->name;
  if (const auto* k = std::get_if<KeyStep>(&last)) return &k->key;
  return nullptr;
}

// Walks a JSON tree alongside the type it should have; `type` is nullopt once
// the document leaves the type (dynamic slots, unknown members).
void WalkJson(const internal::JsonNode& node, const std::optional<Type>& type, const Path& path,
              std::vector<InvalidUtf8>* out) {
  using JK = internal::JsonNode::Kind;
  switch (node.kind) {
    case JK::kString:
      if (!IsValidUtf8(node.text)) out->push_back({path, InvalidUtf8::Where::kString});
      return;
    case JK::kArray: {
      std::optional<Type> elem;
      if (type.has_value() && (type->kind() == Kind::kList || type->kind() == Kind::kSet)) {
        elem = type->element();
      }
      for (size_t i = 0; i < node.items.size(); ++i) {
        std::optional<Type> t = elem;
        if (type.has_value() && type->kind() == Kind::kTuple &&
            i < type->tuple_elements().size()) {
          t = type->tuple_elements()[i];
        }
        if (t.has_value() && t->is_dynamic()) t.reset();
        WalkJson(node.items[i], t, path.Index(static_cast<int64_t>(i)), out);
      }
      return;
    }
    case JK::kObject: {
      const bool is_map = type.has_value() && type->kind() == Kind::kMap;
      const bool is_object = type.has_value() && type->kind() == Kind::kObject;
      bool bad_key = false;
      for (size_t i = 0; i < node.items.size(); ++i) {
        const std::string& key = node.keys[i];
        if (!IsValidUtf8(key)) {
          bad_key = true;
          continue;
        }
        std::optional<Type> t;
        if (is_map) t = type->element();
        if (is_object && type->HasAttribute(key)) t = type->AttributeType(key);
        if (t.has_value() && t->is_dynamic()) t.reset();
        WalkJson(node.items[i], t, is_map ? path.Key(key) : path.Attr(key), out);
      }
      if (bad_key) out->push_back({path, InvalidUtf8::Where::kKey});
      return;
    }
    default:
      return;
  }
}

}  // namespace

std::vector<InvalidUtf8> FindInvalidUtf8(const Value& v) {
  std::vector<InvalidUtf8> out;
  v.Walk([&out](const Path& path, const Value& value) {
    // A key with invalid bytes: report it on the container, never descend
    // into the element (its path would carry the invalid key).
    if (const std::string* name = LastName(path); name != nullptr && !IsValidUtf8(*name)) {
      return false;
    }
    if (!value.is_known()) {
      const auto& prefix = value.refinements().string_prefix;
      if (prefix.has_value() && !IsValidUtf8(*prefix)) {
        out.push_back({path, InvalidUtf8::Where::kRefinement});
      }
      return false;
    }
    if (value.is_null()) return false;
    switch (value.type().kind()) {
      case Kind::kString:
        if (!IsValidUtf8(value.AsString())) out.push_back({path, InvalidUtf8::Where::kString});
        return false;
      case Kind::kMap:
      case Kind::kObject:
        for (const auto& [key, element] : value.MapElements()) {
          if (!IsValidUtf8(key)) {
            out.push_back({path, InvalidUtf8::Where::kKey});
            break;
          }
        }
        return true;
      default:
        return true;
    }
  });
  return out;
}

absl::StatusOr<std::vector<InvalidUtf8>> FindInvalidUtf8InJson(std::string_view json,
                                                               const Type& type) {
  // Escapes always decode to valid UTF-8 (lone surrogates become U+FFFD), so
  // only raw bytes can be invalid; the usual case needs no parse.
  if (IsValidUtf8(json)) return std::vector<InvalidUtf8>{};
  absl::StatusOr<internal::JsonNode> root = internal::ParseJsonDom(json);
  if (!root.ok()) return root.status();
  std::vector<InvalidUtf8> out;
  std::optional<Type> t;
  if (!type.is_dynamic()) t = type;
  WalkJson(*root, t, Path(), &out);
  return out;
}

}  // namespace azbatch::cty
