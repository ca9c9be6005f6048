#include "provider/framework/timeouts.h"

#include <cctype>
#include <cmath>
#include <string>

#include "absl/strings/str_cat.h"

namespace azbatch::framework {

const char* OperationName(Operation op) {
  switch (op) {
    case Operation::kCreate:
      return "create";
    case Operation::kRead:
      return "read";
    case Operation::kUpdate:
      return "update";
    case Operation::kDelete:
      return "delete";
  }
  return "";
}

absl::Duration TimeoutDefaults::For(Operation op) const {
  switch (op) {
    case Operation::kCreate:
      return create;
    case Operation::kRead:
      return read;
    case Operation::kUpdate:
      return update;
    case Operation::kDelete:
      return del;
  }
  return create;
}

NestedBlock TimeoutsBlock(bool create, bool read, bool update, bool del) {
  Block block;
  block.description = "Timeouts for the operations, as durations such as \"30m\" or \"2h30m\".";
  auto add = [&block](bool enabled, const char* name) {
    if (!enabled) return;
    block.attributes.push_back(
        Attribute::Optional(name, cty::Type::String())
            .WithDescription(absl::StrCat("How long to wait for the ", name, " operation."))
            .WithValidators({validators::GoDuration()}));
  };
  add(create, "create");
  add(read, "read");
  add(update, "update");
  add(del, "delete");
  return NestedBlock::Single(kTimeoutsBlockName, std::move(block));
}

absl::StatusOr<absl::Duration> ParseGoDuration(absl::string_view text) {
  std::string s(text);
  auto bad = [&s](const std::string& why) {
    return absl::InvalidArgumentError(absl::StrCat("invalid duration \"", s, "\": ", why));
  };
  if (s.empty()) return bad("empty");
  size_t i = 0;
  if (s[0] == '-') return bad("must not be negative");
  if (s[0] == '+') ++i;
  if (s.substr(i) == "0") return absl::ZeroDuration();
  if (i >= s.size()) return bad("missing number");
  absl::Duration total = absl::ZeroDuration();
  while (i < s.size()) {
    size_t start = i;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
    std::string whole = s.substr(start, i - start);
    std::string frac;
    if (i < s.size() && s[i] == '.') {
      ++i;
      size_t fs = i;
      while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
      frac = s.substr(fs, i - fs);
    }
    if (whole.empty() && frac.empty()) return bad("expected a number");
    size_t us = i;
    while (i < s.size() && !std::isdigit(static_cast<unsigned char>(s[i])) && s[i] != '.') ++i;
    std::string unit = s.substr(us, i - us);
    absl::Duration scale;
    if (unit == "ns") {
      scale = absl::Nanoseconds(1);
    } else if (unit == "us" || unit == "\xc2\xb5s" || unit == "\xce\xbcs") {
      scale = absl::Microseconds(1);
    } else if (unit == "ms") {
      scale = absl::Milliseconds(1);
    } else if (unit == "s") {
      scale = absl::Seconds(1);
    } else if (unit == "m") {
      scale = absl::Minutes(1);
    } else if (unit == "h") {
      scale = absl::Hours(1);
    } else if (unit.empty()) {
      return bad("missing unit (use one of ns, us, ms, s, m, h)");
    } else {
      return bad(absl::StrCat("unknown unit \"", unit, "\""));
    }
    if (whole.size() > 12) return bad("number too large");
    int64_t w = whole.empty() ? 0 : std::stoll(whole);
    total += scale * w;
    if (!frac.empty()) {
      double f = std::stod("0." + frac);
      total += scale * f;
    }
  }
  return total;
}

absl::StatusOr<absl::Duration> TimeoutFromValue(const cty::Value& object, Operation op,
                                                absl::Duration fallback) {
  if (object.is_null() || !object.is_known() || object.type().kind() != cty::Kind::kObject ||
      !object.HasAttr(kTimeoutsBlockName)) {
    return fallback;
  }
  const cty::Value& block = object.GetAttr(kTimeoutsBlockName);
  if (block.is_null() || !block.is_known() || !block.HasAttr(OperationName(op))) return fallback;
  const cty::Value& v = block.GetAttr(OperationName(op));
  if (v.is_null() || !v.is_known() || v.type().kind() != cty::Kind::kString) return fallback;
  return ParseGoDuration(v.AsString());
}

}  // namespace azbatch::framework
