#include "resources/common/values.h"

#include <algorithm>
#include <regex>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/time.h"
#include "resources/common/arm_id_validators.h"
#include "resources/common/location_check.h"

namespace azbatch::resources::common {

namespace fw = azbatch::framework;

bool Present(const cty::Value& value) { return value.is_known() && !value.is_null(); }

cty::Type StringSet() { return cty::Type::Set(cty::Type::String()); }

std::optional<std::string> GetString(const cty::Value& obj, std::string_view attr) {
  if (obj.is_null() || !obj.is_known() || !obj.HasAttr(attr)) return std::nullopt;
  const cty::Value& v = obj.GetAttr(attr);
  if (v.is_null() || !v.is_known()) return std::nullopt;
  return v.AsString();
}

std::optional<int64_t> GetInt(const cty::Value& obj, std::string_view attr) {
  if (obj.is_null() || !obj.is_known() || !obj.HasAttr(attr)) return std::nullopt;
  const cty::Value& v = obj.GetAttr(attr);
  if (v.is_null() || !v.is_known()) return std::nullopt;
  return v.AsNumber().ToInt64();
}

std::optional<bool> GetBool(const cty::Value& obj, std::string_view attr) {
  if (obj.is_null() || !obj.is_known() || !obj.HasAttr(attr)) return std::nullopt;
  const cty::Value& v = obj.GetAttr(attr);
  if (v.is_null() || !v.is_known()) return std::nullopt;
  return v.AsBool();
}

std::vector<cty::Value> GetList(const cty::Value& obj, std::string_view attr) {
  if (obj.is_null() || !obj.is_known() || !obj.HasAttr(attr)) return {};
  const cty::Value& v = obj.GetAttr(attr);
  if (v.is_null() || !v.is_known()) return {};
  return v.Elements();
}

cty::Value AttrOf(const cty::Value& obj, std::string_view attr) {
  return Present(obj) ? obj.GetAttr(attr) : cty::Value();
}

std::vector<std::string> Strings(const cty::Value& list) {
  std::vector<std::string> out;
  if (!Present(list)) return out;
  for (const cty::Value& e : list.Elements()) {
    if (Present(e)) out.push_back(e.AsString());
  }
  return out;
}

cty::Value Str(const std::optional<std::string>& v) {
  return v ? cty::Value::String(*v) : cty::Value::Null(cty::Type::String());
}
cty::Value Int(const std::optional<int64_t>& v) {
  return v ? cty::Value::Int(*v) : cty::Value::Null(cty::Type::Number());
}
cty::Value Bool(const std::optional<bool>& v) {
  return v ? cty::Value::Bool(*v) : cty::Value::Null(cty::Type::Bool());
}


cty::Value NullUnknowns(const cty::Value& v) {
  return v.Transform([](const cty::Path&, const cty::Value& x) {
    return x.is_known() ? x : cty::Value::Null(x.type());
  });
}

absl::StatusOr<azure::ResourceId> GroupChildId(const std::string& subscription,
                                               const cty::Value& plan, azure::ResourceType type) {
  return azure::ResourceId::ResourceGroup(subscription,
                                          GetString(plan, "resource_group_name").value_or(""))
      .Child(type, GetString(plan, "name").value_or(""));
}

std::string NormaliseLocation(std::string_view location) {
  std::string out;
  for (char c : location) {
    if (c == ' ') continue;
    out.push_back(absl::ascii_tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

bool SameLocation(std::string_view a, std::string_view b) {
  return NormaliseLocation(a) == NormaliseLocation(b);
}

std::string PreferPriorSpelling(const std::optional<std::string>& prior,
                                const std::string& remote) {
  if (prior && absl::EqualsIgnoreCase(*prior, remote)) return *prior;
  return remote;
}

std::optional<std::string> PreferPriorSpelling(const std::optional<std::string>& prior,
                                               const std::optional<std::string>& remote) {
  if (!remote) return std::nullopt;
  return PreferPriorSpelling(prior, *remote);
}

std::string PreferPriorLocation(const std::optional<std::string>& prior,
                                const std::string& remote) {
  if (prior && SameLocation(*prior, remote)) return *prior;
  return remote;
}

std::optional<std::string> PreferPriorDate(const std::optional<std::string>& prior,
                                           const std::optional<std::string>& remote) {
  if (!prior || !remote) return remote;
  absl::Time a, b;
  std::string err;
  if (absl::ParseTime(absl::RFC3339_full, *prior, &a, &err) &&
      absl::ParseTime(absl::RFC3339_full, *remote, &b, &err) && a == b) {
    return prior;
  }
  return remote;
}

nlohmann::json TagsToJson(const cty::Value& tags) {
  nlohmann::json out = nlohmann::json::object();
  if (tags.is_null() || !tags.is_known()) return out;
  for (const auto& [k, v] : tags.MapElements()) {
    if (v.is_known() && !v.is_null()) out[k] = v.AsString();
  }
  return out;
}

cty::Value TagsFromJson(const nlohmann::json& resource, const cty::Value& prior_tags) {
  std::map<std::string, cty::Value> m;
  const nlohmann::json& tags = JObj(resource, "tags");
  for (auto it = tags.begin(); it != tags.end(); ++it) {
    if (it->is_string()) m[it.key()] = cty::Value::String(it->get<std::string>());
  }
  if (m.empty() && prior_tags.is_null()) return cty::Value::Null(cty::Type::Map(cty::Type::String()));
  return cty::Value::Map(cty::Type::String(), std::move(m));
}

fw::Attribute IdAttribute() {
  return fw::Attribute::Computed("id", cty::Type::String())
      .WithDescription("The ARM resource id.")
      .WithPlanModifiers({fw::plan_modifiers::UseStateForUnknown()});
}

fw::Attribute ResourceGroupNameAttribute() {
  return fw::Attribute::Required("resource_group_name", cty::Type::String())
      .WithDescription("Resource group holding the resource. Changing it forces a new resource.")
      .WithValidators({ResourceGroupName()})
      .WithPlanModifiers({fw::plan_modifiers::RequiresReplace()});
}

namespace {

// "West Europe" in config and "westeurope" in state (e.g. after an import) name
// the same region: the plan keeps the state's spelling, which core accepts, so
// no update is planned.
class KeepEquivalentLocationModifier : public fw::PlanModifier {
 public:
  std::string Description() const override {
    return "keeps the prior spelling of an equivalent region name";
  }
  void Modify(const fw::PlanModifierRequest& req, fw::PlanModifierResponse* resp) const override {
    const cty::Value& state = req.state_value;
    const cty::Value& config = req.config_value;
    if (state.is_null() || !state.is_known() || config.is_null() || !config.is_known()) return;
    if (SameLocation(state.AsString(), config.AsString())) resp->plan_value = state;
  }
};

fw::PlanModifierPtr KeepEquivalentLocation() {
  return std::make_shared<KeepEquivalentLocationModifier>();
}

}  // namespace

fw::Attribute LocationAttribute() {
  return fw::Attribute::Required("location", cty::Type::String())
      .WithDescription("Azure region, e.g. `westeurope` or `West Europe` (both name the same "
                       "region); `plan` checks it against the subscription's regions. Changing "
                       "the region forces a new resource.")
      .WithValidators({fw::validators::StringLengthAtLeast(1)})
      .WithPlanModifiers({KeepEquivalentLocation(), CheckRegionExists(),
                          fw::plan_modifiers::RequiresReplaceIf(
          [](const fw::PlanModifierRequest& req) {
            if (req.state_value.is_null() || !req.plan_value.is_known() ||
                req.plan_value.is_null()) {
              return true;
            }
            return !SameLocation(req.state_value.AsString(), req.plan_value.AsString());
          },
          "a change of region forces replacement")});
}

fw::Attribute TagsAttribute() {
  return fw::Attribute::Optional("tags", cty::Type::Map(cty::Type::String()))
      .WithDescription("Tags to assign; updated in place.");
}

size_t EditDistance(const std::string& a, const std::string& b) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t sub = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

fw::PlanModifierPtr ForceNew() { return fw::plan_modifiers::RequiresReplace(); }

fw::ValidatorPtr Rfc3339Date() {
  return fw::validators::Custom(
      "an RFC 3339 / ISO 8601 timestamp such as 2030-01-01T00:00:00Z",
      [](const cty::Value& v) -> std::string {
        static const std::regex kRe(
            R"(\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d))");
        if (std::regex_match(v.AsString(), kRe)) return "";
        return "must be an RFC 3339 / ISO 8601 date-time such as \"2030-01-01T00:00:00Z\", got \"" +
               v.AsString() + "\"";
      });
}

std::optional<std::array<int64_t, 3>> ParseGalleryVersion(const std::string& s) {
  std::vector<std::string> parts = absl::StrSplit(s, '.');
  if (parts.size() != 3) return std::nullopt;
  std::array<int64_t, 3> out{};
  for (size_t i = 0; i < 3; ++i) {
    const std::string& p = parts[i];
    if (p.empty() || p.size() > 10) return std::nullopt;
    for (char c : p) {
      if (c < '0' || c > '9') return std::nullopt;
    }
    if (!absl::SimpleAtoi(p, &out[i]) || out[i] > 2147483647) return std::nullopt;
  }
  return out;
}

fw::ValidatorPtr GalleryVersionName() {
  return fw::validators::Custom(
      "a version Major.Minor.Patch, each part an integer between 0 and 2147483647",
      [](const cty::Value& v) -> std::string {
        if (ParseGalleryVersion(v.AsString())) return "";
        return "must be a version Major.Minor.Patch with each part an integer between 0 and "
               "2147483647 (e.g. \"1.0.0\"), got \"" + v.AsString() + "\"";
      });
}

fw::ValidatorPtr EachOneOf(std::vector<std::string> allowed) {
  const std::string description = absl::StrCat("each one of ", absl::StrJoin(allowed, ", "));
  return fw::validators::Custom(description, [allowed](const cty::Value& v) -> std::string {
    for (const std::string& s : Strings(v)) {
      if (std::find(allowed.begin(), allowed.end(), s) == allowed.end()) {
        return absl::StrCat("each value must be one of \"", absl::StrJoin(allowed, "\", \""),
                            "\", got \"", s, "\"");
      }
    }
    return "";
  });
}

}  // namespace azbatch::resources::common
