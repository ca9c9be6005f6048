#include "provider/azure/cloud.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "provider/azure/fake_transport.h"

namespace azbatch::azure {
namespace {

TEST(CloudTest, BuiltInClouds) {
  auto pub = CloudFromName("Public");
  ASSERT_TRUE(pub.ok());
  EXPECT_EQ(pub->resource_manager, "https://management.azure.com");
  EXPECT_EQ(pub->login_endpoint, "https://login.microsoftonline.com");
  EXPECT_EQ(pub->ArmScope(), "https://management.azure.com/.default");
  auto gov = CloudFromName("usgovernment");
  ASSERT_TRUE(gov.ok());
  EXPECT_EQ(gov->resource_manager, "https://management.usgovcloudapi.net");
  EXPECT_EQ(gov->login_endpoint, "https://login.microsoftonline.us");
  auto cn = CloudFromName("CHINA");
  ASSERT_TRUE(cn.ok());
  EXPECT_EQ(cn->login_endpoint, "https://login.chinacloudapi.cn");
  EXPECT_EQ(cn->ArmScope(), "https://management.chinacloudapi.cn/.default");
  EXPECT_EQ(CloudFromName("")->name, "public");
  auto bad = CloudFromName("german");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("metadata_host"), std::string::npos);
}

constexpr char kMetadata[] = "\xEF\xBB\xBF" R"({
  "name": "AzureCloud", "resourceManager": "https://management.azure.com/",
  "batch": "https://batch.core.windows.net/",
  "authentication": {"loginEndpoint": "https://login.microsoftonline.com/",
    "audiences": ["https://management.core.windows.net/", "https://management.azure.com/"],
    "tenant": "common", "identityProvider": "AAD"},
  "suffixes": {"storage": "core.windows.net"}})";

TEST(CloudTest, ParsesMetadataObjectWithBom) {
  auto c = ParseMetadataEndpoints(kMetadata);
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->name, "AzureCloud");
  EXPECT_EQ(c->resource_manager, "https://management.azure.com");
  EXPECT_EQ(c->login_endpoint, "https://login.microsoftonline.com");
  EXPECT_EQ(c->token_audience, "https://management.azure.com/");  // matches the ARM endpoint
  EXPECT_EQ(c->batch_resource, "https://batch.core.windows.net/");
}

TEST(CloudTest, ParsesMetadataArrayAndPicksByName) {
  std::string body = R"([
    {"name":"A","resourceManager":"https://arm.a","authentication":{"loginEndpoint":"https://login.a","audiences":["https://aud.a"]}},
    {"name":"B","resourceManager":"https://arm.b","authentication":{"loginEndpoint":"https://login.b"}}])";
  auto a = ParseMetadataEndpoints(body);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->name, "A");
  EXPECT_EQ(a->token_audience, "https://aud.a/");
  auto b = ParseMetadataEndpoints(body, "b");
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->resource_manager, "https://arm.b");
  EXPECT_EQ(b->token_audience, "https://arm.b/");
  auto missing = ParseMetadataEndpoints(body, "C");
  EXPECT_TRUE(absl::IsNotFound(missing.status()));
  EXPECT_NE(missing.status().message().find("A, B"), std::string::npos);
}

TEST(CloudTest, RejectsIncompleteMetadata) {
  EXPECT_FALSE(ParseMetadataEndpoints("nope").ok());
  EXPECT_FALSE(ParseMetadataEndpoints(R"({"name":"x"})").ok());
  EXPECT_FALSE(ParseMetadataEndpoints(R"({"name":"x","resourceManager":"https://a"})").ok());
  EXPECT_FALSE(ParseMetadataEndpoints("[]").ok());
}

TEST(CloudTest, MetadataUrlUsesHttpOnlyForLoopback) {
  EXPECT_EQ(MetadataEndpointsUrl("management.azure.com"),
            "https://management.azure.com/metadata/endpoints?api-version=2022-09-01");
  EXPECT_EQ(MetadataEndpointsUrl("127.0.0.1:8443"),
            "http://127.0.0.1:8443/metadata/endpoints?api-version=2022-09-01");
  EXPECT_EQ(MetadataEndpointsUrl("localhost:9000/"),
            "http://localhost:9000/metadata/endpoints?api-version=2022-09-01");
  EXPECT_EQ(MetadataEndpointsUrl("https://127.0.0.1:8443"),
            "https://127.0.0.1:8443/metadata/endpoints?api-version=2022-09-01");
  EXPECT_EQ(MetadataEndpointsUrl("HTTPS://localhost:8443/"),
            "https://localhost:8443/metadata/endpoints?api-version=2022-09-01");
}

TEST(CloudTest, MetadataHostAcceptsHttpsEverywhereAndHttpOnlyOnLoopback) {
  for (const char* ok : {"management.azure.com", "127.0.0.1:8443", "https://127.0.0.1:8443",
                         "https://localhost:8443/", "https://[::1]:8443", "http://127.0.0.1:80",
                         "http://localhost:9000", "https://azs.contoso.local"}) {
    EXPECT_TRUE(CheckMetadataHost(ok).ok()) << ok << ": " << CheckMetadataHost(ok);
  }
  absl::Status remote_http = CheckMetadataHost("http://azs.contoso.local");
  EXPECT_EQ(remote_http.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(remote_http.message()),
              ::testing::AllOf(::testing::HasSubstr("ARM_METADATA_HOSTNAME"),
                               ::testing::HasSubstr("only allowed to a loopback host")));
  EXPECT_THAT(std::string(CheckMetadataHost("ftp://127.0.0.1").message()),
              ::testing::HasSubstr("the scheme must be https://"));
  EXPECT_FALSE(CheckMetadataHost("https://").ok());
  // Nothing is fetched from a refused host.
  FakeTransport t;
  EXPECT_EQ(FetchCloudFromMetadataHost("http://azs.contoso.local", "", t, Context()).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(t.requests().empty());
}

TEST(CloudTest, FetchesFromMetadataHost) {
  FakeTransport t;
  t.Expect("GET", "http://127.0.0.1:7000/metadata/endpoints?api-version=2022-09-01",
           MakeResponse(200, R"({"name":"Emu","resourceManager":"http://127.0.0.1:7000",
             "authentication":{"loginEndpoint":"http://127.0.0.1:7000"}})"));
  auto c = FetchCloudFromMetadataHost("127.0.0.1:7000", "", t, Context());
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->resource_manager, "http://127.0.0.1:7000");
  t.Enqueue(MakeResponse(500));
  auto bad = FetchCloudFromMetadataHost("127.0.0.1:7000", "", t, Context());
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("HTTP 500"), std::string::npos);
}

}  // namespace
}  // namespace azbatch::azure
