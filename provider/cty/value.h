// cty values: null, unknown (with refinements) or known, of a Type.
#ifndef AZBATCH_PROVIDER_CTY_VALUE_H_
#define AZBATCH_PROVIDER_CTY_VALUE_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "provider/cty/number.h"
#include "provider/cty/path.h"
#include "provider/cty/type.h"

namespace azbatch::cty {

// What core knows about an unknown value (msgpack ext 12). All optional.
struct Refinements {
  std::optional<bool> nullable;  // false: definitely not null
  std::optional<std::string> string_prefix;
  std::optional<std::pair<Number, bool>> lower_bound;  // value, inclusive
  std::optional<std::pair<Number, bool>> upper_bound;
  std::optional<int64_t> length_min;
  std::optional<int64_t> length_max;
  bool empty() const;
  bool operator==(const Refinements& o) const;
};

// Immutable and cheap to copy. A Value always has a Type; a value placed in a
// dynamic slot keeps its concrete type (only null/unknown values may be of the
// dynamic type itself).
class Value {
 public:
  Value();  // null of dynamic type

  static Value Null(Type type);
  static Value Unknown(Type type, Refinements refinements = {});
  static Value String(std::string s);  // normalised to NFC is the caller's concern
  static Value Num(Number n);
  static Value Int(int64_t v);
  static Value Bool(bool b);
  static Value List(Type element, std::vector<Value> elements);
  // Duplicates collapse; elements are kept in a canonical order.
  static Value Set(Type element, std::vector<Value> elements);
  static Value Map(Type element, std::map<std::string, Value> elements);
  // Object type is derived from the attribute values' types.
  static Value Object(std::map<std::string, Value> attributes);
  // Object of an explicit type: missing attributes become null of their type.
  static Value ObjectOf(const Type& type, std::map<std::string, Value> attributes);
  static Value Tuple(std::vector<Value> elements);

  const Type& type() const;
  bool is_null() const;
  bool is_known() const;  // false for unknown
  bool IsWhollyKnown() const;  // no unknown anywhere inside
  const Refinements& refinements() const;  // unknown only

  // Accessors for known, non-null values of the matching kind.
  const std::string& AsString() const;
  const Number& AsNumber() const;
  bool AsBool() const;
  const std::vector<Value>& Elements() const;  // list, set, tuple
  const std::map<std::string, Value>& MapElements() const;  // map, object
  size_t Length() const;  // known collection / tuple length
  // Object attribute; null of dynamic type when the attribute does not exist.
  const Value& GetAttr(std::string_view name) const;
  bool HasAttr(std::string_view name) const;
  // Follows a path through objects, lists, maps and tuples. Null when absent.
  Value At(const Path& path) const;

  // Returns a copy of this object with one attribute replaced.
  Value WithAttr(const std::string& name, Value v) const;

  // Structural identity: same type, same nullness/knownness, same content
  // (refinements ignored). Numbers compare by value (1 == 1.0).
  bool RawEquals(const Value& other) const;
  bool operator==(const Value& o) const { return RawEquals(o); }
  bool operator!=(const Value& o) const { return !RawEquals(o); }
  // Total order used for canonical set ordering.
  static bool Less(const Value& a, const Value& b);

  // Depth-first rewrite: fn(path, value) returns the replacement (called
  // bottom-up, children before parents).
  using TransformFn = std::function<Value(const Path&, const Value&)>;
  Value Transform(const TransformFn& fn) const;
  // Depth-first visit (parents before children); return false to skip children.
  using WalkFn = std::function<bool(const Path&, const Value&)>;
  void Walk(const WalkFn& fn) const;

  // Debug rendering, e.g. {"a" = "x", "b" = (unknown)}.
  std::string DebugString() const;

  struct Rep;

 private:
  explicit Value(std::shared_ptr<const Rep> rep);
  std::shared_ptr<const Rep> rep_;
};

// Conversion of a value to a type where cty would do it safely (e.g. tuple to
// list, object to map, number to string). Used for function arguments and defaults.
absl::StatusOr<Value> Convert(const Value& v, const Type& want);

}  // namespace azbatch::cty

#endif  // AZBATCH_PROVIDER_CTY_VALUE_H_
