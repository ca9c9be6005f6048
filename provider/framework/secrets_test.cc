#include "provider/framework/secrets.h"

#include <algorithm>

#include "common/log.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace azbatch::framework {
namespace {

using cty::Type;
using cty::Value;
using ::testing::UnorderedElementsAre;

Block UserBlock() {
  Block b;
  b.attributes = {Attribute::Required("name", Type::String()),
                  Attribute::Optional("password", Type::String()).Sensitive(),
                  Attribute::Optional("pin", Type::Number()).Sensitive()};
  return b;
}

Schema TestSchema() {
  Schema s;
  s.block.attributes = {
      Attribute::Required("name", Type::String()),
      Attribute::Optional("key", Type::String()).Sensitive(),
      Attribute::Optional("token", Type::String()).WriteOnly(),
      Attribute::Optional("keys", Type::Map(Type::String())).Sensitive(),
      Attribute::Nested("mounts", NestingMode::kList,
                        {Attribute::Required("path", Type::String()),
                         Attribute::Optional("account_key", Type::String()).Sensitive()})
          .AsOptional(),
  };
  s.block.blocks = {NestedBlock::List("user", UserBlock()),
                    NestedBlock::Single("admin", UserBlock())};
  return s;
}

Value User(const Type& t, const std::string& name, Value password) {
  return Value::ObjectOf(t, {{"name", Value::String(name)}, {"password", password}});
}

TEST(SecretsTest, FindsSensitiveValuesAtAnyDepthAndNothingElse) {
  Schema s = TestSchema();
  Type t = s.ImpliedType();
  Type user = UserBlock().ImpliedType();
  Type mount = t.AttributeType("mounts").element();
  Value v = Value::ObjectOf(
      t, {{"name", Value::String("visible-name")},
          {"key", Value::String("top-key")},
          {"token", Value::String("write-only-token")},
          {"keys", Value::Map(Type::String(), {{"a", Value::String("map-secret")}})},
          {"mounts", Value::List(mount, {Value::ObjectOf(mount, {{"path", Value::String("/m")},
                                                                 {"account_key",
                                                                  Value::String("mount-key")}})})},
          {"user", Value::List(user, {User(user, "u1", Value::String("pw-1")),
                                      User(user, "u2", Value::Unknown(Type::String())),
                                      User(user, "u3", Value::Null(Type::String()))})},
          {"admin", Value::ObjectOf(user, {{"name", Value::String("root")},
                                           {"password", Value::String("pw-admin")},
                                           {"pin", Value::Int(987654)}})}});
  EXPECT_THAT(SensitiveStrings(s.block, v),
              UnorderedElementsAre("top-key", "write-only-token", "map-secret", "mount-key", "pw-1",
                                   "pw-admin", "987654"));
}

TEST(SecretsTest, NullUnknownAndMistypedValuesAreSkipped) {
  Schema s = TestSchema();
  EXPECT_TRUE(SensitiveStrings(s.block, Value::Null(s.ImpliedType())).empty());
  EXPECT_TRUE(SensitiveStrings(s.block, Value::Unknown(s.ImpliedType())).empty());
  EXPECT_TRUE(SensitiveStrings(s.block, Value::String("x")).empty());
  EXPECT_TRUE(SensitiveStrings(s.block, s.block.EmptyValue()).empty());
}

TEST(SecretsTest, RegisteredValuesAreScrubbedFromLogs) {
  log::ClearSecretsForTesting();
  Schema s = TestSchema();
  Value v = Value::ObjectOf(s.ImpliedType(), {{"name", Value::String("n")},
                                              {"key", Value::String("a\"quoted-key")}});
  RegisterSensitiveValues(s.block, v);
  EXPECT_EQ(log::ScrubSecrets(R"(body {"key":"a\"quoted-key"} and a"quoted-key)"),
            R"(body {"key":"REDACTED"} and REDACTED)");
  log::ClearSecretsForTesting();
}

}  // namespace
}  // namespace azbatch::framework
