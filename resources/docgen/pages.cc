#include "resources/docgen/pages.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/strip.h"
#include "absl/time/time.h"
#include "provider/framework/timeouts.h"
#include "resources/docgen/schema_markdown.h"
#include "resources/docgen/type_notes.h"
#include "resources/pool/pool_schema.h"

namespace azbatch::resources::docgen {

namespace fw = azbatch::framework;

namespace {

std::string ShortName(const std::string& type_name, const std::string& provider_name) {
  std::string prefix = absl::StrCat(provider_name, "_");
  return absl::StartsWith(type_name, prefix) ? type_name.substr(prefix.size()) : type_name;
}

// YAML front matter; the description as a literal block.
std::string FrontMatter(const std::string& title, const std::optional<std::string>& subcategory,
                        const std::string& description) {
  std::string out = absl::StrCat("---\npage_title: \"", title, "\"\n");
  if (subcategory) absl::StrAppend(&out, "subcategory: \"", *subcategory, "\"\n");
  absl::StrAppend(&out, "description: |-\n  ",
                  absl::StrReplaceAll(absl::StripAsciiWhitespace(description), {{"\n", "\n  "}}),
                  "\n---\n\n");
  return out;
}

std::string Fenced(const char* language, const std::string& text) {
  return absl::StrCat("```", language, "\n", absl::StripTrailingAsciiWhitespace(text), "\n```\n");
}

std::string ExampleSection(Examples* examples, const std::string& file) {
  std::optional<std::string> text = examples->Read(file);
  if (!text) return "";
  return absl::StrCat("## Example Usage\n\n", Fenced("terraform", *text), "\n");
}

// Go-style duration as the timeouts block takes it: "2h", "1h30m", "5m".
std::string GoDuration(absl::Duration d) {
  int64_t minutes = absl::ToInt64Minutes(d);
  std::string out;
  if (minutes >= 60) absl::StrAppend(&out, minutes / 60, "h");
  if (minutes % 60 != 0 || minutes == 0) absl::StrAppend(&out, minutes % 60, "m");
  return out;
}

std::string TimeoutsSection(const fw::Resource& resource) {
  const fw::Schema schema = resource.GetSchema();
  const fw::NestedBlock* block = schema.block.FindBlock(fw::kTimeoutsBlockName);
  if (block == nullptr) return "";
  fw::TimeoutDefaults d = resource.DefaultTimeouts();
  std::vector<std::string> parts;
  for (fw::Operation op : {fw::Operation::kCreate, fw::Operation::kRead, fw::Operation::kUpdate,
                           fw::Operation::kDelete}) {
    if (block->block.FindAttribute(fw::OperationName(op)) == nullptr) continue;
    parts.push_back(absl::StrCat("`", fw::OperationName(op), "` ", GoDuration(d.For(op))));
  }
  return absl::StrCat(
      "## Timeouts\n\nThe `timeouts` block sets how long each operation may take, as a duration "
      "such as `\"90m\"` or `\"2h30m\"`. Defaults: ", absl::StrJoin(parts, ", "), ".\n\n");
}

std::string ImportSection(const std::string& type_name, const TypeNotes& notes,
                          Examples* examples) {
  if (!notes.import_type) return "";
  const std::string pattern = azure::ResourceIdPattern(*notes.import_type);
  std::string out = absl::StrCat(
      "## Import\n\nImport takes the ARM resource id (segment names are matched "
      "case-insensitively):\n\n", Fenced("text", pattern), "\nWith an `import` block:\n\n",
      Fenced("terraform", absl::StrCat("import {\n  to = ", type_name, ".example\n  id = \"",
                                       ExampleId(*notes.import_type), "\"\n}")));
  std::optional<std::string> shell =
      examples->Read(absl::StrCat("resources/", type_name, "/import.sh"));
  if (shell) absl::StrAppend(&out, "\nWith the CLI:\n\n", Fenced("shell", *shell));
  return absl::StrCat(out, "\n");
}

// The pool's field table: each top-level field's fate.
std::string PoolFateNote(const std::string& path) {
  if (absl::StrContains(path, ".")) return "";
  for (const resources::pool::Field& f : resources::pool::PoolFields()) {
    if (f.name != path) continue;
    if (f.attribute && !f.attribute->optional && !f.attribute->required) return "";
    switch (resources::pool::FateOf(f)) {
      case resources::pool::Fate::kAlways:
        return "Updates in place, also while the pool has nodes.";
      case resources::pool::Fate::kZeroNodes:
        return "Updates in place while the pool has no nodes; with nodes, changing it forces "
               "replacement.";
      case resources::pool::Fate::kLocal:
        return "Provider behaviour only; never sent to Azure.";
    }
  }
  return "";
}

std::string PoolUpdateSection() {
  std::vector<std::string> always, zero;
  for (const resources::pool::Field& f : resources::pool::PoolFields()) {
    if (f.attribute && !f.attribute->optional && !f.attribute->required) continue;
    std::string name = absl::StrCat("`", f.name, "`");
    switch (resources::pool::FateOf(f)) {
      case resources::pool::Fate::kAlways: always.push_back(name); break;
      case resources::pool::Fate::kZeroNodes: zero.push_back(name); break;
      case resources::pool::Fate::kLocal: break;
    }
  }
  return absl::StrCat(
      "## Updates and replacement\n\nAzure accepts some pool changes at any time and others only "
      "while the pool has no nodes. The plan says which: a change to ",
      absl::StrJoin(always, ", "),
      " updates the pool in place, also while it has nodes (start task and application package "
      "changes reach a node when it joins, reboots or is reimaged). A change to ",
      absl::StrJoin(zero, ", "),
      " updates in place while the pool has no nodes; while it has nodes the plan replaces the "
      "pool, or fails with an explanation when `prevent_replacement = true` (scale to zero "
      "first, apply, then make the change). `name` and `account_id` always force replacement. "
      "An update sends only the changed top-level properties.\n\n");
}

std::string ResourcePage(const std::string& name, const fw::Resource& r,
                         const std::string& provider_name, Examples* examples) {
  const TypeNotes notes = NotesFor(name);
  fw::Schema schema = r.GetSchema();
  std::string out = FrontMatter(absl::StrCat(name, " Resource - ", provider_name),
                                notes.subcategory, schema.block.description);
  absl::StrAppend(&out, "# ", name, " (Resource)\n\n", schema.block.description, "\n\n");
  absl::StrAppend(&out, ExampleSection(examples, absl::StrCat("resources/", name, "/resource.tf")));
  NoteFn note = [&](const std::string& path) -> std::string {
    if (std::find(notes.replaced_by_plan.begin(), notes.replaced_by_plan.end(), path) !=
        notes.replaced_by_plan.end()) {
      return "Changing it forces replacement.";
    }
    return name == "azbatch_pool" ? PoolFateNote(path) : "";
  };
  absl::StrAppend(&out, SchemaMarkdown(schema.block, note));
  if (name == "azbatch_pool") absl::StrAppend(&out, PoolUpdateSection());
  if (!notes.extra_sections.empty()) absl::StrAppend(&out, notes.extra_sections, "\n");
  absl::StrAppend(&out, TimeoutsSection(r), ImportSection(name, notes, examples));
  return absl::StrCat(absl::StripTrailingAsciiWhitespace(out), "\n");
}

std::string DataSourcePage(const std::string& name, const fw::DataSource& d,
                           const std::string& provider_name, Examples* examples) {
  const TypeNotes notes = NotesFor(name);
  fw::Schema schema = d.GetSchema();
  std::string out = FrontMatter(absl::StrCat(name, " Data Source - ", provider_name),
                                notes.subcategory, schema.block.description);
  absl::StrAppend(&out, "# ", name, " (Data Source)\n\n", schema.block.description, "\n\n");
  absl::StrAppend(&out,
                  ExampleSection(examples, absl::StrCat("data-sources/", name, "/data-source.tf")));
  absl::StrAppend(&out, SchemaMarkdown(schema.block, nullptr));
  return absl::StrCat(absl::StripTrailingAsciiWhitespace(out), "\n");
}

// HCL type expression: string, number, bool, list(string), object({...}).
std::string TypeExpr(const cty::Type& t) {
  switch (t.kind()) {
    case cty::Kind::kString: return "string";
    case cty::Kind::kNumber: return "number";
    case cty::Kind::kBool: return "bool";
    case cty::Kind::kList: return absl::StrCat("list(", TypeExpr(t.element()), ")");
    case cty::Kind::kSet: return absl::StrCat("set(", TypeExpr(t.element()), ")");
    case cty::Kind::kMap: return absl::StrCat("map(", TypeExpr(t.element()), ")");
    case cty::Kind::kObject: return "object";
    case cty::Kind::kTuple: return "tuple";
    case cty::Kind::kDynamic: return "any";
  }
  return "any";
}

std::string FunctionPage(const std::string& name, const fw::Function& f,
                         const std::string& provider_name, Examples* examples) {
  fw::FunctionDefinition def = f.Definition();
  std::string out = FrontMatter(absl::StrCat(name, " function - ", provider_name), "", def.summary);
  absl::StrAppend(&out, "# function: ", name, "\n\n", def.description, "\n\n");
  absl::StrAppend(&out, ExampleSection(examples, absl::StrCat("functions/", name, "/function.tf")));
  std::vector<std::string> params;
  std::string args;
  int i = 0;
  auto add = [&](const fw::FunctionParameter& p, bool variadic) {
    params.push_back(absl::StrCat(variadic ? "..." : "", p.name, " ", TypeExpr(p.type)));
    absl::StrAppend(&args, ++i, ". `", p.name, "` (", TypeLabel(p.type),
                    variadic ? ", Variadic" : "", p.allow_null_value ? ", Nullable" : "", ") ",
                    p.description, "\n");
  };
  for (const fw::FunctionParameter& p : def.parameters) add(p, false);
  if (def.variadic_parameter) add(*def.variadic_parameter, true);
  absl::StrAppend(&out, "## Signature\n\n",
                  Fenced("text", absl::StrCat(name, "(", absl::StrJoin(params, ", "), ") ",
                                              TypeExpr(def.return_type))),
                  "\n## Arguments\n\n", args);
  if (def.return_type.kind() == cty::Kind::kObject) {
    absl::StrAppend(&out, "\n## Return Type\n\nAn object with these attributes:\n\n");
    for (const auto& [attr, type] : def.return_type.attributes()) {
      absl::StrAppend(&out, "- `", attr, "` (", TypeLabel(type), ")\n");
    }
  }
  return absl::StrCat(absl::StripTrailingAsciiWhitespace(out), "\n");
}

std::string IndexPage(const fw::Provider& provider, Examples* examples) {
  fw::Schema schema = provider.GetSchema();
  const std::string& name = provider.type_name();
  std::string out = FrontMatter(absl::StrCat(name, " Provider"), std::nullopt,
                                schema.block.description);
  absl::StrAppend(&out, "# ", name, " Provider\n\n", schema.block.description, "\n\n");
  absl::StrAppend(&out, ExampleSection(examples, "provider/provider.tf"));
  absl::StrAppend(&out, ProviderGuide(), "\n", SchemaMarkdown(schema.block, nullptr));
  return absl::StrCat(absl::StripTrailingAsciiWhitespace(out), "\n");
}

}  // namespace

std::optional<std::string> Examples::Load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::optional<std::string> Examples::Read(const std::string& relative) {
  std::optional<std::string> text;
  if (!root_.empty()) text = Load(absl::StrCat(root_, "/", relative));
  if (!text) missing_.push_back(absl::StrCat("examples/", relative));
  return text;
}

std::vector<Page> RenderPages(const fw::Provider& provider, Examples* examples) {
  const std::string& pn = provider.type_name();
  std::vector<Page> pages;
  pages.push_back({"index.md", IndexPage(provider, examples)});
  for (const auto& [name, factory] : provider.resources()) {
    pages.push_back({absl::StrCat("resources/", ShortName(name, pn), ".md"),
                     ResourcePage(name, *factory(), pn, examples)});
  }
  for (const auto& [name, factory] : provider.data_sources()) {
    pages.push_back({absl::StrCat("data-sources/", ShortName(name, pn), ".md"),
                     DataSourcePage(name, *factory(), pn, examples)});
  }
  for (const auto& [name, factory] : provider.functions()) {
    pages.push_back({absl::StrCat("functions/", name, ".md"),
                     FunctionPage(name, *factory(), pn, examples)});
  }
  std::sort(pages.begin(), pages.end(),
            [](const Page& a, const Page& b) { return a.path < b.path; });
  return pages;
}

}  // namespace azbatch::resources::docgen
