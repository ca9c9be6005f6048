#include "resources/pool/field_map.h"

#include <cctype>
#include <set>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "provider/cty/number.h"
#include "resources/common/values.h"

namespace azbatch::resources::pool {

namespace fw = azbatch::framework;
using nlohmann::json;

namespace {

bool Present(const cty::Value& v) { return v.is_known() && !v.is_null(); }

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
    return common::TagsFromJson(holder, prior);
  }
  // An empty string is how a PATCH clears a string (display_name), so it reads
  // back as unset.
  bool absent = remote == nullptr || remote->is_null() ||
                (remote->is_string() && remote->get<std::string>().empty()) ||
                (remote->is_array() && remote->empty() && f.conv != Conv::kErrors);
  if (absent) {
    // Azure omits settings left at their default and empty collections.
    if (IsEmptyCollection(prior)) return prior;
    if (f.conv == Conv::kErrors) return cty::Value::List(cty::Type::String(), {});
    return DefaultOrNull(a, type);
  }
  switch (f.conv) {
    case Conv::kNameValue: {
      std::map<std::string, cty::Value> m;
      for (const json& item : *remote) {
        if (!item.is_object()) continue;
        const json* value = common::JField(item, "value");
        m[common::JStr(item, "name").value_or("")] =
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
      cty::Value v = PrimitiveFromJson(type, *remote);
      if (Present(prior) && Present(v) && absl::EqualsIgnoreCase(prior.AsString(), v.AsString())) {
        return prior;
      }
      return v;
    }
    case Conv::kDuration: {
      cty::Value v = PrimitiveFromJson(type, *remote);
      if (Present(prior) && Present(v)) {
        std::optional<int64_t> a_s = ParseIsoDuration(prior.AsString());
        std::optional<int64_t> b_s = ParseIsoDuration(v.AsString());
        if (a_s && b_s && *a_s == *b_s) return prior;
      }
      return v;
    }
    case Conv::kErrors: {
      std::vector<cty::Value> out;
      if (remote->is_array()) {
        for (const json& e : *remote) {
          out.push_back(cty::Value::String(
              absl::StrCat(common::JStr(e, "code").value_or("Error"), ": ",
                           common::JStr(e, "message").value_or(""))));
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

cty::Value FlattenBlock(const Field& f, const cty::Type& type, const json* remote,
                        const cty::Value& prior) {
  if (f.nesting == fw::NestingMode::kSingle) {
    if (remote == nullptr || !remote->is_object()) return cty::Value::Null(type);
    return Flatten(f.children, type, *remote, prior);
  }
  const cty::Type& elem = type.element();
  std::vector<cty::Value> out;
  if (remote != nullptr && remote->is_array()) {
    for (size_t i = 0; i < remote->size(); ++i) {
      cty::Value p = cty::Value::Null(elem);
      if (Present(prior) && i < prior.Elements().size()) p = prior.Elements()[i];
      out.push_back(Flatten(f.children, elem, (*remote)[i], p));
    }
  }
  return cty::Value::List(elem, std::move(out));
}

fw::Attribute MakeComputed(fw::Attribute a) {
  a.required = a.optional = a.write_only = false;
  a.computed = true;
  a.default_value.reset();
  a.validators.clear();
  a.plan_modifiers.clear();
  if (a.nested) {
    for (fw::Attribute& c : a.nested->attributes) c = MakeComputed(std::move(c));
  }
  return a;
}

}  // namespace

Field Attr(fw::Attribute attribute, std::string json_path, Conv conv) {
  Field f;
  f.name = attribute.name;
  f.json = std::move(json_path);
  f.attribute = std::move(attribute);
  f.conv = conv;
  return f;
}

Field Hidden(fw::Attribute attribute, std::string json_path) {
  Field f = Attr(std::move(attribute), std::move(json_path));
  f.not_returned = true;
  return f;
}

Field SingleBlock(std::string name, std::string json_path, std::string description,
                  std::vector<Field> children) {
  Field f;
  f.name = std::move(name);
  f.json = std::move(json_path);
  f.nesting = fw::NestingMode::kSingle;
  f.description = std::move(description);
  f.children = std::move(children);
  return f;
}

Field ListBlock(std::string name, std::string json_path, std::string description,
                std::vector<Field> children, int64_t max_items) {
  Field f = SingleBlock(std::move(name), std::move(json_path), std::move(description),
                        std::move(children));
  f.nesting = fw::NestingMode::kList;
  f.max_items = max_items;
  return f;
}

fw::Block BuildBlock(const std::vector<Field>& fields) {
  fw::Block b;
  for (const Field& f : fields) {
    if (!f.is_block()) {
      b.attributes.push_back(*f.attribute);
      continue;
    }
    fw::Block inner = BuildBlock(f.children);
    inner.description = f.description;
    b.blocks.push_back(f.nesting == fw::NestingMode::kSingle
                           ? fw::NestedBlock::Single(f.name, std::move(inner))
                           : fw::NestedBlock::List(f.name, std::move(inner), 0, f.max_items));
  }
  return b;
}

std::vector<fw::Attribute> ComputedAttributes(const std::vector<Field>& fields) {
  std::vector<fw::Attribute> out;
  for (const Field& f : fields) {
    if (!f.is_block()) {
      out.push_back(MakeComputed(*f.attribute));
      continue;
    }
    fw::Attribute nested = fw::Attribute::Nested(f.name, f.nesting, ComputedAttributes(f.children));
    nested.AsComputed().WithDescription(f.description);
    out.push_back(std::move(nested));
  }
  return out;
}

std::optional<json> ExpandField(const Field& f, const cty::Value& v) {
  if (!Present(v) || f.json.empty()) return std::nullopt;
  if (f.is_block()) {
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
      return common::TagsToJson(v);
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

cty::Value Flatten(const std::vector<Field>& fields, const cty::Type& type, const json& remote,
                   const cty::Value& prior) {
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
    attrs[f.name] = f.is_block() ? FlattenBlock(f, t, r, p) : FlattenLeaf(f, t, r, p);
  }
  // Attributes of the type not in the table (id, timeouts) come from prior.
  for (const auto& [name, t] : type.attributes()) {
    if (attrs.count(name)) continue;
    attrs[name] = Present(prior) ? prior.GetAttr(name) : cty::Value::Null(t);
  }
  return cty::Value::ObjectOf(type, std::move(attrs));
}

const json* JsonAt(const json& j, const std::string& dotted) {
  const json* cur = &j;
  for (absl::string_view part : absl::StrSplit(dotted, '.')) {
    if (!cur->is_object()) return nullptr;
    auto it = cur->find(std::string(part));
    if (it == cur->end()) return nullptr;
    cur = &*it;
  }
  return cur;
}

void SetJsonAt(json& j, const std::string& dotted, json value) {
  json* cur = &j;
  std::vector<std::string> parts = absl::StrSplit(dotted, '.');
  for (size_t i = 0; i + 1 < parts.size(); ++i) {
    json& next = (*cur)[parts[i]];
    if (!next.is_object()) next = json::object();
    cur = &next;
  }
  (*cur)[parts.back()] = std::move(value);
}

std::optional<int64_t> ParseIsoDuration(const std::string& text) {
  if (text.size() < 2 || (text[0] != 'P' && text[0] != 'p')) return std::nullopt;
  int64_t total = 0;
  bool in_time = false, any = false;
  size_t i = 1;
  while (i < text.size()) {
    char c = static_cast<char>(std::toupper(static_cast<unsigned char>(text[i])));
    if (c == 'T') {
      if (in_time) return std::nullopt;
      in_time = true;
      ++i;
      continue;
    }
    size_t start = i;
    while (i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '.')) ++i;
    if (start == i || i >= text.size()) return std::nullopt;
    double n = std::atof(text.substr(start, i - start).c_str());
    char unit = static_cast<char>(std::toupper(static_cast<unsigned char>(text[i++])));
    int64_t scale = 0;
    if (!in_time && unit == 'D') scale = 86400;
    else if (!in_time && unit == 'W') scale = 7 * 86400;
    else if (in_time && unit == 'H') scale = 3600;
    else if (in_time && unit == 'M') scale = 60;
    else if (in_time && unit == 'S') scale = 1;
    else return std::nullopt;
    total += static_cast<int64_t>(n * static_cast<double>(scale));
    any = true;
  }
  if (!any) return std::nullopt;
  return total;
}

std::string FormatIsoDuration(int64_t seconds) {
  if (seconds <= 0) return "PT0S";
  std::string out = "PT";
  if (seconds >= 3600) absl::StrAppend(&out, seconds / 3600, "H");
  if (seconds % 3600 >= 60) absl::StrAppend(&out, (seconds % 3600) / 60, "M");
  if (seconds % 60) absl::StrAppend(&out, seconds % 60, "S");
  return out;
}

}  // namespace azbatch::resources::pool
