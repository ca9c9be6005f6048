#include "resources/pool/pool_schema.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "provider/framework/plan_modifiers.h"
#include "provider/framework/timeouts.h"
#include "resources/common/arm_id_validators.h"
#include "resources/common/identity.h"
#include "resources/common/name_prefix.h"
#include "resources/common/values.h"
#include "resources/pool/pool_blocks.h"

namespace azbatch::resources::pool {

namespace fw = azbatch::framework;
namespace v = azbatch::framework::validators;
using cty::Type;
using fw::Attribute;

using parts::Defaulted;
using parts::DurationMinutes;
using parts::ImageReference;
using parts::Mounts;
using parts::Network;
using parts::OneOf;
using parts::OptStr;
using parts::Registry;
using parts::Secret;
using parts::StartTask;
using parts::StrList;
using parts::StrSet;
using parts::UpgradePolicy;
using parts::Vmc;

namespace {

std::vector<Field> BuildFields() {
  const Type str = Type::String();
  return {
      // --- while nodes exist --------------------------------------------------
      SingleBlock("fixed_scale", "properties.scaleSettings.fixedScale",
                  "A fixed number of nodes. Exactly one of fixed_scale and auto_scale.",
                  {Attr(Defaulted(Attribute::Optional("target_dedicated_nodes", Type::Number())
                                      .WithDescription("Dedicated nodes the pool should have.")
                                      .WithValidators({v::IntBetween(0, 100000)}),
                                  cty::Value::Int(0)),
                        "targetDedicatedNodes"),
                   Attr(Defaulted(Attribute::Optional("target_low_priority_nodes", Type::Number())
                                      .WithDescription("Spot/low-priority nodes the pool should "
                                                       "have.")
                                      .WithValidators({v::IntBetween(0, 100000)}),
                                  cty::Value::Int(0)),
                        "targetLowPriorityNodes"),
                   Attr(Defaulted(OptStr("resize_timeout",
                                         "How long a resize may take, an ISO 8601 duration from "
                                         "5 minutes to 7 days. Azure's guidance: 15 minutes per "
                                         "1000 nodes (`data.azbatch_pool_sizing` computes it).")
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
                  {Attr(Attribute::Required("formula", str)
                            .WithDescription("Autoscale formula; it sets `$TargetDedicatedNodes` "
                                             "and `$TargetLowPriorityNodes`.")
                            .WithValidators({v::StringLengthAtLeast(1)}),
                        "formula"),
                   Attr(Defaulted(OptStr("evaluation_interval",
                                         "How often the formula runs, an ISO 8601 duration from "
                                         "5 minutes to 168 hours.")
                                      .WithValidators({DurationMinutes(5, 168 * 60)}),
                                  cty::Value::String("PT15M")),
                        "evaluationInterval", Conv::kDuration)}),
      SingleBlock("start_task", "properties.startTask",
                  "Runs on every node as it joins the pool. Changes apply to nodes that join or "
                  "reboot afterwards.",
                  StartTask()),
      Attr(Attribute::Optional("metadata", Type::Map(str))
               .WithDescription("Name-value pairs stored with the pool for your own use."),
           "properties.metadata", Conv::kNameValue),
      ListBlock("application_package", "properties.applicationPackages",
                "Batch application packages (at most 10). Nodes already in the pool get a change "
                "only when they reboot or are reimaged.",
                {Attr(Attribute::Required("id", str)
                          .WithDescription("ARM id of the Batch application "
                                           "(`.../batchAccounts/{account}/applications/{name}`).")
                          .WithValidators(
                          {common::ArmResourceId("Microsoft.Batch/batchAccounts/applications")}),
                      "id", Conv::kFold),
                 Attr(OptStr("version", "Package version; the application's default version when "
                                    "omitted (creation fails if it has none)."), "version")},
                10),
      common::IdentityBlock("User-assigned identities. Nodes get a changed identity only once the "
                            "pool shrank to zero.",
                            "ARM ids of the user-assigned identities (with `UserAssigned`).",
                            false),
      Attr(common::TagsAttribute(), "tags", Conv::kTags),
      // --- only at zero nodes -------------------------------------------------
      Attr(Attribute::Required("vm_size", str)
               .WithDescription("VM size, e.g. Standard_D2s_v3 (case-insensitive).")
               .WithValidators({v::StringLengthAtLeast(1)}),
           "properties.vmSize", Conv::kFold),
      Attr(OptStr("display_name", "Display name, up to 1024 Unicode characters; need not be "
                                  "unique.")
               .WithValidators({v::StringLengthBetween(1, 1024)}),
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
      Attr(Attribute::Optional("windows_automatic_updates_enabled", Type::Bool())
               .WithDescription("Windows images only: whether Windows Update runs on the nodes "
                                "(Azure's default is true)."),
           Vmc("windowsConfiguration.enableAutomaticUpdates")),
      Attr(OneOf("license_type", {"Windows_Server", "Windows_Client"},
                 "Windows images only, when you hold on-premises licences for the nodes "
                 "(Azure Hybrid Benefit)."),
           Vmc("licenseType")),
      Attr(OneOf("node_placement_policy", {"Regional", "Zonal"},
                 "`Regional` (Azure's default) or `Zonal`: spread across availability zones."),
           Vmc("nodePlacementConfiguration.policy")),
      Attr(Attribute::Optional("disk_encryption_targets", StrSet())
               .WithDescription("Disks encrypted on every node: `OsDisk`, `TemporaryDisk`. Linux "
                                "pools support only `TemporaryDisk`."),
           Vmc("diskEncryptionConfiguration.targets")),
      ListBlock("data_disk", Vmc("dataDisks"), "Empty data disks attached to every node.",
                {Attr(Attribute::Required("lun", Type::Number())
                          .WithDescription("Logical unit number, unique per node.")
                          .WithValidators({v::IntBetween(0, 63)}),
                      "lun"),
                 Attr(Attribute::Required("disk_size_gb", Type::Number())
                          .WithDescription("Initial size of the disk in GB.")
                          .WithValidators({v::IntAtLeast(1)}),
                      "diskSizeGB"),
                 Attr(Defaulted(OneOf("caching", {"None", "ReadOnly", "ReadWrite"}, "Host caching."),
                                cty::Value::String("None")),
                      "caching"),
                 Attr(Defaulted(OneOf("storage_account_type",
                                      {"Standard_LRS", "Premium_LRS", "StandardSSD_LRS"},
                                      "Managed disk type."),
                                cty::Value::String("Standard_LRS")),
                      "storageAccountType")}),
      SingleBlock("os_disk", Vmc("osDisk"), "OS disk settings.",
                  {Attr(OneOf("ephemeral_placement", {"CacheDisk"},
                              "`CacheDisk`: an ephemeral OS disk in the VM's cache, which must "
                              "hold the image."),
                        "ephemeralOSDiskSettings.placement"),
                   Attr(OneOf("caching", {"None", "ReadOnly", "ReadWrite"}, "Host caching."), "caching"),
                   Attr(OneOf("storage_account_type", {"Standard_LRS", "Premium_LRS", "StandardSSD_LRS"},
                              "Managed disk type of the OS disk."),
                        "managedDisk.storageAccountType"),
                   Attr(Attribute::Optional("disk_size_gb", Type::Number())
                            .WithDescription("OS disk size in GB, to grow it beyond the image's.")
                            .WithValidators({v::IntAtLeast(1)}),
                        "diskSizeGB"),
                   Attr(Attribute::Optional("write_accelerator_enabled", Type::Bool())
                            .WithDescription("Write Accelerator on the OS disk (M-series sizes, "
                                             "Premium storage)."),
                        "writeAcceleratorEnabled")}),
      SingleBlock("security_profile", Vmc("securityProfile"), "Trusted launch / confidential VMs.",
                  {Attr(OneOf("security_type", {"trustedLaunch", "confidentialVM"},
                              "Needs an image and a VM size that support it."),
                        "securityType"),
                   Attr(Attribute::Optional("encryption_at_host", Type::Bool())
                            .WithDescription("Encrypt every disk, the temporary disk included, at "
                                             "the host."),
                        "encryptionAtHost"),
                   Attr(Attribute::Optional("secure_boot_enabled", Type::Bool())
                            .WithDescription("UEFI secure boot (with `security_type`)."),
                        "uefiSettings.secureBootEnabled"),
                   Attr(Attribute::Optional("vtpm_enabled", Type::Bool())
                            .WithDescription("Virtual TPM (with `security_type`)."),
                        "uefiSettings.vTpmEnabled")}),
      SingleBlock("container_configuration", Vmc("containerConfiguration"),
                  "Container runtime and images prefetched on every node.",
                  {Attr(Defaulted(OneOf("type", {"DockerCompatible", "CriCompatible"},
                                        "Container runtime: Docker-compatible or CRI-based."),
                                  cty::Value::String("DockerCompatible")),
                        "type"),
                   Attr(Attribute::Optional("image_names", StrList())
                            .WithDescription("Images pulled onto every node as it joins, as for "
                                             "`docker pull`."),
                        "containerImageNames"),
                   ListBlock("registry", "containerRegistries",
                             "Private registries and their credentials.", Registry(true))}),
      ListBlock("extension", Vmc("extensions"), "VM extensions installed on every node.",
                {Attr(Attribute::Required("name", str).WithDescription("Extension name, unique in "
                                                                       "the pool."),
                      "name"),
                 Attr(Attribute::Required("publisher", str)
                          .WithDescription("Publisher, e.g. `Microsoft.Azure.Monitor`."),
                      "publisher"),
                 Attr(Attribute::Required("type", str)
                          .WithDescription("Extension type, e.g. `AzureMonitorLinuxAgent`."),
                      "type"),
                 Attr(OptStr("type_handler_version", "Extension version, e.g. `1.0`."),
                      "typeHandlerVersion"),
                 Attr(Attribute::Optional("auto_upgrade_minor_version", Type::Bool())
                          .WithDescription("Use the newest minor version at deployment (no "
                                           "upgrade afterwards)."),
                      "autoUpgradeMinorVersion"),
                 Attr(Attribute::Optional("automatic_upgrade_enabled", Type::Bool())
                          .WithDescription("Let Azure upgrade the extension when a newer version "
                                           "is published."),
                      "enableAutomaticUpgrade"),
                 Attr(OptStr("settings_json", "Public settings, a JSON object string "
                                              "(`jsonencode({...})`)."),
                      "settings", Conv::kJson),
                 [] {
                   Field f = Hidden(Secret("protected_settings_json",
                                           "Protected settings, a JSON object string."),
                                    "protectedSettings");
                   f.conv = Conv::kJson;
                   return f;
                 }(),
                 Attr(Attribute::Optional("provision_after_extensions", StrList())
                          .WithDescription("Extensions to provision before this one."),
                      "provisionAfterExtensions")}),
      Attr(OptStr("service_artifact_reference_id",
                  "ARM id of a gallery service artifact's VM artifacts profile "
                  "(`.../galleries/{gallery}/serviceArtifacts/{name}/vmArtifactsProfiles/"
                  "{profile}`): every node gets the same image version when automatic OS "
                  "upgrades are on."),
           Vmc("serviceArtifactReference.id"), Conv::kFold),
      SingleBlock("network_configuration", "properties.networkConfiguration",
                  "Virtual network, public IPs and inbound endpoints.", Network()),
      Attr(Defaulted(OneOf("inter_node_communication", {"Enabled", "Disabled"},
                           "`Enabled` lets nodes talk to each other directly (e.g. MPI) but "
                           "restricts their placement, so a large pool may stay short of its "
                           "target."),
                     cty::Value::String("Disabled")),
           "properties.interNodeCommunication"),
      Attr(Defaulted(Attribute::Optional("task_slots_per_node", Type::Number())
                         .WithDescription("Tasks that may run at once on a node; at most 4 times "
                                          "the VM size's cores.")
                         .WithValidators({v::IntBetween(1, 256)}),
                     cty::Value::Int(1)),
           "properties.taskSlotsPerNode"),
      Attr(Defaulted(OneOf("node_fill_type", {"Spread", "Pack"},
                           "`Spread` spreads tasks evenly over the nodes; `Pack` fills a node's "
                           "task slots first."),
                     cty::Value::String("Spread")),
           "properties.taskSchedulingPolicy.nodeFillType"),
      Attr(Defaulted(OneOf("target_node_communication_mode", {"Default", "Classic", "Simplified"},
                           "How nodes talk to the Batch service: `Classic` needs inbound "
                           "connections from Batch, `Simplified` only outbound ones."),
                     cty::Value::String("Default")),
           "properties.targetNodeCommunicationMode"),
      ListBlock("user_account", "properties.userAccounts", "Accounts created on every node.",
                {Attr(Attribute::Required("name", str).WithDescription("User name on the nodes."),
                      "name"),
                 Hidden(Secret("password", "Password of the account.", true), "password"),
                 Attr(Defaulted(OneOf("elevation_level", {"NonAdmin", "Admin"},
                                      "`Admin` gives full administrator rights."),
                                cty::Value::String("NonAdmin")),
                      "elevationLevel"),
                 Attr(Attribute::Optional("linux_uid", Type::Number())
                          .WithDescription("Linux user id; set with `linux_gid` or not at all."),
                      "linuxUserConfiguration.uid"),
                 Attr(Attribute::Optional("linux_gid", Type::Number())
                          .WithDescription("Linux group id; set with `linux_uid` or not at all."),
                      "linuxUserConfiguration.gid"),
                 Hidden(Secret("linux_ssh_private_key",
                               "Private key without passphrase for SSH between Linux nodes (used "
                               "with `inter_node_communication = \"Enabled\"`)."),
                        "linuxUserConfiguration.sshPrivateKey"),
                 Attr(OneOf("windows_login_mode", {"Batch", "Interactive"},
                            "Windows only; Azure's default is `Interactive`."),
                      "windowsUserConfiguration.loginMode")}),
      ListBlock("mount", "properties.mountConfiguration", "File systems mounted on every node.",
                Mounts()),
      SingleBlock("upgrade_policy", "properties.upgradePolicy",
                  "How the nodes' OS image is upgraded.", UpgradePolicy()),
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
      Attr(Attribute::Computed("current_dedicated_nodes", Type::Number())
               .WithDescription("Dedicated nodes in the pool, as last read."),
           "properties.currentDedicatedNodes"),
      Attr(Attribute::Computed("current_low_priority_nodes", Type::Number())
               .WithDescription("Spot/low-priority nodes in the pool, as last read."),
           "properties.currentLowPriorityNodes"),
      Attr(Attribute::Computed("resize_errors", StrList()).WithDescription("Errors of the last resize."),
           "properties.resizeOperationStatus.errors", Conv::kErrors),
      Attr(Attribute::Computed("creation_time", str)
               .WithDescription("When the pool was created (RFC 3339).")
               .WithPlanModifiers({fw::plan_modifiers::UseStateForUnknown()}),
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
  // Batch pool names have at most 64 characters; a prefix leaves room for the suffix.
  constexpr int kSuffix = common::kNameSuffixLength;
  constexpr int kMaxPrefix = 64 - kSuffix;
  std::vector<Attribute> head = {
      common::IdAttribute(),
      Attribute::OptionalComputed("name", Type::String())
          .WithDescription("1-64 letters, digits, hyphens and underscores. Exactly one of `name` "
                           "and `name_prefix`; with `name_prefix` the name is known after apply.")
          .WithValidators({v::StringMatches("[A-Za-z0-9_-]{1,64}",
                                            "1-64 letters, digits, hyphens and underscores")})
          // Unset (name_prefix in use): keep the generated name unless replaced.
          .WithPlanModifiers({fw::plan_modifiers::UseStateForUnknown(), common::ForceNew()}),
      Attribute::Optional("name_prefix", Type::String())
          .WithDescription(absl::StrCat(
              "Instead of `name`: the pool is named this prefix followed by ", kSuffix,
              " random lowercase letters and digits, so `lifecycle { create_before_destroy = true "
              "}` can create the replacement beside the pool it replaces. 1-",
              kMaxPrefix, " letters, digits, hyphens and underscores."))
          .WithValidators({v::StringMatches(
              absl::StrCat("[A-Za-z0-9_-]{1,", kMaxPrefix, "}"),
              absl::StrCat("1-", kMaxPrefix, " letters, digits, hyphens and underscores"))})
          .WithPlanModifiers({fw::plan_modifiers::RequiresReplaceIf(
              [](const fw::PlanModifierRequest& req) {
                // Dropping the prefix for a `name` is the name's own change to judge;
                // a name that already fits the prefix (an imported pool) stays.
                if (!req.plan_value.is_known()) return true;
                if (req.plan_value.is_null()) return false;
                return !common::NameFitsPrefix(common::GetString(req.state, "name").value_or(""),
                                               req.plan_value.AsString());
              },
              "a prefix the pool's name does not fit replaces the pool under a new name")}),
      Attribute::Required("account_id", Type::String())
          .WithDescription("ARM id of the Batch account.")
          .WithValidators({common::ArmResourceId("Microsoft.Batch/batchAccounts")})
          .WithPlanModifiers({common::ForceNew()}),
  };
  s.block.attributes.insert(s.block.attributes.begin(), head.begin(), head.end());
  s.block.blocks.push_back(fw::TimeoutsBlock());
  return s;
}

}  // namespace azbatch::resources::pool
