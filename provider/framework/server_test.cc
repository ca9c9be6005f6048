#include "provider/framework/server.h"

#include <atomic>
#include <thread>

#include "gtest/gtest.h"
#include "provider/cty/json.h"

namespace azbatch::framework {
namespace {

using cty::Path;
using cty::Type;
using cty::Value;

// Observations shared by all instances of the test resource.
struct Probe {
  std::atomic<int> creates{0};
  std::atomic<int> reads{0};
  std::atomic<bool> leave_unknown{false};
  std::atomic<bool> block_in_create{false};
  absl::Mutex mu;
  absl::Duration create_budget ABSL_GUARDED_BY(mu);
  absl::Status create_err ABSL_GUARDED_BY(mu);
};
Probe* probe = nullptr;

Block RuleBlock() {
  Block b;
  b.attributes = {
      Attribute::Required("port", Type::Number()),
      Attribute::Optional("proto", Type::String()).WithDefault(Value::String("tcp")),
  };
  return b;
}

class Thing : public Resource,
              public ResourceWithImportState,
              public ResourceWithUpgradeState,
              public ResourceWithValidateConfig {
 public:
  std::string TypeName() const override { return "test_thing"; }
  Schema GetSchema() const override {
    Schema s;
    s.version = 1;
    s.block.attributes = {
        Attribute::Computed("id", Type::String())
            .WithPlanModifiers({plan_modifiers::UseStateForUnknown()}),
        Attribute::Required("name", Type::String())
            .WithPlanModifiers({plan_modifiers::RequiresReplace()})
            .WithValidators({validators::StringLengthBetween(1, 10)}),
        Attribute::Optional("location", Type::String())
            .WithPlanModifiers({plan_modifiers::RequiresReplaceIf(
                [](const PlanModifierRequest& r) {
                  return r.plan_value.is_known() && !r.plan_value.is_null() &&
                         r.plan_value.AsString() != "anywhere";
                },
                "moving forces replacement except to \"anywhere\"")}),
        Attribute::Optional("size", Type::Number()).WithDefault(Value::Int(5)),
        Attribute::Computed("etag", Type::String()),
        Attribute::Optional("password", Type::String()).WriteOnly(),
    };
    s.block.blocks = {NestedBlock::List("rule", RuleBlock(), 0, 3), TimeoutsBlock()};
    return s;
  }
  void ValidateConfig(const Context&, const ValidateConfigRequest& req,
                      ValidateConfigResponse* resp) override {
    const Value& size = req.config.GetAttr("size");
    if (size.is_known() && !size.is_null() && size.AsNumber() == cty::Number::FromInt(13)) {
      resp->diagnostics.AddAttributeError(Path().Attr("size"), "Unlucky size");
    }
  }
  void Create(const Context& ctx, const CreateRequest& req, CreateResponse* resp) override {
    ++probe->creates;
    {
      absl::MutexLock l(&probe->mu);
      probe->create_budget = ctx.deadline() - absl::Now();
    }
    if (probe->block_in_create) {
      absl::Status s = ctx.Sleep(absl::Seconds(30));
      absl::MutexLock l(&probe->mu);
      probe->create_err = s;
      resp->diagnostics.AddStatus(s, "creating thing");
      return;
    }
    resp->new_state = resp->new_state.WithAttr(
        "id", Value::String("thing-" + req.planned_state.GetAttr("name").AsString()));
    if (!probe->leave_unknown) resp->new_state = resp->new_state.WithAttr("etag", Value::String("e1"));
  }
  void Read(const Context&, const ReadRequest& req, ReadResponse* resp) override {
    ++probe->reads;
  }
  void Update(const Context&, const UpdateRequest& req, UpdateResponse* resp) override {
    resp->new_state = resp->new_state.WithAttr("etag", Value::String("e2"));
  }
  void Delete(const Context&, const DeleteRequest&, DeleteResponse*) override {}
  void ImportState(const Context&, const ImportStateRequest& req,
                   ImportStateResponse* resp) override {
    ImportStatePassthroughId(req, resp);
  }
  std::map<int64_t, StateUpgrader> StateUpgraders() override {
    return {{0, [](const Context&, const UpgradeStateRequest& req, UpgradeStateResponse* resp) {
               // Version 0 called the attribute "title".
               auto old = cty::UnmarshalJsonLenient(
                   req.raw_json, Type::Object({{"id", Type::String()}, {"title", Type::String()}}));
               if (!old.ok()) {
                 resp->diagnostics.AddStatus(old.status(), "bad v0 state");
                 return;
               }
               resp->upgraded_json = "{\"id\":\"" + old->GetAttr("id").AsString() +
                                     "\",\"name\":\"" + old->GetAttr("title").AsString() +
                                     "\",\"size\":5,\"etag\":\"e0\"}";
             }}};
  }
};

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    probe = &probe_;
    auto p = std::make_unique<Provider>("test", "1.0.0");
    ASSERT_TRUE(p->AddResource([] { return std::make_unique<Thing>(); }).ok());
    server_ = std::make_unique<Server>(std::move(p));
    schema_ = Thing().GetSchema();
    type_ = schema_.ImpliedType();
  }
  void TearDown() override { probe = nullptr; }

  Value Rule(int port, const char* proto = nullptr) {
    return Value::ObjectOf(RuleBlock().ImpliedType(),
                           {{"port", Value::Int(port)},
                            {"proto", proto ? Value::String(proto) : Value::Null(Type::String())}});
  }
  // A config value as core sends it (blocks present, computed attributes null).
  Value Config(const std::string& name, std::vector<Value> rules = {}) {
    Value v = schema_.block.EmptyValue().WithAttr("name", Value::String(name));
    return v.WithAttr("rule", Value::List(RuleBlock().ImpliedType(), std::move(rules)));
  }
  // Core's ProposedNew: config, plus prior values for computed attributes null in config.
  Value Proposed(const Value& config, const Value& prior) {
    Value v = config;
    if (prior.is_null()) return v;
    for (const Attribute& a : schema_.block.attributes) {
      if (a.computed && config.GetAttr(a.name).is_null()) v = v.WithAttr(a.name, prior.GetAttr(a.name));
    }
    return v;
  }
  PlanResourceChangeResponse Plan(const Value& prior, const Value& config) {
    PlanResourceChangeRequest req;
    req.type_name = "test_thing";
    req.prior_state = prior.is_null() ? Value::Null(type_) : prior;
    req.config = config;
    req.proposed_new_state = Proposed(config, prior);
    return server_->PlanResourceChange(req);
  }
  ApplyResourceChangeResponse Apply(const Value& prior, const Value& planned, const Value& config) {
    ApplyResourceChangeRequest req;
    req.type_name = "test_thing";
    req.prior_state = prior.is_null() ? Value::Null(type_) : prior;
    req.planned_state = planned;
    req.config = config;
    return server_->ApplyResourceChange(req);
  }
  Value Created(const Value& config) {
    auto plan = Plan(Value::Null(type_), config);
    EXPECT_FALSE(plan.diagnostics.HasError()) << plan.diagnostics.ToString();
    auto applied = Apply(Value::Null(type_), plan.planned_state, config);
    EXPECT_FALSE(applied.diagnostics.HasError()) << applied.diagnostics.ToString();
    return applied.new_state;
  }

  Probe probe_;
  std::unique_ptr<Server> server_;
  Schema schema_;
  Type type_;
};

TEST_F(ServerTest, SchemasAndTypes) {
  GetProviderSchemaResponse s = server_->GetProviderSchema();
  EXPECT_TRUE(s.diagnostics.empty()) << s.diagnostics.ToString();
  ASSERT_EQ(s.resource_schemas.count("test_thing"), 1u);
  EXPECT_EQ(s.resource_schemas["test_thing"].version, 1);
  EXPECT_EQ(server_->ResourceType("test_thing"), type_);
  EXPECT_FALSE(server_->ResourceType("test_other").has_value());
  EXPECT_TRUE(s.server_capabilities.plan_destroy);
}

TEST_F(ServerTest, CreatePlanMarksComputedUnknownAndAppliesDefaults) {
  Value config = Config("a", {Rule(80), Rule(443, "udp")});
  auto plan = Plan(Value::Null(type_), config);
  ASSERT_FALSE(plan.diagnostics.HasError()) << plan.diagnostics.ToString();
  const Value& p = plan.planned_state;
  EXPECT_FALSE(p.GetAttr("id").is_known());
  EXPECT_FALSE(p.GetAttr("etag").is_known());
  EXPECT_EQ(p.GetAttr("size"), Value::Int(5));
  EXPECT_EQ(p.GetAttr("name"), Value::String("a"));
  ASSERT_EQ(p.GetAttr("rule").Length(), 2u);  // block count follows config
  EXPECT_EQ(p.GetAttr("rule").Elements()[0].GetAttr("proto"), Value::String("tcp"));
  EXPECT_EQ(p.GetAttr("rule").Elements()[1].GetAttr("proto"), Value::String("udp"));
  EXPECT_TRUE(plan.requires_replace.empty());
}

TEST_F(ServerTest, NoChangeUpdateKeepsPriorExactly) {
  Value config = Config("a", {Rule(80)});
  Value state = Created(config);
  auto plan = Plan(state, config);
  ASSERT_FALSE(plan.diagnostics.HasError()) << plan.diagnostics.ToString();
  EXPECT_EQ(plan.planned_state, state) << plan.planned_state.DebugString() << "\n"
                                       << state.DebugString();
  EXPECT_TRUE(plan.requires_replace.empty());
}

TEST_F(ServerTest, UpdateUsesStateForUnknownAndMarksOthers) {
  Value state = Created(Config("a"));
  Value config = Config("a").WithAttr("size", Value::Int(7));
  auto plan = Plan(state, config);
  ASSERT_FALSE(plan.diagnostics.HasError()) << plan.diagnostics.ToString();
  EXPECT_EQ(plan.planned_state.GetAttr("id"), Value::String("thing-a"));  // use_state_for_unknown
  EXPECT_FALSE(plan.planned_state.GetAttr("etag").is_known());          // plain computed
  EXPECT_EQ(plan.planned_state.GetAttr("size"), Value::Int(7));
  EXPECT_TRUE(plan.requires_replace.empty());

  auto applied = Apply(state, plan.planned_state, config);
  ASSERT_FALSE(applied.diagnostics.HasError()) << applied.diagnostics.ToString();
  EXPECT_EQ(applied.new_state.GetAttr("etag"), Value::String("e2"));
}

TEST_F(ServerTest, RequiresReplacePathsReported) {
  Value state = Created(Config("a").WithAttr("location", Value::String("west")));
  auto plan = Plan(state, Config("b").WithAttr("location", Value::String("east")));
  ASSERT_FALSE(plan.diagnostics.HasError()) << plan.diagnostics.ToString();
  ASSERT_EQ(plan.requires_replace.size(), 2u);
  EXPECT_EQ(plan.requires_replace[0], Path().Attr("location"));
  EXPECT_EQ(plan.requires_replace[1], Path().Attr("name"));

  // RequiresReplaceIf: moving to "anywhere" does not replace.
  auto soft = Plan(state, Config("a").WithAttr("location", Value::String("anywhere")));
  EXPECT_TRUE(soft.requires_replace.empty());
}

TEST_F(ServerTest, WriteOnlyNulledInPlanAndState) {
  Value config = Config("a").WithAttr("password", Value::String("s3cret"));
  auto plan = Plan(Value::Null(type_), config);
  ASSERT_FALSE(plan.diagnostics.HasError()) << plan.diagnostics.ToString();
  EXPECT_TRUE(plan.planned_state.GetAttr("password").is_null());
  auto applied = Apply(Value::Null(type_), plan.planned_state, config);
  ASSERT_FALSE(applied.diagnostics.HasError()) << applied.diagnostics.ToString();
  EXPECT_TRUE(applied.new_state.GetAttr("password").is_null());
  EXPECT_TRUE(applied.new_state.IsWhollyKnown());
}

TEST_F(ServerTest, UnknownConfigStaysUnknown) {
  Value config = Config("a").WithAttr("location", Value::Unknown(Type::String()));
  auto plan = Plan(Value::Null(type_), config);
  ASSERT_FALSE(plan.diagnostics.HasError()) << plan.diagnostics.ToString();
  EXPECT_FALSE(plan.planned_state.GetAttr("location").is_known());
}

TEST_F(ServerTest, DestroyPlanIsNullAndDeleteReturnsNull) {
  Value state = Created(Config("a"));
  PlanResourceChangeRequest req;
  req.type_name = "test_thing";
  req.prior_state = state;
  req.proposed_new_state = Value::Null(type_);
  req.config = Value::Null(type_);
  auto plan = server_->PlanResourceChange(req);
  EXPECT_TRUE(plan.planned_state.is_null());
  auto applied = Apply(state, Value::Null(type_), Value::Null(type_));
  EXPECT_FALSE(applied.diagnostics.HasError());
  EXPECT_TRUE(applied.new_state.is_null());
}

TEST_F(ServerTest, ApplyCreateReadsBackAndUsesTimeouts) {
  Value timeouts = TimeoutsBlock().block.EmptyValue().WithAttr("create", Value::String("90m"));
  Value config = Config("a").WithAttr("timeouts", timeouts);
  Value state = Created(config);
  EXPECT_EQ(probe_.creates.load(), 1);
  EXPECT_EQ(probe_.reads.load(), 1);
  EXPECT_TRUE(state.IsWhollyKnown());
  EXPECT_EQ(state.GetAttr("id"), Value::String("thing-a"));
  absl::MutexLock l(&probe_.mu);
  EXPECT_GT(probe_.create_budget, absl::Minutes(89));
  EXPECT_LE(probe_.create_budget, absl::Minutes(90));
}

TEST_F(ServerTest, UnknownLeftAfterCreateIsReportedWithPath) {
  probe_.leave_unknown = true;
  Value config = Config("a");
  auto plan = Plan(Value::Null(type_), config);
  auto applied = Apply(Value::Null(type_), plan.planned_state, config);
  ASSERT_TRUE(applied.diagnostics.HasError());
  EXPECT_TRUE(applied.diagnostics.HasPath(Path().Attr("etag"))) << applied.diagnostics.ToString();
  EXPECT_TRUE(applied.new_state.is_null());
}

TEST_F(ServerTest, ValidateResourceConfig) {
  ValidateResourceConfigRequest req;
  req.type_name = "test_thing";
  req.config = Config("this-name-is-too-long").WithAttr("size", Value::Int(13))
                   .WithAttr("password", Value::String("x"));
  auto resp = server_->ValidateResourceConfig(req);
  EXPECT_TRUE(resp.diagnostics.HasPath(Path().Attr("name"))) << resp.diagnostics.ToString();
  EXPECT_TRUE(resp.diagnostics.HasPath(Path().Attr("size")));
  EXPECT_TRUE(resp.diagnostics.HasPath(Path().Attr("password")));  // no write-only support
  req.client_capabilities.write_only_attributes_allowed = true;
  req.config = Config(std::string("ok")).WithAttr("name", Value::Unknown(Type::String()))
                   .WithAttr("password", Value::String("x"));
  resp = server_->ValidateResourceConfig(req);
  EXPECT_TRUE(resp.diagnostics.empty()) << resp.diagnostics.ToString();

  req.config = Config("a", {Rule(1), Rule(2), Rule(3), Rule(4)});
  resp = server_->ValidateResourceConfig(req);
  EXPECT_TRUE(resp.diagnostics.HasPath(Path().Attr("rule"))) << resp.diagnostics.ToString();
}

TEST_F(ServerTest, ImportPassthroughSetsId) {
  auto resp = server_->ImportResourceState({"test_thing", "thing-x", {}});
  ASSERT_FALSE(resp.diagnostics.HasError()) << resp.diagnostics.ToString();
  ASSERT_EQ(resp.imported_resources.size(), 1u);
  const Value& s = resp.imported_resources[0].state;
  EXPECT_EQ(s.GetAttr("id"), Value::String("thing-x"));
  EXPECT_TRUE(s.GetAttr("name").is_null());
  EXPECT_EQ(s.GetAttr("rule").Length(), 0u);
}

TEST_F(ServerTest, UpgradeStateByVersion) {
  auto up = server_->UpgradeResourceState({"test_thing", 0, R"({"id":"i","title":"old"})"});
  ASSERT_FALSE(up.diagnostics.HasError()) << up.diagnostics.ToString();
  EXPECT_EQ(up.upgraded_state.GetAttr("name"), Value::String("old"));
  EXPECT_EQ(up.upgraded_state.GetAttr("rule").Length(), 0u);

  auto same = server_->UpgradeResourceState(
      {"test_thing", 1, R"({"id":"i","name":"n","size":5,"etag":"e","rule":[],"gone":1})"});
  ASSERT_FALSE(same.diagnostics.HasError()) << same.diagnostics.ToString();
  EXPECT_EQ(same.upgraded_state.GetAttr("name"), Value::String("n"));

  auto newer = server_->UpgradeResourceState({"test_thing", 2, "{}"});
  EXPECT_TRUE(newer.diagnostics.HasError());
}

TEST_F(ServerTest, PrivateStateFlowsThroughPlan) {
  PrivateState priv;
  ASSERT_TRUE(priv.SetKey("k", "1").ok());
  PlanResourceChangeRequest req;
  req.type_name = "test_thing";
  req.prior_state = Value::Null(type_);
  req.config = Config("a");
  req.proposed_new_state = req.config;
  req.prior_private = priv.ToBytes();
  auto plan = server_->PlanResourceChange(req);
  EXPECT_EQ(plan.planned_private, priv.ToBytes());
  req.prior_private = "not json";
  EXPECT_TRUE(server_->PlanResourceChange(req).diagnostics.HasError());
}

TEST_F(ServerTest, StopProviderCancelsInFlightCreate) {
  probe_.block_in_create = true;
  Value config = Config("a");
  auto plan = Plan(Value::Null(type_), config);
  ApplyResourceChangeResponse applied;
  absl::Time start = absl::Now();
  std::thread worker([&] { applied = Apply(Value::Null(type_), plan.planned_state, config); });
  while (probe_.creates.load() == 0) absl::SleepFor(absl::Milliseconds(5));
  absl::SleepFor(absl::Milliseconds(20));
  EXPECT_TRUE(server_->StopProvider().error.empty());
  worker.join();
  EXPECT_LT(absl::Now() - start, absl::Seconds(10));
  EXPECT_TRUE(applied.diagnostics.HasError());
  EXPECT_TRUE(applied.new_state.is_null());
  absl::MutexLock l(&probe_.mu);
  EXPECT_EQ(probe_.create_err.code(), absl::StatusCode::kCancelled);
}

TEST_F(ServerTest, ConcurrentPlansAgree) {
  Value state = Created(Config("a", {Rule(80)}));
  Value config = Config("a", {Rule(80), Rule(81)}).WithAttr("size", Value::Int(9));
  auto expected = Plan(state, config);
  ASSERT_FALSE(expected.diagnostics.HasError());
  std::atomic<int> mismatches{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 100; ++i) {
        auto p = Plan(state, config);
        if (p.diagnostics.HasError() || p.planned_state != expected.planned_state) ++mismatches;
        server_->ValidateResourceConfig({"test_thing", config, {}});
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(mismatches.load(), 0);
}

TEST_F(ServerTest, UnknownTypeIsAnError) {
  ReadResourceRequest req;
  req.type_name = "test_nope";
  EXPECT_TRUE(server_->ReadResource(req).diagnostics.HasError());
}

// --- functions and data sources through the server --------------------------

class Echo : public Function {
 public:
  std::string Name() const override { return "echo"; }
  FunctionDefinition Definition() const override {
    FunctionDefinition d;
    FunctionParameter s;
    s.name = "s";
    s.type = Type::String();
    d.parameters = {s};
    s.name = "rest";
    d.variadic_parameter = s;
    d.return_type = Type::String();
    return d;
  }
  void Run(const Context&, const FunctionRunRequest& req, FunctionRunResponse* resp) override {
    if (req.arguments[0].AsString().empty()) {
      resp->error = FunctionError{"s must not be empty", 0};
      return;
    }
    std::string out;
    for (const Value& v : req.arguments) out += v.AsString();
    resp->result = Value::String(out);
  }
};

TEST(ServerFunctionTest, CallFunction) {
  auto p = std::make_unique<Provider>("test", "1");
  ASSERT_TRUE(p->AddFunction([] { return std::make_unique<Echo>(); }).ok());
  EXPECT_FALSE(p->AddFunction([] { return std::make_unique<Echo>(); }).ok());  // duplicate
  Server s(std::move(p));
  auto ok = s.CallFunction({"echo", {Value::String("a"), Value::String("b"), Value::String("c")}});
  ASSERT_FALSE(ok.error.has_value()) << ok.error->text;
  EXPECT_EQ(ok.result, Value::String("abc"));
  auto err = s.CallFunction({"echo", {Value::String("")}});
  ASSERT_TRUE(err.error.has_value());
  EXPECT_EQ(err.error->function_argument, 0);
  auto null_arg = s.CallFunction({"echo", {Value::String("a"), Value::Null(Type::String())}});
  ASSERT_TRUE(null_arg.error.has_value());
  EXPECT_EQ(null_arg.error->function_argument, 1);
  EXPECT_TRUE(s.CallFunction({"echo", {}}).error.has_value());
  EXPECT_TRUE(s.CallFunction({"nope", {}}).error.has_value());
  auto unknown = s.CallFunction({"echo", {Value::Unknown(Type::String())}});
  EXPECT_FALSE(unknown.error.has_value());
  EXPECT_FALSE(unknown.result.is_known());
}

TEST(ServerProviderTest, RegistrationChecksPrefix) {
  Provider p("azbatch", "1");
  class Wrong : public Thing {};
  EXPECT_FALSE(p.AddResource([] { return std::make_unique<Wrong>(); }).ok());
}

}  // namespace
}  // namespace azbatch::framework
