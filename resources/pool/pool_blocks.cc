// Sub-tables of the azbatch_pool field table (start task, network, mounts,
// upgrade policy, registries, image reference) and the attribute helpers they
// share with pool_schema.cc.
#include "resources/pool/pool_blocks.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "common/iso8601_duration.h"
#include "provider/azure/resource_id.h"
#include "resources/common/arm_id_validators.h"

namespace azbatch::resources::pool::parts {

namespace fw = azbatch::framework;
namespace v = azbatch::framework::validators;
using cty::Type;
using fw::Attribute;

std::string Vmc(const char* rest) { return absl::StrCat(kVmcPath, ".", rest); }

Type StrList() { return Type::List(Type::String()); }
Type StrSet() { return Type::Set(Type::String()); }

Attribute OptStr(const char* name, const char* description) {
  return Attribute::Optional(name, Type::String()).WithDescription(description);
}
Attribute OneOf(const char* name, std::vector<std::string> values, const char* description) {
  return Attribute::Optional(name, Type::String())
      .WithDescription(description)
      .WithValidators({v::StringOneOf(std::move(values))});
}
Attribute Defaulted(Attribute a, cty::Value d) { return a.WithDefault(std::move(d)); }
// `what` says what the secret is; the sentence on state handling is shared.
Attribute Secret(const char* name, const char* what, bool required) {
  Attribute a = required ? Attribute::Required(name, Type::String())
                         : Attribute::Optional(name, Type::String());
  return a.Sensitive().WithDescription(absl::StrCat(
      what, " Sensitive; Azure never returns it, so the state keeps the configured value."));
}

// ISO 8601 duration with bounds in minutes.
fw::ValidatorPtr DurationMinutes(int64_t min_minutes, int64_t max_minutes) {
  return v::Custom(absl::StrCat("ISO 8601 duration between ", min_minutes, " and ", max_minutes,
                                " minutes"),
                   [=](const cty::Value& x) -> std::string {
                     std::optional<absl::Duration> d = iso8601::Parse(x.AsString());
                     if (!d) {
                       return absl::StrCat("must be an ISO 8601 duration such as \"PT15M\" or "
                                           "\"PT1H30M\", got \"", x.AsString(), "\"");
                     }
                     if (*d < absl::Minutes(min_minutes) || *d > absl::Minutes(max_minutes)) {
                       return absl::StrCat("must be between ", min_minutes, " and ", max_minutes,
                                           " minutes, got \"", x.AsString(), "\"");
                     }
                     return "";
                   });
}

namespace {

fw::ValidatorPtr ImageId() {
  return v::Custom("ARM id of a gallery image version or image definition",
                   [](const cty::Value& x) -> std::string {
                     const std::string& s = x.AsString();
                     absl::StatusOr<azure::ResourceId> id = azure::ResourceId::Parse(s);
                     if (id.ok() && (id->type() == azure::ResourceType::kGalleryImage ||
                                     id->type() == azure::ResourceType::kGalleryImageVersion)) {
                       std::string rg = common::ArmIdResourceGroupError(s);
                       return rg.empty() ? "" : absl::StrCat("The gallery image id \"", s, "\" ", rg);
                     }
                     return absl::StrCat(
                         "must be the ARM id of a gallery image version (/subscriptions/{sub}/"
                         "resourceGroups/{rg}/providers/Microsoft.Compute/galleries/{gallery}/images/"
                         "{definition}/versions/{version}) or of an image definition (its latest "
                         "version), got \"", s, "\"");
                   });
}

Attribute MountPath() {
  return Attribute::Required("relative_mount_path", Type::String())
      .WithDescription("Mount point, relative to the Batch mounts directory "
                       "(`AZ_BATCH_NODE_MOUNTS_DIR`).");
}
Attribute MountOptions() {
  return OptStr("mount_options", "Extra options: `mount` options on Linux, `net use` options on "
                                 "Windows.");
}
Attribute ReqStr(const char* name, const char* description) {
  return Attribute::Required(name, Type::String()).WithDescription(description);
}

}  // namespace

Field IdentityRef(const char* name) {
  return Attr(OptStr(name, "Resource id of a user-assigned identity of the pool."),
              "identityReference.resourceId", Conv::kFold);
}

std::vector<Field> Registry(bool with_password) {
  std::vector<Field> r = {
      Attr(OptStr("registry_server", "Registry host; Docker Hub when omitted."), "registryServer"),
      Attr(OptStr("user_name", "User name to log in to the registry."), "username"),
      IdentityRef(),
  };
  if (with_password) {
    r.push_back(Hidden(Secret("password", "Password of `user_name` for the registry."), "password"));
  }
  return r;
}

std::vector<Field> ImageReference() {
  return {
      Attr(OptStr("id", "Gallery image version id (or an image definition id: its latest version).")
               .WithValidators({ImageId(),
                                v::ConflictsWith({"publisher", "offer", "sku", "version",
                                                  "shared_gallery_image_id",
                                                  "community_gallery_image_id"})}),
           "id", Conv::kFold),
      Attr(OptStr("publisher", "Marketplace publisher, e.g. microsoft-dsvm."), "publisher", Conv::kFold),
      Attr(OptStr("offer", "Marketplace offer, e.g. `ubuntu-hpc` or `WindowsServer`."), "offer",
           Conv::kFold),
      Attr(OptStr("sku", "Marketplace SKU, e.g. `2204` or `2022-datacenter`."), "sku", Conv::kFold),
      Attr(OptStr("version", "Marketplace version; Azure uses \"latest\" when omitted."), "version"),
      Attr(OptStr("shared_gallery_image_id",
                  "Id of an image in a gallery shared directly with this subscription, as the "
                  "shared gallery image read returns it. Excludes every other image field."),
           "sharedGalleryImageId", Conv::kFold),
      Attr(OptStr("community_gallery_image_id",
                  "Id of a community gallery image (`/CommunityGalleries/{public name}/Images/"
                  "{image}[/Versions/{version}]`). Excludes every other image field."),
           "communityGalleryImageId", Conv::kFold),
  };
}

std::vector<Field> StartTask() {
  return {
      Attr(Attribute::Required("command_line", Type::String())
               .WithDescription("Command to run. It does not run under a shell: use "
                                "`/bin/sh -c \"...\"` or `cmd /c ...` for shell features such as "
                                "variable expansion.")
               .WithValidators({v::StringLengthAtLeast(1)}),
           "commandLine"),
      Attr(Defaulted(Attribute::Optional("wait_for_success", Type::Bool())
                         .WithDescription("Schedule no task on a node before its start task "
                                          "succeeded. A node whose start task still fails after "
                                          "every retry becomes unusable. With `false`, tasks may "
                                          "start while the start task runs."),
                     cty::Value::Bool(true)),
           "waitForSuccess"),
      Attr(Defaulted(Attribute::Optional("max_task_retry_count", Type::Number())
                         .WithDescription("Retries after a non-zero exit code, 0-100; `-1` retries "
                                          "without limit.")
                         .WithValidators({v::IntBetween(-1, 100)}),
                     cty::Value::Int(0)),
           "maxTaskRetryCount"),
      Attr(Attribute::Optional("environment", Type::Map(Type::String()))
               .WithDescription("Environment variables of the start task, name to value."),
           "environmentSettings", Conv::kNameValue),
      SingleBlock("user_identity", "userIdentity",
                  "User the start task runs as; a non-administrative user unique to the task when "
                  "omitted. Exactly one of `user_name` and `auto_user`.",
                  {Attr(OptStr("user_name", "Name of an account from `user_account`.")
                            .WithValidators({v::ConflictsWith({"auto_user"})}),
                        "userName"),
                   SingleBlock("auto_user", "autoUser", "An automatic user that Batch creates.",
                               {Attr(Defaulted(OneOf("scope", {"Task", "Pool"},
                                                     "`Pool`: one user shared by the tasks of a "
                                                     "node; `Task`: a user per task, for stricter "
                                                     "isolation on Windows."),
                                               cty::Value::String("Pool")),
                                     "scope"),
                                Attr(Defaulted(OneOf("elevation_level", {"NonAdmin", "Admin"},
                                                     "`Admin` gives full administrator rights."),
                                               cty::Value::String("NonAdmin")),
                                     "elevationLevel")})}),
      ListBlock("resource_file", "resourceFiles", "Files downloaded before the command runs.",
                {Attr(OptStr("auto_storage_container_name",
                             "Container of the Batch account's auto-storage account to download. "
                             "Exactly one of `auto_storage_container_name`, "
                             "`storage_container_url` and `http_url`."),
                      "autoStorageContainerName"),
                 Attr(OptStr("storage_container_url",
                             "URL of a blob container to download, readable and listable from the "
                             "nodes (a SAS with read and list rights, `identity_id`, or public)."),
                      "storageContainerUrl"),
                 Attr(OptStr("http_url", "URL of one file to download (needs `file_path`); a blob "
                                         "must be readable from the nodes."),
                      "httpUrl"),
                 Attr(OptStr("blob_prefix", "With a container: only blobs whose name starts with "
                                            "this prefix (a partial name or a folder)."),
                      "blobPrefix"),
                 Attr(OptStr("file_path", "Relative to the task's working directory: the file "
                                          "name for `http_url` (required), else the folder to "
                                          "download into. It may not leave the directory (`..`)."),
                      "filePath"),
                 Attr(OptStr("file_mode", "Octal file mode on Linux nodes, e.g. `0755` (Azure "
                                          "uses `0770`); ignored on Windows."),
                      "fileMode"),
                 IdentityRef()}),
      SingleBlock("container", "containerSettings", "Run the start task in a container.",
                  {Attr(Attribute::Required("image_name", Type::String())
                            .WithDescription("Image to run, as for `docker pull`; tag `:latest` "
                                             "when none is given."),
                        "imageName"),
                   Attr(OptStr("run_options", "Extra options for the container create command "
                                              "(`docker create`)."),
                        "containerRunOptions"),
                   Attr(OneOf("working_directory", {"TaskWorkingDirectory", "ContainerImageDefault"},
                              "`TaskWorkingDirectory`: the Batch task directory holding the "
                              "resource files; `ContainerImageDefault`: the image's own."),
                        "workingDirectory"),
                   SingleBlock("registry", "registry",
                               "Registry to pull the image from when it needs credentials; may be "
                               "omitted when `container_configuration` names it.",
                               Registry(true))}),
  };
}

std::vector<Field> Network() {
  return {
      Attr(OptStr("subnet_id", "ARM id of the subnet the nodes join. Its virtual network must be "
                               "in the Batch account's region and subscription; the subnet needs "
                               "a free address per node.")
               .WithValidators({common::ArmResourceId("Microsoft.Network/virtualNetworks/subnets")}),
           "subnetId", Conv::kFold),
      Attr(Defaulted(OneOf("dynamic_vnet_assignment_scope", {"none", "job"},
                           "`job` lets each job choose its own subnet (dynamic virtual network "
                           "assignment)."),
                     cty::Value::String("none")),
           "dynamicVnetAssignmentScope"),
      Attr(Defaulted(Attribute::Optional("accelerated_networking_enabled", Type::Bool())
                         .WithDescription("Accelerated networking (SR-IOV) on the nodes; the VM "
                                          "size must support it."),
                     cty::Value::Bool(false)),
           "enableAcceleratedNetworking"),
      Attr(OneOf("public_ip_provisioning", {"BatchManaged", "UserManaged", "NoPublicIPAddresses"},
                 "Public IP addresses of the nodes: created by Batch (Azure's default), taken "
                 "from `public_ip_address_ids`, or none."),
           "publicIPAddressConfiguration.provision"),
      Attr(Attribute::Optional("public_ip_address_ids", StrList())
               .WithDescription("ARM ids of public IP addresses for `UserManaged`; each serves up "
                                "to 100 dedicated and 100 Spot/low-priority nodes."),
           "publicIPAddressConfiguration.ipAddressIds"),
      ListBlock("inbound_nat_pool", "endpointConfiguration.inboundNatPools",
                "Inbound NAT pools addressing ports on the nodes.",
                {Attr(Attribute::Required("name", Type::String())
                          .WithDescription("Unique in the pool; up to 77 letters, digits, '_', "
                                           "'.' and '-', starting with a letter or digit."),
                      "name"),
                 Attr(Attribute::Required("protocol", Type::String())
                          .WithDescription("Protocol of the endpoint.")
                          .WithValidators({v::StringOneOf({"TCP", "UDP"})}),
                      "protocol"),
                 Attr(Attribute::Required("backend_port", Type::Number())
                          .WithDescription("Port on the node, unique in the pool; Azure reserves "
                                           "29876 and 29877.")
                          .WithValidators({v::IntBetween(1, 65535)}),
                      "backendPort"),
                 Attr(Attribute::Required("frontend_port_range_start", Type::Number())
                          .WithDescription("First public port mapped to the nodes. Ranges may not "
                                           "overlap; Azure reserves 50000-55000.")
                          .WithValidators({v::IntBetween(1, 65534)}),
                      "frontendPortRangeStart"),
                 Attr(Attribute::Required("frontend_port_range_end", Type::Number())
                          .WithDescription("Last public port of the range (Azure reserves "
                                           "50000-55000).")
                          .WithValidators({v::IntBetween(1, 65534)}),
                      "frontendPortRangeEnd"),
                 ListBlock("network_security_group_rule", "networkSecurityGroupRules",
                           "Network security rules of the endpoint, at most 25 in the pool. "
                           "Without any, Azure allows all inbound traffic to `backend_port`.",
                           {Attr(Attribute::Required("priority", Type::Number())
                                     .WithDescription("Unique in the pool; lower numbers are "
                                                      "evaluated first.")
                                     .WithValidators({v::IntBetween(150, 4096)}),
                                 "priority"),
                            Attr(Attribute::Required("access", Type::String())
                                     .WithDescription("What the rule does with matching traffic.")
                                     .WithValidators({v::StringOneOf({"Allow", "Deny"})}),
                                 "access"),
                            Attr(Attribute::Required("source_address_prefix", Type::String())
                                     .WithDescription("Source to match: an IP address, a CIDR "
                                                      "range, a service tag or `*`."),
                                 "sourceAddressPrefix"),
                            Attr(Attribute::Optional("source_port_ranges", StrList())
                                     .WithDescription("Source ports or ranges such as `100-200`; "
                                                      "Azure uses `*` (all) when omitted."),
                                 "sourcePortRanges")})}),
  };
}

std::vector<Field> Mounts() {
  return {
      SingleBlock("azure_blob", "azureBlobFileSystemConfiguration",
                  "Mount a blob container with blobfuse (Linux). Authenticate with one of "
                  "`account_key`, `sas_key` and `identity_id`.",
                  {Attr(ReqStr("account_name", "Storage account name."), "accountName"),
                   Attr(ReqStr("container_name", "Blob container to mount."), "containerName"),
                   Attr(MountPath(), "relativeMountPath"),
                   Hidden(Secret("account_key", "Storage account key."), "accountKey"),
                   Hidden(Secret("sas_key", "SAS token granting access to the container."), "sasKey"),
                   Attr(OptStr("blobfuse_options", "Extra blobfuse options."), "blobfuseOptions"),
                   IdentityRef()}),
      SingleBlock("nfs", "nfsMountConfiguration", "Mount an NFS export.",
                  {Attr(ReqStr("source", "Export to mount, e.g. `10.0.0.4:/exports/data`."), "source"),
                   Attr(MountPath(), "relativeMountPath"),
                   Attr(MountOptions(), "mountOptions")}),
      SingleBlock("cifs", "cifsMountConfiguration", "Mount an SMB/CIFS share.",
                  {Attr(ReqStr("user_name", "User to authenticate to the share."), "userName"),
                   Attr(ReqStr("source", "Share to mount, e.g. `//server/share`."), "source"),
                   Attr(MountPath(), "relativeMountPath"),
                   Attr(MountOptions(), "mountOptions"),
                   Hidden(Secret("password", "Password of `user_name`.", true), "password")}),
      SingleBlock("azure_file_share", "azureFileShareConfiguration", "Mount an Azure Files share.",
                  {Attr(ReqStr("account_name", "Storage account name."), "accountName"),
                   Attr(ReqStr("azure_file_url", "URL of the share, "
                                                 "`https://{account}.file.core.windows.net/{share}`."),
                        "azureFileUrl"),
                   Hidden(Secret("account_key", "Storage account key.", true), "accountKey"),
                   Attr(MountPath(), "relativeMountPath"),
                   Attr(MountOptions(), "mountOptions")}),
  };
}

std::vector<Field> UpgradePolicy() {
  auto b = [](const char* name, const char* description) {
    return Attribute::Optional(name, Type::Bool()).WithDescription(description);
  };
  auto n = [](const char* name, const char* description) {
    return Attribute::Optional(name, Type::Number())
        .WithDescription(description)
        .WithValidators({v::IntBetween(5, 100)});
  };
  return {
      Attr(Attribute::Required("mode", Type::String())
               .WithDescription("`manual`: you upgrade the nodes; `automatic`: all nodes at once; "
                                "`rolling`: in batches (see `rolling_upgrade`).")
               .WithValidators({v::StringOneOf({"automatic", "manual", "rolling"})}),
           "mode"),
      SingleBlock("automatic_os_upgrade", "automaticOSUpgradePolicy",
                  "Automatic upgrades to newer OS image versions.",
                  {Attr(b("disable_automatic_rollback", "Do not roll the OS image back after a "
                                                        "failed upgrade."),
                        "disableAutomaticRollback"),
                   Attr(b("enable_automatic_os_upgrade",
                          "Apply newer OS image versions automatically, in a rolling fashion. "
                          "Windows pools cannot combine it with "
                          "`windows_automatic_updates_enabled = true`."),
                        "enableAutomaticOSUpgrade"),
                   Attr(b("use_rolling_upgrade_policy", "Follow `rolling_upgrade` during "
                                                        "automatic OS upgrades."),
                        "useRollingUpgradePolicy"),
                   Attr(b("os_rolling_upgrade_deferral", "Defer the upgrade of nodes that are "
                                                         "running tasks."),
                        "osRollingUpgradeDeferral")}),
      SingleBlock("rolling_upgrade", "rollingUpgradePolicy",
                  "Batch sizes and health limits of a rolling upgrade.",
                  {Attr(b("enable_cross_zone_upgrade", "Let upgrade batches span availability "
                                                       "zones."),
                        "enableCrossZoneUpgrade"),
                   Attr(n("max_batch_instance_percent", "Largest share of the nodes upgraded in "
                                                        "one batch, in percent."),
                        "maxBatchInstancePercent"),
                   Attr(n("max_unhealthy_instance_percent",
                          "Share of the nodes that may be unhealthy at once, in percent; beyond "
                          "it the upgrade stops."),
                        "maxUnhealthyInstancePercent"),
                   Attr(Attribute::Optional("max_unhealthy_upgraded_instance_percent", Type::Number())
                            .WithDescription("Share of the upgraded nodes that may be unhealthy, "
                                             "in percent; beyond it the upgrade stops.")
                            .WithValidators({v::IntBetween(0, 100)}),
                        "maxUnhealthyUpgradedInstancePercent"),
                   Attr(OptStr("pause_time_between_batches",
                               "Wait between two batches, an ISO 8601 duration such as `PT5M`.")
                            .WithValidators({DurationMinutes(0, 60)}),
                        "pauseTimeBetweenBatches", Conv::kDuration),
                   Attr(b("prioritize_unhealthy_instances", "Upgrade unhealthy nodes before "
                                                            "healthy ones."),
                        "prioritizeUnhealthyInstances"),
                   Attr(b("rollback_failed_instances_on_policy_breach",
                          "Roll failed nodes back to the previous image when the policy is "
                          "breached."),
                        "rollbackFailedInstancesOnPolicyBreach")})};
}

}  // namespace azbatch::resources::pool::parts
