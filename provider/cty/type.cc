#include "provider/cty/type.h"

#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/json_string.h"
#include "provider/cty/json_dom.h"

namespace azbatch::cty {

struct Type::Rep {
  Kind kind = Kind::kDynamic;
  std::shared_ptr<const Type> element;  // list, set, map only
  std::map<std::string, Type> attributes;
  std::set<std::string> optional;
  std::vector<Type> tuple;
};

namespace {

// Shared, never-destroyed Rep of a primitive or the dynamic type.
std::shared_ptr<const Type::Rep> PrimitiveRep(Kind kind);

const std::map<std::string, Type>& EmptyAttributes() {
  static const auto* empty = new std::map<std::string, Type>();
  return *empty;
}
const std::set<std::string>& EmptyNames() {
  static const auto* empty = new std::set<std::string>();
  return *empty;
}
const std::vector<Type>& EmptyTypes() {
  static const auto* empty = new std::vector<Type>();
  return *empty;
}

}  // namespace

Type::Type() : rep_(PrimitiveRep(Kind::kDynamic)) {}
Type::Type(std::shared_ptr<const Rep> rep) : rep_(std::move(rep)) {}

namespace {
const Type& DynamicType() {
  static const Type* dynamic = new Type();
  return *dynamic;
}
}  // namespace

Type Type::String() { return Type(PrimitiveRep(Kind::kString)); }
Type Type::Number() { return Type(PrimitiveRep(Kind::kNumber)); }
Type Type::Bool() { return Type(PrimitiveRep(Kind::kBool)); }
Type Type::Dynamic() { return Type(); }

Type Type::List(Type element) {
  auto rep = std::make_shared<Rep>();
  rep->kind = Kind::kList;
  rep->element = std::make_shared<const Type>(std::move(element));
  return Type(std::move(rep));
}
Type Type::Set(Type element) {
  auto rep = std::make_shared<Rep>();
  rep->kind = Kind::kSet;
  rep->element = std::make_shared<const Type>(std::move(element));
  return Type(std::move(rep));
}
Type Type::Map(Type element) {
  auto rep = std::make_shared<Rep>();
  rep->kind = Kind::kMap;
  rep->element = std::make_shared<const Type>(std::move(element));
  return Type(std::move(rep));
}
Type Type::Object(std::map<std::string, Type> attributes, std::set<std::string> optional) {
  auto rep = std::make_shared<Rep>();
  rep->kind = Kind::kObject;
  for (auto it = optional.begin(); it != optional.end();) {
    if (attributes.count(*it) == 0) {
      it = optional.erase(it);
    } else {
      ++it;
    }
  }
  rep->attributes = std::move(attributes);
  rep->optional = std::move(optional);
  return Type(std::move(rep));
}
Type Type::Tuple(std::vector<Type> elements) {
  auto rep = std::make_shared<Rep>();
  rep->kind = Kind::kTuple;
  rep->tuple = std::move(elements);
  return Type(std::move(rep));
}

Kind Type::kind() const { return rep_->kind; }
bool Type::is_primitive() const {
  Kind k = kind();
  return k == Kind::kString || k == Kind::kNumber || k == Kind::kBool;
}
bool Type::is_collection() const {
  Kind k = kind();
  return k == Kind::kList || k == Kind::kSet || k == Kind::kMap;
}
const Type& Type::element() const { return rep_->element ? *rep_->element : DynamicType(); }
const std::map<std::string, Type>& Type::attributes() const {
  return kind() == Kind::kObject ? rep_->attributes : EmptyAttributes();
}
const std::set<std::string>& Type::optional_attributes() const {
  return kind() == Kind::kObject ? rep_->optional : EmptyNames();
}
bool Type::HasAttribute(std::string_view name) const {
  return kind() == Kind::kObject && rep_->attributes.count(std::string(name)) > 0;
}
const Type& Type::AttributeType(std::string_view name) const {
  if (kind() == Kind::kObject) {
    auto it = rep_->attributes.find(std::string(name));
    if (it != rep_->attributes.end()) return it->second;
  }
  return DynamicType();
}
const std::vector<Type>& Type::tuple_elements() const {
  return kind() == Kind::kTuple ? rep_->tuple : EmptyTypes();
}

std::string Type::ToJson() const {
  switch (kind()) {
    case Kind::kString: return "\"string\"";
    case Kind::kNumber: return "\"number\"";
    case Kind::kBool: return "\"bool\"";
    case Kind::kDynamic: return "\"dynamic\"";
    case Kind::kList: return absl::StrCat("[\"list\",", element().ToJson(), "]");
    case Kind::kSet: return absl::StrCat("[\"set\",", element().ToJson(), "]");
    case Kind::kMap: return absl::StrCat("[\"map\",", element().ToJson(), "]");
    case Kind::kTuple: {
      std::string out = "[\"tuple\",[";
      bool first = true;
      for (const Type& t : rep_->tuple) {
        if (!first) out.push_back(',');
        first = false;
        out += t.ToJson();
      }
      out += "]]";
      return out;
    }
    case Kind::kObject: {
      std::string out = "[\"object\",{";
      bool first = true;
      for (const auto& [name, t] : rep_->attributes) {
        if (!first) out.push_back(',');
        first = false;
        json_string::Append(&out, name);
        out.push_back(':');
        out += t.ToJson();
      }
      out.push_back('}');
      if (!rep_->optional.empty()) {
        out += ",[";
        first = true;
        for (const std::string& name : rep_->optional) {
          if (!first) out.push_back(',');
          first = false;
          json_string::Append(&out, name);
        }
        out.push_back(']');
      }
      out.push_back(']');
      return out;
    }
  }
  return "\"dynamic\"";
}

namespace {

absl::StatusOr<Type> TypeFromNode(const internal::JsonNode& n) {
  using K = internal::JsonNode::Kind;
  if (n.kind == K::kString) {
    if (n.text == "string") return Type::String();
    if (n.text == "number") return Type::Number();
    if (n.text == "bool") return Type::Bool();
    if (n.text == "dynamic") return Type::Dynamic();
    return absl::InvalidArgumentError(absl::StrCat("invalid primitive type name \"", n.text, "\""));
  }
  if (n.kind != K::kArray) return absl::InvalidArgumentError("invalid type description");
  if (n.items.empty() || n.items[0].kind != K::kString) {
    return absl::InvalidArgumentError("invalid complex type kind name");
  }
  const std::string& kind = n.items[0].text;
  if (kind == "list" || kind == "set" || kind == "map") {
    if (n.items.size() != 2) {
      return absl::InvalidArgumentError("unexpected extra data in type description");
    }
    absl::StatusOr<Type> ety = TypeFromNode(n.items[1]);
    if (!ety.ok()) return ety.status();
    if (kind == "list") return Type::List(*std::move(ety));
    if (kind == "set") return Type::Set(*std::move(ety));
    return Type::Map(*std::move(ety));
  }
  if (kind == "tuple") {
    if (n.items.size() != 2 || n.items[1].kind != K::kArray) {
      return absl::InvalidArgumentError("invalid tuple type description");
    }
    std::vector<Type> elems;
    for (const auto& item : n.items[1].items) {
      absl::StatusOr<Type> t = TypeFromNode(item);
      if (!t.ok()) return t.status();
      elems.push_back(*std::move(t));
    }
    return Type::Tuple(std::move(elems));
  }
  if (kind == "object") {
    if (n.items.size() < 2 || n.items.size() > 3 || n.items[1].kind != K::kObject) {
      return absl::InvalidArgumentError("invalid object type description");
    }
    std::map<std::string, Type> attrs;
    const auto& obj = n.items[1];
    for (size_t i = 0; i < obj.items.size(); ++i) {
      absl::StatusOr<Type> t = TypeFromNode(obj.items[i]);
      if (!t.ok()) return t.status();
      attrs.insert_or_assign(obj.keys[i], *std::move(t));
    }
    std::set<std::string> optional;
    if (n.items.size() == 3) {
      const auto& opt = n.items[2];
      if (opt.kind != K::kArray) {
        return absl::InvalidArgumentError("invalid optional attribute list");
      }
      size_t start = 0;
      // Tolerate an ["optattr", ...] marker form as well as a plain name list.
      if (!opt.items.empty() && opt.items[0].kind == K::kString &&
          opt.items[0].text == "optattr" && attrs.count("optattr") == 0) {
        start = 1;
      }
      for (size_t i = start; i < opt.items.size(); ++i) {
        if (opt.items[i].kind != K::kString || attrs.count(opt.items[i].text) == 0) {
          return absl::InvalidArgumentError("invalid optional attribute name");
        }
        optional.insert(opt.items[i].text);
      }
    }
    return Type::Object(std::move(attrs), std::move(optional));
  }
  return absl::InvalidArgumentError("invalid complex type kind name");
}

}  // namespace

absl::StatusOr<Type> internal::TypeFromJsonNode(const internal::JsonNode& node) {
  return TypeFromNode(node);
}

absl::StatusOr<Type> Type::FromJson(std::string_view json) {
  absl::StatusOr<internal::JsonNode> node = internal::ParseJsonDom(json, 128);
  if (!node.ok()) return node.status();
  return TypeFromNode(*node);
}

std::string Type::FriendlyName() const {
  switch (kind()) {
    case Kind::kString: return "string";
    case Kind::kNumber: return "number";
    case Kind::kBool: return "bool";
    case Kind::kDynamic: return "dynamic";
    case Kind::kList: return absl::StrCat("list of ", element().FriendlyName());
    case Kind::kSet: return absl::StrCat("set of ", element().FriendlyName());
    case Kind::kMap: return absl::StrCat("map of ", element().FriendlyName());
    case Kind::kObject: return "object";
    case Kind::kTuple: return "tuple";
  }
  return "dynamic";
}

bool Type::operator==(const Type& other) const {
  if (rep_ == other.rep_) return true;
  if (kind() != other.kind()) return false;
  switch (kind()) {
    case Kind::kList:
    case Kind::kSet:
    case Kind::kMap:
      return element() == other.element();
    case Kind::kObject:
      return rep_->attributes == other.rep_->attributes && rep_->optional == other.rep_->optional;
    case Kind::kTuple:
      return rep_->tuple == other.rep_->tuple;
    default:
      return true;
  }
}

namespace {

std::shared_ptr<const Type::Rep> PrimitiveRep(Kind kind) {
  static const auto* reps = [] {
    auto* r = new std::vector<std::shared_ptr<const Type::Rep>>();
    for (Kind k : {Kind::kDynamic, Kind::kString, Kind::kNumber, Kind::kBool}) {
      auto rep = std::make_shared<Type::Rep>();
      rep->kind = k;
      r->push_back(std::move(rep));
    }
    return r;
  }();
  switch (kind) {
    case Kind::kString: return (*reps)[1];
    case Kind::kNumber: return (*reps)[2];
    case Kind::kBool: return (*reps)[3];
    default: return (*reps)[0];
  }
}

}  // namespace

}  // namespace azbatch::cty
