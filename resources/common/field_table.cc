#include "resources/common/field_table.h"

#include <algorithm>
#include <cctype>
#include <set>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/iso8601_duration.h"
#include "provider/cty/number.h"
#include "provider/framework/plan_modifiers.h"
#include "provider/framework/timeouts.h"
#include "resources/common/values.h"

namespace azbatch::resources::common {

namespace fw = azbatch::framework;
using nlohmann::json;

cty::Value FlattenObject(const std::vector<Field>& fields, const cty::Type& type,
                         const json& remote, const cty::Value& prior);

namespace {

bool IsEmptyCollection(const cty::Value& v) {
  if (!Present(v)) return false;
  cty::Kind k = v.type().kind();
  if (k == cty::Kind::kMap) return v.MapElements().empty();
  if (k == cty::Kind::kList || k == cty::Kind::kSet) return v.Elements().empty();
  return false;
}

cty::Value DefaultOrNull(const fw::Attribute& a, const cty::Type& type) {
  if (a.default_value.has_value()) return *a.default_value;
  return cty::Value::Null(type);
}

std::optional<json> PrimitiveToJson(const cty::Value& v) {
  if (!Present(v)) return std::nullopt;
  switch (v.type().kind()) {
    case cty::Kind::kString:
      return json(v.AsString());
    case cty::Kind::kBool:
      return json(v.AsBool());
    case cty::Kind::kNumber: {
      if (std::optional<int64_t> i = v.AsNumber().ToInt64()) return json(*i);
      return json::parse(v.AsNumber().ToString(), nullptr, false);
    }
    case cty::Kind::kList:
    case cty::Kind::kSet: {
      json arr = json::array();
      for (const cty::Value& e : v.Elements()) {
        if (std::optional<json> j = PrimitiveToJson(e)) arr.push_back(*j);
      }
      return arr;
    }
    default:
      return std::nullopt;
  }
}

cty::Value PrimitiveFromJson(const cty::Type& type, const json& j) {
  switch (type.kind()) {
    case cty::Kind::kString:
      if (j.is_string()) return cty::Value::String(j.get<std::string>());
      if (j.is_null()) return cty::Value::Null(type);
      return cty::Value::String(j.dump());
    case cty::Kind::kBool:
      if (j.is_boolean()) return cty::Value::Bool(j.get<bool>());
      if (j.is_string()) return cty::Value::Bool(absl::EqualsIgnoreCase(j.get<std::string>(), "true"));
      return cty::Value::Null(type);
    case cty::Kind::kNumber: {
      if (j.is_number_integer()) return cty::Value::Int(j.get<int64_t>());
      if (j.is_number()) {
        absl::StatusOr<cty::Number> n = cty::Number::Parse(j.dump());
        if (n.ok()) return cty::Value::Num(*n);
      }
      return cty::Value::Null(type);
    }
    case cty::Kind::kList:
    case cty::Kind::kSet: {
      if (!j.is_array()) return cty::Value::Null(type);
      std::vector<cty::Value> out;
      for (const json& e : j) out.push_back(PrimitiveFromJson(type.element(), e));
      return type.kind() == cty::Kind::kList ? cty::Value::List(type.element(), std::move(out))
                                              : cty::Value::Set(type.element(), std::move(out));
    }
    default:
      return cty::Value::Null(type);
  }
}

cty::Value FlattenLeaf(const Field& f, const cty::Type& type, const json* remote,
                       const cty::Value& prior) {
  const fw::Attribute& a = *f.attribute;
  if (f.not_returned) return Present(prior) ? prior : DefaultOrNull(a, type);
  if (f.conv == Conv::kTags) {
    json holder = json::object();
    if (remote != nullptr) holder["tags"] = *remote;
    return TagsFromJson(holder, prior);
  }
  // An empty string is how a PATCH clears a string (display_name), so it reads
  // back as unset.
  bool absent = remote == nullptr || remote->is_null() ||
                (remote->is_string() && remote->get<std::string>().empty()) ||
                (remote->is_array() && remote->empty() && f.conv != Conv::kErrors &&
                 !f.empty_is_value);
  if (absent) {
    // A configured "" stays "" (ARM stores an empty string as absent).
    if (remote != nullptr && remote->is_string() && Present(prior) &&
        prior.type().kind() == cty::Kind::kString && prior.AsString().empty()) {
      return prior;
    }
    // Azure omits settings left at their default and empty collections (unless
    // an empty one means something else than an absent one).
    if (IsEmptyCollection(prior) && !f.empty_is_value) return prior;
    if (f.conv == Conv::kErrors) return cty::Value::List(cty::Type::String(), {});
    return DefaultOrNull(a, type);
  }
  switch (f.conv) {
    case Conv::kNameValue: {
      std::map<std::string, cty::Value> m;
      for (const json& item : *remote) {
        if (!item.is_object()) continue;
        const json* value = JField(item, "value");
        m[JStr(item, "name").value_or("")] =
            PrimitiveFromJson(type.element(), value != nullptr ? *value : json());
      }
      return cty::Value::Map(type.element(), std::move(m));
    }
    case Conv::kIdKeys: {
      if (!remote->is_object()) return DefaultOrNull(a, type);
      std::vector<cty::Value> ids;
      for (auto it = remote->begin(); it != remote->end(); ++it) {
        std::string id = it.key();
        if (Present(prior)) {
          for (const cty::Value& p : prior.Elements()) {
            if (Present(p) && absl::EqualsIgnoreCase(p.AsString(), id)) id = p.AsString();
          }
        }
        ids.push_back(cty::Value::String(id));
      }
      return cty::Value::Set(cty::Type::String(), std::move(ids));
    }
    case Conv::kJson: {
      if (Present(prior)) {
        json p = json::parse(prior.AsString(), nullptr, false);
        if (!p.is_discarded() && p == *remote) return prior;
      }
      return cty::Value::String(remote->dump());
    }
    case Conv::kFold: {
      if (type.kind() == cty::Kind::kList || type.kind() == cty::Kind::kSet) {
        if (!remote->is_array()) return DefaultOrNull(a, type);
        const std::vector<std::string> known = Strings(prior);
        std::vector<cty::Value> out;
        for (const json& e : *remote) {
          if (!e.is_string()) continue;
          std::optional<std::string> spelling;
          for (const std::string& k : known) {
            if (absl::EqualsIgnoreCase(k, e.get<std::string>())) spelling = k;
          }
          out.push_back(cty::Value::String(spelling.value_or(e.get<std::string>())));
        }
        return type.kind() == cty::Kind::kList ? cty::Value::List(type.element(), std::move(out))
                                                : cty::Value::Set(type.element(), std::move(out));
      }
      cty::Value v = PrimitiveFromJson(type, *remote);
      if (Present(prior) && Present(v) && absl::EqualsIgnoreCase(prior.AsString(), v.AsString())) {
        return prior;
      }
      return v;
    }
    case Conv::kDuration: {
      cty::Value v = PrimitiveFromJson(type, *remote);
      if (Present(prior) && Present(v)) {
        std::optional<absl::Duration> a = iso8601::Parse(prior.AsString());
        std::optional<absl::Duration> b = iso8601::Parse(v.AsString());
        if (a && b && *a == *b) return prior;
      }
      return v;
    }
    case Conv::kArmId: {
      if (!remote->is_string()) return DefaultOrNull(a, type);
      std::string id = remote->get<std::string>();
      if (id[0] != '/') id = "/" + id;  // snapshot ids may come back without it
      std::optional<std::string> p =
          Present(prior) ? std::optional<std::string>(prior.AsString()) : std::nullopt;
      return cty::Value::String(PreferPriorSpelling(p, id));
    }
    case Conv::kLocation:
    case Conv::kRegion: {
      if (!remote->is_string()) return DefaultOrNull(a, type);
      std::optional<std::string> p =
          Present(prior) ? std::optional<std::string>(prior.AsString()) : std::nullopt;
      const std::string r = remote->get<std::string>();
      return cty::Value::String(
          PreferPriorLocation(p, f.conv == Conv::kRegion ? NormaliseLocation(r) : r));
    }
    case Conv::kDate: {
      if (!remote->is_string()) return DefaultOrNull(a, type);
      std::optional<std::string> p =
          Present(prior) ? std::optional<std::string>(prior.AsString()) : std::nullopt;
      return cty::Value::String(*PreferPriorDate(p, remote->get<std::string>()));
    }
    case Conv::kErrors: {
      std::vector<cty::Value> out;
      if (remote->is_array()) {
        for (const json& e : *remote) {
          out.push_back(cty::Value::String(
              absl::StrCat(JStr(e, "code").value_or("Error"), ": ",
                           JStr(e, "message").value_or(""))));
        }
      }
      return cty::Value::List(cty::Type::String(), std::move(out));
    }
    case Conv::kPlain:
    case Conv::kTags:
      break;
  }
  return PrimitiveFromJson(type, *remote);
}

// Whether two values of the `match_by` child `key` name the same thing.
bool SameKey(const Field& key, const cty::Value& a, const cty::Value& b) {
  if (!Present(a) || !Present(b) || a.type().kind() != cty::Kind::kString) {
    return Present(a) && a.RawEquals(b);
  }
  if (key.conv == Conv::kLocation || key.conv == Conv::kRegion) {
    return SameLocation(a.AsString(), b.AsString());
  }
  return key.conv == Conv::kPlain ? a.RawEquals(b)
                                  : absl::EqualsIgnoreCase(a.AsString(), b.AsString());
}

// The element of the list `prior` paired with the i-th remote element, whose
// `match_by` child is `key` (by index without match_by); null if none.
cty::Value PriorElement(const Field& f, const cty::Type& elem, const cty::Value& prior, size_t i,
                        const cty::Value& key) {
  if (!Present(prior)) return cty::Value::Null(elem);
  const std::vector<cty::Value>& items = prior.Elements();
  if (f.match_by.empty()) return i < items.size() ? items[i] : cty::Value::Null(elem);
  for (const Field& c : f.children) {
    if (c.name != f.match_by) continue;
    for (const cty::Value& p : items) {
      if (Present(p) && SameKey(c, p.GetAttr(c.name), key)) return p;
    }
  }
  return cty::Value::Null(elem);
}

// The `match_by` child of a remote list element, as read with no prior.
cty::Value RemoteKey(const Field& f, const cty::Type& elem, const json& remote) {
  for (const Field& c : f.children) {
    if (c.name != f.match_by || c.is_object() || !elem.HasAttribute(c.name)) continue;
    const cty::Type& t = elem.AttributeType(c.name);
    return FlattenLeaf(c, t, JsonAt(remote, c.json), cty::Value::Null(t));
  }
  return cty::Value::Null(cty::Type::String());
}

cty::Value FlattenBlock(const Field& f, const cty::Type& type, const json* remote,
                        const cty::Value& prior) {
  if (f.nesting == fw::NestingMode::kSingle) {
    // Azure omits an object with no members: a configured empty block stays.
    if (remote == nullptr || !remote->is_object()) {
      return Present(prior) && AllUnset()(prior) ? prior : cty::Value::Null(type);
    }
    return FlattenObject(f.children, type, *remote, prior);
  }
  const cty::Type& elem = type.element();
  std::vector<cty::Value> out;
  const bool none = remote == nullptr || !remote->is_array() || remote->empty();
  // A nested attribute left unset stays null (a block list is empty instead).
  if (none && !f.is_block() && !Present(prior)) return cty::Value::Null(type);
  if (remote != nullptr && remote->is_array()) {
    for (size_t i = 0; i < remote->size(); ++i) {
      const json& item = (*remote)[i];
      cty::Value key = f.match_by.empty() ? cty::Value() : RemoteKey(f, elem, item);
      out.push_back(FlattenObject(f.children, elem, item, PriorElement(f, elem, prior, i, key)));
    }
  }
  return cty::Value::List(elem, std::move(out));
}

}  // namespace

std::function<bool(const cty::Value&)> AllUnset() {
  return [](const cty::Value& v) {
    if (!Present(v) || v.type().kind() != cty::Kind::kObject) return !Present(v);
    for (const auto& [name, t] : v.type().attributes()) {
      const cty::Value& a = v.GetAttr(name);
      if (Present(a) && !IsEmptyCollection(a)) return false;
    }
    return true;
  };
}

bool ComputedOnly(const Field& f) {
  return !f.is_block() && f.attribute->computed && !f.attribute->optional &&
         !f.attribute->required;
}

json PatchBody(const std::vector<Field>& fields, const cty::Value& prior, const cty::Value& plan) {
  auto path_of = [](const Field& f) { return f.patch_path.empty() ? f.json : f.patch_path; };
  std::set<std::string> paths;
  for (const Field& f : fields) {
    if (!f.patchable || f.json.empty() || ComputedOnly(f)) continue;
    // Unknown: Azure decides the value (optional-computed); nothing to send.
    const cty::Value& v = plan.GetAttr(f.name);
    if (v.is_known() && !prior.GetAttr(f.name).RawEquals(v)) paths.insert(path_of(f));
  }
  json patch = json::object();
  for (const std::string& path : paths) {
    std::vector<Field> members;
    std::optional<json> clear;
    for (const Field& f : fields) {
      if (path_of(f) != path || ComputedOnly(f)) continue;
      members.push_back(f);
      if (f.patch_clear) clear = f.patch_clear;
      if (!clear && f.conv == Conv::kTags) clear = json::object();
    }
    json full = Expand(members, plan);
    const json* value = JsonAt(full, path);
    if (value == nullptr) {
      SetJsonAt(patch, path, clear.value_or(json()));
      continue;
    }
    // A merge patch: a member value that is gone is sent as null.
    json group = *value;
    for (const Field& f : members) {
      if (!f.merge_patch || f.is_object() || f.json.size() <= path.size() + 1 ||
          f.json.compare(0, path.size() + 1, path + ".") != 0) {
        continue;
      }
      const cty::Value& v = plan.GetAttr(f.name);
      if (Present(prior.GetAttr(f.name)) && v.is_known() && v.is_null()) {
        SetJsonAt(group, f.json.substr(path.size() + 1), json());
      }
    }
    SetJsonAt(patch, path, std::move(group));
  }
  return patch;
}

std::optional<json> ExpandField(const Field& f, const cty::Value& v) {
  if (!Present(v) || f.json.empty()) return std::nullopt;
  if (f.is_object()) {
    if (f.nesting == fw::NestingMode::kSingle) return Expand(f.children, v);
    if (v.Elements().empty()) return std::nullopt;
    json arr = json::array();
    for (const cty::Value& e : v.Elements()) arr.push_back(Expand(f.children, e));
    return arr;
  }
  const fw::Attribute& a = *f.attribute;
  if (a.computed && !a.optional && !a.required) return std::nullopt;
  switch (f.conv) {
    case Conv::kTags:
      return TagsToJson(v);
    case Conv::kNameValue: {
      json arr = json::array();
      for (const auto& [k, e] : v.MapElements()) {
        arr.push_back({{"name", k}, {"value", Present(e) ? json(e.AsString()) : json()}});
      }
      return arr;
    }
    case Conv::kIdKeys: {
      json obj = json::object();
      for (const cty::Value& e : v.Elements()) {
        if (Present(e)) obj[e.AsString()] = json::object();
      }
      return obj;
    }
    case Conv::kJson: {
      json parsed = json::parse(v.AsString(), nullptr, false);
      if (parsed.is_discarded()) return std::nullopt;
      return parsed;
    }
    case Conv::kLocation:
    case Conv::kRegion:
      return json(NormaliseLocation(v.AsString()));
    case Conv::kErrors:
      return std::nullopt;
    default:
      return PrimitiveToJson(v);
  }
}

json Expand(const std::vector<Field>& fields, const cty::Value& object) {
  json out = json::object();
  if (!Present(object)) return out;
  for (const Field& f : fields) {
    if (!object.HasAttr(f.name)) continue;
    if (std::optional<json> j = ExpandField(f, object.GetAttr(f.name))) {
      SetJsonAt(out, f.json, std::move(*j));
    }
  }
  return out;
}

cty::Value FlattenObject(const std::vector<Field>& fields, const cty::Type& type,
                         const json& remote, const cty::Value& prior) {
  std::map<std::string, cty::Value> attrs;
  for (const Field& f : fields) {
    if (!type.HasAttribute(f.name)) continue;
    const cty::Type& t = type.AttributeType(f.name);
    cty::Value p = Present(prior) ? prior.GetAttr(f.name) : cty::Value::Null(t);
    const json* r = f.json.empty() ? nullptr : JsonAt(remote, f.json);
    if (f.json.empty()) {
      // Not an Azure property (behaviour switches): keep the prior value.
      attrs[f.name] = Present(p) ? p : (f.is_block() ? cty::Value::Null(t) : DefaultOrNull(*f.attribute, t));
      continue;
    }
    attrs[f.name] = f.is_object() ? FlattenBlock(f, t, r, p) : FlattenLeaf(f, t, r, p);
  }
  // Attributes of the type not in the table (id, timeouts) come from prior.
  for (const auto& [name, t] : type.attributes()) {
    if (attrs.count(name)) continue;
    attrs[name] = Present(prior) ? prior.GetAttr(name) : cty::Value::Null(t);
  }
  return cty::Value::ObjectOf(type, std::move(attrs));
}

namespace {

// The value named `name` in the innermost scope (object) that has it, the
// innermost `skip` scopes left out.
const cty::Value* InScope(const std::vector<const cty::Value*>& scopes, const std::string& name,
                          size_t skip) {
  for (auto it = scopes.rbegin() + std::min(skip, scopes.size()); it != scopes.rend(); ++it) {
    if (Present(**it) && (*it)->type().HasAttribute(name)) return &(*it)->GetAttr(name);
  }
  return nullptr;
}

// Fields with null_when_equal_to read back null when Azure's value equals the
// named attribute (same object or an enclosing one) and the prior had none.
cty::Value NullWhenEqual(const std::vector<Field>& fields, const cty::Value& value,
                         const cty::Value& prior, bool imported,
                         std::vector<const cty::Value*>& scopes) {
  if (!Present(value)) return value;
  scopes.push_back(&value);
  cty::Value out = value;
  for (const Field& f : fields) {
    if (!value.type().HasAttribute(f.name)) continue;
    const cty::Value& v = value.GetAttr(f.name);
    const cty::Value p = Present(prior) ? prior.GetAttr(f.name) : cty::Value::Null(v.type());
    if (f.is_object() && Present(v)) {
      if (f.nesting == fw::NestingMode::kSingle) {
        cty::Value block = NullWhenEqual(f.children, v, p, imported, scopes);
        if (!Present(p) && f.unset_if && f.unset_if(block)) block = cty::Value::Null(v.type());
        out = out.WithAttr(f.name, block);
        continue;
      }
      std::vector<cty::Value> items;
      const cty::Type& elem = v.type().element();
      for (size_t i = 0; i < v.Elements().size(); ++i) {
        const cty::Value& item = v.Elements()[i];
        cty::Value key = f.match_by.empty() || !Present(item) ? cty::Value()
                                                               : item.GetAttr(f.match_by);
        items.push_back(NullWhenEqual(f.children, item, PriorElement(f, elem, p, i, key),
                                      imported, scopes));
      }
      out = out.WithAttr(f.name, cty::Value::List(v.type().element(), std::move(items)));
      continue;
    }
    if (!Present(v) || Present(p)) continue;
    bool drop = (f.only_if_configured && !(f.except_import && imported)) ||
                (f.unset_as && v.RawEquals(*f.unset_as)) || (f.unset_if && f.unset_if(v));
    if (!f.null_when_equal_to.empty()) {
      const cty::Value* other =
          InScope(scopes, f.null_when_equal_to, f.null_when_equal_to == f.name ? 1 : 0);
      drop = drop || (other != nullptr && v.RawEquals(*other));
    }
    if (drop) out = out.WithAttr(f.name, cty::Value::Null(v.type()));
  }
  scopes.pop_back();
  return out;
}

}  // namespace

cty::Value Flatten(const std::vector<Field>& fields, const cty::Type& type, const json& remote,
                   const cty::Value& prior) {
  cty::Value v = FlattenObject(fields, type, remote, prior);
  // An import's prior holds nothing but the id.
  bool imported = true;
  if (Present(prior)) {
    for (const Field& f : fields) {
      if (f.name != "id" && prior.type().HasAttribute(f.name) && Present(prior.GetAttr(f.name)) &&
          !(f.is_object() && f.nesting != fw::NestingMode::kSingle &&
            prior.GetAttr(f.name).Elements().empty())) {
        imported = false;
      }
    }
  }
  std::vector<const cty::Value*> scopes;
  return NullWhenEqual(fields, v, prior, imported, scopes);
}

}  // namespace azbatch::resources::common
