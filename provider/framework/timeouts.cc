#include "provider/framework/timeouts.h"

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
  absl::Duration d;
  if (!absl::ParseDuration(text, &d)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "invalid duration \"", text, "\": expected numbers with units (ns, us, ms, s, m, h)"));
  }
  if (d < absl::ZeroDuration() || d == absl::InfiniteDuration()) {
    return absl::InvalidArgumentError(
        absl::StrCat("invalid duration \"", text, "\": must be finite and not negative"));
  }
  return d;
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
