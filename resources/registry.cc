#include "resources/registry.h"

#include <utility>

#include "common/log.h"
#include "resources/batch_account/batch_account_resource.h"
#include "resources/functions/functions.h"
#include "resources/gallery/gallery_resource.h"
#include "resources/image_definition/image_definition_resource.h"
#include "resources/image_version/image_version_resource.h"
#include "resources/image_version_lookup/image_version_lookup_data_source.h"
#include "resources/managed_image/managed_image_resource.h"
#include "resources/pool/pool_data_source.h"
#include "resources/pool/pool_resource.h"
#include "resources/pool_sizing/pool_sizing_data_source.h"
#include "resources/provider_config/provider_config.h"
#include "resources/resource_group/resource_group_resource.h"
#include "resources/vm_sizes/vm_sizes_data_source.h"

namespace azbatch::resources {
namespace {

class AzbatchProvider : public framework::Provider {
 public:
  explicit AzbatchProvider(std::string version)
      : framework::Provider(kProviderTypeName, std::move(version)) {}

  framework::Schema GetSchema() const override { return ProviderConfigSchema(); }

  void Configure(const framework::Context& ctx, const framework::ProviderConfigureRequest& req,
                 framework::ProviderConfigureResponse* resp) override {
    ConfigureProvider(ctx, req, resp);
  }
};

}  // namespace

absl::Status RegisterAll(framework::Provider* p) {
  // One line per type, kept sorted.
  for (absl::Status s : {
           p->AddDataSource(image_version_lookup::NewImageVersionDataSource),
           p->AddDataSource(pool::NewPoolDataSource),
           p->AddDataSource(pool_sizing::NewPoolSizingDataSource),
           p->AddDataSource(vm_sizes::NewVmSizesDataSource),
           p->AddFunction(functions::NewMinReplicasFunction),
           p->AddFunction(functions::NewParseResourceIdFunction),
           p->AddResource(batch_account::NewBatchAccountResource),
           p->AddResource(gallery::NewGalleryResource),
           p->AddResource(image_definition::NewImageDefinitionResource),
           p->AddResource(image_version::NewImageVersionResource),
           p->AddResource(managed_image::NewManagedImageResource),
           p->AddResource(pool::NewPoolResource),
           p->AddResource(resource_group::NewResourceGroupResource),
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
