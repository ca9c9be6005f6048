#include "resources/common/arm_ops.h"

#include <algorithm>
#include <optional>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "common/log.h"
#include "provider/azure/arm_error.h"
#include "provider/azure/json_fields.h"
#include "provider/framework/host_cli.h"
#include "common/status_macros.h"
#include "resources/common/values.h"

namespace azbatch::resources::common {
namespace {

// How long a DELETE refused for nested resources (ARM's view right after a
// child's delete) is retried.
constexpr absl::Duration kNestedDeleteRetryFor = absl::Minutes(2);

const char* Kind(azure::ResourceType t) {
  switch (t) {
    case azure::ResourceType::kResourceGroup: return "Resource Group";
    case azure::ResourceType::kGallery: return "Gallery";
    case azure::ResourceType::kGalleryImage: return "Gallery Image";
    case azure::ResourceType::kGalleryImageVersion: return "Gallery Image Version";
    case azure::ResourceType::kImage: return "Image";
    case azure::ResourceType::kSnapshot: return "Snapshot";
    case azure::ResourceType::kDisk: return "Disk";
    case azure::ResourceType::kBatchAccount: return "Batch Account";
    case azure::ResourceType::kBatchPool: return "Batch Pool";
  }
  return "Resource";
}

// Parent names for the description, innermost first.
const char* ParentKind(azure::ResourceType t, size_t depth) {
  if (t == azure::ResourceType::kGalleryImageVersion) return depth == 0 ? "Image" : "Gallery";
  if (t == azure::ResourceType::kGalleryImage) return "Gallery";
  if (t == azure::ResourceType::kBatchPool) return "Batch Account";
  return "Parent";
}

}  // namespace

std::string Describe(const azure::ResourceId& id) {
  if (id.type() == azure::ResourceType::kResourceGroup) {
    return absl::StrCat("Resource Group \"", id.resource_group(), "\" (Subscription \"",
                        id.subscription(), "\")");
  }
  const auto& names = id.names();
  std::vector<std::string> ordered;
  for (size_t d = 0; d + 1 < names.size(); ++d) {
    size_t idx = names.size() - 2 - d;
    ordered.push_back(absl::StrCat(ParentKind(id.type(), d), " \"", names[idx], "\""));
  }
  ordered.push_back(absl::StrCat("Resource Group \"", id.resource_group(), "\""));
  return absl::StrCat(Kind(id.type()), " \"", id.name(), "\" (", absl::StrJoin(ordered, ", "),
                      ")");
}

absl::Status Wrap(const absl::Status& status, const std::string& verb,
                  const azure::ResourceId& id) {
  if (status.ok()) return status;
  absl::Status out(status.code(), absl::StrCat(verb, " ", Describe(id), ": ", status.message()));
  status.ForEachPayload([&out](absl::string_view url, const absl::Cord& payload) {
    out.SetPayload(url, payload);
  });
  return out;
}

absl::Status ImportRequired(const azure::ResourceId& id, const std::string& type_name) {
  return absl::AlreadyExistsError(absl::StrCat(
      Describe(id), " already exists - to be managed by this configuration it must be imported "
      "into the state. The provider cannot see this resource's address, so import it at the "
      "address your configuration gives it (the ", type_name, " block being created): run ",
      framework::CliCommand("import", absl::StrCat("ADDRESS ", id.String())),
      " with that address, or add "
      "an import block with to = ADDRESS and id = \"", id.String(), "\", then apply again."));
}

absl::StatusOr<std::optional<nlohmann::json>> GetOrGone(ArmAccess& arm,
                                                        const azure::ResourceId& id,
                                                        const std::string& query) {
  std::string path = id.String();
  if (!query.empty()) absl::StrAppend(&path, "?", query);
  absl::StatusOr<azure::ArmResponse> r = arm.client->Get(path, id.api_version(), arm.ctx);
  if (!r.ok()) {
    if (absl::IsNotFound(r.status())) return std::optional<nlohmann::json>();
    return Wrap(r.status(), "reading", id);
  }
  return std::optional<nlohmann::json>(std::move(r->body));
}

absl::Status EnsureAbsent(ArmAccess& arm, const azure::ResourceId& id,
                          const std::string& type_name) {
  ASSIGN_OR_RETURN(std::optional<nlohmann::json> existing, GetOrGone(arm, id));
  if (existing.has_value()) return ImportRequired(id, type_name);
  return absl::OkStatus();
}

absl::StatusOr<nlohmann::json> PutAndWait(ArmAccess& arm, const azure::ResourceId& id,
                                          const nlohmann::json& body, const std::string& verb,
                                          const std::function<void()>& on_accepted,
                                          azure::LroOptions options,
                                          const azure::Headers& headers) {
  absl::StatusOr<azure::ArmResponse> initial =
      arm.client->Send("PUT", id.String(), id.api_version(), body, arm.ctx, headers);
  if (!initial.ok()) return Wrap(initial.status(), verb, id);
  if (on_accepted) on_accepted();
  absl::StatusOr<azure::ArmResponse> done = azure::WaitForCompletion(
      *arm.client, "PUT", id.String(), id.api_version(), *initial, arm.ctx, options);
  if (!done.ok()) return Wrap(done.status(), absl::StrCat("waiting for ", verb), id);
  return std::move(done->body);
}

absl::StatusOr<nlohmann::json> PatchAndWait(ArmAccess& arm, const azure::ResourceId& id,
                                            const nlohmann::json& body,
                                            azure::LroOptions options) {
  absl::StatusOr<azure::ArmResponse> done =
      azure::PatchAndWait(*arm.client, id.String(), id.api_version(), body, arm.ctx, options);
  if (!done.ok()) return Wrap(done.status(), "updating", id);
  return std::move(done->body);
}

absl::Status DeleteUntilGone(ArmAccess& arm, const azure::ResourceId& id) {
  azure::LroOptions options;
  // The operation itself is paced by Retry-After; a GET after it that still
  // answers 200 only reflects ARM's read cache, so re-reading waits the floor.
  options.default_interval = options.min_interval;
  log::Info("resources", "deleting", {{"id", id.String()}});
  // Right after a child is deleted, ARM may still refuse the parent's DELETE
  // with 409 CannotDeleteResource ("nested resources"): that answer, and only
  // it, is retried for a while; a parent that really has children fails then.
  const absl::Time start = arm.ctx.Now();
  absl::Duration interval = absl::Seconds(1);
  while (true) {
    absl::Status s =
        azure::DeleteAndWait(*arm.client, id.String(), id.api_version(), arm.ctx, options);
    std::optional<azure::ArmError> e = azure::ArmErrorFromStatus(s);
    if (!e || e->code != "CannotDeleteResource" || arm.ctx.Now() - start >= kNestedDeleteRetryFor) {
      return Wrap(s, "deleting", id);
    }
    log::Info("resources", "ARM still sees nested resources; retrying the delete",
              {{"id", id.String()}, {"after", absl::FormatDuration(interval)}});
    if (absl::Status slept = arm.ctx.Sleep(interval); !slept.ok()) return Wrap(s, "deleting", id);
    interval = std::min(interval * 2, absl::Seconds(15));
  }
}

absl::StatusOr<std::vector<nlohmann::json>> ListAll(ArmAccess& arm, const std::string& path,
                                                    const std::string& api_version) {
  // A list that keeps pointing to more pages is cut off with an error, not followed forever.
  constexpr int kMaxPages = 100;
  std::vector<nlohmann::json> all;
  absl::StatusOr<azure::ArmResponse> page = arm.client->Get(path, api_version, arm.ctx);
  for (int pages = 1;; ++pages) {
    if (!page.ok()) return page.status();
    if (page->status >= 400) {
      return absl::Status(azure::StatusCodeForHttp(page->status),
                          absl::StrCat("listing ", path, " returned HTTP ", page->status));
    }
    for (const nlohmann::json& e : azure::JArr(page->body, "value")) all.push_back(e);
    std::optional<std::string> next = azure::JStr(page->body, "nextLink");
    if (!next || next->empty()) return all;
    if (pages == kMaxPages) {
      return absl::OutOfRangeError(
          absl::StrCat("listing ", path, " returned more than ", kMaxPages, " pages"));
    }
    page = arm.client->GetUrl(*next, arm.ctx);
  }
}

absl::StatusOr<azure::ResourceId> ChildIdFromPlan(const cty::Value& plan,
                                                  const std::string& parent_attribute,
                                                  azure::ResourceType parent_type,
                                                  azure::ResourceType type) {
  ASSIGN_OR_RETURN(azure::ResourceId parent,
                   ParseId(GetString(plan, parent_attribute).value_or(""), parent_type));
  return parent.Child(type, GetString(plan, "name").value_or(""));
}

absl::StatusOr<azure::ResourceId> ParseId(const std::string& id, azure::ResourceType type) {
  return azure::ResourceId::Parse(id, type);
}

}  // namespace azbatch::resources::common
