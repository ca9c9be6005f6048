// Azure clouds: built-in (public, usgovernment, china) and custom clouds read
// from a metadata host's /metadata/endpoints document.
#ifndef AZBATCH_PROVIDER_AZURE_CLOUD_H_
#define AZBATCH_PROVIDER_AZURE_CLOUD_H_

#include <string>

#include "absl/status/statusor.h"
#include "provider/azure/http.h"

namespace azbatch::azure {

struct CloudEnvironment {
  std::string name;              // "public", "usgovernment", "china" or the metadata name
  std::string resource_manager;  // "https://management.azure.com" (no trailing '/')
  std::string login_endpoint;    // "https://login.microsoftonline.com"
  std::string token_audience;    // "https://management.azure.com/"
  std::string batch_resource;    // "https://batch.core.windows.net/"
  // Scope for ARM tokens: "<audience>/.default".
  std::string ArmScope() const;
};

// Accepts public/global/azurecloud, usgovernment/usgovernmentl4/azureusgovernment,
// china/azurechinacloud (case-insensitive).
absl::StatusOr<CloudEnvironment> CloudFromName(const std::string& name);

// Parses a /metadata/endpoints document (an object, or an array of clouds; a
// UTF-8 BOM is tolerated). With an array, `name` picks the cloud (the first
// one when `name` is empty).
absl::StatusOr<CloudEnvironment> ParseMetadataEndpoints(const std::string& body,
                                                        const std::string& name = "");

// Checks a metadata_host value: `host[:port]`, or with an explicit scheme
// `https://host[:port]` (any host, e.g. the emulator in TLS mode on loopback) or
// `http://host[:port]` (loopback hosts only). InvalidArgument naming the setting
// otherwise.
absl::Status CheckMetadataHost(const std::string& host);

// "https://{host}/metadata/endpoints?api-version=2022-09-01"; http for a bare
// loopback host. `host` may carry a port; an explicit scheme is kept.
std::string MetadataEndpointsUrl(const std::string& host);

absl::StatusOr<CloudEnvironment> FetchCloudFromMetadataHost(const std::string& host,
                                                            const std::string& name,
                                                            Transport& transport,
                                                            const Context& ctx);

}  // namespace azbatch::azure

#endif  // AZBATCH_PROVIDER_AZURE_CLOUD_H_
