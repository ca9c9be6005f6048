#include "emulator/spec_validator.h"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/ascii.h"
#include "common/log.h"
#include "emulator/http_message.h"

namespace azbatch::emulator {

namespace fs = std::filesystem;
using nlohmann::json;

absl::Status SpecValidator::Load(const std::string& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return absl::NotFoundError("specs dir not found: " + dir);
  for (auto it = fs::recursive_directory_iterator(dir, ec); it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    if (ec) break;
    if (!it->is_regular_file() || it->path().extension() != ".json") continue;
    std::ifstream in(it->path());
    std::stringstream ss;
    ss << in.rdbuf();
    json doc = json::parse(ss.str(), nullptr, false);
    if (doc.is_discarded()) continue;
    std::string rel = fs::relative(it->path(), dir).lexically_normal().generic_string();
    basenames_[it->path().filename().string()] = rel;
    files_[rel] = std::move(doc);
  }
  if (files_.empty()) return absl::NotFoundError("no spec files under " + dir);
  return absl::OkStatus();
}

const json* SpecValidator::Resolve(const std::string& ref, const std::string& file,
                                   std::string* out_file) const {
  size_t hash = ref.find('#');
  std::string file_part = ref.substr(0, hash);
  std::string pointer = hash == std::string::npos ? "" : ref.substr(hash + 1);
  std::string target = file;
  if (!file_part.empty()) {
    target = (fs::path(file).parent_path() / file_part).lexically_normal().generic_string();
  }
  auto it = files_.find(target);
  if (it == files_.end()) return nullptr;
  *out_file = target;
  try {
    const json& node = it->second.at(json::json_pointer(pointer));
    return &node;
  } catch (const std::exception&) {
    return nullptr;
  }
}

bool SpecValidator::HasDefinition(const std::string& schema_ref) const {
  size_t hash = schema_ref.find('#');
  auto b = basenames_.find(schema_ref.substr(0, hash));
  if (b == basenames_.end()) return false;
  std::string file;
  return Resolve("#" + schema_ref.substr(hash + 1), b->second, &file) != nullptr;
}

std::vector<SpecIssue> SpecValidator::Validate(const std::string& schema_ref, const json& value,
                                               bool request_mode, bool partial) const {
  std::vector<SpecIssue> issues;
  size_t hash = schema_ref.find('#');
  auto b = basenames_.find(schema_ref.substr(0, hash));
  if (b == basenames_.end()) return issues;
  std::string file;
  const json* schema = Resolve("#" + schema_ref.substr(hash + 1), b->second, &file);
  if (schema == nullptr) return issues;
  Ctx ctx{request_mode, partial, &issues};
  size_t slash = schema_ref.rfind('/');
  Check(*schema, file, value, "", schema_ref.substr(slash + 1), ctx, 0);
  return issues;
}

const std::regex* SpecValidator::Pattern(const std::string& pattern) const {
  auto it = regex_cache_.find(pattern);
  if (it != regex_cache_.end()) return it->second.get();
  if (bad_patterns_.count(pattern)) return nullptr;
  try {
    auto re = std::make_unique<std::regex>(pattern, std::regex::ECMAScript);
    const std::regex* raw = re.get();
    regex_cache_[pattern] = std::move(re);
    return raw;
  } catch (const std::exception&) {
    bad_patterns_[pattern] = true;
    return nullptr;
  }
}

namespace {

std::string Join(const std::string& path, const std::string& key) {
  return path.empty() ? key : path + "." + key;
}

bool TypeMatches(const std::string& type, const json& v) {
  if (type == "object") return v.is_object();
  if (type == "array") return v.is_array();
  if (type == "string") return v.is_string();
  if (type == "boolean") return v.is_boolean();
  if (type == "integer") {
    return v.is_number_integer() ||
           (v.is_number_float() && v.get<double>() == std::floor(v.get<double>()));
  }
  if (type == "number") return v.is_number();
  return true;
}

// The definition name a $ref points at ("#/definitions/OSDisk" -> "OSDisk").
std::string RefTypeName(const std::string& ref, const std::string& fallback) {
  size_t pos = ref.rfind("/definitions/");
  if (pos == std::string::npos) return fallback;
  return ref.substr(pos + 13);
}

bool IsClosedEnum(const json& schema) {
  if (!schema.contains("enum")) return false;
  auto xe = schema.find("x-ms-enum");
  return xe == schema.end() || !xe->is_object() || !xe->value("modelAsString", false);
}

std::string EnumTypeName(const json& schema, const std::string& fallback) {
  auto xe = schema.find("x-ms-enum");
  if (xe != schema.end() && xe->is_object() && xe->contains("name") && (*xe)["name"].is_string()) {
    return (*xe)["name"].get<std::string>();
  }
  return fallback;
}

const std::regex& DateTimeRe() {
  static const std::regex re(
      R"(^\d{4}-\d{2}-\d{2}([Tt ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?([Zz]|[+-]\d{2}:?\d{2})?)?$)");
  return re;
}
const std::regex& DurationRe() {
  static const std::regex re(
      R"(^-?P(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$)");
  return re;
}
const std::regex& UuidRe() {
  static const std::regex re(
      R"(^\{?[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}\}?$)");
  return re;
}

bool ValidDuration(const std::string& s) {
  if (!std::regex_match(s, DurationRe())) return false;
  // "P" and "PT" alone, or a trailing "T", carry no value.
  return s.back() != 'P' && s.back() != 'T';
}

bool ValidArmId(const std::string& s) {
  if (s.size() < 2 || s[0] != '/' || s.find("//") != std::string::npos) return false;
  std::string lower = absl::AsciiStrToLower(s);
  return lower.rfind("/subscriptions/", 0) == 0 || lower.rfind("/providers/", 0) == 0;
}

}  // namespace

bool IsParseIssue(const SpecIssue& issue) {
  switch (issue.kind) {
    case IssueKind::kUnknownMember:
    case IssueKind::kType:
    case IssueKind::kNull:
    case IssueKind::kEnum:
    case IssueKind::kFormat:
      return true;
    default:
      return false;
  }
}

void SpecValidator::Collect(const json& schema, const std::string& file, Members* m,
                            int depth) const {
  if (depth > 64 || !schema.is_object()) return;
  if (auto ref = schema.find("$ref"); ref != schema.end() && ref->is_string()) {
    std::string next_file;
    const json* target = Resolve(ref->get<std::string>(), file, &next_file);
    if (target != nullptr) Collect(*target, next_file, m, depth + 1);
    return;
  }
  if (auto all = schema.find("allOf"); all != schema.end() && all->is_array()) {
    for (const json& part : *all) Collect(part, file, m, depth + 1);
  }
  if (auto p = schema.find("properties"); p != schema.end() && p->is_object()) {
    // The definition's own properties override its bases'.
    for (auto it = p->begin(); it != p->end(); ++it) m->props[it.key()] = {&it.value(), file};
  }
  if (auto req = schema.find("required"); req != schema.end() && req->is_array()) {
    for (const json& r : *req) {
      if (r.is_string()) m->required.push_back(r.get<std::string>());
    }
  }
  if (auto ap = schema.find("additionalProperties"); ap != schema.end()) {
    if (ap->is_object()) {
      m->additional = &*ap;
      m->additional_file = file;
    } else if (ap->is_boolean() && ap->get<bool>()) {
      m->free_form = true;
    }
  }
}

void SpecValidator::Check(const json& schema, const std::string& file, const json& value,
                          const std::string& path, const std::string& type_name, const Ctx& ctx,
                          int depth, bool members) const {
  if (depth > 64 || !schema.is_object()) return;
  auto add = [&](IssueKind kind, const std::string& msg) {
    ctx.issues->push_back({path, msg, kind, type_name});
  };
  // readOnly and x-nullable may sit next to a $ref (autorest honours both).
  if (ctx.request && schema.value("readOnly", false)) return;
  if (value.is_null()) {
    auto xn = schema.find("x-nullable");
    if (xn != schema.end() && xn->is_boolean()) {
      if (!xn->get<bool>()) add(IssueKind::kNull, "Error converting value {null}: the property is not nullable.");
      return;
    }
  }
  if (auto ref = schema.find("$ref"); ref != schema.end() && ref->is_string()) {
    std::string next_file;
    const json* target = Resolve(ref->get<std::string>(), file, &next_file);
    if (target == nullptr) {
      log::Debug("emulator.spec", "unresolved $ref treated as any value",
                 {{"ref", ref->get<std::string>()}});
      return;
    }
    Check(*target, next_file, value, path, RefTypeName(ref->get<std::string>(), type_name), ctx,
          depth + 1, members);
    return;
  }
  std::string type = schema.value("type", "");
  if (type.empty() && (schema.contains("properties") || schema.contains("additionalProperties"))) {
    type = "object";
  }
  if (value.is_null()) {
    // Strings, objects and arrays are reference types: null means "not set".
    // Value types (booleans, numbers, closed enums) cannot hold null.
    bool value_type = type == "boolean" || type == "integer" || type == "number" ||
                      IsClosedEnum(schema);
    if (value_type && !ctx.partial && members) {
      add(IssueKind::kNull, "Error converting value {null} to type '" +
                                EnumTypeName(schema, type.empty() ? "enum" : type) + "'.");
    }
    return;
  }
  if (auto all = schema.find("allOf"); all != schema.end() && all->is_array()) {
    for (const json& part : *all) Check(part, file, value, path, type_name, ctx, depth + 1, false);
  }
  if (!type.empty() && !TypeMatches(type, value)) {
    add(IssueKind::kType, "Error converting value " + value.dump() + " to type '" + type + "'.");
    return;
  }
  std::string format = schema.value("format", "");
  if (value.is_number() && (format == "int32" || format == "int64")) {
    double d = value.get<double>();
    double lim = format == "int32" ? 2147483648.0 : 9223372036854775808.0;
    if (d >= lim || d < -lim) {
      add(IssueKind::kType, "Value " + value.dump() + " was either too large or too small for an " +
                                (format == "int32" ? "Int32." : "Int64."));
    }
  }
  if (auto en = schema.find("enum"); en != schema.end() && en->is_array() && value.is_string()) {
    if (IsClosedEnum(schema)) {
      bool found = false;
      std::string allowed;
      for (const json& e : *en) {
        if (e.is_string()) {
          if (IEquals(e.get<std::string>(), value.get<std::string>())) found = true;
          allowed += (allowed.empty() ? "" : ", ") + e.get<std::string>();
        }
      }
      if (!found) {
        add(IssueKind::kEnum, "Error converting value " + value.dump() + " to type '" +
                                  EnumTypeName(schema, "enum") + "': value '" +
                                  value.get<std::string>() + "' is not one of [" + allowed + "].");
      }
    }
  }
  if (value.is_string()) {
    const std::string& s = value.get_ref<const std::string&>();
    if (format == "date-time" && !std::regex_match(s, DateTimeRe())) {
      add(IssueKind::kFormat, "Could not convert string to DateTime: " + s + ".");
    } else if (format == "duration" && !ValidDuration(s)) {
      add(IssueKind::kFormat, "Error converting value " + value.dump() +
                                  " to type 'TimeSpan': not an ISO 8601 duration.");
    } else if (format == "uuid" && !std::regex_match(s, UuidRe())) {
      add(IssueKind::kFormat, "Error converting value " + value.dump() + " to type 'Guid'.");
    } else if (format == "arm-id" && !s.empty() && !ValidArmId(s)) {
      add(IssueKind::kConstraint, "The value '" + s + "' is not a valid Azure resource id.");
    }
    if (schema.contains("pattern") && schema["pattern"].is_string()) {
      const std::regex* re = Pattern(schema["pattern"].get<std::string>());
      if (re != nullptr && !std::regex_search(s, *re)) {
        add(IssueKind::kConstraint,
            "value '" + s + "' does not match pattern " + schema["pattern"].get<std::string>());
      }
    }
    if (schema.contains("maxLength") && s.size() > schema["maxLength"].get<size_t>()) {
      add(IssueKind::kConstraint, "string longer than " + schema["maxLength"].dump());
    }
    if (schema.contains("minLength") && s.size() < schema["minLength"].get<size_t>()) {
      add(IssueKind::kConstraint, "string shorter than " + schema["minLength"].dump());
    }
  }
  if (value.is_number()) {
    double d = value.get<double>();
    if (schema.contains("minimum") && d < schema["minimum"].get<double>()) {
      add(IssueKind::kConstraint, "value below minimum " + schema["minimum"].dump());
    }
    if (schema.contains("maximum") && d > schema["maximum"].get<double>()) {
      add(IssueKind::kConstraint, "value above maximum " + schema["maximum"].dump());
    }
  }
  if (value.is_array()) {
    if (schema.contains("maxItems") && value.size() > schema["maxItems"].get<size_t>()) {
      add(IssueKind::kConstraint, "more than " + schema["maxItems"].dump() + " items");
    }
    if (auto items = schema.find("items"); items != schema.end()) {
      for (size_t i = 0; i < value.size(); ++i) {
        Check(*items, file, value[i], path + "[" + std::to_string(i) + "]", type_name, ctx,
              depth + 1);
      }
    }
  }
  if (members && value.is_object()) CheckMembers(schema, file, value, path, type_name, ctx, depth);
}

void SpecValidator::CheckMembers(const json& schema, const std::string& file, const json& value,
                                 const std::string& path, const std::string& type_name,
                                 const Ctx& ctx, int depth) const {
  Members m;
  Collect(schema, file, &m, depth);
  // Deserializers match member names case-insensitively.
  auto find_prop = [&](const std::string& name) -> const std::pair<const json*, std::string>* {
    if (auto it = m.props.find(name); it != m.props.end()) return &it->second;
    for (const auto& [k, v] : m.props) {
      if (IEquals(k, name)) return &v;
    }
    return nullptr;
  };
  if (!ctx.partial) {
    for (const std::string& name : m.required) {
      bool present = false;
      for (auto it = value.begin(); it != value.end(); ++it) {
        if (IEquals(it.key(), name) && !it.value().is_null()) present = true;
      }
      if (present) continue;
      // A required property that is readOnly is never expected in requests.
      const auto* prop = find_prop(name);
      if (ctx.request && prop != nullptr && prop->first->value("readOnly", false)) continue;
      ctx.issues->push_back({Join(path, name), "Required parameter '" + name + "' is missing (null).",
                             IssueKind::kRequired, type_name});
    }
  }
  for (auto it = value.begin(); it != value.end(); ++it) {
    std::string child = Join(path, it.key());
    if (const auto* prop = find_prop(it.key())) {
      Check(*prop->first, prop->second, it.value(), child, type_name, ctx, depth + 1);
    } else if (m.additional != nullptr) {
      Check(*m.additional, m.additional_file, it.value(), child, type_name, ctx, depth + 1);
    } else if (!m.free_form && !m.props.empty()) {
      ctx.issues->push_back({child,
                             "Could not find member '" + it.key() + "' on object of type '" +
                                 type_name + "'.",
                             IssueKind::kUnknownMember, type_name});
    }
  }
}

SpecError ShapeSpecError(const std::vector<SpecIssue>& issues, const std::string& rp_code) {
  SpecError e;
  auto with_path = [](const SpecIssue& i) { return i.message + " Path '" + i.path + "'."; };
  const SpecIssue* parse = nullptr;
  for (const SpecIssue& i : issues) {
    if (IsParseIssue(i)) {
      parse = &i;
      break;
    }
  }
  if (rp_code == "InvalidParameter") {  // Microsoft.Compute
    if (parse != nullptr) {
      e.code = "InvalidRequestFormat";
      e.message = "Cannot parse the request.";
      e.target = parse->path;
      for (const SpecIssue& i : issues) {
        if (!IsParseIssue(i)) continue;
        e.details.push_back(
            {{"code", "InvalidRequestFormat"}, {"target", i.path}, {"message", with_path(i)}});
      }
      return e;
    }
    e.code = "InvalidParameter";
    e.message = issues[0].kind == IssueKind::kRequired
                    ? issues[0].message
                    : "The value of parameter " + issues[0].path + " is invalid: " +
                          issues[0].message;
    e.target = issues[0].path;
    for (const SpecIssue& i : issues) {
      e.details.push_back({{"code", "InvalidParameter"}, {"target", i.path}, {"message", i.message}});
    }
    return e;
  }
  if (rp_code == "InvalidRequestBody") {  // Microsoft.Batch
    e.target = "BatchAccount";
    const SpecIssue& first = parse != nullptr ? *parse : issues[0];
    if (parse != nullptr) {
      e.code = "InvalidRequestBody";
      e.message = "The specified Request Body is not syntactically valid.";
      e.details.push_back({{"code", "Reason"}, {"message", with_path(first)}});
      e.details.push_back({{"code", "PropertyPath"}, {"message", first.path}});
    } else if (first.kind == IssueKind::kRequired) {
      e.code = "MissingRequiredProperty";
      e.message = "A required property was not specified in the request body.";
      e.details.push_back({{"code", "PropertyName"}, {"message", first.path}});
    } else {
      e.code = "InvalidPropertyValue";
      e.message = "The value provided for one of the properties in the request body is invalid.";
      e.details.push_back({{"code", "PropertyName"}, {"message", first.path}});
      e.details.push_back({{"code", "Reason"}, {"message", first.message}});
    }
    return e;
  }
  // Azure Resource Manager's own types (resource groups).
  const SpecIssue& first = parse != nullptr ? *parse : issues[0];
  e.code = "InvalidRequestContent";
  e.message = "The request content was invalid and could not be deserialized: '" +
              with_path(first) + "'.";
  e.target = first.path;
  for (const SpecIssue& i : issues) {
    e.details.push_back({{"code", "InvalidRequestContent"}, {"target", i.path}, {"message", i.message}});
  }
  return e;
}

}  // namespace azbatch::emulator
