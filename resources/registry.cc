#include "resources/registry.h"

#include <utility>

#include "common/log.h"
#include "resources/functions/functions.h"
#include "resources/pool_sizing/pool_sizing_data_source.h"

namespace azbatch::resources {
namespace {

class AzbatchProvider : public framework::Provider {
 public:
  explicit AzbatchProvider(std::string version)
      : framework::Provider(kProviderTypeName, std::move(version)) {}

  framework::Schema GetSchema() const override {
    framework::Schema s;
    s.block.description = "Manages Azure Compute Gallery images and Azure Batch pools.";
    s.block.attributes = {
        framework::Attribute::Optional("preflight", cty::Type::Bool())
            .WithDescription("Check inputs against Azure limits before calling Azure. "
                             "Defaults to `true`."),
    };
    return s;
  }

  void Configure(const framework::Context& ctx, const framework::ProviderConfigureRequest& req,
                 framework::ProviderConfigureResponse* resp) override {
    auto settings = std::make_shared<ProviderSettings>();
    settings->terraform_version = req.terraform_version;
    const cty::Value& preflight = req.config.is_null() ? cty::Value() : req.config.GetAttr("preflight");
    if (preflight.is_known() && !preflight.is_null()) settings->preflight = preflight.AsBool();
    resp->provider_data = std::move(settings);
  }
};

}  // namespace

absl::Status RegisterAll(framework::Provider* p) {
  // One line per type, kept sorted.
  for (absl::Status s : {
           p->AddDataSource(pool_sizing::NewPoolSizingDataSource),
           p->AddFunction(functions::NewMinReplicasFunction),
           p->AddFunction(functions::NewParseResourceIdFunction),
       }) {
    if (!s.ok()) return s;
  }
  return absl::OkStatus();
}

std::unique_ptr<framework::Provider> NewAzbatchProvider(std::string version) {
  auto provider = std::make_unique<AzbatchProvider>(std::move(version));
  absl::Status s = RegisterAll(provider.get());
  if (!s.ok()) {
    log::Error("resources", "registering provider types failed",
               {{"error", std::string(s.message())}});
  }
  return provider;
}

}  // namespace azbatch::resources
