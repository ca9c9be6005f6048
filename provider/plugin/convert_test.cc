#include "provider/plugin/convert.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "provider/cty/msgpack.h"

namespace azbatch::plugin {
namespace {

using ::testing::HasSubstr;

cty::Type PoolType() {
  return cty::Type::Object({
      {"name", cty::Type::String()},
      {"tags", cty::Type::Map(cty::Type::String())},
      {"nodes", cty::Type::List(cty::Type::Object({{"size", cty::Type::Number()}}))},
      {"rules", cty::Type::Set(cty::Type::Object({{"port", cty::Type::Number()}}))},
  });
}

// ---- Paths ------------------------------------------------------------------

TEST(PathConvert, RoundTripKeepsEveryStepKind) {
  const cty::Path path = cty::Path().Attr("nodes").Index(2).Attr("labels").Key("env");
  tfplugin6::AttributePath proto;
  PathToProto(path, nullptr, &proto);
  ASSERT_EQ(proto.steps_size(), 4);
  EXPECT_EQ(proto.steps(0).attribute_name(), "nodes");
  EXPECT_EQ(proto.steps(1).selector_case(), tfplugin6::AttributePath::Step::kElementKeyInt);
  EXPECT_EQ(proto.steps(1).element_key_int(), 2);
  EXPECT_EQ(proto.steps(2).attribute_name(), "labels");
  EXPECT_EQ(proto.steps(3).selector_case(), tfplugin6::AttributePath::Step::kElementKeyString);
  EXPECT_EQ(proto.steps(3).element_key_string(), "env");
  EXPECT_EQ(PathFromProto(proto), path);
}

TEST(PathConvert, TypedPathFollowsListsAndMaps) {
  const cty::Type type = PoolType();
  tfplugin6::AttributePath proto;
  PathToProto(cty::Path().Attr("nodes").Index(1).Attr("size"), &type, &proto);
  EXPECT_EQ(proto.steps_size(), 3);
  PathToProto(cty::Path().Attr("tags").Key("env"), &type, &proto);
  ASSERT_EQ(proto.steps_size(), 2);
  EXPECT_EQ(proto.steps(1).element_key_string(), "env");
}

TEST(PathConvert, StopsAtSetElements) {
  const cty::Type type = PoolType();
  tfplugin6::AttributePath proto;
  PathToProto(cty::Path().Attr("rules").Index(0).Attr("port"), &type, &proto);
  ASSERT_EQ(proto.steps_size(), 1);
  EXPECT_EQ(proto.steps(0).attribute_name(), "rules");
}

TEST(PathConvert, EmptyStepsAreSkipped) {
  tfplugin6::AttributePath proto;
  proto.add_steps()->set_attribute_name("a");
  proto.add_steps();  // no selector
  proto.add_steps()->set_element_key_int(3);
  EXPECT_EQ(PathFromProto(proto), cty::Path().Attr("a").Index(3));
}

// ---- Diagnostics ------------------------------------------------------------

TEST(DiagnosticConvert, SeverityIsAlwaysExplicit) {
  framework::Diagnostics diags;
  diags.AddError("boom", "it broke");
  diags.AddAttributeWarning(cty::Path().Attr("name"), "careful", "deprecated name");
  google::protobuf::RepeatedPtrField<tfplugin6::Diagnostic> out;
  DiagnosticsToProto(diags, nullptr, &out);
  ASSERT_EQ(out.size(), 2);
  EXPECT_EQ(out[0].severity(), tfplugin6::Diagnostic::ERROR);
  EXPECT_EQ(out[0].summary(), "boom");
  EXPECT_EQ(out[0].detail(), "it broke");
  EXPECT_FALSE(out[0].has_attribute());
  EXPECT_EQ(out[1].severity(), tfplugin6::Diagnostic::WARNING);
  ASSERT_TRUE(out[1].has_attribute());
  ASSERT_EQ(out[1].attribute().steps_size(), 1);
  EXPECT_EQ(out[1].attribute().steps(0).attribute_name(), "name");
}

TEST(DiagnosticConvert, AttributePathIsTruncatedAtSetWithType) {
  const cty::Type type = PoolType();
  framework::Diagnostic d;
  d.severity = framework::Severity::kError;
  d.summary = "bad port";
  d.attribute = cty::Path().Attr("rules").Index(4).Attr("port");
  tfplugin6::Diagnostic out;
  DiagnosticToProto(d, &type, &out);
  EXPECT_EQ(out.severity(), tfplugin6::Diagnostic::ERROR);
  ASSERT_EQ(out.attribute().steps_size(), 1);
  EXPECT_EQ(out.attribute().steps(0).attribute_name(), "rules");
}

// ---- Schemas ----------------------------------------------------------------

framework::Schema NestedSchema() {
  framework::Attribute name = framework::Attribute::Required("name", cty::Type::String());
  name.description = "The **pool** name.";
  framework::Attribute secret = framework::Attribute::Optional("password", cty::Type::String());
  secret.sensitive = true;
  secret.write_only = true;
  framework::Attribute old = framework::Attribute::Optional("legacy_size", cty::Type::Number());
  old.deprecated = true;
  old.deprecation_message = "Use vm_size instead.";
  framework::Attribute tags =
      framework::Attribute::Computed("tags", cty::Type::Map(cty::Type::String()));
  framework::Attribute rules = framework::Attribute::Nested(
      "rules", framework::NestingMode::kList,
      {framework::Attribute::Required("port", cty::Type::Number())});
  rules.optional = true;

  framework::Block node_block;
  node_block.attributes.push_back(framework::Attribute::Required("size", cty::Type::Number()));
  framework::Block single_block;
  single_block.attributes.push_back(
      framework::Attribute::Optional("create", cty::Type::String()));

  framework::Schema schema;
  schema.version = 2;
  schema.block.description = "A pool.";
  schema.block.attributes = {name, secret, old, tags, rules};
  framework::NestedBlock nodes;
  nodes.type_name = "node";
  nodes.nesting = framework::NestingMode::kList;
  nodes.block = node_block;
  nodes.min_items = 1;
  nodes.max_items = 3;
  framework::NestedBlock timeouts;
  timeouts.type_name = "timeouts";
  timeouts.nesting = framework::NestingMode::kSingle;
  timeouts.block = single_block;
  schema.block.blocks = {nodes, timeouts};
  return schema;
}

const tfplugin6::Schema::Attribute* FindAttr(const tfplugin6::Schema::Block& b,
                                             const std::string& name) {
  for (const auto& a : b.attributes()) {
    if (a.name() == name) return &a;
  }
  return nullptr;
}

TEST(SchemaConvert, NestedSchemaWithTypeJsonBytes) {
  tfplugin6::Schema out;
  SchemaToProto(NestedSchema(), &out);
  EXPECT_EQ(out.version(), 2);
  ASSERT_TRUE(out.has_block());
  const auto& block = out.block();
  EXPECT_EQ(block.description(), "A pool.");
  EXPECT_EQ(block.description_kind(), tfplugin6::MARKDOWN);
  ASSERT_EQ(block.attributes_size(), 5);

  const auto* name = FindAttr(block, "name");
  ASSERT_NE(name, nullptr);
  EXPECT_EQ(name->type(), "\"string\"");
  EXPECT_EQ(name->type().size(), 8u);
  EXPECT_TRUE(name->required());
  EXPECT_FALSE(name->optional());
  EXPECT_FALSE(name->computed());
  EXPECT_EQ(name->description(), "The **pool** name.");
  EXPECT_EQ(name->description_kind(), tfplugin6::MARKDOWN);

  const auto* secret = FindAttr(block, "password");
  ASSERT_NE(secret, nullptr);
  EXPECT_TRUE(secret->sensitive());
  EXPECT_TRUE(secret->write_only());

  const auto* old = FindAttr(block, "legacy_size");
  ASSERT_NE(old, nullptr);
  EXPECT_EQ(old->type(), "\"number\"");
  EXPECT_TRUE(old->deprecated());
  EXPECT_EQ(old->deprecation_message(), "Use vm_size instead.");

  const auto* tags = FindAttr(block, "tags");
  ASSERT_NE(tags, nullptr);
  EXPECT_EQ(tags->type(), R"(["map","string"])");
  EXPECT_TRUE(tags->computed());

  const auto* rules = FindAttr(block, "rules");
  ASSERT_NE(rules, nullptr);
  EXPECT_TRUE(rules->type().empty()) << "nested attributes carry no type bytes";
  ASSERT_TRUE(rules->has_nested_type());
  EXPECT_EQ(rules->nested_type().nesting(), tfplugin6::Schema::Object::LIST);
  ASSERT_EQ(rules->nested_type().attributes_size(), 1);
  EXPECT_EQ(rules->nested_type().attributes(0).name(), "port");
  EXPECT_EQ(rules->nested_type().attributes(0).type(), "\"number\"");
  EXPECT_TRUE(rules->optional());

  ASSERT_EQ(block.block_types_size(), 2);
  const auto& node = block.block_types(0);
  EXPECT_EQ(node.type_name(), "node");
  EXPECT_EQ(node.nesting(), tfplugin6::Schema::NestedBlock::LIST);
  EXPECT_EQ(node.min_items(), 1);
  EXPECT_EQ(node.max_items(), 3);
  ASSERT_EQ(node.block().attributes_size(), 1);
  EXPECT_EQ(node.block().attributes(0).type(), "\"number\"");
  const auto& timeouts = block.block_types(1);
  EXPECT_EQ(timeouts.nesting(), tfplugin6::Schema::NestedBlock::SINGLE);
  EXPECT_EQ(timeouts.min_items(), 0);
  EXPECT_EQ(timeouts.max_items(), 0);
}

TEST(SchemaConvert, TypeBytesParseBackToTheSameType) {
  const cty::Type type = PoolType();
  framework::Schema schema;
  schema.block.attributes.push_back(framework::Attribute::Optional("pool", type));
  tfplugin6::Schema out;
  SchemaToProto(schema, &out);
  auto parsed = cty::Type::FromJson(out.block().attributes(0).type());
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(*parsed, type);
}

TEST(SchemaConvert, EmptySchemaStillHasBlock) {
  tfplugin6::Schema out;
  SchemaToProto(framework::Schema{}, &out);
  EXPECT_TRUE(out.has_block());
  EXPECT_EQ(out.block().attributes_size(), 0);
}

TEST(FunctionConvert, ParametersVariadicAndReturn) {
  framework::FunctionDefinition fn;
  fn.summary = "Joins ids";
  fn.description = "Joins *ids*.";
  framework::FunctionParameter first;
  first.name = "sep";
  first.type = cty::Type::String();
  first.allow_null_value = true;
  fn.parameters.push_back(first);
  framework::FunctionParameter rest;
  rest.name = "ids";
  rest.type = cty::Type::String();
  rest.allow_unknown_values = true;
  fn.variadic_parameter = rest;
  fn.return_type = cty::Type::List(cty::Type::String());

  tfplugin6::Function out;
  FunctionToProto(fn, &out);
  ASSERT_EQ(out.parameters_size(), 1);
  EXPECT_EQ(out.parameters(0).name(), "sep");
  EXPECT_EQ(out.parameters(0).type(), "\"string\"");
  EXPECT_TRUE(out.parameters(0).allow_null_value());
  EXPECT_FALSE(out.parameters(0).allow_unknown_values());
  ASSERT_TRUE(out.has_variadic_parameter());
  EXPECT_EQ(out.variadic_parameter().name(), "ids");
  EXPECT_TRUE(out.variadic_parameter().allow_unknown_values());
  EXPECT_EQ(out.return_().type(), R"(["list","string"])");
  EXPECT_EQ(out.summary(), "Joins ids");
  EXPECT_EQ(out.description_kind(), tfplugin6::MARKDOWN);
}

// ---- Values -----------------------------------------------------------------

TEST(DynamicValueConvert, MsgpackRoundTripAndAlwaysAnswersMsgpack) {
  const cty::Type type = cty::Type::Object({{"a", cty::Type::String()}, {"n", cty::Type::Number()}});
  auto n = cty::Number::Parse("0.1");
  ASSERT_TRUE(n.ok());
  const cty::Value v = cty::Value::Object({{"a", cty::Value::String("x")},
                                           {"n", cty::Value::Num(*n)}});
  tfplugin6::DynamicValue dv;
  ASSERT_TRUE(EncodeDynamicValue(v, type, &dv).ok());
  EXPECT_FALSE(dv.msgpack().empty());
  EXPECT_TRUE(dv.json().empty());
  auto back = DecodeDynamicValue(dv, type);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(*back, v);
  EXPECT_EQ(back->GetAttr("n").AsNumber().ToString(), "0.1");
}

TEST(DynamicValueConvert, JsonFallbackAndEmptyIsNull) {
  const cty::Type type = cty::Type::Object({{"a", cty::Type::String()}});
  tfplugin6::DynamicValue dv;
  auto null = DecodeDynamicValue(dv, type);
  ASSERT_TRUE(null.ok());
  EXPECT_TRUE(null->is_null());
  EXPECT_EQ(null->type(), type);

  dv.set_json(R"({"a":"hello"})");
  auto v = DecodeDynamicValue(dv, type);
  ASSERT_TRUE(v.ok()) << v.status();
  EXPECT_EQ(v->GetAttr("a").AsString(), "hello");
}

TEST(DynamicValueConvert, MsgpackWinsOverJson) {
  const cty::Type type = cty::Type::String();
  auto bytes = cty::MarshalMsgpack(cty::Value::String("from-msgpack"), type);
  ASSERT_TRUE(bytes.ok());
  tfplugin6::DynamicValue dv;
  dv.set_msgpack(*bytes);
  dv.set_json(R"("from-json")");
  auto v = DecodeDynamicValue(dv, type);
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->AsString(), "from-msgpack");
}

TEST(DynamicValueConvert, UnknownIsEncodedAsExtension) {
  tfplugin6::DynamicValue dv;
  ASSERT_TRUE(EncodeDynamicValue(cty::Value::Unknown(cty::Type::String()), cty::Type::String(),
                                 &dv)
                  .ok());
  EXPECT_EQ(dv.msgpack(), std::string("\xd4\x00\x00", 3));
}

TEST(DynamicValueConvert, GarbageIsAnError) {
  tfplugin6::DynamicValue dv;
  dv.set_msgpack("\xc1");  // never used in msgpack
  auto v = DecodeDynamicValue(dv, cty::Type::String());
  EXPECT_FALSE(v.ok());
  EXPECT_THAT(std::string(v.status().message()), HasSubstr("msgpack"));
}

TEST(RawStateConvert, LenientJsonDecode) {
  const cty::Type type = cty::Type::Object({{"a", cty::Type::String()}, {"b", cty::Type::Bool()}});
  tfplugin6::RawState raw;
  raw.set_json(R"({"a":"kept","removed_in_v2":42})");
  auto v = DecodeRawState(raw, type);
  ASSERT_TRUE(v.ok()) << v.status();
  EXPECT_EQ(v->GetAttr("a").AsString(), "kept");
  EXPECT_TRUE(v->GetAttr("b").is_null());
  EXPECT_FALSE(v->HasAttr("removed_in_v2"));
}

TEST(RawStateConvert, FlatmapIsRejectedAndEmptyIsNull) {
  const cty::Type type = cty::Type::Object({{"a", cty::Type::String()}});
  tfplugin6::RawState raw;
  auto null = DecodeRawState(raw, type);
  ASSERT_TRUE(null.ok());
  EXPECT_TRUE(null->is_null());
  (*raw.mutable_flatmap())["a"] = "x";
  auto v = DecodeRawState(raw, type);
  EXPECT_FALSE(v.ok());
  EXPECT_THAT(std::string(v.status().message()), HasSubstr("flatmap"));
}

TEST(CapabilitiesConvert, ClientAndServer) {
  tfplugin6::ClientCapabilities c;
  c.set_write_only_attributes_allowed(true);
  framework::ClientCapabilities fc = ClientCapabilitiesFromProto(c);
  EXPECT_TRUE(fc.write_only_attributes_allowed);
  EXPECT_FALSE(fc.deferral_allowed);

  tfplugin6::ServerCapabilities s;
  ServerCapabilitiesToProto(framework::ServerCapabilities{}, &s);
  EXPECT_TRUE(s.plan_destroy());
  EXPECT_FALSE(s.get_provider_schema_optional());
  EXPECT_FALSE(s.move_resource_state());
  EXPECT_FALSE(s.generate_resource_config());
}

// ---- UTF-8 ------------------------------------------------------------------
// Every proto3 string written is valid UTF-8, whatever the text held.

constexpr char kRaw[] = "name \xFF\xC0\xAF end";   // a stray byte and an overlong slash
constexpr char kClean[] = "name \xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD end";

template <typename Message>
bool ParsesBack(const Message& m) {
  Message back;
  return back.ParseFromString(m.SerializeAsString());
}

TEST(Utf8Convert, DiagnosticTextAndPathAreSanitised) {
  framework::Diagnostic d;
  d.summary = kRaw;
  d.detail = std::string("The name \"") + kRaw + "\" is invalid.";
  d.attribute = cty::Path().Attr("tags").Key(kRaw);
  tfplugin6::Diagnostic out;
  DiagnosticToProto(d, nullptr, &out);
  EXPECT_EQ(out.summary(), kClean);
  EXPECT_EQ(out.detail(), std::string("The name \"") + kClean + "\" is invalid.");
  ASSERT_EQ(out.attribute().steps_size(), 2);
  EXPECT_EQ(out.attribute().steps(1).element_key_string(), kClean);
  EXPECT_TRUE(ParsesBack(out));

  google::protobuf::RepeatedPtrField<tfplugin6::Diagnostic> list;
  AddErrorDiagnostic(&list, kRaw, kRaw);
  EXPECT_EQ(list.Get(0).summary(), kClean);
  EXPECT_EQ(list.Get(0).detail(), kClean);
  tfplugin6::Diagnostic raw;
  raw.set_detail(kRaw);  // what used to be sent: the peer cannot parse it
  EXPECT_FALSE(ParsesBack(raw));
}

TEST(Utf8Convert, SchemaAndFunctionTextIsSanitised) {
  framework::Schema schema;
  schema.block.description = kRaw;
  schema.block.attributes = {
      framework::Attribute::Optional("name", cty::Type::String()).WithDescription(kRaw)};
  tfplugin6::Schema out;
  SchemaToProto(schema, &out);
  EXPECT_EQ(out.block().description(), kClean);
  EXPECT_EQ(out.block().attributes(0).description(), kClean);
  EXPECT_TRUE(ParsesBack(out));

  framework::FunctionDefinition fn;
  fn.summary = kRaw;
  fn.description = kRaw;
  fn.deprecation_message = kRaw;
  framework::FunctionParameter param;
  param.name = "text";
  param.type = cty::Type::String();
  param.description = kRaw;
  fn.parameters.push_back(param);
  fn.return_type = cty::Type::String();
  tfplugin6::Function f;
  FunctionToProto(fn, &f);
  EXPECT_EQ(f.summary(), kClean);
  EXPECT_EQ(f.parameters(0).description(), kClean);
  EXPECT_TRUE(ParsesBack(f));
}

TEST(Utf8Convert, InvalidUtf8DiagnosticsNameTheAttributeOnce) {
  const cty::Type type = PoolType();
  google::protobuf::RepeatedPtrField<tfplugin6::Diagnostic> out;
  const std::vector<cty::InvalidUtf8> found = {
      {cty::Path().Attr("name"), cty::InvalidUtf8::Where::kString},
      {cty::Path().Attr("tags"), cty::InvalidUtf8::Where::kKey},
      {cty::Path().Attr("rules").Index(0).Attr("port"), cty::InvalidUtf8::Where::kString}};
  InvalidUtf8ToProto(found, &type, "configuration", &out);
  InvalidUtf8ToProto({found[0]}, &type, "proposed new state", &out);  // already reported
  ASSERT_EQ(out.size(), 3);
  for (const auto& d : out) {
    EXPECT_EQ(d.severity(), tfplugin6::Diagnostic::ERROR);
    EXPECT_EQ(d.summary(), kInvalidUtf8Summary);
    EXPECT_THAT(d.detail(), HasSubstr("configuration"));
    EXPECT_THAT(d.detail(), HasSubstr("did not use"));
  }
  EXPECT_EQ(out.Get(0).attribute().steps(0).attribute_name(), "name");
  EXPECT_THAT(out.Get(1).detail(), HasSubstr("key or attribute name"));
  ASSERT_EQ(out.Get(2).attribute().steps_size(), 1);  // stops at the set
  EXPECT_EQ(out.Get(2).attribute().steps(0).attribute_name(), "rules");
  EXPECT_THAT(out.Get(2).detail(), HasSubstr("rules[0].port"));
}

}  // namespace
}  // namespace azbatch::plugin
