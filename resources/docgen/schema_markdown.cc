#include "resources/docgen/schema_markdown.h"

#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "provider/cty/number.h"

namespace azbatch::resources::docgen {

namespace fw = azbatch::framework;

namespace {

// One "Nested Schema for `path`" section, collected while walking.
struct Section {
  std::string anchor;
  std::string path;
  std::vector<std::string> required, optional, read_only;
};

std::string Anchor(const char* kind, const std::string& path) {
  return absl::StrCat("nested", kind, "--", absl::StrReplaceAll(path, {{".", "--"}}));
}

std::string JoinPath(const std::string& prefix, const std::string& name) {
  return prefix.empty() ? name : absl::StrCat(prefix, ".", name);
}

// Ends `text` with a full stop so the generated sentences that follow read well.
std::string Sentence(std::string text) {
  absl::StripTrailingAsciiWhitespace(&text);
  if (!text.empty() && !absl::EndsWith(text, ".")) text += ".";
  return text;
}

// Appends `note` unless it is empty or says "forces ..." when the
// hand-written description already does.
void AppendNote(const std::string& description, const std::string& note, std::string* line) {
  if (note.empty()) return;
  if (absl::StrContains(note, "forces") &&
      absl::StrContains(absl::AsciiStrToLower(description), "forces")) {
    return;
  }
  absl::StrAppend(line, " ", note);
}

// Validator descriptions, except those the description already says word for word.
std::string ValidatorText(const std::string& description,
                          const std::vector<fw::ValidatorPtr>& validators) {
  const std::string said = absl::AsciiStrToLower(description);
  std::vector<std::string> allowed_parts, constraints;
  for (const fw::ValidatorPtr& v : validators) {
    const std::string description = v->Description();
    absl::string_view d = description;
    if (d.empty()) continue;
    if (absl::ConsumePrefix(&d, "one of ")) {
      std::vector<std::string> values;
      for (absl::string_view s : absl::StrSplit(d, ", ")) {
        values.push_back(absl::StrCat("`", s, "`"));
      }
      allowed_parts.push_back(absl::StrJoin(values, ", "));
    } else {
      if (!absl::StrContains(said, absl::AsciiStrToLower(d))) constraints.push_back(std::string(d));
    }
  }
  std::string out;
  if (!allowed_parts.empty()) {
    absl::StrAppend(&out, " Allowed values: ", absl::StrJoin(allowed_parts, "; "), ".");
  }
  if (!constraints.empty()) {
    absl::StrAppend(&out, " Must be: ", absl::StrJoin(constraints, "; "), ".");
  }
  return out;
}

void WalkBlock(const fw::Block& block, const std::string& prefix, const NoteFn& note,
               Section* into, std::vector<Section>* nested);

void WalkAttributes(const std::vector<fw::Attribute>& attributes, const std::string& prefix,
                    const NoteFn& note, Section* into, std::vector<Section>* nested) {
  for (const fw::Attribute& a : attributes) {
    const std::string path = JoinPath(prefix, a.name);
    std::string label;
    if (a.nested) {
      switch (a.nested->nesting) {
        case fw::NestingMode::kList: label = "Attributes List"; break;
        case fw::NestingMode::kSet: label = "Attributes Set"; break;
        case fw::NestingMode::kMap: label = "Attributes Map"; break;
        default: label = "Attributes"; break;
      }
    } else {
      label = TypeLabel(a.type);
    }
    if (a.sensitive) absl::StrAppend(&label, ", Sensitive");
    if (a.write_only) absl::StrAppend(&label, ", Write-only");
    if (a.deprecated) absl::StrAppend(&label, ", Deprecated");
    std::string line = absl::StrCat("- `", a.name, "` (", label, ") ", Sentence(a.description));
    absl::StrAppend(&line, ValidatorText(a.description, a.validators));
    if (a.default_value && !a.default_value->is_null()) {
      absl::StrAppend(&line, " Defaults to `", HclLiteral(*a.default_value), "`.");
    }
    if (ForcesReplacement(a)) AppendNote(a.description, "Changing it forces replacement.", &line);
    if (note) AppendNote(a.description, note(path), &line);
    if (a.deprecated && !a.deprecation_message.empty()) {
      absl::StrAppend(&line, " Deprecated: ", Sentence(a.deprecation_message));
    }
    if (a.nested) {
      Section s{Anchor("att", path), path, {}, {}, {}};
      absl::StrAppend(&line, " (see [below for nested schema](#", s.anchor, "))");
      size_t at = nested->size();
      nested->push_back(std::move(s));
      std::vector<Section> deeper;
      WalkAttributes(a.nested->attributes, path, note, &(*nested)[at], &deeper);
      for (Section& d : deeper) nested->push_back(std::move(d));
    }
    if (a.required) {
      into->required.push_back(line);
    } else if (a.optional) {
      into->optional.push_back(line);
    } else {
      into->read_only.push_back(line);
    }
  }
}

void WalkBlock(const fw::Block& block, const std::string& prefix, const NoteFn& note,
               Section* into, std::vector<Section>* nested) {
  WalkAttributes(block.attributes, prefix, note, into, nested);
  for (const fw::NestedBlock& b : block.blocks) {
    const std::string path = JoinPath(prefix, b.type_name);
    std::string label;
    switch (b.nesting) {
      case fw::NestingMode::kList: label = "Block List"; break;
      case fw::NestingMode::kSet: label = "Block Set"; break;
      case fw::NestingMode::kMap: label = "Block Map"; break;
      default: label = "Block"; break;
    }
    if (b.min_items > 0) absl::StrAppend(&label, ", Min: ", b.min_items);
    if (b.max_items > 0) absl::StrAppend(&label, ", Max: ", b.max_items);
    Section s{Anchor("block", path), path, {}, {}, {}};
    std::string line = absl::StrCat("- `", b.type_name, "` (", label, ") ",
                                    Sentence(b.block.description));
    if (note) AppendNote(b.block.description, note(path), &line);
    absl::StrAppend(&line, " (see [below for nested schema](#", s.anchor, "))");
    if (b.min_items > 0) {
      into->required.push_back(line);
    } else {
      into->optional.push_back(line);
    }
    size_t at = nested->size();
    nested->push_back(std::move(s));
    std::vector<Section> deeper;
    WalkBlock(b.block, path, note, &(*nested)[at], &deeper);
    for (Section& d : deeper) nested->push_back(std::move(d));
  }
}

void AppendList(const char* title, const std::vector<std::string>& lines, bool top,
                std::string* out) {
  if (lines.empty()) return;
  absl::StrAppend(out, top ? absl::StrCat("### ", title, "\n\n") : absl::StrCat(title, ":\n\n"));
  for (const std::string& l : lines) absl::StrAppend(out, l, "\n");
  absl::StrAppend(out, "\n");
}

}  // namespace

std::string TypeLabel(const cty::Type& type) {
  switch (type.kind()) {
    case cty::Kind::kString: return "String";
    case cty::Kind::kNumber: return "Number";
    case cty::Kind::kBool: return "Boolean";
    case cty::Kind::kList: return absl::StrCat("List of ", TypeLabel(type.element()));
    case cty::Kind::kSet: return absl::StrCat("Set of ", TypeLabel(type.element()));
    case cty::Kind::kMap: return absl::StrCat("Map of ", TypeLabel(type.element()));
    case cty::Kind::kObject: return "Object";
    case cty::Kind::kTuple: return "Tuple";
    case cty::Kind::kDynamic: return "Dynamic";
  }
  return "Dynamic";
}

std::string HclLiteral(const cty::Value& value) {
  switch (value.type().kind()) {
    case cty::Kind::kString: return absl::StrCat("\"", value.AsString(), "\"");
    case cty::Kind::kNumber: return value.AsNumber().ToString();
    case cty::Kind::kBool: return value.AsBool() ? "true" : "false";
    default: return value.type().FriendlyName();
  }
}

bool ForcesReplacement(const fw::Attribute& attribute) {
  for (const fw::PlanModifierPtr& m : attribute.plan_modifiers) {
    if (absl::StrContains(m->Description(), "forces replacement")) return true;
  }
  return false;
}

std::string SchemaMarkdown(const fw::Block& block, const NoteFn& note) {
  Section top;
  std::vector<Section> nested;
  WalkBlock(block, "", note, &top, &nested);
  std::string out = "## Schema\n\n";
  AppendList("Required", top.required, true, &out);
  AppendList("Optional", top.optional, true, &out);
  AppendList("Read-Only", top.read_only, true, &out);
  for (const Section& s : nested) {
    absl::StrAppend(&out, "<a id=\"", s.anchor, "\"></a>\n### Nested Schema for `", s.path,
                    "`\n\n");
    AppendList("Required", s.required, false, &out);
    AppendList("Optional", s.optional, false, &out);
    AppendList("Read-Only", s.read_only, false, &out);
  }
  return out;
}

}  // namespace azbatch::resources::docgen
