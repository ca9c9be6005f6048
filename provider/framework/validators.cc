#include "provider/framework/validators.h"

#include <regex>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
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

class AlsoRequiresValidator : public Validator {
 public:
  AlsoRequiresValidator(std::vector<std::string> siblings, std::string summary)
      : siblings_(std::move(siblings)), summary_(std::move(summary)) {}
  // Phrased to fit an attribute description that already says "(with x)".
  std::string Description() const override {
    return absl::StrCat("with ", absl::StrJoin(siblings_, ", "));
  }
  void Validate(const ValidatorRequest& req, Diagnostics* diags) const override {
    const cty::Value& parent =
        req.parent.type().kind() == cty::Kind::kObject ? req.parent : req.config;
    if (req.value.is_null() || !req.value.is_known() || parent.is_null() || !parent.is_known()) {
      return;
    }
    const cty::Kind kind = req.value.type().kind();
    if ((kind == cty::Kind::kList || kind == cty::Kind::kSet || kind == cty::Kind::kMap) &&
        req.value.Length() == 0) {
      return;
    }
    std::vector<std::string> missing;
    for (const std::string& name : siblings_) {
      const cty::Value& v = parent.GetAttr(name);
      if (v.is_known() && v.is_null()) missing.push_back(name);
    }
    if (missing.empty()) return;
    diags->AddAttributeError(req.path, summary_,
                             absl::StrCat(LastName(req.path), " can only be used together with ",
                                          absl::StrJoin(missing, ", ")));
  }

 private:
  std::vector<std::string> siblings_;
  std::string summary_;
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

ValidatorPtr GoDuration() { return std::make_shared<GoDurationValidator>(); }

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

ValidatorPtr AlsoRequires(std::vector<std::string> siblings, std::string summary) {
  return std::make_shared<AlsoRequiresValidator>(std::move(siblings), std::move(summary));
}

ValidatorPtr Custom(std::string description, std::function<std::string(const cty::Value&)> check) {
  return std::make_shared<CustomValidator>(std::move(description), std::move(check));
}

}  // namespace azbatch::framework::validators
