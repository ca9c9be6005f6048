#include "provider/framework/diagnostics.h"

#include "gtest/gtest.h"

namespace azbatch::framework {
namespace {

TEST(DiagnosticsTest, CountsAndPaths) {
  Diagnostics d;
  EXPECT_FALSE(d.HasError());
  d.AddWarning("careful");
  EXPECT_FALSE(d.HasError());
  d.AddAttributeError(cty::Path().Attr("a").Index(1), "bad", "really bad");
  EXPECT_TRUE(d.HasError());
  EXPECT_EQ(d.ErrorCount(), 1u);
  EXPECT_EQ(d.WarningCount(), 1u);
  EXPECT_TRUE(d.HasPath(cty::Path().Attr("a").Index(1)));
  EXPECT_FALSE(d.HasPath(cty::Path().Attr("a")));
  Diagnostics other;
  other.AddStatus(absl::OkStatus(), "ignored");
  other.AddStatus(absl::NotFoundError("gone"), "lookup failed");
  d.Append(other);
  EXPECT_EQ(d.ErrorCount(), 2u);
  EXPECT_EQ(d[2].detail, "gone");
  EXPECT_NE(d.ToString().find("really bad"), std::string::npos);
}

}  // namespace
}  // namespace azbatch::framework
