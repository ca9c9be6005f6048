#include "resources/batch_account/name_check.h"

#include <mutex>
#include <optional>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "provider/azure/api_versions.h"
#include "provider/azure/json_fields.h"
#include "provider/framework/host_cli.h"
#include "resources/common/arm_ops.h"
#include "resources/common/values.h"

namespace azbatch::resources::batch_account {

using azure::JBool;
using azure::JStr;
using nlohmann::json;

namespace {

std::mutex& ManagedMu() {
  static std::mutex* mu = new std::mutex;
  return *mu;
}
std::set<std::string>& Managed() {
  static std::set<std::string>* ids = new std::set<std::string>;
  return *ids;
}
bool IsManaged(const std::string& id) {
  std::lock_guard<std::mutex> lock(ManagedMu());
  return Managed().count(absl::AsciiStrToLower(id)) > 0;
}

void CouldNotCheck(const absl::Status& status, framework::Diagnostics* diags) {
  diags->AddWarning("Batch account name not checked",
                    absl::StrCat("Checking the name's availability failed: ", status.message(),
                                 ". Set preflight = false in the provider block to skip this "
                                 "check."));
}

}  // namespace

void NoteManagedAccount(const std::string& id) {
  if (id.empty()) return;
  std::lock_guard<std::mutex> lock(ManagedMu());
  Managed().insert(absl::AsciiStrToLower(id));
}

void CheckAccountName(common::ArmAccess& arm, const std::string& name,
                      const std::string& location, const std::string& resource_group,
                      framework::Diagnostics* diags) {
  const std::string region = common::NormaliseLocation(location);
  if (name.empty() || region.empty()) return;
  const std::string base = absl::StrCat("/subscriptions/", arm.subscription(),
                                        "/providers/Microsoft.Batch");
  absl::StatusOr<azure::ArmResponse> r =
      arm.client->Post(absl::StrCat(base, "/locations/", region, "/checkNameAvailability"),
                       azure::api_versions::kBatchAccounts,
                       json{{"name", name}, {"type", "Microsoft.Batch/batchAccounts"}}, arm.ctx);
  if (!r.ok()) {
    CouldNotCheck(r.status(), diags);
    return;
  }
  if (JBool(r->body, "nameAvailable").value_or(true)) return;
  const cty::Path path = cty::Path::Root().Attr("name");
  const std::string reason = JStr(r->body, "reason").value_or("");
  const std::string message = JStr(r->body, "message").value_or("");
  if (absl::EqualsIgnoreCase(reason, "Invalid")) {
    diags->AddAttributeError(path, "Invalid Batch account name",
                             absl::StrCat("Azure refuses the name \"", name, "\": ", message));
    return;
  }
  // Taken: by one of this subscription's accounts, or by someone else.
  std::optional<std::string> mine;
  absl::StatusOr<std::vector<json>> list =
      common::ListAll(arm, base + "/batchAccounts", azure::api_versions::kBatchAccounts);
  if (list.ok()) {
    for (const json& a : *list) {
      if (absl::EqualsIgnoreCase(JStr(a, "name").value_or(""), name) &&
          common::SameLocation(JStr(a, "location").value_or(""), region)) {
        mine = JStr(a, "id");
      }
    }
  }
  if (mine && !mine->empty()) {
    if (IsManaged(*mine)) return;  // the account a replacement replaces
    bool same_group = absl::StrContains(
        absl::AsciiStrToLower(*mine),
        absl::AsciiStrToLower(absl::StrCat("/resourceGroups/", resource_group, "/")));
    const std::string import = framework::CliCommand("import", absl::StrCat("ADDRESS ", *mine));
    const std::string advice =
        same_group
            ? absl::StrCat("To manage it with this configuration instead of creating it, import "
                           "it: ",
                           import,
                           ", where ADDRESS is the address this configuration gives the account "
                           "resource (for example azbatch_account.main).")
            : absl::StrCat("It is in another resource group; account names are unique per "
                           "region, so choose another name, or import that account (",
                           import,
                           ", ADDRESS being the address this configuration gives the account "
                           "resource) after moving resource_group_name to its group.");
    diags->AddAttributeError(path, "Batch account already exists",
                             absl::StrCat("A Batch account named \"", name, "\" already exists in ",
                                          region, " in this subscription: ", *mine, ". ", advice));
    return;
  }
  diags->AddAttributeError(
      path, "Batch account name taken",
      absl::StrCat("The name \"", name, "\" is already used by a Batch account in ", region,
                   " outside this subscription (account names are DNS names, ", name, ".", region,
                   ".batch.azure.com, unique across Azure in a region). Choose another name",
                   message.empty() ? "" : absl::StrCat(". Azure says: ", message), "."));
}

}  // namespace azbatch::resources::batch_account
