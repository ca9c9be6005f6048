#include "emulator/spec_validator.h"

#include <filesystem>
#include <fstream>
#include <sstream>

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
  Check(*schema, file, value, "", ctx, 0);
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
    return v.is_number_integer() || (v.is_number_float() && v.get<double>() == static_cast<long long>(v.get<double>()));
  }
  if (type == "number") return v.is_number();
  return true;
}

}  // namespace

void SpecValidator::Check(const json& schema, const std::string& file, const json& value,
                          const std::string& path, const Ctx& ctx, int depth) const {
  if (depth > 64 || !schema.is_object()) return;
  auto add = [&](const std::string& msg) { ctx.issues->push_back({path, msg}); };
  if (auto ref = schema.find("$ref"); ref != schema.end() && ref->is_string()) {
    std::string next_file;
    const json* target = Resolve(ref->get<std::string>(), file, &next_file);
    if (target == nullptr) {
      log::Debug("emulator.spec", "unresolved $ref treated as any value",
                 {{"ref", ref->get<std::string>()}});
      return;
    }
    Check(*target, next_file, value, path, ctx, depth + 1);
    return;
  }
  if (ctx.request && schema.value("readOnly", false)) return;
  if (value.is_null()) return;  // JSON null is accepted as "not set"
  if (auto all = schema.find("allOf"); all != schema.end() && all->is_array()) {
    for (const json& part : *all) Check(part, file, value, path, ctx, depth + 1);
  }
  std::string type = schema.value("type", "");
  if (type.empty() && (schema.contains("properties") || schema.contains("additionalProperties"))) {
    type = "object";
  }
  if (!type.empty() && !TypeMatches(type, value)) {
    add("expected " + type + ", got " + std::string(value.type_name()));
    return;
  }
  if (auto en = schema.find("enum"); en != schema.end() && en->is_array() && value.is_string()) {
    bool extensible = schema.contains("x-ms-enum") &&
                      schema["x-ms-enum"].value("modelAsString", false);
    if (!extensible) {
      bool found = false;
      std::string allowed;
      for (const json& e : *en) {
        if (e.is_string()) {
          if (IEquals(e.get<std::string>(), value.get<std::string>())) found = true;
          allowed += (allowed.empty() ? "" : ", ") + e.get<std::string>();
        }
      }
      if (!found) add("value '" + value.get<std::string>() + "' is not one of [" + allowed + "]");
    }
  }
  if (value.is_string()) {
    const std::string& s = value.get_ref<const std::string&>();
    if (schema.contains("pattern") && schema["pattern"].is_string()) {
      const std::regex* re = Pattern(schema["pattern"].get<std::string>());
      if (re != nullptr && !std::regex_search(s, *re)) {
        add("value '" + s + "' does not match pattern " + schema["pattern"].get<std::string>());
      }
    }
    if (schema.contains("maxLength") && s.size() > schema["maxLength"].get<size_t>()) {
      add("string longer than " + schema["maxLength"].dump());
    }
    if (schema.contains("minLength") && s.size() < schema["minLength"].get<size_t>()) {
      add("string shorter than " + schema["minLength"].dump());
    }
  }
  if (value.is_number()) {
    double d = value.get<double>();
    if (schema.contains("minimum") && d < schema["minimum"].get<double>()) {
      add("value below minimum " + schema["minimum"].dump());
    }
    if (schema.contains("maximum") && d > schema["maximum"].get<double>()) {
      add("value above maximum " + schema["maximum"].dump());
    }
  }
  if (value.is_array()) {
    if (schema.contains("maxItems") && value.size() > schema["maxItems"].get<size_t>()) {
      add("more than " + schema["maxItems"].dump() + " items");
    }
    if (auto items = schema.find("items"); items != schema.end()) {
      for (size_t i = 0; i < value.size(); ++i) {
        Check(*items, file, value[i], path + "[" + std::to_string(i) + "]", ctx, depth + 1);
      }
    }
  }
  if (value.is_object()) {
    const json* props = nullptr;
    if (auto p = schema.find("properties"); p != schema.end() && p->is_object()) props = &*p;
    if (auto req = schema.find("required");
        !ctx.partial && req != schema.end() && req->is_array()) {
      for (const json& r : *req) {
        if (!r.is_string()) continue;
        std::string name = r.get<std::string>();
        if (value.contains(name) && !value[name].is_null()) continue;
        // A required property that is readOnly is never expected in requests.
        if (ctx.request && props != nullptr && props->contains(name)) {
          const json& ps = (*props)[name];
          if (ps.value("readOnly", false)) continue;
        }
        ctx.issues->push_back({Join(path, name), "required property is missing"});
      }
    }
    for (auto it = value.begin(); it != value.end(); ++it) {
      if (props != nullptr && props->contains(it.key())) {
        Check((*props)[it.key()], file, it.value(), Join(path, it.key()), ctx, depth + 1);
      } else if (auto ap = schema.find("additionalProperties");
                 ap != schema.end() && ap->is_object()) {
        Check(*ap, file, it.value(), Join(path, it.key()), ctx, depth + 1);
      }
    }
  }
}

}  // namespace azbatch::emulator
