#include "resources/pool/pool_schema.h"

#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "provider/framework/plan_modifiers.h"
#include "provider/framework/timeouts.h"
#include "resources/common/values.h"

namespace azbatch::resources::pool {

namespace fw = azbatch::framework;
namespace v = azbatch::framework::validators;
using cty::Type;
using fw::Attribute;

namespace {

const std::string kVmc = kVmcPath;
std::string Vmc(const char* rest) { return absl::StrCat(kVmc, ".", rest); }

Type StrList() { return Type::List(Type::String()); }
Type StrSet() { return Type::Set(Type::String()); }

Attribute OptStr(const char* name, const char* description = "") {
  return Attribute::Optional(name, Type::String()).WithDescription(description);
}
Attribute OneOf(const char* name, std::vector<std::string> values, const char* description = "") {
  return Attribute::Optional(name, Type::String())
      .WithDescription(description)
      .WithValidators({v::StringOneOf(std::move(values))});
}
Attribute Defaulted(Attribute a, cty::Value d) { return a.WithDefault(std::move(d)); }
Attribute Secret(const char* name, bool required = false) {
  Attribute a = required ? Attribute::Required(name, Type::String())
                         : Attribute::Optional(name, Type::String());
  return a.Sensitive().WithDescription("Secret; Azure never returns it, so the state keeps the configured value.");
}

// ISO 8601 duration with bounds in minutes.
fw::ValidatorPtr DurationMinutes(int64_t min_minutes, int64_t max_minutes) {
  return v::Custom(absl::StrCat("ISO 8601 duration between ", min_minutes, " and ", max_minutes,
                                " minutes"),
                   [=](const cty::Value& x) -> std::string {
                     std::optional<int64_t> s = ParseIsoDuration(x.AsString());
                     if (!s) {
                       return absl::StrCat("must be an ISO 8601 duration such as \"PT15M\" or "
                                           "\"PT1H30M\", got \"", x.AsString(), "\"");
                     }
                     if (*s < min_minutes * 60 || *s > max_minutes * 60) {
                       return absl::StrCat("must be between ", min_minutes, " and ", max_minutes,
                                           " minutes, got \"", x.AsString(), "\"");
                     }
                     return "";
                   });
}

fw::ValidatorPtr ImageId() {
  return v::Custom("ARM id of a gallery image version or image definition",
                   [](const cty::Value& x) -> std::string {
                     const std::string& s = x.AsString();
                     const std::string lower = absl::AsciiStrToLower(s);
                     bool ok = absl::StartsWith(lower, "/subscriptions/") &&
                               absl::StrContains(lower, "/providers/microsoft.compute/galleries/") &&
                               absl::StrContains(lower, "/images/");
                     if (ok) return "";
                     return absl::StrCat(
                         "must be the ARM id of a gallery image version (/subscriptions/{sub}/"
                         "resourceGroups/{rg}/providers/Microsoft.Compute/galleries/{gallery}/images/"
                         "{definition}/versions/{version}) or of an image definition (its latest "
                         "version), got \"", s, "\"");
                   });
}

Field IdentityRef(const char* name = "identity_id") {
  return Attr(OptStr(name, "Resource id of a user-assigned identity of the pool."),
              "identityReference.resourceId", Conv::kFold);
}

std::vector<Field> Registry(bool with_password) {
  std::vector<Field> r = {
      Attr(OptStr("registry_server", "Registry host; Docker Hub when omitted."), "registryServer"),
      Attr(OptStr("user_name"), "username"),
      IdentityRef(),
  };
  if (with_password) r.push_back(Hidden(Secret("password"), "password"));
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
      Attr(OptStr("offer"), "offer", Conv::kFold),
      Attr(OptStr("sku"), "sku", Conv::kFold),
      Attr(OptStr("version", "Marketplace version; Azure uses \"latest\" when omitted."), "version"),
      Attr(OptStr("shared_gallery_image_id"), "sharedGalleryImageId", Conv::kFold),
      Attr(OptStr("community_gallery_image_id"), "communityGalleryImageId", Conv::kFold),
  };
}

std::vector<Field> StartTask() {
  return {
      Attr(Attribute::Required("command_line", Type::String())
               .WithValidators({v::StringLengthAtLeast(1)}),
           "commandLine"),
      Attr(Defaulted(Attribute::Optional("wait_for_success", Type::Bool()), cty::Value::Bool(true)),
           "waitForSuccess"),
      Attr(Defaulted(Attribute::Optional("max_task_retry_count", Type::Number())
                         .WithDescription("-1 retries without limit.")
                         .WithValidators({v::IntBetween(-1, 100)}),
                     cty::Value::Int(0)),
           "maxTaskRetryCount"),
      Attr(Attribute::Optional("environment", Type::Map(Type::String())), "environmentSettings",
           Conv::kNameValue),
      SingleBlock("user_identity", "userIdentity", "User the start task runs as.",
                  {Attr(OptStr("user_name").WithValidators({v::ConflictsWith({"auto_user"})}),
                        "userName"),
                   SingleBlock("auto_user", "autoUser", "An automatic user.",
                               {Attr(Defaulted(OneOf("scope", {"Task", "Pool"}),
                                               cty::Value::String("Pool")),
                                     "scope"),
                                Attr(Defaulted(OneOf("elevation_level", {"NonAdmin", "Admin"}),
                                               cty::Value::String("NonAdmin")),
                                     "elevationLevel")})}),
      ListBlock("resource_file", "resourceFiles", "Files downloaded before the command runs.",
                {Attr(OptStr("auto_storage_container_name"), "autoStorageContainerName"),
                 Attr(OptStr("storage_container_url"), "storageContainerUrl"),
                 Attr(OptStr("http_url"), "httpUrl"),
                 Attr(OptStr("blob_prefix"), "blobPrefix"),
                 Attr(OptStr("file_path"), "filePath"),
                 Attr(OptStr("file_mode", "Octal mode on Linux, e.g. \"0755\"."), "fileMode"),
                 IdentityRef()}),
      SingleBlock("container", "containerSettings", "Run the start task in a container.",
                  {Attr(Attribute::Required("image_name", Type::String()), "imageName"),
                   Attr(OptStr("run_options"), "containerRunOptions"),
                   Attr(OneOf("working_directory", {"TaskWorkingDirectory", "ContainerImageDefault"}),
                        "workingDirectory"),
                   SingleBlock("registry", "registry", "Private registry.", Registry(true))}),
  };
}

std::vector<Field> Network() {
  return {
      Attr(OptStr("subnet_id").WithValidators({v::ArmResourceId("Microsoft.Network/virtualNetworks/subnets")}),
           "subnetId", Conv::kFold),
      Attr(Defaulted(OneOf("dynamic_vnet_assignment_scope", {"none", "job"}), cty::Value::String("none")),
           "dynamicVnetAssignmentScope"),
      Attr(Defaulted(Attribute::Optional("accelerated_networking_enabled", Type::Bool()),
                     cty::Value::Bool(false)),
           "enableAcceleratedNetworking"),
      Attr(OneOf("public_ip_provisioning", {"BatchManaged", "UserManaged", "NoPublicIPAddresses"}),
           "publicIPAddressConfiguration.provision"),
      Attr(Attribute::Optional("public_ip_address_ids", StrList()),
           "publicIPAddressConfiguration.ipAddressIds"),
      ListBlock("inbound_nat_pool", "endpointConfiguration.inboundNatPools",
                "Inbound NAT pools addressing ports on the nodes.",
                {Attr(Attribute::Required("name", Type::String()), "name"),
                 Attr(Attribute::Required("protocol", Type::String())
                          .WithValidators({v::StringOneOf({"TCP", "UDP"})}),
                      "protocol"),
                 Attr(Attribute::Required("backend_port", Type::Number())
                          .WithValidators({v::IntBetween(1, 65535)}),
                      "backendPort"),
                 Attr(Attribute::Required("frontend_port_range_start", Type::Number())
                          .WithValidators({v::IntBetween(1, 65534)}),
                      "frontendPortRangeStart"),
                 Attr(Attribute::Required("frontend_port_range_end", Type::Number())
                          .WithValidators({v::IntBetween(1, 65534)}),
                      "frontendPortRangeEnd"),
                 ListBlock("network_security_group_rule", "networkSecurityGroupRules", "",
                           {Attr(Attribute::Required("priority", Type::Number())
                                     .WithValidators({v::IntBetween(150, 4096)}),
                                 "priority"),
                            Attr(Attribute::Required("access", Type::String())
                                     .WithValidators({v::StringOneOf({"Allow", "Deny"})}),
                                 "access"),
                            Attr(Attribute::Required("source_address_prefix", Type::String()),
                                 "sourceAddressPrefix"),
                            Attr(Attribute::Optional("source_port_ranges", StrList()),
                                 "sourcePortRanges")})}),
  };
}

std::vector<Field> Mounts() {
  return {
      SingleBlock("azure_blob", "azureBlobFileSystemConfiguration", "blobfuse mount.",
                  {Attr(Attribute::Required("account_name", Type::String()), "accountName"),
                   Attr(Attribute::Required("container_name", Type::String()), "containerName"),
                   Attr(Attribute::Required("relative_mount_path", Type::String()), "relativeMountPath"),
                   Hidden(Secret("account_key"), "accountKey"),
                   Hidden(Secret("sas_key"), "sasKey"),
                   Attr(OptStr("blobfuse_options"), "blobfuseOptions"),
                   IdentityRef()}),
      SingleBlock("nfs", "nfsMountConfiguration", "NFS mount.",
                  {Attr(Attribute::Required("source", Type::String()), "source"),
                   Attr(Attribute::Required("relative_mount_path", Type::String()), "relativeMountPath"),
                   Attr(OptStr("mount_options"), "mountOptions")}),
      SingleBlock("cifs", "cifsMountConfiguration", "CIFS/SMB mount.",
                  {Attr(Attribute::Required("user_name", Type::String()), "userName"),
                   Attr(Attribute::Required("source", Type::String()), "source"),
                   Attr(Attribute::Required("relative_mount_path", Type::String()), "relativeMountPath"),
                   Attr(OptStr("mount_options"), "mountOptions"),
                   Hidden(Secret("password", true), "password")}),
      SingleBlock("azure_file_share", "azureFileShareConfiguration", "Azure Files mount.",
                  {Attr(Attribute::Required("account_name", Type::String()), "accountName"),
                   Attr(Attribute::Required("azure_file_url", Type::String()), "azureFileUrl"),
                   Hidden(Secret("account_key", true), "accountKey"),
                   Attr(Attribute::Required("relative_mount_path", Type::String()), "relativeMountPath"),
                   Attr(OptStr("mount_options"), "mountOptions")}),
  };
}

std::vector<Field> UpgradePolicy() {
  auto b = [](const char* name) { return Attribute::Optional(name, Type::Bool()); };
  auto n = [](const char* name) {
    return Attribute::Optional(name, Type::Number()).WithValidators({v::IntBetween(5, 100)});
  };
  return {
      Attr(Attribute::Required("mode", Type::String())
               .WithValidators({v::StringOneOf({"automatic", "manual", "rolling"})}),
           "mode"),
      SingleBlock("automatic_os_upgrade", "automaticOSUpgradePolicy", "",
                  {Attr(b("disable_automatic_rollback"), "disableAutomaticRollback"),
                   Attr(b("enable_automatic_os_upgrade"), "enableAutomaticOSUpgrade"),
                   Attr(b("use_rolling_upgrade_policy"), "useRollingUpgradePolicy"),
                   Attr(b("os_rolling_upgrade_deferral"), "osRollingUpgradeDeferral")}),
      SingleBlock("rolling_upgrade", "rollingUpgradePolicy", "",
                  {Attr(b("enable_cross_zone_upgrade"), "enableCrossZoneUpgrade"),
                   Attr(n("max_batch_instance_percent"), "maxBatchInstancePercent"),
                   Attr(n("max_unhealthy_instance_percent"), "maxUnhealthyInstancePercent"),
                   Attr(Attribute::Optional("max_unhealthy_upgraded_instance_percent", Type::Number())
                            .WithValidators({v::IntBetween(0, 100)}),
                        "maxUnhealthyUpgradedInstancePercent"),
                   Attr(OptStr("pause_time_between_batches").WithValidators({DurationMinutes(0, 60)}),
                        "pauseTimeBetweenBatches", Conv::kDuration),
                   Attr(b("prioritize_unhealthy_instances"), "prioritizeUnhealthyInstances"),
                   Attr(b("rollback_failed_instances_on_policy_breach"),
                        "rollbackFailedInstancesOnPolicyBreach")})};
}

std::vector<Field> BuildFields() {
  const Type str = Type::String();
  return {
      // --- while nodes exist --------------------------------------------------
      SingleBlock("fixed_scale", "properties.scaleSettings.fixedScale",
                  "A fixed number of nodes. Exactly one of fixed_scale and auto_scale.",
                  {Attr(Defaulted(Attribute::Optional("target_dedicated_nodes", Type::Number())
                                      .WithValidators({v::IntBetween(0, 100000)}),
                                  cty::Value::Int(0)),
                        "targetDedicatedNodes"),
                   Attr(Defaulted(Attribute::Optional("target_low_priority_nodes", Type::Number())
                                      .WithValidators({v::IntBetween(0, 100000)}),
                                  cty::Value::Int(0)),
                        "targetLowPriorityNodes"),
                   Attr(Defaulted(OptStr("resize_timeout", "ISO 8601, at least PT5M. Azure guidance: "
                                                           "15 minutes per 1000 nodes.")
                                      .WithValidators({DurationMinutes(5, 7 * 24 * 60)}),
                                  cty::Value::String("PT15M")),
                        "resizeTimeout", Conv::kDuration),
                   Hidden(Defaulted(OneOf("node_deallocation_option",
                                          {"Requeue", "Terminate", "TaskCompletion", "RetainedData"},
                                          "What happens to running tasks when nodes are removed. "
                                          "Write-only in Azure: never causes a diff."),
                                    cty::Value::String("Requeue")),
                          "nodeDeallocationOption")}),
      SingleBlock("auto_scale", "properties.scaleSettings.autoScale",
                  "Autoscale formula. Exactly one of fixed_scale and auto_scale.",
                  {Attr(Attribute::Required("formula", str).WithValidators({v::StringLengthAtLeast(1)}),
                        "formula"),
                   Attr(Defaulted(OptStr("evaluation_interval").WithValidators({DurationMinutes(5, 168 * 60)}),
                                  cty::Value::String("PT15M")),
                        "evaluationInterval", Conv::kDuration)}),
      SingleBlock("start_task", "properties.startTask",
                  "Runs on every node as it joins the pool. Changes apply to nodes that join or "
                  "reboot afterwards.",
                  StartTask()),
      Attr(Attribute::Optional("metadata", Type::Map(str)), "properties.metadata", Conv::kNameValue),
      ListBlock("application_package", "properties.applicationPackages",
                "Batch application packages (at most 10).",
                {Attr(Attribute::Required("id", str).WithValidators(
                          {v::ArmResourceId("Microsoft.Batch/batchAccounts/applications")}),
                      "id", Conv::kFold),
                 Attr(OptStr("version", "Default version of the application when omitted."), "version")},
                10),
      SingleBlock("identity", "identity",
                  "User-assigned identities. Nodes get a changed identity only once the pool "
                  "shrank to zero.",
                  {Attr(Attribute::Required("type", str).WithValidators(
                            {v::StringOneOf({"UserAssigned", "None"})}),
                        "type"),
                   Attr(Attribute::Optional("identity_ids", StrSet()), "userAssignedIdentities",
                        Conv::kIdKeys)}),
      Attr(common::TagsAttribute(), "tags", Conv::kTags),
      // --- only at zero nodes -------------------------------------------------
      Attr(Attribute::Required("vm_size", str)
               .WithDescription("VM size, e.g. Standard_D2s_v3 (case-insensitive).")
               .WithValidators({v::StringLengthAtLeast(1)}),
           "properties.vmSize", Conv::kFold),
      Attr(OptStr("display_name").WithValidators({v::StringLengthBetween(1, 1024)}),
           "properties.displayName"),
      Attr(Attribute::Required("node_agent_sku_id", str)
               .WithDescription("Batch node agent, e.g. \"batch.node.ubuntu 22.04\"; must match the "
                                "image's OS.")
               .WithValidators({v::StringMatches(R"([bB]atch\.[nN]ode\..+)",
                                                 "a Batch node agent SKU such as "
                                                 "\"batch.node.ubuntu 22.04\" or \"batch.node.windows amd64\"")}),
           Vmc("nodeAgentSkuId"), Conv::kFold),
      SingleBlock("image_reference", Vmc("imageReference"),
                  "Required. A gallery image (id) or a Marketplace image (publisher, offer, sku).",
                  ImageReference()),
      Attr(Attribute::Optional("windows_automatic_updates_enabled", Type::Bool()),
           Vmc("windowsConfiguration.enableAutomaticUpdates")),
      Attr(OneOf("license_type", {"Windows_Server", "Windows_Client"}), Vmc("licenseType")),
      Attr(OneOf("node_placement_policy", {"Regional", "Zonal"}), Vmc("nodePlacementConfiguration.policy")),
      Attr(Attribute::Optional("disk_encryption_targets", StrSet())
               .WithDescription("OsDisk and/or TemporaryDisk (not for Linux gallery images)."),
           Vmc("diskEncryptionConfiguration.targets")),
      ListBlock("data_disk", Vmc("dataDisks"), "Empty data disks attached to every node.",
                {Attr(Attribute::Required("lun", Type::Number()).WithValidators({v::IntBetween(0, 63)}), "lun"),
                 Attr(Attribute::Required("disk_size_gb", Type::Number()).WithValidators({v::IntAtLeast(1)}),
                      "diskSizeGB"),
                 Attr(Defaulted(OneOf("caching", {"None", "ReadOnly", "ReadWrite"}), cty::Value::String("None")),
                      "caching"),
                 Attr(Defaulted(OneOf("storage_account_type", {"Standard_LRS", "Premium_LRS", "StandardSSD_LRS"}),
                                cty::Value::String("Standard_LRS")),
                      "storageAccountType")}),
      SingleBlock("os_disk", Vmc("osDisk"), "OS disk settings.",
                  {Attr(OneOf("ephemeral_placement", {"CacheDisk"}), "ephemeralOSDiskSettings.placement"),
                   Attr(OneOf("caching", {"None", "ReadOnly", "ReadWrite"}), "caching"),
                   Attr(OneOf("storage_account_type", {"Standard_LRS", "Premium_LRS", "StandardSSD_LRS"}),
                        "managedDisk.storageAccountType"),
                   Attr(Attribute::Optional("disk_size_gb", Type::Number()).WithValidators({v::IntAtLeast(1)}),
                        "diskSizeGB"),
                   Attr(Attribute::Optional("write_accelerator_enabled", Type::Bool()),
                        "writeAcceleratorEnabled")}),
      SingleBlock("security_profile", Vmc("securityProfile"), "Trusted launch / confidential VMs.",
                  {Attr(OneOf("security_type", {"trustedLaunch", "confidentialVM"}), "securityType"),
                   Attr(Attribute::Optional("encryption_at_host", Type::Bool()), "encryptionAtHost"),
                   Attr(Attribute::Optional("secure_boot_enabled", Type::Bool()), "uefiSettings.secureBootEnabled"),
                   Attr(Attribute::Optional("vtpm_enabled", Type::Bool()), "uefiSettings.vTpmEnabled")}),
      SingleBlock("container_configuration", Vmc("containerConfiguration"),
                  "Container runtime and images prefetched on every node.",
                  {Attr(Defaulted(OneOf("type", {"DockerCompatible", "CriCompatible"}),
                                  cty::Value::String("DockerCompatible")),
                        "type"),
                   Attr(Attribute::Optional("image_names", StrList()), "containerImageNames"),
                   ListBlock("registry", "containerRegistries", "", Registry(true))}),
      ListBlock("extension", Vmc("extensions"), "VM extensions installed on every node.",
                {Attr(Attribute::Required("name", str), "name"),
                 Attr(Attribute::Required("publisher", str), "publisher"),
                 Attr(Attribute::Required("type", str), "type"),
                 Attr(OptStr("type_handler_version"), "typeHandlerVersion"),
                 Attr(Attribute::Optional("auto_upgrade_minor_version", Type::Bool()), "autoUpgradeMinorVersion"),
                 Attr(Attribute::Optional("automatic_upgrade_enabled", Type::Bool()), "enableAutomaticUpgrade"),
                 Attr(OptStr("settings_json", "Public settings as a JSON object."), "settings", Conv::kJson),
                 [] {
                   Field f = Hidden(Secret("protected_settings_json"), "protectedSettings");
                   f.conv = Conv::kJson;
                   return f;
                 }(),
                 Attr(Attribute::Optional("provision_after_extensions", StrList()),
                      "provisionAfterExtensions")}),
      Attr(OptStr("service_artifact_reference_id"), Vmc("serviceArtifactReference.id"), Conv::kFold),
      SingleBlock("network_configuration", "properties.networkConfiguration",
                  "Virtual network, public IPs and inbound endpoints.", Network()),
      Attr(Defaulted(OneOf("inter_node_communication", {"Enabled", "Disabled"}),
                     cty::Value::String("Disabled")),
           "properties.interNodeCommunication"),
      Attr(Defaulted(Attribute::Optional("task_slots_per_node", Type::Number())
                         .WithValidators({v::IntBetween(1, 256)}),
                     cty::Value::Int(1)),
           "properties.taskSlotsPerNode"),
      Attr(Defaulted(OneOf("node_fill_type", {"Spread", "Pack"}), cty::Value::String("Spread")),
           "properties.taskSchedulingPolicy.nodeFillType"),
      Attr(Defaulted(OneOf("target_node_communication_mode", {"Default", "Classic", "Simplified"}),
                     cty::Value::String("Default")),
           "properties.targetNodeCommunicationMode"),
      ListBlock("user_account", "properties.userAccounts", "Accounts created on every node.",
                {Attr(Attribute::Required("name", str), "name"),
                 Hidden(Secret("password", true), "password"),
                 Attr(Defaulted(OneOf("elevation_level", {"NonAdmin", "Admin"}), cty::Value::String("NonAdmin")),
                      "elevationLevel"),
                 Attr(Attribute::Optional("linux_uid", Type::Number()), "linuxUserConfiguration.uid"),
                 Attr(Attribute::Optional("linux_gid", Type::Number()), "linuxUserConfiguration.gid"),
                 Hidden(Secret("linux_ssh_private_key"), "linuxUserConfiguration.sshPrivateKey"),
                 Attr(OneOf("windows_login_mode", {"Batch", "Interactive"}),
                      "windowsUserConfiguration.loginMode")}),
      ListBlock("mount", "properties.mountConfiguration", "File systems mounted on every node.",
                Mounts()),
      SingleBlock("upgrade_policy", "properties.upgradePolicy", "OS upgrade policy.", UpgradePolicy()),
      // --- provider behaviour ---------------------------------------------------
      Attr(Defaulted(Attribute::Optional("wait_for_steady_state", Type::Bool())
                         .WithDescription("Create and update wait until the allocation state is "
                                          "Steady and report resize errors (default true)."),
                     cty::Value::Bool(true)),
           ""),
      Attr(Defaulted(Attribute::Optional("stop_pending_resize", Type::Bool())
                         .WithDescription("Stop a running resize before an update instead of "
                                          "waiting for it."),
                     cty::Value::Bool(false)),
           ""),
      Attr(Defaulted(Attribute::Optional("prevent_replacement", Type::Bool())
                         .WithDescription("Refuse plans that would replace the pool (a change that "
                                          "Azure only accepts at zero nodes while nodes exist)."),
                     cty::Value::Bool(false)),
           ""),
      // --- computed -----------------------------------------------------------
      Attr(Attribute::Computed("allocation_state", str).WithDescription("Steady, Resizing or Stopping."),
           "properties.allocationState"),
      Attr(Attribute::Computed("current_dedicated_nodes", Type::Number()), "properties.currentDedicatedNodes"),
      Attr(Attribute::Computed("current_low_priority_nodes", Type::Number()),
           "properties.currentLowPriorityNodes"),
      Attr(Attribute::Computed("resize_errors", StrList()).WithDescription("Errors of the last resize."),
           "properties.resizeOperationStatus.errors", Conv::kErrors),
      Attr(Attribute::Computed("creation_time", str).WithPlanModifiers({fw::plan_modifiers::UseStateForUnknown()}),
           "properties.creationTime"),
  };
}

}  // namespace

const std::vector<Field>& PoolFields() {
  static const std::vector<Field>* fields = new std::vector<Field>(BuildFields());
  return *fields;
}

std::string GroupOf(const Field& f) {
  if (f.json.empty()) return "";
  std::string head = f.json.substr(0, f.json.find('.'));
  if (head != "properties") return head;
  std::string rest = f.json.substr(head.size() + 1);
  return rest.substr(0, rest.find('.'));
}

Fate FateOf(const Field& f) {
  const std::string g = GroupOf(f);
  if (g.empty()) return Fate::kLocal;
  for (const char* always : {"scaleSettings", "startTask", "metadata", "applicationPackages",
                             "identity", "tags"}) {
    if (g == always) return Fate::kAlways;
  }
  return Fate::kZeroNodes;
}

fw::Schema PoolSchema() {
  fw::Schema s;
  s.block = BuildBlock(PoolFields());
  s.block.description =
      "An Azure Batch pool. Plans say exactly what Azure will do: scale, start task, metadata and "
      "packages update in place; other changes update in place at zero nodes and replace the pool "
      "while it has nodes.";
  std::vector<Attribute> head = {
      common::IdAttribute(),
      Attribute::Required("name", Type::String())
          .WithDescription("1-64 letters, digits, hyphens and underscores.")
          .WithValidators({v::StringMatches("[A-Za-z0-9_-]{1,64}",
                                            "1-64 letters, digits, hyphens and underscores")})
          .WithPlanModifiers({common::ForceNew()}),
      Attribute::Required("account_id", Type::String())
          .WithDescription("ARM id of the Batch account.")
          .WithValidators({v::ArmResourceId("Microsoft.Batch/batchAccounts")})
          .WithPlanModifiers({common::ForceNew()}),
  };
  s.block.attributes.insert(s.block.attributes.begin(), head.begin(), head.end());
  s.block.blocks.push_back(fw::TimeoutsBlock());
  return s;
}

}  // namespace azbatch::resources::pool
