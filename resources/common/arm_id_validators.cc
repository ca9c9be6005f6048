#include "resources/common/arm_id_validators.h"

#include <algorithm>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/utf8.h"
#include "provider/azure/resource_id.h"

namespace azbatch::resources::common {
namespace {

namespace fw = azbatch::framework;

std::string Quote(const std::string& s) { return absl::StrCat("\"", s, "\""); }

// The code point starting at s[*i] of valid UTF-8 `s`; advances *i past it.
char32_t NextCodePoint(const std::string& s, size_t* i) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char lead = byte(*i);
  int n = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
  char32_t cp = n == 1 ? lead : (lead & (0x7F >> n));
  for (int k = 1; k < n; ++k) cp = (cp << 6) | (byte(*i + k) & 0x3F);
  *i += static_cast<size_t>(n);
  return cp;
}

// Non-ASCII code points that are plainly not \w (.NET: letters, nonspacing
// marks, decimal digits, connector punctuation): C1 controls, spaces, Latin-1
// punctuation and symbols, the General Punctuation block and CJK punctuation.
bool PlainlyNotWordCharacter(char32_t cp) {
  if (cp >= 0x80 && cp <= 0xBF) return cp != 0xAA && cp != 0xB5 && cp != 0xBA;
  if (cp == 0xD7 || cp == 0xF7 || cp == 0x1680 || cp == 0xFEFF) return true;
  if (cp >= 0x2000 && cp <= 0x206F) return cp != 0x203F && cp != 0x2040 && cp != 0x2054;
  return cp >= 0x3000 && cp <= 0x3003;
}

// "'#' (U+0023)", "a space (U+0020)", "U+0009".
std::string DescribeCodePoint(char32_t cp, const std::string& utf8) {
  std::string hex = absl::StrCat(absl::Hex(static_cast<uint32_t>(cp), absl::kZeroPad4));
  std::string code = absl::StrCat("U+", absl::AsciiStrToUpper(hex));
  if (cp == 0x20) return absl::StrCat("a space (", code, ")");
  // Spaces, controls and invisible format characters: the code alone.
  bool invisible = cp <= 0x20 || (cp >= 0x7F && cp <= 0xA0) || cp == 0x1680 ||
                   (cp >= 0x2000 && cp <= 0x200F) || (cp >= 0x2028 && cp <= 0x202F) ||
                   (cp >= 0x205F && cp <= 0x206F) || cp == 0x3000 || cp == 0xFEFF;
  return invisible ? code : absl::StrCat("'", utf8, "' (", code, ")");
}

// A string check: skips null and unknown values, reports at the attribute.
class StringCheck : public fw::Validator {
 public:
  explicit StringCheck(std::string description) : description_(std::move(description)) {}
  std::string Description() const override { return description_; }
  void Validate(const fw::ValidatorRequest& req, fw::Diagnostics* diags) const override {
    if (req.value.is_null() || !req.value.is_known() ||
        req.value.type().kind() != cty::Kind::kString) {
      return;
    }
    std::string detail = Check(req.value.AsString());
    if (!detail.empty()) {
      diags->AddAttributeError(req.path, "Invalid attribute value",
                               absl::StrCat("Attribute ", req.path.ToString(), " ", detail));
    }
  }

 protected:
  // "" when `s` is valid, else what follows "Attribute <path> ".
  virtual std::string Check(const std::string& s) const = 0;

 private:
  std::string description_;
};

class ArmIdValidator : public StringCheck {
 public:
  ArmIdValidator(const std::vector<std::string>& resource_types, const std::string& description)
      : StringCheck(description.empty() ? absl::StrCat("an ARM resource id of type ",
                                                       absl::StrJoin(resource_types, " or "))
                                        : description) {
    std::vector<std::string> shapes;
    for (const std::string& resource_type : resource_types) {
      std::vector<std::string> parts = absl::StrSplit(resource_type, '/');
      shapes.push_back(absl::StrCat(
          "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/",
          parts[0]));
      for (size_t i = 1; i < parts.size(); ++i) {
        absl::StrAppend(&shapes.back(), "/", parts[i], "/{name}");
      }
      types_.push_back(std::move(parts));
    }
    expected_ = absl::StrJoin(shapes, " or ");
  }

 protected:
  std::string Check(const std::string& id) const override {
    if (!Matches(id)) {
      return absl::StrCat("must be ", Description(), " (", expected_, "), got ", Quote(id));
    }
    return ArmIdResourceGroupError(id);
  }

 private:
  // Namespace and type segments compare case-insensitively.
  bool Matches(const std::string& id) const {
    absl::StatusOr<azure::ArmIdParts> parts = azure::ParseArmId(id);
    if (!parts.ok()) return false;
    std::vector<std::string> got = {parts->provider_namespace};
    got.insert(got.end(), parts->types.begin(), parts->types.end());
    for (const std::vector<std::string>& want : types_) {
      if (std::equal(want.begin(), want.end(), got.begin(), got.end(),
                     [](const std::string& a, const std::string& b) {
                       return absl::EqualsIgnoreCase(a, b);
                     })) {
        return true;
      }
    }
    return false;
  }

  std::vector<std::vector<std::string>> types_;  // namespace, then the type segments
  std::string expected_;
};

class UniqueKeysValidator : public fw::Validator {
 public:
  UniqueKeysValidator(std::string key, std::function<std::string(std::string_view)> normalise,
                      std::string summary, std::string noun)
      : key_(std::move(key)),
        normalise_(std::move(normalise)),
        summary_(std::move(summary)),
        noun_(std::move(noun)) {}
  std::string Description() const override { return ""; }
  void Validate(const fw::ValidatorRequest& req, fw::Diagnostics* diags) const override {
    const cty::Kind kind = req.value.type().kind();
    if (req.value.is_null() || !req.value.is_known() ||
        (kind != cty::Kind::kList && kind != cty::Kind::kSet)) {
      return;
    }
    std::set<std::string> seen;
    for (size_t i = 0; i < req.value.Elements().size(); ++i) {
      const cty::Value& e = req.value.Elements()[i];
      if (e.is_null() || !e.is_known() || e.type().kind() != cty::Kind::kObject) continue;
      const cty::Value& k = e.GetAttr(key_);
      if (k.is_null() || !k.is_known() || k.type().kind() != cty::Kind::kString) continue;
      if (!seen.insert(normalise_(k.AsString())).second) {
        diags->AddAttributeError(
            req.path.Index(static_cast<int64_t>(i)).Attr(key_), summary_,
            absl::StrCat(noun_, " ", Quote(k.AsString()), " is listed more than once"));
      }
    }
  }

 private:
  std::string key_;
  std::function<std::string(std::string_view)> normalise_;
  std::string summary_;
  std::string noun_;
};

class ResourceGroupNameValidator : public StringCheck {
 public:
  ResourceGroupNameValidator()
      : StringCheck("a resource group name: 1-90 letters, digits, '_', '-', '.', '(' and ')', "
                    "not ending with '.'") {}

 protected:
  std::string Check(const std::string& name) const override {
    std::string error = ResourceGroupNameError(name);
    if (error.empty()) return "";
    return absl::StrCat("must be a resource group name Azure accepts, got ", Quote(name), ": ",
                        error);
  }
};

}  // namespace

framework::ValidatorPtr ArmResourceId(const std::string& resource_type) {
  return std::make_shared<ArmIdValidator>(std::vector<std::string>{resource_type}, "");
}

framework::ValidatorPtr ArmResourceIdOneOf(const std::vector<std::string>& resource_types,
                                           const std::string& description) {
  return std::make_shared<ArmIdValidator>(resource_types, description);
}

framework::ValidatorPtr UniqueKeys(std::string key,
                                   std::function<std::string(std::string_view)> normalise,
                                   std::string summary, std::string noun) {
  return std::make_shared<UniqueKeysValidator>(std::move(key), std::move(normalise),
                                               std::move(summary), std::move(noun));
}

std::string ResourceGroupNameError(const std::string& name) {
  constexpr char kRule[] =
      "resource group names allow 1 to 90 letters, digits, '_', '-', '.', '(' and ')', and "
      "cannot end with '.'";
  if (name.empty()) return absl::StrCat("it is empty; ", kRule);
  if (!utf8::IsValidUtf8(name)) return absl::StrCat("it is not valid UTF-8; ", kRule);
  int64_t length = 0;
  for (size_t i = 0; i < name.size(); ++length) {
    size_t start = i;
    char32_t cp = NextCodePoint(name, &i);
    bool ok = cp < 0x80 ? absl::ascii_isalnum(static_cast<unsigned char>(cp)) ||
                              absl::StrContains("-._()", static_cast<char>(cp))
                        : !PlainlyNotWordCharacter(cp);
    if (!ok) {
      return absl::StrCat("it contains ", DescribeCodePoint(cp, name.substr(start, i - start)),
                          "; ", kRule);
    }
  }
  if (length > 90) return absl::StrCat("it is ", length, " characters long; ", kRule);
  if (name.back() == '.') return absl::StrCat("it ends with '.'; ", kRule);
  return "";
}

framework::ValidatorPtr ResourceGroupName() {
  return std::make_shared<ResourceGroupNameValidator>();
}

std::string ArmIdResourceGroupError(const std::string& id) {
  std::vector<std::string> segments = absl::StrSplit(id, '/');
  for (size_t i = 0; i + 1 < segments.size(); ++i) {
    if (!absl::EqualsIgnoreCase(segments[i], "resourceGroups")) continue;
    std::string error = ResourceGroupNameError(segments[i + 1]);
    if (error.empty()) return "";
    return absl::StrCat("has the resource group segment ", Quote(segments[i + 1]),
                        ", which Azure refuses: ", error);
  }
  return "";
}

}  // namespace azbatch::resources::common
