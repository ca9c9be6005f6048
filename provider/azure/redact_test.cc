// Redaction: unit cases, and a property test that generates bodies holding
// secrets beside arbitrary other strings (quotes, backslashes, \u escapes,
// Unicode, very long values) and asserts that no secret reaches the log.
#include "provider/azure/redact.h"

#include <random>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "provider/azure/fake_transport.h"
#include "provider/azure/pipeline.h"
#include "provider/azure/test_util.h"

namespace azbatch::azure {
namespace {

using nlohmann::json;

TEST(RedactBodyTest, EscapedQuoteBeforeSecretsDoesNotShiftKeys) {
  // The body that leaked with the old scanner: a display name with an escaped
  // quote before the secrets.
  json body = {{"properties",
                {{"displayName", "Render 4\" nodes"},
                 {"userAccounts",
                  {{{"name", "worker"},
                    {"password", "UserPass-1"},
                    {"linuxUserConfiguration", {{"sshPrivateKey", "SshKey-2"}}}}}},
                 {"mountConfiguration",
                  {{{"cifsMountConfiguration", {{"password", "CifsPass-3"}}},
                    {"azureBlobFileSystemConfiguration", {{"accountKey", "BlobKey-4"}}}}}},
                 {"startTask",
                  {{"commandLine", "echo \"hi\\\" there"},
                   {"containerSettings", {{"registry", {{"password", "RegPass-5"}}}}}}}}}};
  std::string logged = RedactBody(body.dump(), "application/json");
  for (const char* s : {"UserPass-1", "SshKey-2", "CifsPass-3", "BlobKey-4", "RegPass-5"}) {
    EXPECT_EQ(logged.find(s), std::string::npos) << s << "\n" << logged;
  }
  // Everything else survives, including the quote.
  json back = json::parse(logged);
  EXPECT_EQ(back["properties"]["displayName"], "Render 4\" nodes");
  EXPECT_EQ(back["properties"]["userAccounts"][0]["name"], "worker");
  EXPECT_EQ(back["properties"]["userAccounts"][0]["password"], kRedacted);
  EXPECT_EQ(back["properties"]["startTask"]["commandLine"], "echo \"hi\\\" there");
}

TEST(RedactBodyTest, WholeObjectsNumbersArraysAndNestedJsonStrings) {
  json body = {{"protectedSettings", {{"commandToExecute", "x"}, {"storageAccountKey", "K"}}},
               {"key", 12345},
               {"secret", {"a-secret", "b-secret"}},
               {"note", R"({"client_secret":"Inner-Secret","keep":"me"})"},
               {"url", "https://acct.blob.core/c?sv=1&sig=SasSig-9&se=2"},
               {"auth", "Bearer eyJhbGciOi.eyJzdWIiOi.c2ln"}};
  json back = json::parse(RedactBody(body.dump(), ""));
  EXPECT_EQ(back["protectedSettings"], kRedacted);
  EXPECT_EQ(back["key"], kRedacted);
  EXPECT_EQ(back["secret"], kRedacted);
  EXPECT_EQ(back["note"], R"({"client_secret":"REDACTED","keep":"me"})");
  EXPECT_EQ(back["url"], "https://acct.blob.core/c?sv=1&sig=REDACTED&se=2");
  EXPECT_EQ(back["auth"], "Bearer REDACTED");
}

TEST(RedactBodyTest, FormsFieldByFieldAndOtherBodiesNotAtAll) {
  EXPECT_EQ(RedactBody("grant_type=client_credentials&client_secret=a%26b&client_id=c",
                       "application/x-www-form-urlencoded"),
            "grant_type=client_credentials&client_secret=REDACTED&client_id=c");
  EXPECT_EQ(RedactBody("client%5Fsecret=x", "application/x-www-form-urlencoded"),
            "client%5Fsecret=REDACTED");
  std::string html = "<html>password=hunter2</html>";
  std::string logged = RedactBody(html, "text/html");
  EXPECT_EQ(logged.find("hunter2"), std::string::npos);
  EXPECT_NE(logged.find("29 bytes of text/html"), std::string::npos) << logged;
  // A truncated JSON body is not JSON: not logged rather than half-redacted.
  EXPECT_EQ(RedactBody(R"({"password":"abc)", "application/json").find("abc"),
            std::string::npos);
  EXPECT_EQ(RedactBody("", "application/json"), "");
}

TEST(RedactBodyTest, RedactsBeforeTruncating) {
  json body = {{"a", std::string(10000, 'x')}, {"password", "Tail-Secret"}};
  std::string logged = RedactBody(body.dump(), "application/json", 100);
  EXPECT_LE(logged.size(), 100u + std::string("...(truncated)").size());
  EXPECT_EQ(logged.find("Tail-Secret"), std::string::npos);
  // Never cut inside a UTF-8 sequence.
  json wide = {{"a", std::string(60, 'x') + "\xE6\x97\xA5\xE6\x97\xA5\xE6\x97\xA5"}};
  for (size_t max = 60; max < 76; ++max) {  // the whole body is 78 bytes
    std::string cut = RedactBody(wide.dump(), "", max);
    size_t end = cut.find("...(truncated)");
    ASSERT_NE(end, std::string::npos);
    unsigned char last = static_cast<unsigned char>(cut[end - 1]);
    EXPECT_TRUE(last < 0x80 || last == 0xA5) << max;
  }
}

TEST(RedactTextTest, ScannerHonoursEscapes) {
  // Not a whole JSON document: the scanner must still see keys after an
  // escaped quote.
  std::string text = R"(error near {"name":"a \" b","password":"Esc-Secret-1","x":1} in body)";
  std::string out = RedactText(text);
  EXPECT_EQ(out.find("Esc-Secret-1"), std::string::npos) << out;
  EXPECT_NE(out.find(R"("name":"a \" b")"), std::string::npos) << out;
  EXPECT_EQ(RedactText(R"(x {"password": {"nested":"Obj-Secret"}} y)").find("Obj-Secret"),
            std::string::npos);
  EXPECT_EQ(RedactText(R"(x {"key": 98765} y)").find("98765"), std::string::npos);
}

// ---- Property test ----------------------------------------------------------

// Pieces that confused the old scanner, and ordinary text.
const std::vector<std::string>& Pieces() {
  static const auto* pieces = new std::vector<std::string>{
      "\"", "\\", "\\\"", "\\u0022", "\\\\\"", "{", "}", "[", "]", ":", ",", "'", "=", "&",
      "password", "\"password\":\"", "key=", "sig=", "Bearer ", "eyJ", "\xC3\xA9",
      "\xE6\x97\xA5\xE6\x9C\xAC", "\xF0\x9F\x98\x80", "\n", "\t", "\x01", " ", "plain", "x",
      "Render 4\" nodes", "a=b&c=d"};
  return *pieces;
}

const std::vector<std::string>& SecretKeyNames() {
  static const auto* keys = new std::vector<std::string>{
      "password", "Password", "PASSWORD", "sshPrivateKey", "accountKey", "sasKey",
      "primary", "secondary", "client_secret", "access_token", "secret", "key"};
  return *keys;
}

class BodyGen {
 public:
  explicit BodyGen(uint32_t seed) : rng_(seed) {}

  int Int(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }

  std::string Junk() {
    std::string s;
    int n = Int(8);
    for (int i = 0; i < n; ++i) s += Pieces()[Int(static_cast<int>(Pieces().size()))];
    if (Int(20) == 0) s += std::string(5000 + Int(20000), "ab\"\\"[Int(4)]);
    return s;
  }

  // A secret marked at both ends so that any part of it is found.
  std::string Secret() {
    std::string id = absl::StrCat(serial_++, "q", Int(1000000));
    std::string mark = absl::StrCat("SeCrEt", id, "M");
    secrets_.push_back(mark);
    std::string end = absl::StrCat("EnDsEc", id, "M");
    secrets_.push_back(end);
    return mark + Junk() + end;
  }

  json Value(int depth) {
    switch (depth > 3 ? Int(4) : Int(7)) {
      case 0: return Junk();
      case 1: return Int(100000);
      case 2: return Int(2) == 0;
      case 3: return nullptr;
      case 4: {
        json a = json::array();
        for (int i = Int(4); i > 0; --i) a.push_back(Value(depth + 1));
        return a;
      }
      default: return Object(depth + 1);
    }
  }

  json SecretValue(int depth) {
    switch (Int(5)) {
      case 0: return Object(depth + 1, /*all_secret=*/true);  // protectedSettings-like
      case 1: return json::array({Secret(), Secret()});
      case 2: return json(Secret()).dump();  // a JSON text held in a string
      default: return Secret();
    }
  }

  json Object(int depth, bool all_secret = false) {
    json o = json::object();
    for (int i = 1 + Int(5); i > 0; --i) {
      if (all_secret || Int(3) == 0) {
        o[SecretKeyNames()[Int(static_cast<int>(SecretKeyNames().size()))]] = SecretValue(depth);
      } else if (Int(6) == 0) {
        // A JSON document inside a string, with a secret in it.
        o[absl::StrCat("doc", i)] = json{{"password", Secret()}, {"n", Junk()}}.dump();
      } else {
        o[Junk()] = Value(depth);
      }
    }
    return o;
  }

  const std::vector<std::string>& secrets() const { return secrets_; }

 private:
  std::mt19937 rng_;
  int serial_ = 0;
  std::vector<std::string> secrets_;
};

std::string Serialise(const json& doc, BodyGen* gen) {
  switch (gen->Int(3)) {
    case 0: return doc.dump();
    case 1: return doc.dump(2);
    default: return doc.dump(-1, ' ', /*ensure_ascii=*/true);  // \u escapes everywhere
  }
}

TEST(RedactPropertyTest, NoSecretReachesTheLogWhateverTheOtherStrings) {
  log::ClearSecretsForTesting();  // this layer alone: no registered secrets
  for (uint32_t seed = 1; seed <= 400; ++seed) {
    BodyGen gen(seed);
    json doc = gen.Object(0);
    std::string body = Serialise(doc, &gen);
    testing::LogCapture capture(log::Level::kTrace);
    auto transport = std::make_shared<FakeTransport>();
    transport->Enqueue(MakeResponse(200, Serialise(gen.Object(0), &gen),
                                    {{"Content-Type", "application/json"}}));
    auto pipeline = BuildPipeline({transport, nullptr, "", nullptr, "c", {}});
    ASSERT_TRUE(pipeline
                    ->Send({"PUT", "https://management.azure.com/x?api-version=1",
                            {{"Content-Type", "application/json"}}, body},
                           Context())
                    .ok());
    std::string logs = capture.all() + RedactText(body) + RedactBody(body, "", 300);
    ASSERT_NE(logs.find("\"body\""), std::string::npos);
    for (const std::string& s : gen.secrets()) {
      ASSERT_EQ(logs.find(s), std::string::npos)
          << "seed " << seed << " leaked " << s << "\nbody: " << body.substr(0, 2000);
    }
  }
}

}  // namespace
}  // namespace azbatch::azure
