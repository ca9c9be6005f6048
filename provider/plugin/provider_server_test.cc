#include "provider/plugin/provider_server.h"

#include <map>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "provider/cty/json.h"
#include "provider/cty/msgpack.h"
#include "provider/framework/plan_modifiers.h"
#include "provider/plugin/convert.h"
#include "resources/registry.h"

namespace azbatch::plugin {
namespace {

using ::testing::HasSubstr;

tfplugin6::DynamicValue Enc(const cty::Value& v, const cty::Type& t) {
  tfplugin6::DynamicValue dv;
  absl::Status s = EncodeDynamicValue(v, t, &dv);
  EXPECT_TRUE(s.ok()) << s;
  return dv;
}

cty::Value Dec(const tfplugin6::DynamicValue& dv, const cty::Type& t) {
  EXPECT_FALSE(dv.msgpack().empty()) << "answers must be msgpack";
  EXPECT_TRUE(dv.json().empty());
  auto v = DecodeDynamicValue(dv, t);
  EXPECT_TRUE(v.ok()) << v.status();
  return v.ok() ? *v : cty::Value();
}

std::string DiagText(const google::protobuf::RepeatedPtrField<tfplugin6::Diagnostic>& diags) {
  std::string out;
  for (const auto& d : diags) out += d.summary() + ": " + d.detail() + "\n";
  return out;
}

int ErrorCount(const google::protobuf::RepeatedPtrField<tfplugin6::Diagnostic>& diags) {
  int n = 0;
  for (const auto& d : diags) n += d.severity() == tfplugin6::Diagnostic::ERROR;
  return n;
}

// ---- Against the real provider registry ------------------------------------

class RegistryServerTest : public ::testing::Test {
 protected:
  RegistryServerTest() : service_(resources::NewAzbatchProvider("0.0.0-test")) {}

  cty::Type SizingType() {
    tfplugin6::GetProviderSchema::Response resp;
    EXPECT_TRUE(service_.GetProviderSchema(&ctx_, nullptr, &resp).ok());
    auto t = service_.server().DataSourceType("azbatch_pool_sizing");
    EXPECT_TRUE(t.has_value());
    return t.value_or(cty::Type::Dynamic());
  }

  tfplugin6::CallFunction::Response Call(const std::string& name, const cty::Value& arg,
                                         const cty::Type& type) {
    tfplugin6::CallFunction::Request req;
    req.set_name(name);
    *req.add_arguments() = Enc(arg, type);
    tfplugin6::CallFunction::Response resp;
    EXPECT_TRUE(service_.CallFunction(&ctx_, &req, &resp).ok());
    return resp;
  }

  grpc::ServerContext ctx_;
  ProviderServer service_;
};

TEST_F(RegistryServerTest, GetProviderSchemaListsSizingAndFunctions) {
  tfplugin6::GetProviderSchema::Request req;
  tfplugin6::GetProviderSchema::Response resp;
  ASSERT_TRUE(service_.GetProviderSchema(&ctx_, &req, &resp).ok());
  EXPECT_EQ(ErrorCount(resp.diagnostics()), 0) << DiagText(resp.diagnostics());
  ASSERT_TRUE(resp.has_provider());
  EXPECT_TRUE(resp.provider().has_block());
  EXPECT_TRUE(resp.server_capabilities().plan_destroy());
  EXPECT_FALSE(resp.server_capabilities().get_provider_schema_optional());

  ASSERT_EQ(resp.data_source_schemas().count("azbatch_pool_sizing"), 1u);
  const auto& sizing = resp.data_source_schemas().at("azbatch_pool_sizing");
  ASSERT_TRUE(sizing.has_block());
  bool saw_output = false;
  for (const auto& a : sizing.block().attributes()) {
    // Every type must be valid cty type JSON, or core panics.
    EXPECT_TRUE(cty::Type::FromJson(a.type()).ok()) << a.name() << " " << a.type();
    EXPECT_TRUE(a.required() || a.optional() || a.computed()) << a.name();
    if (a.name() == "min_replicas_per_region") {
      saw_output = true;
      EXPECT_TRUE(a.computed());
      EXPECT_EQ(a.type(), "\"number\"");
    }
  }
  EXPECT_TRUE(saw_output);

  ASSERT_EQ(resp.functions().count("min_replicas"), 1u);
  ASSERT_EQ(resp.functions().count("parse_resource_id"), 1u);
  const auto& parse = resp.functions().at("parse_resource_id");
  ASSERT_EQ(parse.parameters_size(), 1);
  EXPECT_EQ(parse.parameters(0).type(), "\"string\"");
  auto ret = cty::Type::FromJson(parse.return_().type());
  ASSERT_TRUE(ret.ok());
  EXPECT_EQ(ret->kind(), cty::Kind::kObject);
  EXPECT_TRUE(ret->HasAttribute("resource_group_name"));
}

TEST_F(RegistryServerTest, GetMetadataAndGetFunctionsAgreeWithSchema) {
  tfplugin6::ProviderMetadata::Response meta;
  ASSERT_TRUE(service_.GetMetadata(&ctx_, nullptr, &meta).ok());
  bool sizing = false;
  for (const auto& d : meta.data_sources()) sizing |= d.type_name() == "azbatch_pool_sizing";
  EXPECT_TRUE(sizing);
  std::set<std::string> fns;
  for (const auto& f : meta.functions()) fns.insert(f.name());
  EXPECT_TRUE(fns.count("min_replicas"));
  EXPECT_TRUE(fns.count("parse_resource_id"));
  EXPECT_TRUE(meta.server_capabilities().plan_destroy());

  tfplugin6::GetFunctions::Response gf;
  ASSERT_TRUE(service_.GetFunctions(&ctx_, nullptr, &gf).ok());
  EXPECT_EQ(static_cast<size_t>(gf.functions().size()), fns.size());
}

TEST_F(RegistryServerTest, ReadDataSourceComputesOutputs) {
  const cty::Type type = SizingType();
  tfplugin6::ReadDataSource::Request req;
  req.set_type_name("azbatch_pool_sizing");
  // 1200 dedicated + 300 low priority at the default 300 VMs per replica:
  // ceil(1500 / 300) = 5 replicas; two started blocks of 1000 nodes = 30 minutes.
  *req.mutable_config() = Enc(cty::Value::ObjectOf(type, {{"target_dedicated_nodes", cty::Value::Int(1200)},
                                                          {"target_low_priority_nodes",
                                                           cty::Value::Int(300)}}),
                              type);
  tfplugin6::ReadDataSource::Response resp;
  ASSERT_TRUE(service_.ReadDataSource(&ctx_, &req, &resp).ok());
  ASSERT_EQ(ErrorCount(resp.diagnostics()), 0) << DiagText(resp.diagnostics());
  cty::Value state = Dec(resp.state(), type);
  ASSERT_TRUE(state.IsWhollyKnown());
  EXPECT_EQ(state.GetAttr("min_replicas_per_region").AsNumber().ToInt64(), 5);
  EXPECT_EQ(state.GetAttr("recommended_resize_timeout").AsString(), "PT30M");
  EXPECT_EQ(state.GetAttr("vms_per_replica").AsNumber().ToInt64(), 300);
  EXPECT_EQ(state.GetAttr("target_dedicated_nodes").AsNumber().ToInt64(), 1200);
}

TEST_F(RegistryServerTest, ReadDataSourceInvalidInputNamesAttribute) {
  const cty::Type type = SizingType();
  tfplugin6::ReadDataSource::Request req;
  req.set_type_name("azbatch_pool_sizing");
  *req.mutable_config() = Enc(
      cty::Value::ObjectOf(type, {{"target_dedicated_nodes", cty::Value::Int(-4)}}), type);
  tfplugin6::ReadDataSource::Response resp;
  ASSERT_TRUE(service_.ReadDataSource(&ctx_, &req, &resp).ok());
  ASSERT_GE(ErrorCount(resp.diagnostics()), 1);
  const auto& d = resp.diagnostics(0);
  EXPECT_EQ(d.severity(), tfplugin6::Diagnostic::ERROR);
  ASSERT_EQ(d.attribute().steps_size(), 1);
  EXPECT_EQ(d.attribute().steps(0).attribute_name(), "target_dedicated_nodes");
}

TEST_F(RegistryServerTest, ValidateDataSourceToleratesUnknowns) {
  const cty::Type type = SizingType();
  tfplugin6::ValidateDataResourceConfig::Request req;
  req.set_type_name("azbatch_pool_sizing");
  *req.mutable_config() = Enc(
      cty::Value::ObjectOf(type, {{"target_dedicated_nodes", cty::Value::Unknown(cty::Type::Number())}}),
      type);
  tfplugin6::ValidateDataResourceConfig::Response resp;
  ASSERT_TRUE(service_.ValidateDataResourceConfig(&ctx_, &req, &resp).ok());
  EXPECT_EQ(ErrorCount(resp.diagnostics()), 0) << DiagText(resp.diagnostics());
}

TEST_F(RegistryServerTest, CallMinReplicas) {
  auto ok = Call("min_replicas", cty::Value::Int(601), cty::Type::Number());
  ASSERT_FALSE(ok.has_error()) << ok.error().text();
  EXPECT_EQ(Dec(ok.result(), cty::Type::Number()).AsNumber().ToInt64(), 3);  // ceil(601/300)

  auto bad = Call("min_replicas", cty::Value::Int(-1), cty::Type::Number());
  ASSERT_TRUE(bad.has_error());
  ASSERT_TRUE(bad.error().has_function_argument());
  EXPECT_EQ(bad.error().function_argument(), 0);
  EXPECT_FALSE(bad.error().text().empty());
}

TEST_F(RegistryServerTest, CallParseResourceId) {
  const std::string id =
      "/subscriptions/0000-1111/resourceGroups/rg-batch/providers/Microsoft.Compute/galleries/"
      "gal/images/ubuntu";
  auto ok = Call("parse_resource_id", cty::Value::String(id), cty::Type::String());
  ASSERT_FALSE(ok.has_error()) << ok.error().text();
  const framework::FunctionDefinition* def = service_.server().FindFunction("parse_resource_id");
  ASSERT_NE(def, nullptr);
  cty::Value v = Dec(ok.result(), def->return_type);
  EXPECT_EQ(v.GetAttr("subscription_id").AsString(), "0000-1111");
  EXPECT_EQ(v.GetAttr("resource_group_name").AsString(), "rg-batch");
  EXPECT_EQ(v.GetAttr("provider_namespace").AsString(), "Microsoft.Compute");
  EXPECT_EQ(v.GetAttr("name").AsString(), "ubuntu");

  auto bad = Call("parse_resource_id", cty::Value::String("not-an-id"), cty::Type::String());
  ASSERT_TRUE(bad.has_error());
  ASSERT_TRUE(bad.error().has_function_argument());
  EXPECT_EQ(bad.error().function_argument(), 0);
}

TEST_F(RegistryServerTest, CallFunctionErrors) {
  auto unknown = Call("no_such_function", cty::Value::Int(1), cty::Type::Number());
  ASSERT_TRUE(unknown.has_error());
  EXPECT_THAT(unknown.error().text(), HasSubstr("no_such_function"));
  EXPECT_FALSE(unknown.error().has_function_argument());

  tfplugin6::CallFunction::Request req;
  req.set_name("min_replicas");
  req.add_arguments()->set_msgpack("\xc1");  // not msgpack
  tfplugin6::CallFunction::Response resp;
  ASSERT_TRUE(service_.CallFunction(&ctx_, &req, &resp).ok());
  ASSERT_TRUE(resp.has_error());
  EXPECT_EQ(resp.error().function_argument(), 0);

  tfplugin6::CallFunction::Request none;
  none.set_name("min_replicas");
  tfplugin6::CallFunction::Response none_resp;
  ASSERT_TRUE(service_.CallFunction(&ctx_, &none, &none_resp).ok());
  ASSERT_TRUE(none_resp.has_error());
  EXPECT_FALSE(none_resp.error().has_function_argument());
}

TEST_F(RegistryServerTest, UnknownTypeNamesAreErrors) {
  tfplugin6::ValidateResourceConfig::Request vr;
  vr.set_type_name("azbatch_nope");
  tfplugin6::ValidateResourceConfig::Response vresp;
  ASSERT_TRUE(service_.ValidateResourceConfig(&ctx_, &vr, &vresp).ok());
  ASSERT_EQ(ErrorCount(vresp.diagnostics()), 1);
  EXPECT_THAT(vresp.diagnostics(0).detail(), HasSubstr("azbatch_nope"));

  tfplugin6::ReadDataSource::Request dr;
  dr.set_type_name("azbatch_missing");
  tfplugin6::ReadDataSource::Response dresp;
  ASSERT_TRUE(service_.ReadDataSource(&ctx_, &dr, &dresp).ok());
  ASSERT_EQ(ErrorCount(dresp.diagnostics()), 1);
  EXPECT_THAT(dresp.diagnostics(0).detail(), HasSubstr("azbatch_missing"));

  tfplugin6::UpgradeResourceState::Request ur;
  ur.set_type_name("azbatch_missing");
  ur.mutable_raw_state()->set_json("{}");
  tfplugin6::UpgradeResourceState::Response uresp;
  ASSERT_TRUE(service_.UpgradeResourceState(&ctx_, &ur, &uresp).ok());
  EXPECT_EQ(ErrorCount(uresp.diagnostics()), 1);
  EXPECT_FALSE(uresp.has_upgraded_state());
}

TEST_F(RegistryServerTest, ProviderConfigAndStop) {
  const cty::Type type = service_.server().ProviderConfigType();
  tfplugin6::ValidateProviderConfig::Request vreq;
  *vreq.mutable_config() = Enc(cty::Value::Null(type), type);
  tfplugin6::ValidateProviderConfig::Response vresp;
  ASSERT_TRUE(service_.ValidateProviderConfig(&ctx_, &vreq, &vresp).ok());
  EXPECT_EQ(ErrorCount(vresp.diagnostics()), 0) << DiagText(vresp.diagnostics());

  tfplugin6::ConfigureProvider::Request creq;
  creq.set_terraform_version("1.12.6");
  tfplugin6::ConfigureProvider::Response cresp;
  ASSERT_TRUE(service_.ConfigureProvider(&ctx_, &creq, &cresp).ok());
  EXPECT_EQ(ErrorCount(cresp.diagnostics()), 0) << DiagText(cresp.diagnostics());

  tfplugin6::StopProvider::Response sresp;
  ASSERT_TRUE(service_.StopProvider(&ctx_, nullptr, &sresp).ok());
  EXPECT_EQ(sresp.error(), "");
}

TEST_F(RegistryServerTest, UnsupportedFeaturesAnswerClearly) {
  tfplugin6::GetResourceIdentitySchemas::Response ids;
  ASSERT_TRUE(service_.GetResourceIdentitySchemas(&ctx_, nullptr, &ids).ok());
  EXPECT_TRUE(ids.identity_schemas().empty());
  EXPECT_TRUE(ids.diagnostics().empty());

  tfplugin6::MoveResourceState::Request mreq;
  mreq.set_source_type_name("azbatch_a");
  mreq.set_target_type_name("azbatch_b");
  tfplugin6::MoveResourceState::Response mresp;
  ASSERT_TRUE(service_.MoveResourceState(&ctx_, &mreq, &mresp).ok());
  ASSERT_EQ(ErrorCount(mresp.diagnostics()), 1);
  EXPECT_THAT(mresp.diagnostics(0).summary(), HasSubstr("not supported"));

  tfplugin6::OpenEphemeralResource::Request oreq;
  oreq.set_type_name("azbatch_token");
  tfplugin6::OpenEphemeralResource::Response oresp;
  ASSERT_TRUE(service_.OpenEphemeralResource(&ctx_, &oreq, &oresp).ok());
  ASSERT_EQ(ErrorCount(oresp.diagnostics()), 1);
  EXPECT_THAT(oresp.diagnostics(0).detail(), HasSubstr("azbatch_token"));

  tfplugin6::LockState::Response lresp;
  tfplugin6::LockState::Request lreq;
  ASSERT_TRUE(service_.LockState(&ctx_, &lreq, &lresp).ok());
  EXPECT_EQ(ErrorCount(lresp.diagnostics()), 1);

  tfplugin6::PlanAction::Request preq;
  tfplugin6::PlanAction::Response presp;
  ASSERT_TRUE(service_.PlanAction(&ctx_, &preq, &presp).ok());
  EXPECT_EQ(ErrorCount(presp.diagnostics()), 1);

  tfplugin6::GenerateResourceConfig::Request greq;
  tfplugin6::GenerateResourceConfig::Response gresp;
  ASSERT_TRUE(service_.GenerateResourceConfig(&ctx_, &greq, &gresp).ok());
  EXPECT_EQ(ErrorCount(gresp.diagnostics()), 1);
}


// ---- Managed resource lifecycle, with a small resource defined here ----------
// (the registry has no managed resource that works without Azure).

constexpr char kThing[] = "azbatch_test_thing";

class ThingResource : public framework::Resource,
                      public framework::ResourceWithImportState,
                      public framework::ResourceWithUpgradeState {
 public:
  std::string TypeName() const override { return kThing; }
  framework::Schema GetSchema() const override {
    using framework::Attribute;
    framework::Schema s;
    s.version = 2;
    s.block.attributes = {
        Attribute::Computed("id", cty::Type::String())
            .WithPlanModifiers({framework::plan_modifiers::UseStateForUnknown()}),
        Attribute::Required("name", cty::Type::String())
            .WithPlanModifiers({framework::plan_modifiers::RequiresReplace()}),
        Attribute::Optional("size", cty::Type::Number()),
        Attribute::Optional("password", cty::Type::String()).WriteOnly(),
    };
    return s;
  }
  void Create(const framework::Context& ctx, const framework::CreateRequest& req,
              framework::CreateResponse* resp) override {
    if (req.planned_state.GetAttr("name").AsString() == "slow") {
      // Waits until StopProvider cancels the context (or 20 s pass).
      absl::Status s = ctx.Sleep(absl::Seconds(20));
      if (!s.ok()) {
        resp->diagnostics.AddError("Create interrupted", std::string(s.message()));
        return;
      }
    }
    resp->new_state = req.planned_state.WithAttr(
        "id", cty::Value::String("thing-" + req.planned_state.GetAttr("name").AsString()));
    (void)resp->private_state.SetKey("etag", "\"v1\"");
  }
  void Read(const framework::Context&, const framework::ReadRequest& req,
            framework::ReadResponse* resp) override {
    if (req.current_state.GetAttr("name").AsString() == "gone") {
      resp->new_state = cty::Value::Null(req.current_state.type());
    }
  }
  void Update(const framework::Context&, const framework::UpdateRequest&,
              framework::UpdateResponse*) override {}
  void Delete(const framework::Context&, const framework::DeleteRequest&,
              framework::DeleteResponse*) override {}
  void ImportState(const framework::Context&, const framework::ImportStateRequest& req,
                   framework::ImportStateResponse* resp) override {
    framework::ImportStatePassthroughId(req, resp);
  }
  // Version 1 called `name` `label`.
  std::map<int64_t, framework::StateUpgrader> StateUpgraders() override {
    return {{1, [this](const framework::Context&, const framework::UpgradeStateRequest& req,
                       framework::UpgradeStateResponse* resp) {
               const cty::Type v1 = cty::Type::Object({{"id", cty::Type::String()},
                                                       {"label", cty::Type::String()},
                                                       {"size", cty::Type::Number()}});
               auto old = cty::UnmarshalJson(req.raw_json, v1);
               if (!old.ok()) {
                 resp->diagnostics.AddError("bad v1 state", std::string(old.status().message()));
                 return;
               }
               resp->upgraded_state = cty::Value::ObjectOf(
                   GetSchema().ImpliedType(), {{"id", old->GetAttr("id")},
                                               {"name", old->GetAttr("label")},
                                               {"size", old->GetAttr("size")}});
             }}};
  }
};

class ResourceServerTest : public ::testing::Test {
 protected:
  ResourceServerTest() : service_(MakeProvider()) {
    type_ = service_.server().ResourceType(kThing).value_or(cty::Type::Dynamic());
  }
  static std::unique_ptr<framework::Provider> MakeProvider() {
    auto p = std::make_unique<framework::Provider>("azbatch", "0.0.0-test");
    absl::Status s = p->AddResource([] { return std::make_unique<ThingResource>(); });
    EXPECT_TRUE(s.ok()) << s;
    return p;
  }
  cty::Value Obj(std::map<std::string, cty::Value> attrs) {
    return cty::Value::ObjectOf(type_, std::move(attrs));
  }

  grpc::ServerContext ctx_;
  ProviderServer service_;
  cty::Type type_;
};

TEST_F(ResourceServerTest, SchemaHasVersionAndWriteOnly) {
  tfplugin6::GetProviderSchema::Response resp;
  ASSERT_TRUE(service_.GetProviderSchema(&ctx_, nullptr, &resp).ok());
  ASSERT_EQ(resp.resource_schemas().count(kThing), 1u);
  const auto& s = resp.resource_schemas().at(kThing);
  EXPECT_EQ(s.version(), 2);
  bool write_only = false;
  for (const auto& a : s.block().attributes()) write_only |= a.name() == "password" && a.write_only();
  EXPECT_TRUE(write_only);
}

TEST_F(ResourceServerTest, UpgradeOlderJsonStateToCurrentMsgpack) {
  tfplugin6::UpgradeResourceState::Request req;
  req.set_type_name(kThing);
  req.set_version(1);
  req.mutable_raw_state()->set_json(R"({"id":"thing-a","label":"a","size":0.1})");
  tfplugin6::UpgradeResourceState::Response resp;
  ASSERT_TRUE(service_.UpgradeResourceState(&ctx_, &req, &resp).ok());
  ASSERT_EQ(ErrorCount(resp.diagnostics()), 0) << DiagText(resp.diagnostics());
  cty::Value v = Dec(resp.upgraded_state(), type_);
  EXPECT_TRUE(v.IsWhollyKnown());
  EXPECT_EQ(v.GetAttr("name").AsString(), "a");
  EXPECT_EQ(v.GetAttr("size").AsNumber().ToString(), "0.1");
  EXPECT_TRUE(v.GetAttr("password").is_null());
}

TEST_F(ResourceServerTest, UpgradeCurrentVersionIsLenient) {
  tfplugin6::UpgradeResourceState::Request req;
  req.set_type_name(kThing);
  req.set_version(2);
  req.mutable_raw_state()->set_json(R"({"id":"x","name":"n","dropped_attr":true})");
  tfplugin6::UpgradeResourceState::Response resp;
  ASSERT_TRUE(service_.UpgradeResourceState(&ctx_, &req, &resp).ok());
  ASSERT_EQ(ErrorCount(resp.diagnostics()), 0) << DiagText(resp.diagnostics());
  cty::Value v = Dec(resp.upgraded_state(), type_);
  EXPECT_EQ(v.GetAttr("name").AsString(), "n");
  EXPECT_TRUE(v.GetAttr("size").is_null());

  tfplugin6::UpgradeResourceState::Request flat;
  flat.set_type_name(kThing);
  (*flat.mutable_raw_state()->mutable_flatmap())["id"] = "x";
  tfplugin6::UpgradeResourceState::Response flat_resp;
  ASSERT_TRUE(service_.UpgradeResourceState(&ctx_, &flat, &flat_resp).ok());
  EXPECT_EQ(ErrorCount(flat_resp.diagnostics()), 1);
}

TEST_F(ResourceServerTest, PlanCreateThenApplyThenRead) {
  const cty::Value config = Obj({{"name", cty::Value::String("a")},
                                 {"password", cty::Value::String("s3cret")}});
  tfplugin6::PlanResourceChange::Request plan;
  plan.set_type_name(kThing);
  *plan.mutable_prior_state() = Enc(cty::Value::Null(type_), type_);
  *plan.mutable_proposed_new_state() = Enc(config, type_);
  *plan.mutable_config() = Enc(config, type_);
  plan.mutable_client_capabilities()->set_write_only_attributes_allowed(true);
  tfplugin6::PlanResourceChange::Response planned;
  ASSERT_TRUE(service_.PlanResourceChange(&ctx_, &plan, &planned).ok());
  ASSERT_EQ(ErrorCount(planned.diagnostics()), 0) << DiagText(planned.diagnostics());
  cty::Value pv = Dec(planned.planned_state(), type_);
  EXPECT_FALSE(pv.GetAttr("id").is_known());
  EXPECT_EQ(pv.GetAttr("name").AsString(), "a");
  EXPECT_TRUE(pv.GetAttr("password").is_null());
  EXPECT_EQ(planned.requires_replace_size(), 0);

  tfplugin6::ApplyResourceChange::Request apply;
  apply.set_type_name(kThing);
  *apply.mutable_prior_state() = Enc(cty::Value::Null(type_), type_);
  *apply.mutable_planned_state() = planned.planned_state();
  *apply.mutable_config() = Enc(config, type_);
  apply.set_planned_private(planned.planned_private());
  tfplugin6::ApplyResourceChange::Response applied;
  ASSERT_TRUE(service_.ApplyResourceChange(&ctx_, &apply, &applied).ok());
  ASSERT_EQ(ErrorCount(applied.diagnostics()), 0) << DiagText(applied.diagnostics());
  cty::Value state = Dec(applied.new_state(), type_);
  ASSERT_TRUE(state.IsWhollyKnown());
  EXPECT_EQ(state.GetAttr("id").AsString(), "thing-a");
  EXPECT_TRUE(state.GetAttr("password").is_null());
  EXPECT_THAT(applied.private_(), HasSubstr("etag"));

  tfplugin6::ReadResource::Request read;
  read.set_type_name(kThing);
  *read.mutable_current_state() = applied.new_state();
  read.set_private_(applied.private_());
  tfplugin6::ReadResource::Response after;
  ASSERT_TRUE(service_.ReadResource(&ctx_, &read, &after).ok());
  ASSERT_EQ(ErrorCount(after.diagnostics()), 0) << DiagText(after.diagnostics());
  EXPECT_EQ(after.private_(), applied.private_()) << "private must be echoed";
  EXPECT_EQ(Dec(after.new_state(), type_), state);
}

TEST_F(ResourceServerTest, ChangingNameRequiresReplace) {
  const cty::Value prior = Obj({{"id", cty::Value::String("thing-a")},
                                {"name", cty::Value::String("a")}});
  const cty::Value config = Obj({{"name", cty::Value::String("b")}});
  const cty::Value proposed = config.WithAttr("id", cty::Value::String("thing-a"));
  tfplugin6::PlanResourceChange::Request plan;
  plan.set_type_name(kThing);
  *plan.mutable_prior_state() = Enc(prior, type_);
  *plan.mutable_proposed_new_state() = Enc(proposed, type_);
  *plan.mutable_config() = Enc(config, type_);
  tfplugin6::PlanResourceChange::Response resp;
  ASSERT_TRUE(service_.PlanResourceChange(&ctx_, &plan, &resp).ok());
  ASSERT_EQ(ErrorCount(resp.diagnostics()), 0) << DiagText(resp.diagnostics());
  ASSERT_EQ(resp.requires_replace_size(), 1);
  ASSERT_EQ(resp.requires_replace(0).steps_size(), 1);
  EXPECT_EQ(resp.requires_replace(0).steps(0).attribute_name(), "name");
}

TEST_F(ResourceServerTest, DestroyPlansAndAppliesNull) {
  const cty::Value prior = Obj({{"id", cty::Value::String("thing-a")},
                                {"name", cty::Value::String("a")}});
  tfplugin6::PlanResourceChange::Request plan;
  plan.set_type_name(kThing);
  *plan.mutable_prior_state() = Enc(prior, type_);
  *plan.mutable_proposed_new_state() = Enc(cty::Value::Null(type_), type_);
  *plan.mutable_config() = Enc(cty::Value::Null(type_), type_);
  tfplugin6::PlanResourceChange::Response planned;
  ASSERT_TRUE(service_.PlanResourceChange(&ctx_, &plan, &planned).ok());
  ASSERT_EQ(ErrorCount(planned.diagnostics()), 0) << DiagText(planned.diagnostics());
  EXPECT_TRUE(Dec(planned.planned_state(), type_).is_null());

  tfplugin6::ApplyResourceChange::Request apply;
  apply.set_type_name(kThing);
  *apply.mutable_prior_state() = Enc(prior, type_);
  // planned_state and config absent: null.
  tfplugin6::ApplyResourceChange::Response applied;
  ASSERT_TRUE(service_.ApplyResourceChange(&ctx_, &apply, &applied).ok());
  ASSERT_EQ(ErrorCount(applied.diagnostics()), 0) << DiagText(applied.diagnostics());
  EXPECT_TRUE(Dec(applied.new_state(), type_).is_null());
}

TEST_F(ResourceServerTest, ReadOfVanishedObjectReturnsNull) {
  tfplugin6::ReadResource::Request read;
  read.set_type_name(kThing);
  *read.mutable_current_state() = Enc(Obj({{"id", cty::Value::String("thing-gone")},
                                           {"name", cty::Value::String("gone")}}),
                                      type_);
  tfplugin6::ReadResource::Response resp;
  ASSERT_TRUE(service_.ReadResource(&ctx_, &read, &resp).ok());
  ASSERT_EQ(ErrorCount(resp.diagnostics()), 0) << DiagText(resp.diagnostics());
  EXPECT_TRUE(Dec(resp.new_state(), type_).is_null());
}

TEST_F(ResourceServerTest, ImportByIdAndBadValues) {
  tfplugin6::ImportResourceState::Request req;
  req.set_type_name(kThing);
  req.set_id("thing-z");
  tfplugin6::ImportResourceState::Response resp;
  ASSERT_TRUE(service_.ImportResourceState(&ctx_, &req, &resp).ok());
  ASSERT_EQ(ErrorCount(resp.diagnostics()), 0) << DiagText(resp.diagnostics());
  ASSERT_EQ(resp.imported_resources_size(), 1);
  EXPECT_EQ(resp.imported_resources(0).type_name(), kThing);
  EXPECT_EQ(Dec(resp.imported_resources(0).state(), type_).GetAttr("id").AsString(), "thing-z");

  // A value that does not fit the schema is a diagnostic, never a crash.
  tfplugin6::ValidateResourceConfig::Request vreq;
  vreq.set_type_name(kThing);
  vreq.mutable_config()->set_msgpack(std::string("\x81\xa3zzz\x01", 6));
  tfplugin6::ValidateResourceConfig::Response vresp;
  ASSERT_TRUE(service_.ValidateResourceConfig(&ctx_, &vreq, &vresp).ok());
  EXPECT_EQ(ErrorCount(vresp.diagnostics()), 1) << DiagText(vresp.diagnostics());
}


TEST_F(ResourceServerTest, StopProviderCancelsInFlightApply) {
  const cty::Value planned = Obj({{"id", cty::Value::Unknown(cty::Type::String())},
                                  {"name", cty::Value::String("slow")}});
  tfplugin6::ApplyResourceChange::Request apply;
  apply.set_type_name(kThing);
  *apply.mutable_prior_state() = Enc(cty::Value::Null(type_), type_);
  *apply.mutable_planned_state() = Enc(planned, type_);
  *apply.mutable_config() = Enc(Obj({{"name", cty::Value::String("slow")}}), type_);
  tfplugin6::ApplyResourceChange::Response applied;
  const absl::Time start = absl::Now();
  std::thread worker([&] {
    grpc::ServerContext ctx;
    EXPECT_TRUE(service_.ApplyResourceChange(&ctx, &apply, &applied).ok());
  });
  absl::SleepFor(absl::Milliseconds(200));
  tfplugin6::StopProvider::Response stop;
  ASSERT_TRUE(service_.StopProvider(&ctx_, nullptr, &stop).ok());
  EXPECT_EQ(stop.error(), "");
  worker.join();
  EXPECT_LT(absl::Now() - start, absl::Seconds(10));
  ASSERT_EQ(ErrorCount(applied.diagnostics()), 1) << DiagText(applied.diagnostics());
  EXPECT_TRUE(Dec(applied.new_state(), type_).is_null()) << "nothing was created";
}

TEST_F(RegistryServerTest, ConcurrentReadsAreIndependent) {
  const cty::Type type = SizingType();
  std::vector<std::thread> threads;
  std::vector<int64_t> replicas(8, -1);
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&, i] {
      tfplugin6::ReadDataSource::Request req;
      req.set_type_name("azbatch_pool_sizing");
      *req.mutable_config() = Enc(
          cty::Value::ObjectOf(type, {{"target_dedicated_nodes", cty::Value::Int(300 * (i + 1))}}),
          type);
      tfplugin6::ReadDataSource::Response resp;
      grpc::ServerContext ctx;
      if (!service_.ReadDataSource(&ctx, &req, &resp).ok() || !resp.diagnostics().empty()) return;
      auto v = DecodeDynamicValue(resp.state(), type);
      if (v.ok()) replicas[i] = v->GetAttr("min_replicas_per_region").AsNumber().ToInt64().value_or(-2);
    });
  }
  for (auto& t : threads) t.join();
  for (int i = 0; i < 8; ++i) EXPECT_EQ(replicas[i], i + 1) << "thread " << i;
}

}  // namespace
}  // namespace azbatch::plugin
