#include "provider/cty/value.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/json_string.h"

namespace azbatch::cty {

namespace {
enum class State { kKnown = 0, kUnknown = 1, kNull = 2 };
}  // namespace

struct Value::Rep {
  Type type;
  State state = State::kNull;
  Refinements refinements;
  std::string str;
  Number num;
  bool boolean = false;
  std::vector<Value> elems;               // list, set, tuple
  std::map<std::string, Value> attrs;     // map, object
};

namespace {

const std::shared_ptr<const Value::Rep>& NullDynamicRep() {
  static const auto* rep = new std::shared_ptr<const Value::Rep>(std::make_shared<Value::Rep>());
  return *rep;
}

const Value& NullDynamic() {
  static const Value* v = new Value();
  return *v;
}

}  // namespace

bool Refinements::empty() const {
  return !nullable && !string_prefix && !lower_bound && !upper_bound && !length_min &&
         !length_max;
}

bool Refinements::operator==(const Refinements& o) const {
  return nullable == o.nullable && string_prefix == o.string_prefix &&
         lower_bound == o.lower_bound && upper_bound == o.upper_bound &&
         length_min == o.length_min && length_max == o.length_max;
}

Value::Value() : rep_(NullDynamicRep()) {}
Value::Value(std::shared_ptr<const Rep> rep) : rep_(std::move(rep)) {}

Value Value::Null(Type type) {
  auto rep = std::make_shared<Rep>();
  rep->type = std::move(type);
  rep->state = State::kNull;
  return Value(std::move(rep));
}

Value Value::Unknown(Type type, Refinements refinements) {
  auto rep = std::make_shared<Rep>();
  rep->type = std::move(type);
  rep->state = State::kUnknown;
  rep->refinements = std::move(refinements);
  return Value(std::move(rep));
}

Value Value::String(std::string s) {
  auto rep = std::make_shared<Rep>();
  rep->type = Type::String();
  rep->state = State::kKnown;
  rep->str = std::move(s);
  return Value(std::move(rep));
}

Value Value::Num(Number n) {
  auto rep = std::make_shared<Rep>();
  rep->type = Type::Number();
  rep->state = State::kKnown;
  rep->num = std::move(n);
  return Value(std::move(rep));
}

Value Value::Int(int64_t v) { return Num(Number::FromInt(v)); }

Value Value::Bool(bool b) {
  auto rep = std::make_shared<Rep>();
  rep->type = Type::Bool();
  rep->state = State::kKnown;
  rep->boolean = b;
  return Value(std::move(rep));
}

Value Value::List(Type element, std::vector<Value> elements) {
  auto rep = std::make_shared<Rep>();
  rep->type = Type::List(std::move(element));
  rep->state = State::kKnown;
  rep->elems = std::move(elements);
  return Value(std::move(rep));
}

Value Value::Set(Type element, std::vector<Value> elements) {
  std::sort(elements.begin(), elements.end(), &Value::Less);
  // As in cty, values that are not wholly known are never equivalent for set
  // membership, so only wholly known duplicates collapse.
  elements.erase(std::unique(elements.begin(), elements.end(),
                             [](const Value& a, const Value& b) {
                               return a.RawEquals(b) && a.IsWhollyKnown() && b.IsWhollyKnown();
                             }),
                 elements.end());
  auto rep = std::make_shared<Rep>();
  rep->type = Type::Set(std::move(element));
  rep->state = State::kKnown;
  rep->elems = std::move(elements);
  return Value(std::move(rep));
}

Value Value::Map(Type element, std::map<std::string, Value> elements) {
  auto rep = std::make_shared<Rep>();
  rep->type = Type::Map(std::move(element));
  rep->state = State::kKnown;
  rep->attrs = std::move(elements);
  return Value(std::move(rep));
}

Value Value::Object(std::map<std::string, Value> attributes) {
  std::map<std::string, Type> types;
  for (const auto& [name, v] : attributes) types.emplace(name, v.type());
  auto rep = std::make_shared<Rep>();
  rep->type = Type::Object(std::move(types));
  rep->state = State::kKnown;
  rep->attrs = std::move(attributes);
  return Value(std::move(rep));
}

Value Value::ObjectOf(const Type& type, std::map<std::string, Value> attributes) {
  auto rep = std::make_shared<Rep>();
  rep->type = type;
  rep->state = State::kKnown;
  for (const auto& [name, aty] : type.attributes()) {
    auto it = attributes.find(name);
    if (it != attributes.end()) {
      rep->attrs.emplace(name, std::move(it->second));
    } else {
      rep->attrs.emplace(name, Null(aty));
    }
  }
  return Value(std::move(rep));
}

Value Value::Tuple(std::vector<Value> elements) {
  std::vector<Type> types;
  types.reserve(elements.size());
  for (const Value& v : elements) types.push_back(v.type());
  auto rep = std::make_shared<Rep>();
  rep->type = Type::Tuple(std::move(types));
  rep->state = State::kKnown;
  rep->elems = std::move(elements);
  return Value(std::move(rep));
}

const Type& Value::type() const { return rep_->type; }
bool Value::is_null() const { return rep_->state == State::kNull; }
bool Value::is_known() const { return rep_->state != State::kUnknown; }

bool Value::IsWhollyKnown() const {
  if (rep_->state == State::kUnknown) return false;
  if (rep_->state == State::kNull) return true;
  for (const Value& v : rep_->elems) {
    if (!v.IsWhollyKnown()) return false;
  }
  for (const auto& [k, v] : rep_->attrs) {
    if (!v.IsWhollyKnown()) return false;
  }
  return true;
}

const Refinements& Value::refinements() const { return rep_->refinements; }
const std::string& Value::AsString() const { return rep_->str; }
const Number& Value::AsNumber() const { return rep_->num; }
bool Value::AsBool() const { return rep_->boolean; }
const std::vector<Value>& Value::Elements() const { return rep_->elems; }
const std::map<std::string, Value>& Value::MapElements() const { return rep_->attrs; }

size_t Value::Length() const {
  switch (type().kind()) {
    case Kind::kMap:
    case Kind::kObject:
      return rep_->attrs.size();
    default:
      return rep_->elems.size();
  }
}

const Value& Value::GetAttr(std::string_view name) const {
  if (rep_->state != State::kKnown || type().kind() != Kind::kObject) return NullDynamic();
  auto it = rep_->attrs.find(std::string(name));
  return it == rep_->attrs.end() ? NullDynamic() : it->second;
}

bool Value::HasAttr(std::string_view name) const {
  return type().kind() == Kind::kObject &&
         (rep_->attrs.count(std::string(name)) > 0 || type().HasAttribute(name));
}

Value Value::At(const Path& path) const {
  Value cur = *this;
  for (const PathStep& step : path.steps()) {
    if (cur.is_null() || !cur.is_known()) return Value();
    Kind k = cur.type().kind();
    if (const auto* a = std::get_if<AttributeStep>(&step)) {
      if (k != Kind::kObject) return Value();
      auto it = cur.rep_->attrs.find(a->name);
      if (it == cur.rep_->attrs.end()) return Value();
      cur = it->second;
    } else if (const auto* i = std::get_if<IndexStep>(&step)) {
      if (k != Kind::kList && k != Kind::kTuple && k != Kind::kSet) return Value();
      if (i->index < 0 || static_cast<size_t>(i->index) >= cur.rep_->elems.size()) return Value();
      cur = cur.rep_->elems[static_cast<size_t>(i->index)];
    } else {
      const auto& key = std::get<KeyStep>(step).key;
      if (k != Kind::kMap && k != Kind::kObject) return Value();
      auto it = cur.rep_->attrs.find(key);
      if (it == cur.rep_->attrs.end()) return Value();
      cur = it->second;
    }
  }
  return cur;
}

Value Value::WithAttr(const std::string& name, Value v) const {
  auto rep = std::make_shared<Rep>(*rep_);
  if (rep->type.kind() != Kind::kObject) return *this;
  if (!rep->type.HasAttribute(name)) {
    std::map<std::string, Type> types = rep->type.attributes();
    types.emplace(name, v.type());
    rep->type = Type::Object(std::move(types), rep->type.optional_attributes());
  }
  if (rep->state != State::kKnown) {
    // Give a null/unknown object attributes so that the result is known.
    rep->state = State::kKnown;
    rep->refinements = Refinements();
    for (const auto& [n, aty] : rep->type.attributes()) rep->attrs.emplace(n, Null(aty));
  }
  rep->attrs.insert_or_assign(name, std::move(v));
  return Value(std::move(rep));
}

namespace {

int CompareTypes(const Type& a, const Type& b) {
  if (a == b) return 0;
  int c = a.ToJson().compare(b.ToJson());
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

int CompareValues(const Value& a, const Value& b);

int CompareSequences(const std::vector<Value>& a, const std::vector<Value>& b) {
  size_t n = std::min(a.size(), b.size());
  for (size_t i = 0; i < n; ++i) {
    int c = CompareValues(a[i], b[i]);
    if (c != 0) return c;
  }
  if (a.size() == b.size()) return 0;
  return a.size() < b.size() ? -1 : 1;
}

int CompareMaps(const std::map<std::string, Value>& a, const std::map<std::string, Value>& b) {
  auto ia = a.begin();
  auto ib = b.begin();
  for (; ia != a.end() && ib != b.end(); ++ia, ++ib) {
    int c = ia->first.compare(ib->first);
    if (c != 0) return c < 0 ? -1 : 1;
    c = CompareValues(ia->second, ib->second);
    if (c != 0) return c;
  }
  if (ia == a.end() && ib == b.end()) return 0;
  return ia == a.end() ? -1 : 1;
}

int StateRank(const Value& v) {
  if (!v.is_known()) return 1;
  return v.is_null() ? 2 : 0;
}

// Total order. Null and unknown values compare by exact type; known values by
// kind and contents (element types of known collections are not compared, so
// a value decoded against a schema with dynamic slots equals the same value
// built directly).
int CompareValues(const Value& a, const Value& b) {
  int ra = StateRank(a), rb = StateRank(b);
  if (ra != rb) return ra < rb ? -1 : 1;
  if (ra != 0) return CompareTypes(a.type(), b.type());
  Kind ka = a.type().kind(), kb = b.type().kind();
  if (ka != kb) return static_cast<int>(ka) < static_cast<int>(kb) ? -1 : 1;
  switch (ka) {
    case Kind::kString: {
      int c = a.AsString().compare(b.AsString());
      return c < 0 ? -1 : (c > 0 ? 1 : 0);
    }
    case Kind::kNumber:
      return a.AsNumber().Compare(b.AsNumber());
    case Kind::kBool:
      if (a.AsBool() == b.AsBool()) return 0;
      return a.AsBool() ? 1 : -1;
    case Kind::kList:
    case Kind::kSet:
    case Kind::kTuple:
      return CompareSequences(a.Elements(), b.Elements());
    case Kind::kMap:
    case Kind::kObject:
      return CompareMaps(a.MapElements(), b.MapElements());
    case Kind::kDynamic:
      return 0;
  }
  return 0;
}

}  // namespace

bool Value::RawEquals(const Value& other) const {
  if (rep_ == other.rep_) return true;
  return CompareValues(*this, other) == 0;
}

bool Value::Less(const Value& a, const Value& b) { return CompareValues(a, b) < 0; }

namespace {

Value TransformAt(const Path& path, const Value& v, const Value::TransformFn& fn) {
  if (v.is_null() || !v.is_known()) return fn(path, v);
  const Type& t = v.type();
  switch (t.kind()) {
    case Kind::kList:
    case Kind::kSet:
    case Kind::kTuple: {
      std::vector<Value> elems;
      elems.reserve(v.Elements().size());
      int64_t i = 0;
      for (const Value& e : v.Elements()) elems.push_back(TransformAt(path.Index(i++), e, fn));
      Value rebuilt;
      if (t.kind() == Kind::kList) {
        rebuilt = Value::List(t.element(), std::move(elems));
      } else if (t.kind() == Kind::kSet) {
        rebuilt = Value::Set(t.element(), std::move(elems));
      } else {
        rebuilt = Value::Tuple(std::move(elems));
      }
      return fn(path, rebuilt);
    }
    case Kind::kMap: {
      std::map<std::string, Value> elems;
      for (const auto& [k, e] : v.MapElements()) elems.emplace(k, TransformAt(path.Key(k), e, fn));
      return fn(path, Value::Map(t.element(), std::move(elems)));
    }
    case Kind::kObject: {
      std::map<std::string, Value> attrs;
      for (const auto& [k, e] : v.MapElements()) attrs.emplace(k, TransformAt(path.Attr(k), e, fn));
      return fn(path, Value::ObjectOf(t, std::move(attrs)));
    }
    default:
      return fn(path, v);
  }
}

void WalkAt(const Path& path, const Value& v, const Value::WalkFn& fn) {
  if (!fn(path, v)) return;
  if (v.is_null() || !v.is_known()) return;
  switch (v.type().kind()) {
    case Kind::kList:
    case Kind::kSet:
    case Kind::kTuple: {
      int64_t i = 0;
      for (const Value& e : v.Elements()) WalkAt(path.Index(i++), e, fn);
      return;
    }
    case Kind::kMap:
      for (const auto& [k, e] : v.MapElements()) WalkAt(path.Key(k), e, fn);
      return;
    case Kind::kObject:
      for (const auto& [k, e] : v.MapElements()) WalkAt(path.Attr(k), e, fn);
      return;
    default:
      return;
  }
}

void AppendDebug(std::string& out, const Value& v) {
  if (!v.is_known()) {
    out += "(unknown)";
    return;
  }
  if (v.is_null()) {
    out += "null";
    return;
  }
  switch (v.type().kind()) {
    case Kind::kString:
      json_string::Append(&out, v.AsString());
      return;
    case Kind::kNumber:
      out += v.AsNumber().ToString();
      return;
    case Kind::kBool:
      out += v.AsBool() ? "true" : "false";
      return;
    case Kind::kList:
    case Kind::kSet:
    case Kind::kTuple: {
      out.push_back('[');
      bool first = true;
      for (const Value& e : v.Elements()) {
        if (!first) out += ", ";
        first = false;
        AppendDebug(out, e);
      }
      out.push_back(']');
      return;
    }
    case Kind::kMap:
    case Kind::kObject: {
      out.push_back('{');
      bool first = true;
      for (const auto& [k, e] : v.MapElements()) {
        if (!first) out += ", ";
        first = false;
        json_string::Append(&out, k);
        out += " = ";
        AppendDebug(out, e);
      }
      out.push_back('}');
      return;
    }
    case Kind::kDynamic:
      out += "null";
      return;
  }
}

}  // namespace

Value Value::Transform(const TransformFn& fn) const { return TransformAt(Path(), *this, fn); }

void Value::Walk(const WalkFn& fn) const { WalkAt(Path(), *this, fn); }

std::string Value::DebugString() const {
  std::string out;
  AppendDebug(out, *this);
  return out;
}

}  // namespace azbatch::cty
