#include "provider/framework/validators.h"

#include <regex>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/utf8.h"
#include "provider/framework/timeouts.h"

namespace azbatch::framework::validators {
namespace {

// Shared skeleton: skips null/unknown values and values of the wrong kind
// (reported once as a schema mistake).
class KindValidator : public Validator {
 public:
  KindValidator(std::string description, std::vector<cty::Kind> kinds)
      : description_(std::move(description)), kinds_(std::move(kinds)) {}
  std::string Description() const override { return description_; }
  void Validate(const ValidatorRequest& req, Diagnostics* diags) const override {
    if (req.value.is_null() || !req.value.is_known()) return;
    bool kind_ok = false;
    for (cty::Kind k : kinds_) kind_ok = kind_ok || req.value.type().kind() == k;
    if (!kind_ok) {
      diags->AddAttributeError(req.path, "Validator does not fit the attribute type",
                               absl::StrCat("The check \"", description_, "\" cannot be applied to a ",
                                            req.value.type().FriendlyName(),
                                            " value. This is a bug in the provider."));
      return;
    }
    Check(req, diags);
  }

 protected:
  virtual void Check(const ValidatorRequest& req, Diagnostics* diags) const = 0;
  void Fail(const ValidatorRequest& req, Diagnostics* diags, const std::string& detail) const {
    diags->AddAttributeError(req.path, "Invalid attribute value",
                             absl::StrCat("Attribute ", req.path.ToString(), " ", detail));
  }

 private:
  std::string description_;
  std::vector<cty::Kind> kinds_;
};

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

int64_t Utf8Length(const std::string& s) {
  int64_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80 ? 1 : 0;
  return n;
}

std::string Quote(const std::string& s) { return absl::StrCat("\"", s, "\""); }

class StringLength : public KindValidator {
 public:
  StringLength(int64_t min, int64_t max)
      : KindValidator(max < 0 ? absl::StrCat("length at least ", min)
                              : absl::StrCat("length between ", min, " and ", max),
                      {cty::Kind::kString}),
        min_(min),
        max_(max) {}

 protected:
  void Check(const ValidatorRequest& req, Diagnostics* diags) const override {
    int64_t len = Utf8Length(req.value.AsString());
    if (len < min_ || (max_ >= 0 && len > max_)) {
      Fail(req, diags, absl::StrCat("must have a ", Description(), ", got length ", len));
    }
  }

 private:
  int64_t min_, max_;
};

class RegexValidator : public KindValidator {
 public:
  RegexValidator(std::string description, const std::string& pattern, std::string message)
      : KindValidator(std::move(description), {cty::Kind::kString}),
        re_(pattern, std::regex::ECMAScript),
        message_(std::move(message)) {}

 protected:
  void Check(const ValidatorRequest& req, Diagnostics* diags) const override {
    const std::string& s = req.value.AsString();
    if (!std::regex_match(s, re_)) {
      Fail(req, diags, absl::StrCat("must be ", message_, ", got ", Quote(s)));
    }
  }

 private:
  std::regex re_;
  std::string message_;
};

class OneOfValidator : public KindValidator {
 public:
  OneOfValidator(std::vector<std::string> allowed, bool ci)
      : KindValidator(absl::StrCat("one of ", absl::StrJoin(allowed, ", ")), {cty::Kind::kString}),
        allowed_(std::move(allowed)),
        ci_(ci) {}

 protected:
  void Check(const ValidatorRequest& req, Diagnostics* diags) const override {
    const std::string& s = req.value.AsString();
    for (const std::string& a : allowed_) {
      if (ci_ ? absl::EqualsIgnoreCase(a, s) : a == s) return;
    }
    std::vector<std::string> quoted;
    for (const std::string& a : allowed_) quoted.push_back(Quote(a));
    Fail(req, diags,
         absl::StrCat("must be one of [", absl::StrJoin(quoted, ", "), "], got ", Quote(s)));
  }

 private:
  std::vector<std::string> allowed_;
  bool ci_;
};

class GoDurationValidator : public KindValidator {
 public:
  GoDurationValidator() : KindValidator("a duration such as \"30m\" or \"2h30m\"", {cty::Kind::kString}) {}

 protected:
  void Check(const ValidatorRequest& req, Diagnostics* diags) const override {
    auto d = ParseGoDuration(req.value.AsString());
    if (!d.ok()) Fail(req, diags, absl::StrCat("must be ", Description(), ": ", d.status().message()));
  }
};

class ArmIdValidator : public KindValidator {
 public:
  explicit ArmIdValidator(const std::string& resource_type)
      : KindValidator(absl::StrCat("an ARM resource id of type ", resource_type), {cty::Kind::kString}) {
    std::vector<std::string> parts = absl::StrSplit(resource_type, '/');
    namespace_ = parts.empty() ? "" : parts[0];
    for (size_t i = 1; i < parts.size(); ++i) types_.push_back(parts[i]);
    expected_ = absl::StrCat("/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/",
                             namespace_);
    for (const std::string& t : types_) absl::StrAppend(&expected_, "/", t, "/{name}");
  }

 protected:
  void Check(const ValidatorRequest& req, Diagnostics* diags) const override {
    const std::string& id = req.value.AsString();
    if (!Matches(id)) {
      Fail(req, diags, absl::StrCat("must be ", Description(), " (", expected_, "), got ", Quote(id)));
      return;
    }
    if (std::string error = ArmIdResourceGroupError(id); !error.empty()) Fail(req, diags, error);
  }

 private:
  bool Matches(const std::string& id) const {
    if (id.empty() || id[0] != '/') return false;
    std::vector<std::string> seg = absl::StrSplit(id.substr(1), '/');
    size_t want = 6 + 2 * types_.size();
    if (seg.size() != want) return false;
    for (const std::string& s : seg) {
      if (s.empty()) return false;
    }
    if (!absl::EqualsIgnoreCase(seg[0], "subscriptions") ||
        !absl::EqualsIgnoreCase(seg[2], "resourceGroups") ||
        !absl::EqualsIgnoreCase(seg[4], "providers") || !absl::EqualsIgnoreCase(seg[5], namespace_)) {
      return false;
    }
    for (size_t i = 0; i < types_.size(); ++i) {
      if (!absl::EqualsIgnoreCase(seg[6 + 2 * i], types_[i])) return false;
    }
    return true;
  }

  std::string namespace_;
  std::vector<std::string> types_;
  std::string expected_;
};

class ResourceGroupNameValidator : public KindValidator {
 public:
  ResourceGroupNameValidator()
      : KindValidator("a resource group name: 1-90 letters, digits, '_', '-', '.', '(' and ')', "
                      "not ending with '.'",
                      {cty::Kind::kString}) {}

 protected:
  void Check(const ValidatorRequest& req, Diagnostics* diags) const override {
    std::string error = ResourceGroupNameError(req.value.AsString());
    if (!error.empty()) {
      Fail(req, diags, absl::StrCat("must be a resource group name Azure accepts, got ",
                                    Quote(req.value.AsString()), ": ", error));
    }
  }
};

class IntRange : public KindValidator {
 public:
  IntRange(int64_t min, std::optional<int64_t> max)
      : KindValidator(max.has_value() ? absl::StrCat("a whole number between ", min, " and ", *max)
                                      : absl::StrCat("a whole number of at least ", min),
                      {cty::Kind::kNumber}),
        min_(min),
        max_(max) {}

 protected:
  void Check(const ValidatorRequest& req, Diagnostics* diags) const override {
    const cty::Number& n = req.value.AsNumber();
    std::optional<int64_t> v = n.is_integer() ? n.ToInt64() : std::nullopt;
    if (!v.has_value() || *v < min_ || (max_.has_value() && *v > *max_)) {
      Fail(req, diags, absl::StrCat("must be ", Description(), ", got ", n.ToString()));
    }
  }

 private:
  int64_t min_;
  std::optional<int64_t> max_;
};

class SizeValidator : public KindValidator {
 public:
  SizeValidator(int64_t min, int64_t max)
      : KindValidator(absl::StrCat("between ", min, " and ", max, " elements"),
                      {cty::Kind::kList, cty::Kind::kSet, cty::Kind::kMap, cty::Kind::kTuple}),
        min_(min),
        max_(max) {}

 protected:
  void Check(const ValidatorRequest& req, Diagnostics* diags) const override {
    int64_t n = static_cast<int64_t>(req.value.Length());
    if (n < min_ || n > max_) {
      Fail(req, diags, absl::StrCat("must have ", Description(), ", got ", n));
    }
  }

 private:
  int64_t min_, max_;
};

std::string LastName(const cty::Path& path) {
  if (path.steps().empty()) return "";
  if (const auto* a = std::get_if<cty::AttributeStep>(&path.steps().back())) return a->name;
  return "";
}

enum class GroupRule { kConflicts, kExactlyOne, kAtLeastOne };

class GroupValidator : public Validator {
 public:
  GroupValidator(GroupRule rule, std::vector<std::string> siblings)
      : rule_(rule), siblings_(std::move(siblings)) {}
  std::string Description() const override {
    std::string list = absl::StrJoin(siblings_, ", ");
    switch (rule_) {
      case GroupRule::kConflicts:
        return absl::StrCat("conflicts with ", list);
      case GroupRule::kExactlyOne:
        return absl::StrCat("exactly one of this attribute and ", list, " must be set");
      case GroupRule::kAtLeastOne:
        return absl::StrCat("at least one of this attribute and ", list, " must be set");
    }
    return "";
  }
  void Validate(const ValidatorRequest& req, Diagnostics* diags) const override {
    const cty::Value& parent = req.parent.type().kind() == cty::Kind::kObject ? req.parent : req.config;
    if (parent.is_null() || !parent.is_known()) return;
    std::string self = LastName(req.path);
    std::vector<std::string> all = {self};
    all.insert(all.end(), siblings_.begin(), siblings_.end());
    int set = 0;
    bool any_unknown = false;
    std::vector<std::string> set_siblings;
    for (const std::string& name : all) {
      const cty::Value& v = name == self ? req.value : parent.GetAttr(name);
      if (!v.is_known()) {
        any_unknown = true;
      } else if (!v.is_null()) {
        ++set;
        if (name != self) set_siblings.push_back(name);
      }
    }
    std::string names = absl::StrJoin(all, ", ");
    switch (rule_) {
      case GroupRule::kConflicts:
        if (!req.value.is_null() && req.value.is_known() && !set_siblings.empty()) {
          diags->AddAttributeError(req.path, "Conflicting attributes",
                                   absl::StrCat("Attribute ", req.path.ToString(),
                                                " cannot be set together with ",
                                                absl::StrJoin(set_siblings, ", "), "."));
        }
        break;
      case GroupRule::kExactlyOne:
        if (any_unknown) return;
        if (set != 1 && (set == 0 || !req.value.is_null())) {
          diags->AddAttributeError(req.path, "Invalid attribute combination",
                                   absl::StrCat("Exactly one of [", names, "] must be set, got ", set,
                                                "."));
        }
        break;
      case GroupRule::kAtLeastOne:
        if (any_unknown) return;
        if (set == 0) {
          diags->AddAttributeError(req.path, "Invalid attribute combination",
                                   absl::StrCat("At least one of [", names, "] must be set."));
        }
        break;
    }
  }

 private:
  GroupRule rule_;
  std::vector<std::string> siblings_;
};

class CustomValidator : public Validator {
 public:
  CustomValidator(std::string description, std::function<std::string(const cty::Value&)> check)
      : description_(std::move(description)), check_(std::move(check)) {}
  std::string Description() const override { return description_; }
  void Validate(const ValidatorRequest& req, Diagnostics* diags) const override {
    if (req.value.is_null() || !req.value.IsWhollyKnown()) return;
    std::string message = check_(req.value);
    if (!message.empty()) diags->AddAttributeError(req.path, "Invalid attribute value", message);
  }

 private:
  std::string description_;
  std::function<std::string(const cty::Value&)> check_;
};

}  // namespace

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

ValidatorPtr ResourceGroupName() { return std::make_shared<ResourceGroupNameValidator>(); }

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

ValidatorPtr StringLengthBetween(int64_t min, int64_t max) {
  return std::make_shared<StringLength>(min, max);
}

ValidatorPtr StringLengthAtLeast(int64_t min) { return std::make_shared<StringLength>(min, -1); }

ValidatorPtr StringMatches(const std::string& regex, const std::string& message) {
  std::string msg = message.empty() ? absl::StrCat("a string matching ", regex) : message;
  return std::make_shared<RegexValidator>(msg, regex, msg);
}

ValidatorPtr StringOneOf(std::vector<std::string> allowed, bool case_insensitive) {
  return std::make_shared<OneOfValidator>(std::move(allowed), case_insensitive);
}

ValidatorPtr Iso8601Duration() {
  // At least one component; a T must be followed by at least one time component.
  return std::make_shared<RegexValidator>(
      "an ISO 8601 duration such as \"PT15M\"",
      R"(P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?)",
      "an ISO 8601 duration such as \"PT15M\" or \"P1DT2H\"");
}

ValidatorPtr SemVer() {
  return std::make_shared<RegexValidator>(
      "a semantic version MAJOR.MINOR.PATCH",
      R"((0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?)",
      "a semantic version MAJOR.MINOR.PATCH such as \"1.0.0\"");
}

ValidatorPtr GoDuration() { return std::make_shared<GoDurationValidator>(); }

ValidatorPtr ArmResourceId(const std::string& resource_type) {
  return std::make_shared<ArmIdValidator>(resource_type);
}

ValidatorPtr IntBetween(int64_t min, int64_t max) { return std::make_shared<IntRange>(min, max); }

ValidatorPtr IntAtLeast(int64_t min) { return std::make_shared<IntRange>(min, std::nullopt); }

ValidatorPtr SizeBetween(int64_t min, int64_t max) {
  return std::make_shared<SizeValidator>(min, max);
}

ValidatorPtr ConflictsWith(std::vector<std::string> siblings) {
  return std::make_shared<GroupValidator>(GroupRule::kConflicts, std::move(siblings));
}

ValidatorPtr ExactlyOneOf(std::vector<std::string> siblings) {
  return std::make_shared<GroupValidator>(GroupRule::kExactlyOne, std::move(siblings));
}

ValidatorPtr AtLeastOneOf(std::vector<std::string> siblings) {
  return std::make_shared<GroupValidator>(GroupRule::kAtLeastOne, std::move(siblings));
}

ValidatorPtr Custom(std::string description, std::function<std::string(const cty::Value&)> check) {
  return std::make_shared<CustomValidator>(std::move(description), std::move(check));
}

}  // namespace azbatch::framework::validators
