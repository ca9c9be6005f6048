// Invalid UTF-8 from a client: every RPC that takes values answers with an
// error diagnostic on the offending attribute, never calls into the provider
// code, and its response still crosses gRPC (whose parser, like core's,
// rejects a message with invalid UTF-8 in a `string` field).
#include <atomic>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <grpcpp/grpcpp.h>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "common/utf8.h"
#include "provider/cty/json.h"
#include "provider/cty/msgpack.h"
#include "provider/framework/provider.h"
#include "provider/plugin/convert.h"
#include "provider/plugin/provider_server.h"
#include "resources/registry.h"

namespace azbatch::plugin {
namespace {

using ::testing::HasSubstr;
using ::testing::UnorderedElementsAreArray;
using Diags = google::protobuf::RepeatedPtrField<tfplugin6::Diagnostic>;

constexpr char kBad[] = "pool-\xFF\xFE";        // stray bytes
constexpr char kSurrogate[] = "\xED\xA0\x80";    // an encoded UTF-16 surrogate
constexpr char kThing[] = "azbatch_utf8_thing";
constexpr char kLookup[] = "azbatch_utf8_lookup";

// Counts every call into the provider code below; must stay 0 for bad input.
std::atomic<int> g_calls{0};

class CountingThing : public framework::Resource,
                      public framework::ResourceWithValidateConfig,
                      public framework::ResourceWithModifyPlan,
                      public framework::ResourceWithImportState,
                      public framework::ResourceWithUpgradeState {
 public:
  std::string TypeName() const override { return kThing; }
  framework::Schema GetSchema() const override {
    using framework::Attribute;
    framework::Schema s;
    s.version = 1;
    s.block.attributes = {
        Attribute::Computed("id", cty::Type::String()),
        Attribute::Required("name", cty::Type::String()),
        Attribute::Optional("tags", cty::Type::Map(cty::Type::String())),
        Attribute::Optional("zones", cty::Type::List(cty::Type::String())),
    };
    return s;
  }
  void Create(const framework::Context&, const framework::CreateRequest& req,
              framework::CreateResponse* resp) override {
    ++g_calls;
    resp->new_state = req.planned_state.WithAttr("id", cty::Value::String("t1"));
  }
  void Read(const framework::Context&, const framework::ReadRequest&,
            framework::ReadResponse*) override {
    ++g_calls;
  }
  void Update(const framework::Context&, const framework::UpdateRequest&,
              framework::UpdateResponse*) override {
    ++g_calls;
  }
  void Delete(const framework::Context&, const framework::DeleteRequest&,
              framework::DeleteResponse*) override {
    ++g_calls;
  }
  void ValidateConfig(const framework::Context&, const framework::ValidateConfigRequest&,
                      framework::ValidateConfigResponse*) override {
    ++g_calls;
  }
  void ModifyPlan(const framework::Context&, const framework::ModifyPlanRequest&,
                  framework::ModifyPlanResponse*) override {
    ++g_calls;
  }
  void ImportState(const framework::Context&, const framework::ImportStateRequest& req,
                   framework::ImportStateResponse* resp) override {
    ++g_calls;
    framework::ImportStatePassthroughId(req, resp);
  }
  std::map<int64_t, framework::StateUpgrader> StateUpgraders() override {
    return {{0, [](const framework::Context&, const framework::UpgradeStateRequest& req,
                   framework::UpgradeStateResponse* resp) {
               ++g_calls;
               resp->upgraded_json = req.raw_json;
             }}};
  }
};

class CountingLookup : public framework::DataSource,
                       public framework::DataSourceWithValidateConfig {
 public:
  std::string TypeName() const override { return kLookup; }
  framework::Schema GetSchema() const override {
    using framework::Attribute;
    framework::Schema s;
    s.block.attributes = {Attribute::Required("name", cty::Type::String()),
                          Attribute::Computed("result", cty::Type::String())};
    return s;
  }
  void Read(const framework::Context&, const framework::DataSourceReadRequest& req,
            framework::DataSourceReadResponse* resp) override {
    ++g_calls;
    resp->state = req.config.WithAttr("result", cty::Value::String("ok"));
  }
  void ValidateConfig(const framework::Context&, const framework::DataSourceValidateConfigRequest&,
                      framework::DataSourceValidateConfigResponse*) override {
    ++g_calls;
  }
};

class EchoFunction : public framework::Function {
 public:
  std::string Name() const override { return "echo"; }
  framework::FunctionDefinition Definition() const override {
    framework::FunctionDefinition d;
    framework::FunctionParameter text;
    text.name = "text";
    text.type = cty::Type::String();
    framework::FunctionParameter more;
    more.name = "more";
    more.type = cty::Type::Map(cty::Type::String());
    d.parameters = {text};
    d.variadic_parameter = more;
    d.return_type = cty::Type::String();
    return d;
  }
  void Run(const framework::Context&, const framework::FunctionRunRequest& req,
           framework::FunctionRunResponse* resp) override {
    ++g_calls;
    resp->result = req.arguments[0];
  }
};

class CountingProvider : public framework::Provider {
 public:
  CountingProvider() : Provider("azbatch", "0.0.0-test") {}
  framework::Schema GetSchema() const override {
    framework::Schema s;
    s.block.attributes = {framework::Attribute::Optional("endpoint", cty::Type::String())};
    return s;
  }
  void ValidateConfig(const framework::Context&, const framework::ProviderValidateConfigRequest&,
                      framework::ProviderValidateConfigResponse*) override {
    ++g_calls;
  }
  void Configure(const framework::Context&, const framework::ProviderConfigureRequest&,
                 framework::ProviderConfigureResponse*) override {
    ++g_calls;
  }
};

std::unique_ptr<framework::Provider> MakeCountingProvider() {
  auto p = std::make_unique<CountingProvider>();
  EXPECT_TRUE(p->AddResource([] { return std::make_unique<CountingThing>(); }).ok());
  EXPECT_TRUE(p->AddDataSource([] { return std::make_unique<CountingLookup>(); }).ok());
  EXPECT_TRUE(p->AddFunction([] { return std::make_unique<EchoFunction>(); }).ok());
  return p;
}

tfplugin6::DynamicValue Msgpack(const cty::Value& v, const cty::Type& t) {
  tfplugin6::DynamicValue dv;
  auto bytes = cty::MarshalMsgpack(v, t);
  EXPECT_TRUE(bytes.ok()) << bytes.status();
  dv.set_msgpack(bytes.value_or(""));
  return dv;
}

tfplugin6::DynamicValue Json(const cty::Value& v, const cty::Type& t) {
  tfplugin6::DynamicValue dv;
  auto text = cty::MarshalJson(v, t);
  EXPECT_TRUE(text.ok()) << text.status();
  dv.set_json(text.value_or(""));
  return dv;
}

// "name", "tags[\"k\"]", "zones[1]"; empty for a diagnostic without attribute.
std::string PathText(const tfplugin6::AttributePath& path) {
  std::string out;
  for (const auto& step : path.steps()) {
    switch (step.selector_case()) {
      case tfplugin6::AttributePath::Step::kAttributeName:
        if (!out.empty()) out += ".";
        out += step.attribute_name();
        break;
      case tfplugin6::AttributePath::Step::kElementKeyString:
        out += "[\"" + step.element_key_string() + "\"]";
        break;
      case tfplugin6::AttributePath::Step::kElementKeyInt:
        out += "[" + std::to_string(step.element_key_int()) + "]";
        break;
      default:
        break;
    }
  }
  return out;
}

// Attribute paths of the invalid-UTF-8 errors; checks every diagnostic's text too.
std::vector<std::string> Utf8ErrorPaths(const Diags& diags) {
  std::vector<std::string> out;
  for (const auto& d : diags) {
    EXPECT_TRUE(utf8::IsValidUtf8(d.summary())) << d.summary();
    EXPECT_TRUE(utf8::IsValidUtf8(d.detail())) << d.detail();
    if (d.severity() == tfplugin6::Diagnostic::ERROR && d.summary() == kInvalidUtf8Summary) {
      EXPECT_THAT(d.detail(), HasSubstr("not valid UTF-8"));
      EXPECT_THAT(d.detail(), HasSubstr("did not use"));
      out.push_back(PathText(d.attribute()));
    }
  }
  return out;
}

// What a peer does with the response: serialise, then parse strictly.
template <typename Message>
void ExpectCrossesTheWire(const Message& m) {
  std::string bytes;
  ASSERT_TRUE(m.SerializeToString(&bytes));
  Message back;
  EXPECT_TRUE(back.ParseFromString(bytes)) << "response does not parse: " << m.DebugString();
}

// The service behind a real (in-process) gRPC server: responses are
// serialised by the server and parsed by the client stub.
class Utf8WireTest : public ::testing::Test {
 protected:
  Utf8WireTest() : service_(MakeCountingProvider()) {
    grpc::ServerBuilder builder;
    builder.RegisterService(&service_);
    server_ = builder.BuildAndStart();
    stub_ = tfplugin6::Provider::NewStub(server_->InProcessChannel(grpc::ChannelArguments()));
    tfplugin6::GetProviderSchema::Response schema;
    grpc::ClientContext ctx;
    EXPECT_TRUE(stub_->GetProviderSchema(&ctx, {}, &schema).ok());
    type_ = *service_.server().ResourceType(kThing);
    lookup_type_ = *service_.server().DataSourceType(kLookup);
    g_calls = 0;
  }
  ~Utf8WireTest() override { server_->Shutdown(); }

  cty::Value Thing(std::map<std::string, cty::Value> attrs) {
    return cty::Value::ObjectOf(type_, std::move(attrs));
  }
  // name, one map element and one list element are invalid.
  cty::Value BadThing() {
    return Thing({{"id", cty::Value::String("t1")},
                  {"name", cty::Value::String(kBad)},
                  {"tags", cty::Value::Map(cty::Type::String(),
                                           {{"env", cty::Value::String("prod")},
                                            {"owner", cty::Value::String(kSurrogate)}})},
                  {"zones", cty::Value::List(cty::Type::String(), {cty::Value::String("1"),
                                                                   cty::Value::String("\xC3")})}});
  }
  cty::Value GoodThing() {
    return Thing({{"id", cty::Value::String("t1")}, {"name", cty::Value::String("good")}});
  }
  const std::vector<std::string> kBadPaths = {"name", "tags[\"owner\"]", "zones[1]"};

  ProviderServer service_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<tfplugin6::Provider::Stub> stub_;
  cty::Type type_;
  cty::Type lookup_type_;
};

#define CALL(rpc, req, resp)                                              \
  do {                                                                    \
    grpc::ClientContext ctx_;                                             \
    grpc::Status st_ = stub_->rpc(&ctx_, req, &resp);                     \
    ASSERT_TRUE(st_.ok()) << #rpc << ": " << st_.error_message();         \
    ExpectCrossesTheWire(resp);                                           \
  } while (0)

TEST_F(Utf8WireTest, ProviderConfig) {
  const cty::Type t = service_.server().ProviderConfigType();
  const cty::Value bad = cty::Value::ObjectOf(t, {{"endpoint", cty::Value::String(kBad)}});

  tfplugin6::ValidateProviderConfig::Request vreq;
  *vreq.mutable_config() = Msgpack(bad, t);
  tfplugin6::ValidateProviderConfig::Response vresp;
  CALL(ValidateProviderConfig, vreq, vresp);
  EXPECT_THAT(Utf8ErrorPaths(vresp.diagnostics()), UnorderedElementsAreArray({"endpoint"}));

  tfplugin6::ConfigureProvider::Request creq;
  creq.set_terraform_version("1.9.0");
  *creq.mutable_config() = Json(bad, t);  // the legacy JSON form is checked too
  tfplugin6::ConfigureProvider::Response cresp;
  CALL(ConfigureProvider, creq, cresp);
  EXPECT_THAT(Utf8ErrorPaths(cresp.diagnostics()), UnorderedElementsAreArray({"endpoint"}));
  EXPECT_EQ(g_calls, 0);
}

TEST_F(Utf8WireTest, ValidateResourceAndDataSourceConfig) {
  tfplugin6::ValidateResourceConfig::Request rreq;
  rreq.set_type_name(kThing);
  *rreq.mutable_config() = Msgpack(BadThing(), type_);
  tfplugin6::ValidateResourceConfig::Response rresp;
  CALL(ValidateResourceConfig, rreq, rresp);
  EXPECT_THAT(Utf8ErrorPaths(rresp.diagnostics()), UnorderedElementsAreArray(kBadPaths));
  EXPECT_EQ(rresp.diagnostics_size(), 3);

  const cty::Value bad_lookup =
      cty::Value::ObjectOf(lookup_type_, {{"name", cty::Value::String(kBad)}});
  tfplugin6::ValidateDataResourceConfig::Request dreq;
  dreq.set_type_name(kLookup);
  *dreq.mutable_config() = Msgpack(bad_lookup, lookup_type_);
  tfplugin6::ValidateDataResourceConfig::Response dresp;
  CALL(ValidateDataResourceConfig, dreq, dresp);
  EXPECT_THAT(Utf8ErrorPaths(dresp.diagnostics()), UnorderedElementsAreArray({"name"}));

  tfplugin6::ReadDataSource::Request rdreq;
  rdreq.set_type_name(kLookup);
  *rdreq.mutable_config() = Msgpack(bad_lookup, lookup_type_);
  tfplugin6::ReadDataSource::Response rdresp;
  CALL(ReadDataSource, rdreq, rdresp);
  EXPECT_THAT(Utf8ErrorPaths(rdresp.diagnostics()), UnorderedElementsAreArray({"name"}));
  EXPECT_FALSE(rdresp.has_state());
  EXPECT_EQ(g_calls, 0);
}

TEST_F(Utf8WireTest, PlanApplyAndRead) {
  tfplugin6::PlanResourceChange::Request preq;
  preq.set_type_name(kThing);
  *preq.mutable_prior_state() = Msgpack(cty::Value::Null(type_), type_);
  *preq.mutable_proposed_new_state() = Msgpack(BadThing(), type_);
  *preq.mutable_config() = Msgpack(BadThing(), type_);
  tfplugin6::PlanResourceChange::Response presp;
  CALL(PlanResourceChange, preq, presp);
  // Each attribute once, though both the configuration and the proposed state hold it.
  EXPECT_THAT(Utf8ErrorPaths(presp.diagnostics()), UnorderedElementsAreArray(kBadPaths));
  EXPECT_THAT(presp.diagnostics(0).detail(), HasSubstr("configuration"));
  EXPECT_FALSE(presp.has_planned_state());

  // A bad prior state alone is reported too.
  *preq.mutable_prior_state() = Msgpack(BadThing(), type_);
  *preq.mutable_proposed_new_state() = Msgpack(GoodThing(), type_);
  *preq.mutable_config() =
      Msgpack(GoodThing().WithAttr("id", cty::Value::Null(cty::Type::String())), type_);
  CALL(PlanResourceChange, preq, presp);
  EXPECT_THAT(Utf8ErrorPaths(presp.diagnostics()), UnorderedElementsAreArray(kBadPaths));

  tfplugin6::ApplyResourceChange::Request areq;
  areq.set_type_name(kThing);
  *areq.mutable_prior_state() = Msgpack(cty::Value::Null(type_), type_);
  *areq.mutable_planned_state() = Msgpack(BadThing(), type_);
  *areq.mutable_config() = Msgpack(GoodThing(), type_);
  tfplugin6::ApplyResourceChange::Response aresp;
  CALL(ApplyResourceChange, areq, aresp);
  EXPECT_THAT(Utf8ErrorPaths(aresp.diagnostics()), UnorderedElementsAreArray(kBadPaths));

  tfplugin6::ReadResource::Request rreq;
  rreq.set_type_name(kThing);
  *rreq.mutable_current_state() = Msgpack(BadThing(), type_);
  tfplugin6::ReadResource::Response rresp;
  CALL(ReadResource, rreq, rresp);
  EXPECT_THAT(Utf8ErrorPaths(rresp.diagnostics()), UnorderedElementsAreArray(kBadPaths));
  EXPECT_EQ(g_calls, 0);
}

TEST_F(Utf8WireTest, UpgradeResourceStateRawJson) {
  const std::string json = std::string("{\"id\":\"t1\",\"name\":\"") + kBad +
                           "\",\"tags\":{\"owner\":\"" + kSurrogate +
                           "\"},\"zones\":[\"1\",\"\xC3\"]}";
  for (int64_t version : {0, 1}) {  // through an upgrader, and the current version
    tfplugin6::UpgradeResourceState::Request req;
    req.set_type_name(kThing);
    req.set_version(version);
    req.mutable_raw_state()->set_json(json);
    tfplugin6::UpgradeResourceState::Response resp;
    CALL(UpgradeResourceState, req, resp);
    EXPECT_THAT(Utf8ErrorPaths(resp.diagnostics()), UnorderedElementsAreArray(kBadPaths))
        << "version " << version;
    EXPECT_FALSE(resp.has_upgraded_state());
  }
  // Malformed and not UTF-8: a plain decode error, still a clean answer.
  tfplugin6::UpgradeResourceState::Request req;
  req.set_type_name(kThing);
  req.set_version(1);
  req.mutable_raw_state()->set_json("{\"name\":\"\xFF");
  tfplugin6::UpgradeResourceState::Response resp;
  CALL(UpgradeResourceState, req, resp);
  ASSERT_EQ(resp.diagnostics_size(), 1);
  EXPECT_EQ(resp.diagnostics(0).severity(), tfplugin6::Diagnostic::ERROR);
  EXPECT_EQ(g_calls, 0);
}

TEST_F(Utf8WireTest, ImportResourceStateId) {
  // The request itself crosses the wire: `id` is `bytes` in our proto copy.
  tfplugin6::ImportResourceState::Request req;
  req.set_type_name(kThing);
  req.set_id(kBad);
  tfplugin6::ImportResourceState::Request parsed;
  ASSERT_TRUE(parsed.ParseFromString(req.SerializeAsString()));
  tfplugin6::ImportResourceState::Response resp;
  CALL(ImportResourceState, req, resp);
  ASSERT_EQ(resp.diagnostics_size(), 1);
  EXPECT_EQ(resp.diagnostics(0).summary(), kInvalidUtf8Summary);
  EXPECT_THAT(resp.diagnostics(0).detail(), HasSubstr("import ID is not valid UTF-8"));
  EXPECT_EQ(resp.imported_resources_size(), 0);
  EXPECT_EQ(g_calls, 0);

  req.set_id("t\xC3\xA9");  // valid non-ASCII still imports
  CALL(ImportResourceState, req, resp);
  EXPECT_EQ(resp.diagnostics_size(), 0);
  EXPECT_EQ(resp.imported_resources_size(), 1);
}

TEST_F(Utf8WireTest, CallFunctionArguments) {
  tfplugin6::CallFunction::Request req;
  req.set_name("echo");
  *req.add_arguments() = Msgpack(cty::Value::String("fine"), cty::Type::String());
  const cty::Type map = cty::Type::Map(cty::Type::String());
  *req.add_arguments() =
      Msgpack(cty::Value::Map(cty::Type::String(), {{"k", cty::Value::String(kBad)}}), map);
  tfplugin6::CallFunction::Response resp;
  CALL(CallFunction, req, resp);
  ASSERT_TRUE(resp.has_error());
  EXPECT_EQ(resp.error().function_argument(), 1);
  EXPECT_THAT(resp.error().text(), HasSubstr("not valid UTF-8"));
  EXPECT_THAT(resp.error().text(), HasSubstr("[\"k\"]"));
  EXPECT_FALSE(resp.has_result());
  EXPECT_EQ(g_calls, 0);
}

TEST_F(Utf8WireTest, InvalidUtf8InRequestStringFieldsFailsInProtobufNotInTheProvider) {
  // Documents what protobuf 3.21 does with a proto3 `string` holding invalid
  // UTF-8 (type_name here): the server cannot parse the request, and gRPC
  // answers INTERNAL before the provider runs. Core cannot even send this.
  tfplugin6::ValidateResourceConfig::Request req;
  req.set_type_name(std::string(kThing) + "\xFF");
  tfplugin6::ValidateResourceConfig::Response resp;
  grpc::ClientContext ctx;
  grpc::Status st = stub_->ValidateResourceConfig(&ctx, req, &resp);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::INTERNAL);
  EXPECT_EQ(g_calls, 0);
}

// In-process callers reach the code with any bytes: answers stay valid.
TEST_F(Utf8WireTest, TypeNamesEchoedIntoDiagnosticsAreSanitised) {
  grpc::ServerContext sctx;
  const std::string bad_name = std::string("azbatch_") + kBad;
  tfplugin6::ValidateResourceConfig::Request vreq;
  vreq.set_type_name(bad_name);
  tfplugin6::ValidateResourceConfig::Response vresp;
  ASSERT_TRUE(service_.ValidateResourceConfig(&sctx, &vreq, &vresp).ok());
  ExpectCrossesTheWire(vresp);
  ASSERT_EQ(vresp.diagnostics_size(), 1);
  EXPECT_THAT(vresp.diagnostics(0).detail(), HasSubstr("azbatch_pool-\xEF\xBF\xBD\xEF\xBF\xBD"));

  tfplugin6::MoveResourceState::Request mreq;
  mreq.set_source_type_name(bad_name);
  mreq.set_target_type_name(kThing);
  mreq.mutable_source_state()->set_json(std::string("{\"name\":\"") + kBad + "\"}");
  tfplugin6::MoveResourceState::Response mresp;
  ASSERT_TRUE(service_.MoveResourceState(&sctx, &mreq, &mresp).ok());
  ExpectCrossesTheWire(mresp);
  EXPECT_EQ(mresp.diagnostics_size(), 1);

  tfplugin6::CallFunction::Request freq;
  freq.set_name(bad_name);
  tfplugin6::CallFunction::Response fresp;
  ASSERT_TRUE(service_.CallFunction(&sctx, &freq, &fresp).ok());
  ExpectCrossesTheWire(fresp);
  EXPECT_TRUE(fresp.has_error());

  tfplugin6::OpenEphemeralResource::Request oreq;
  oreq.set_type_name(bad_name);
  tfplugin6::OpenEphemeralResource::Response oresp;
  ASSERT_TRUE(service_.OpenEphemeralResource(&sctx, &oreq, &oresp).ok());
  ExpectCrossesTheWire(oresp);
  EXPECT_EQ(oresp.diagnostics_size(), 1);
  EXPECT_EQ(g_calls, 0);
}

#undef CALL

// ---- The real resources -----------------------------------------------------

// Every string attribute of every registered resource type set to invalid
// UTF-8: an error on each, from ValidateResourceConfig and PlanResourceChange
// alike (the first used to copy the raw name into a diagnostic, the second
// accepted it silently for some types).
TEST(RegistryUtf8Test, EveryResourceStringAttributeIsRejected) {
  ProviderServer service(resources::NewAzbatchProvider("0.0.0-test"));
  grpc::ServerContext ctx;
  tfplugin6::GetProviderSchema::Response schema;
  ASSERT_TRUE(service.GetProviderSchema(&ctx, nullptr, &schema).ok());
  ASSERT_FALSE(schema.resource_schemas().empty());
  for (const auto& [name, unused] : schema.resource_schemas()) {
    SCOPED_TRACE(name);
    const cty::Type type = *service.server().ResourceType(name);
    std::map<std::string, cty::Value> attrs;
    std::vector<std::string> expected;
    for (const auto& [attr, attr_type] : type.attributes()) {
      if (attr_type.kind() != cty::Kind::kString) continue;
      attrs[attr] = cty::Value::String(std::string(attr) + "-\xFF");
      expected.push_back(attr);
    }
    ASSERT_FALSE(expected.empty());
    const cty::Value bad = cty::Value::ObjectOf(type, attrs);

    tfplugin6::ValidateResourceConfig::Request vreq;
    vreq.set_type_name(name);
    *vreq.mutable_config() = Msgpack(bad, type);
    tfplugin6::ValidateResourceConfig::Response vresp;
    ASSERT_TRUE(service.ValidateResourceConfig(&ctx, &vreq, &vresp).ok());
    ExpectCrossesTheWire(vresp);
    EXPECT_THAT(Utf8ErrorPaths(vresp.diagnostics()), UnorderedElementsAreArray(expected));

    tfplugin6::PlanResourceChange::Request preq;
    preq.set_type_name(name);
    *preq.mutable_prior_state() = Msgpack(cty::Value::Null(type), type);
    *preq.mutable_proposed_new_state() = Msgpack(bad, type);
    *preq.mutable_config() = Msgpack(bad, type);
    tfplugin6::PlanResourceChange::Response presp;
    ASSERT_TRUE(service.PlanResourceChange(&ctx, &preq, &presp).ok());
    ExpectCrossesTheWire(presp);
    EXPECT_THAT(Utf8ErrorPaths(presp.diagnostics()), UnorderedElementsAreArray(expected));
    EXPECT_FALSE(presp.has_planned_state());
  }
}

TEST(RegistryUtf8Test, ProviderConfigAndFunctions) {
  ProviderServer service(resources::NewAzbatchProvider("0.0.0-test"));
  grpc::ServerContext ctx;
  tfplugin6::GetProviderSchema::Response schema;
  ASSERT_TRUE(service.GetProviderSchema(&ctx, nullptr, &schema).ok());
  const cty::Type t = service.server().ProviderConfigType();
  ASSERT_TRUE(t.HasAttribute("subscription_id"));
  const cty::Value bad = cty::Value::ObjectOf(t, {{"subscription_id", cty::Value::String(kBad)}});
  tfplugin6::ValidateProviderConfig::Request vreq;
  *vreq.mutable_config() = Msgpack(bad, t);
  tfplugin6::ValidateProviderConfig::Response vresp;
  ASSERT_TRUE(service.ValidateProviderConfig(&ctx, &vreq, &vresp).ok());
  ExpectCrossesTheWire(vresp);
  EXPECT_THAT(Utf8ErrorPaths(vresp.diagnostics()), UnorderedElementsAreArray({"subscription_id"}));

  tfplugin6::CallFunction::Request freq;
  freq.set_name("parse_resource_id");
  *freq.add_arguments() = Msgpack(cty::Value::String(std::string("/subscriptions/") + kBad),
                                  cty::Type::String());
  tfplugin6::CallFunction::Response fresp;
  ASSERT_TRUE(service.CallFunction(&ctx, &freq, &fresp).ok());
  ExpectCrossesTheWire(fresp);
  ASSERT_TRUE(fresp.has_error());
  EXPECT_EQ(fresp.error().function_argument(), 0);
  EXPECT_THAT(fresp.error().text(), HasSubstr("not valid UTF-8"));
}

}  // namespace
}  // namespace azbatch::plugin
