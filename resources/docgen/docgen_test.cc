#include <map>
#include <memory>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_join.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "provider/framework/resource.h"
#include "resources/docgen/descriptions.h"
#include "resources/docgen/pages.h"
#include "resources/docgen/schema_markdown.h"
#include "resources/docgen/type_notes.h"
#include "resources/registry.h"

namespace azbatch::resources::docgen {
namespace {

namespace fw = azbatch::framework;
using ::testing::HasSubstr;
using ::testing::Not;

std::unique_ptr<fw::Provider> Azbatch() { return NewAzbatchProvider("test"); }

// Examples from memory instead of the file system.
class FakeExamples : public Examples {
 public:
  explicit FakeExamples(std::map<std::string, std::string> files)
      : Examples("/examples"), files_(std::move(files)) {}

 protected:
  std::optional<std::string> Load(const std::string& path) override {
    auto it = files_.find(path);
    if (it == files_.end()) return std::nullopt;
    return it->second;
  }

 private:
  std::map<std::string, std::string> files_;
};

const Page& PageAt(const std::vector<Page>& pages, const std::string& path) {
  for (const Page& p : pages) {
    if (p.path == path) return p;
  }
  static const Page kNone;
  ADD_FAILURE() << "no page " << path;
  return kNone;
}

// The line documenting `name` in the top-level lists of a page.
std::string LineOf(const std::string& page, const std::string& name) {
  size_t at = page.find("\n- `" + name + "` ");
  if (at == std::string::npos) return "";
  return page.substr(at + 1, page.find('\n', at + 1) - at - 1);
}

TEST(DescriptionsTest, EverySchemaElementOfTheProviderHasADescription) {
  std::unique_ptr<fw::Provider> p = Azbatch();
  std::vector<std::string> missing = MissingDescriptions(*p);
  EXPECT_TRUE(missing.empty()) << missing.size() << " of " << CountDescribable(*p)
                               << " schema elements have no description:\n  "
                               << absl::StrJoin(missing, "\n  ");
  EXPECT_GT(CountDescribable(*p), 500);
}

TEST(DescriptionsTest, FindsEmptyDescriptionsAtAnyDepthAndNamesThePath) {
  fw::Block inner;
  inner.attributes = {fw::Attribute::Optional("deep", cty::Type::String())};
  fw::Block root;
  root.description = "root";
  root.attributes = {
      fw::Attribute::Optional("ok", cty::Type::String()).WithDescription("fine"),
      fw::Attribute::Nested("obj", fw::NestingMode::kList,
                            {fw::Attribute::Optional("leaf", cty::Type::Bool())})
          .AsOptional()
          .WithDescription("  ")};
  root.blocks = {fw::NestedBlock::List("child", inner)};
  EXPECT_THAT(MissingDescriptions(root, "t"),
              ::testing::ElementsAre("t.obj", "t.obj.leaf", "t.child (block)", "t.child.deep"));
}

TEST(SchemaMarkdownTest, ListsArgumentsWithTypeDefaultAllowedValuesAndReplacement) {
  fw::Block b;
  b.attributes = {
      fw::Attribute::Required("name", cty::Type::String())
          .WithDescription("The name")
          .WithPlanModifiers({fw::plan_modifiers::RequiresReplace()}),
      fw::Attribute::Optional("mode", cty::Type::String())
          .WithDescription("Mode.")
          .WithDefault(cty::Value::String("Fast"))
          .WithValidators({fw::validators::StringOneOf({"Fast", "Slow"})}),
      fw::Attribute::Computed("state", cty::Type::List(cty::Type::String()))
          .WithDescription("State."),
  };
  fw::Block child;
  child.description = "A child.";
  child.attributes = {fw::Attribute::Optional("x", cty::Type::Number()).WithDescription("X.")};
  b.blocks = {fw::NestedBlock::List("child", child, 0, 3)};
  std::string md = SchemaMarkdown(b, [](const std::string& path) {
    return path == "child.x" ? std::string("Note on x.") : std::string();
  });
  EXPECT_THAT(md, HasSubstr("### Required\n\n- `name` (String) The name. Changing it forces "
                            "replacement.\n"));
  EXPECT_THAT(md, HasSubstr("- `mode` (String) Mode. Allowed values: `Fast`, `Slow`. Defaults "
                            "to `\"Fast\"`.\n"));
  EXPECT_THAT(md, HasSubstr("### Read-Only\n\n- `state` (List of String) State.\n"));
  EXPECT_THAT(md, HasSubstr("- `child` (Block List, Max: 3) A child. (see [below for nested "
                            "schema](#nestedblock--child))"));
  EXPECT_THAT(md, HasSubstr("<a id=\"nestedblock--child\"></a>\n### Nested Schema for `child`\n\n"
                            "Optional:\n\n- `x` (Number) X. Note on x.\n"));
}

TEST(PagesTest, OnePagePerTypeInTheRegistryLayout) {
  std::unique_ptr<fw::Provider> p = Azbatch();
  FakeExamples ex({});
  std::vector<std::string> paths;
  for (const Page& page : RenderPages(*p, &ex)) paths.push_back(page.path);
  EXPECT_THAT(paths, ::testing::ElementsAre(
                         "data-sources/image_version.md", "data-sources/pool.md",
                         "data-sources/pool_sizing.md", "data-sources/vm_sizes.md",
                         "functions/min_replicas.md",
                         "functions/parse_resource_id.md", "index.md", "resources/account.md",
                         "resources/gallery.md", "resources/image_definition.md",
                         "resources/image_version.md", "resources/managed_image.md",
                         "resources/pool.md", "resources/resource_group.md"));
}

TEST(PagesTest, ExamplesAreEmbeddedAndMissingOnesListed) {
  std::unique_ptr<fw::Provider> p = Azbatch();
  FakeExamples ex({{"/examples/resources/azbatch_gallery/resource.tf", "resource \"x\" {}\n"},
                   {"/examples/resources/azbatch_gallery/import.sh", "tofu import a b\n"}});
  std::vector<Page> pages = RenderPages(*p, &ex);
  const std::string& gallery = PageAt(pages, "resources/gallery.md").content;
  EXPECT_THAT(gallery, HasSubstr("## Example Usage\n\n```terraform\nresource \"x\" {}\n```\n"));
  EXPECT_THAT(gallery, HasSubstr("With the CLI:\n\n```shell\ntofu import a b\n```\n"));
  EXPECT_THAT(PageAt(pages, "resources/pool.md").content, Not(HasSubstr("## Example Usage")));
  EXPECT_THAT(ex.missing(), ::testing::Contains("examples/resources/azbatch_pool/resource.tf"));
  EXPECT_THAT(ex.missing(), ::testing::Contains("examples/provider/provider.tf"));
  EXPECT_THAT(ex.missing(), Not(::testing::Contains(
                                "examples/resources/azbatch_gallery/resource.tf")));
}

TEST(PagesTest, PoolPageGivesEachFieldItsFateAndDocumentsPreflight) {
  std::unique_ptr<fw::Provider> p = Azbatch();
  FakeExamples ex({});
  const std::string page = PageAt(RenderPages(*p, &ex), "resources/pool.md").content;
  EXPECT_THAT(page, HasSubstr("page_title: \"azbatch_pool Resource - azbatch\"\n"
                              "subcategory: \"Batch\"\n"));
  EXPECT_THAT(LineOf(page, "vm_size"), HasSubstr("with nodes, changing it forces replacement"));
  EXPECT_THAT(LineOf(page, "start_task"), HasSubstr("Updates in place, also while the pool"));
  EXPECT_THAT(LineOf(page, "name"), HasSubstr("Changing it forces replacement."));
  EXPECT_THAT(LineOf(page, "wait_for_steady_state"), HasSubstr("never sent to Azure"));
  EXPECT_THAT(LineOf(page, "allocation_state"), Not(HasSubstr("Updates in place")));
  EXPECT_THAT(page, HasSubstr("## Plan-time preflight checks"));
  EXPECT_THAT(page, HasSubstr("`preflight = false`"));
  EXPECT_THAT(page, HasSubstr("`create` 2h, `read` 5m, `update` 2h, `delete` 1h"));
  EXPECT_THAT(page, HasSubstr("/providers/Microsoft.Batch/batchAccounts/{accountName}/pools/"
                              "{poolName}"));
}

// Replacements the notes attribute to ModifyPlan really happen there.
TEST(TypeNotesTest, ReplacementsDecidedInModifyPlanAreReal) {
  std::unique_ptr<fw::Provider> p = Azbatch();
  int checked = 0;
  for (const auto& [name, factory] : p->resources()) {
    for (const std::string& attr : NotesFor(name).replaced_by_plan) {
      std::unique_ptr<fw::Resource> r = factory();
      auto* planner = dynamic_cast<fw::ResourceWithModifyPlan*>(r.get());
      ASSERT_NE(planner, nullptr) << name;
      const fw::Block block = r->GetSchema().block;
      const fw::NestedBlock* nb = block.FindBlock(attr);
      ASSERT_NE(nb, nullptr) << name << "." << attr << " is not a block";
      auto filled = [&](const std::string& text) {
        std::map<std::string, cty::Value> attrs;
        for (const fw::Attribute& a : nb->block.attributes) {
          if (a.type.kind() == cty::Kind::kString) attrs[a.name] = cty::Value::String(text);
        }
        return cty::Value::ObjectOf(nb->block.ImpliedType(), std::move(attrs));
      };
      cty::Value prior = block.EmptyValue().WithAttr(attr, filled("a"));
      cty::Value plan = block.EmptyValue().WithAttr(attr, filled("b"));
      fw::ModifyPlanResponse resp;
      resp.planned_state = plan;
      planner->ModifyPlan(fw::Context(), {plan, prior, plan, {}}, &resp);
      std::vector<std::string> paths;
      for (const cty::Path& path : resp.requires_replace) paths.push_back(path.ToString());
      EXPECT_THAT(paths, ::testing::Contains(attr)) << name;
      ++checked;
    }
  }
  EXPECT_GE(checked, 1);
}

TEST(TypeNotesTest, DocumentedImportIdsAreAccepted) {
  std::unique_ptr<fw::Provider> p = Azbatch();
  for (const auto& [name, factory] : p->resources()) {
    TypeNotes notes = NotesFor(name);
    ASSERT_TRUE(notes.import_type.has_value()) << name << " has no import id type";
    EXPECT_FALSE(notes.subcategory.empty()) << name;
    std::unique_ptr<fw::Resource> r = factory();
    auto* importer = dynamic_cast<fw::ResourceWithImportState*>(r.get());
    ASSERT_NE(importer, nullptr) << name;
    fw::ImportStateResponse resp;
    resp.state = r->GetSchema().block.EmptyValue();
    importer->ImportState(fw::Context(), {ExampleId(*notes.import_type)}, &resp);
    EXPECT_FALSE(resp.diagnostics.HasError()) << name << ": " << resp.diagnostics.ToString();
    EXPECT_EQ(absl::AsciiStrToLower(resp.state.GetAttr("id").AsString()),
              absl::AsciiStrToLower(ExampleId(*notes.import_type)))
        << name;
  }
}

TEST(PagesTest, FunctionPagesHaveSignatureAndArguments) {
  std::unique_ptr<fw::Provider> p = Azbatch();
  FakeExamples ex({});
  const std::string page = PageAt(RenderPages(*p, &ex), "functions/min_replicas.md").content;
  EXPECT_THAT(page, HasSubstr("page_title: \"min_replicas function - azbatch\"\n"));
  EXPECT_THAT(page, HasSubstr("## Signature\n\n```text\nmin_replicas(nodes number) number\n```"));
  EXPECT_THAT(page, HasSubstr("## Arguments\n\n1. `nodes` (Number) "));
}

}  // namespace
}  // namespace azbatch::resources::docgen
