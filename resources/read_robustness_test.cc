// Issue 11, item 3: whatever shape ARM gives a GET body, reading it yields a
// state or a diagnostic, never an exception (which core would show as
// "Internal provider error ... a bug"). Each resource's and data source's read
// path gets the official-shaped body with every node in turn set to null,
// removed, and given a value of another type.
#include <exception>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "resources/batch_account/batch_account_resource.h"
#include "resources/common/test_arm.h"
#include "resources/common/test_resource.h"
#include "resources/gallery/gallery_resource.h"
#include "resources/image_definition/image_definition_resource.h"
#include "resources/image_version/image_version_resource.h"
#include "resources/image_version_lookup/image_version_lookup_data_source.h"
#include "resources/managed_image/managed_image_resource.h"
#include "resources/pool/pool_data_source.h"
#include "resources/pool/pool_resource.h"
#include "resources/resource_group/resource_group_resource.h"
#include "resources/testdata/arm_get_bodies.h"

namespace azbatch::resources {
namespace {

using nlohmann::json;
namespace t = common::testing;
namespace fw = framework;

struct Variant {
  std::string what;
  json body;
};

// A value of another JSON type than `v`.
json OtherType(const json& v) {
  if (v.is_string()) return 42;
  if (v.is_number()) return "7";
  if (v.is_boolean()) return "true";
  if (v.is_object()) return json::array({"x"});
  if (v.is_array()) return json{{"x", 1}};
  return json{{"x", 1}};  // null
}

// Every node of `body` but the root, in turn set to null, removed and
// retyped; numbers also get a fraction and a value out of int64's range.
std::vector<Variant> Spoiled(const json& body) {
  std::vector<json::json_pointer> paths;
  std::function<void(const json&, const json::json_pointer&)> walk =
      [&](const json& j, const json::json_pointer& at) {
        if (!at.empty()) paths.push_back(at);
        if (j.is_object()) {
          for (auto it = j.begin(); it != j.end(); ++it) walk(it.value(), at / it.key());
        } else if (j.is_array()) {
          for (size_t i = 0; i < j.size(); ++i) walk(j[i], at / i);
        }
      };
  walk(body, json::json_pointer());
  std::vector<Variant> out;
  for (const json::json_pointer& p : paths) {
    const std::string where = p.to_string();
    json nulled = body;
    nulled[p] = nullptr;
    out.push_back({"null at " + where, std::move(nulled)});

    json removed = body;
    json& parent = removed[p.parent_pointer()];
    if (parent.is_array()) {
      parent.erase(std::stoul(p.back()));
    } else {
      parent.erase(p.back());
    }
    out.push_back({"removed " + where, std::move(removed)});

    json retyped = body;
    retyped[p] = OtherType(body[p]);
    out.push_back({"other type at " + where, std::move(retyped)});
    if (body[p].is_number()) {
      for (const json& n : {json(2.5), json(1e300), json(18446744073709551615ULL)}) {
        json odd = body;
        odd[p] = n;
        out.push_back({"number " + n.dump() + " at " + where, std::move(odd)});
      }
    }
  }
  return out;
}

// The read ended as the framework accepts it: an error diagnostic that is not
// an internal one, or a wholly known state of the schema's type.
void ExpectStateOrDiagnostic(const std::string& what, const cty::Type& type,
                             const std::function<t::Applied()>& read) {
  t::Applied a;
  try {
    a = read();
  } catch (const std::exception& e) {
    ADD_FAILURE() << what << ": threw " << e.what();
    return;
  }
  if (a.diags.HasError()) {
    EXPECT_EQ(a.diags.ToString().find("bug"), std::string::npos) << what << ": " << a.diags.ToString();
    return;
  }
  ASSERT_FALSE(a.state.is_null()) << what;
  EXPECT_TRUE(a.state.type() == type) << what;
  EXPECT_TRUE(a.state.IsWhollyKnown()) << what;
}

using Factory = std::function<std::unique_ptr<fw::Resource>(common::ArmResolver)>;

// Reads every spoiled variant of `text` as after an import (null attributes
// but the id) and as on a refresh (the state the intact body gives).
void CheckResourceRead(const char* text, const Factory& make) {
  const json body = json::parse(text);
  const std::string id = body["id"].get<std::string>();
  t::MiniArm arm;
  std::unique_ptr<fw::Resource> r = make(arm.Resolver());
  arm.Seed(id, body);
  const cty::Type type = r->GetSchema().ImpliedType();
  const cty::Value imported =
      r->GetSchema().block.EmptyValue().WithAttr("id", cty::Value::String(id));
  t::Applied intact = t::Read(*r, imported);
  ASSERT_FALSE(intact.diags.HasError()) << intact.diags.ToString();
  ASSERT_FALSE(intact.state.is_null());
  const std::vector<Variant> variants = Spoiled(body);
  ASSERT_GT(variants.size(), 20u);
  for (const cty::Value& prior : {imported, intact.state}) {
    for (const Variant& v : variants) {
      *arm.Find(id) = v.body;
      ExpectStateOrDiagnostic(v.what, type, [&] { return t::Read(*r, prior); });
    }
  }
}

template <typename R>
Factory Make() {
  return [](common::ArmResolver resolver) { return std::make_unique<R>(std::move(resolver)); };
}

TEST(ReadRobustness, ResourceGroup) {
  CheckResourceRead(testdata::kResourceGroup, Make<resource_group::ResourceGroupResource>());
}
TEST(ReadRobustness, Gallery) {
  CheckResourceRead(testdata::kGallery, Make<gallery::GalleryResource>());
}
TEST(ReadRobustness, ImageDefinition) {
  CheckResourceRead(testdata::kImageDefinition, Make<image_definition::ImageDefinitionResource>());
}
TEST(ReadRobustness, ImageVersion) {
  CheckResourceRead(testdata::kImageVersion, Make<image_version::ImageVersionResource>());
}
TEST(ReadRobustness, ManagedImage) {
  CheckResourceRead(testdata::kManagedImage, Make<managed_image::ManagedImageResource>());
}
TEST(ReadRobustness, BatchAccount) {
  CheckResourceRead(testdata::kBatchAccount, Make<batch_account::BatchAccountResource>());
}
TEST(ReadRobustness, Pool) { CheckResourceRead(testdata::kPool, Make<pool::PoolResource>()); }

// Data sources: the configuration is the request; the spoiled body is what
// the GET (or the version list) returns.
void CheckDataSourceRead(fw::DataSource& ds, const cty::Value& config,
                         const std::vector<Variant>& variants,
                         const std::function<void(const json&)>& serve) {
  const cty::Type type = ds.GetSchema().ImpliedType();
  for (const Variant& v : variants) {
    serve(v.body);
    ExpectStateOrDiagnostic(v.what, type, [&] {
      fw::DataSourceReadResponse resp;
      resp.state = config;
      ds.Read(fw::Context(), fw::DataSourceReadRequest{config}, &resp);
      return t::Applied{resp.state, resp.diagnostics};
    });
  }
}

TEST(ReadRobustness, ImageVersionDataSource) {
  const json body = json::parse(testdata::kImageVersion);
  const std::string id = body["id"].get<std::string>();
  const std::string definition = id.substr(0, id.find("/versions/"));
  t::MiniArm arm;
  arm.Seed(id, body);
  arm.Seed(definition + "/versions", json::object());
  image_version_lookup::ImageVersionDataSource ds(arm.Resolver());
  for (const char* name : {"1.0.0", "latest"}) {
    SCOPED_TRACE(name);
    cty::Value config = ds.GetSchema()
                            .block.EmptyValue()
                            .WithAttr("image_definition_id", cty::Value::String(definition))
                            .WithAttr("name", cty::Value::String(name));
    CheckDataSourceRead(ds, config, Spoiled(body), [&](const json& v) {
      *arm.Find(id) = v;
      *arm.Find(definition + "/versions") = json{{"value", json::array({v})}};
    });
  }
}

TEST(ReadRobustness, PoolDataSource) {
  const json body = json::parse(testdata::kPool);
  const std::string id = body["id"].get<std::string>();
  t::MiniArm arm;
  arm.Seed(id, body);
  pool::PoolDataSource ds(arm.Resolver());
  cty::Value config =
      ds.GetSchema()
          .block.EmptyValue()
          .WithAttr("account_id", cty::Value::String(id.substr(0, id.find("/pools/"))))
          .WithAttr("name", cty::Value::String(body["name"].get<std::string>()));
  CheckDataSourceRead(ds, config, Spoiled(body), [&](const json& v) { *arm.Find(id) = v; });
}

}  // namespace
}  // namespace azbatch::resources
