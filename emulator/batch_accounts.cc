// Microsoft.Batch accounts: PUT 202 + Location (accountOperationResults),
// synchronous PATCH, DELETE 202 + Location, listKeys/regenerateKeys, and the
// location-scoped quotas / checkNameAvailability / operation results.
#include "emulator/handlers.h"

namespace azbatch::emulator {

using nlohmann::json;

namespace {

const char kAccountType[] = "Microsoft.Batch/batchAccounts";

std::string AccountOperationUrl(const ArmContext& ctx, const std::string& sub,
                                const std::string& loc, const std::string& name,
                                const std::string& op_id) {
  return AbsoluteUrl(ctx, "/subscriptions/" + sub + "/providers/Microsoft.Batch/locations/" +
                              NormalizeRegion(loc) + "/accountOperationResults/" + name + "-" +
                              op_id + "?api-version=" + ctx.api_version);
}

bool SharedKeyAllowed(const json& body) {
  const json& modes = body["properties"].value("allowedAuthenticationModes", json::array());
  for (const json& m : modes) {
    if (m.is_string() && IEquals(m.get<std::string>(), "SharedKey")) return true;
  }
  return false;
}

// A system-assigned identity gets a principal id (kept across updates) and the
// tenant, as ARM fills them in.
json WithIdentityIds(json identity, const json& prior) {
  if (!identity.is_object()) return identity;
  std::string type = identity.value("type", "None");
  if (type.find("SystemAssigned") == std::string::npos) {
    identity.erase("principalId");
    identity.erase("tenantId");
    return identity;
  }
  bool had = prior.is_object() &&
             prior.value("type", "").find("SystemAssigned") != std::string::npos;
  std::string kept = had ? prior.value("principalId", "") : "";
  identity["principalId"] = kept.empty() ? NewGuid() : kept;
  identity["tenantId"] = kDefaultTenant;
  return identity;
}

json BuildAccount(ArmContext& ctx, const ResourcePath& p, const json& req) {
  Emulator& emu = *ctx.emu;
  std::string loc = NormalizeRegion(req.value("location", ""));
  json in = req.value("properties", json::object());
  json props = {
      {"accountEndpoint", ToLower(p.Name()) + "." + loc + ".batch.azure.com"},
      {"nodeManagementEndpoint", RandomHex(16) + "." + loc + ".service.batch.azure.com"},
      {"provisioningState", "Creating"},
      {"poolAllocationMode", in.value("poolAllocationMode", "BatchService")},
      {"publicNetworkAccess", in.value("publicNetworkAccess", "Enabled")},
      {"encryption", in.value("encryption", json{{"keySource", "Microsoft.Batch"}})},
      {"allowedAuthenticationModes",
       in.value("allowedAuthenticationModes",
                json::array({"SharedKey", "AAD", "TaskAuthenticationToken"}))},
      {"poolQuota", emu.config.quotas.pools},
      {"activeJobAndJobScheduleQuota", 300}};
  FillAccountQuotas(emu.config, props);
  for (const char* k : {"autoStorage", "keyVaultReference", "networkProfile"}) {
    if (in.contains(k)) props[k] = in[k];
  }
  if (props.contains("autoStorage")) {
    props["autoStorage"]["lastKeySync"] = IsoTime(ctx.now);
    if (!props["autoStorage"].contains("authenticationMode")) {
      props["autoStorage"]["authenticationMode"] = "StorageKeys";
    }
  }
  json body = {{"id", p.Id()},
               {"name", p.Name()},
               {"type", kAccountType},
               {"location", loc},
               {"identity", WithIdentityIds(req.value("identity", json{{"type", "None"}}), json())},
               {"properties", props}};
  if (req.contains("tags")) body["tags"] = req["tags"];
  return body;
}

}  // namespace

HttpResponse HandleBatchAccount(ArmContext& ctx, const ResourcePath& p) {
  Emulator& emu = *ctx.emu;
  const std::string& method = ctx.req->method;
  if (p.collection) {
    return ListResponse(ctx, emu.Children(p.ResourceGroupId() + "/providers/Microsoft.Batch",
                                          kAccountType));
  }
  Resource* acct = emu.Find(p.Id());
  if (!p.action.empty()) {
    if (method != "POST") return ArmError(405, "MethodNotAllowed", "Method not allowed.");
    if (acct == nullptr) return ResourceNotFound(p);
    std::string action = ToLower(p.action);
    if (action == "listkeys" || action == "regeneratekeys") {
      if (!SharedKeyAllowed(acct->body)) {
        return ArmError(409, "OperationNotValid",
                        "Shared key authentication is disabled for account '" + p.Name() + "'.");
      }
      if (!acct->sim.contains("primary") || action == "regeneratekeys") {
        std::string which = ctx.body.is_object() ? ctx.body.value("keyName", "") : "";
        if (action == "regeneratekeys" && !IEquals(which, "Primary") &&
            !IEquals(which, "Secondary")) {
          return ArmError(400, "InvalidRequestBody", "keyName must be Primary or Secondary.",
                          "keyName");
        }
        if (!acct->sim.contains("primary") || IEquals(which, "Primary")) {
          acct->sim["primary"] = RandomHex(32);
        }
        if (!acct->sim.contains("secondary") || IEquals(which, "Secondary")) {
          acct->sim["secondary"] = RandomHex(32);
        }
      }
      return JsonResponse(200, {{"accountName", acct->body["name"]},
                                {"primary", acct->sim["primary"]},
                                {"secondary", acct->sim["secondary"]}});
    }
    if (action == "syncautostoragekeys") return EmptyResponse(204);
    return ArmError(404, "NotFound", "Action '" + p.action + "' is not supported.");
  }
  if (method == "GET") {
    if (acct == nullptr) return ResourceNotFound(p);
    return JsonResponse(200, Render(*acct, ctx));
  }
  if (method == "PUT") {
    if (auto err = CheckComputeName(p)) {
      return ArmError(400, "AccountNameInvalid",
                      "Account name must be 3-24 lowercase letters and digits.", "accountName");
    }
    if (auto err = ValidateBody(ctx, p.type->put_schema, "InvalidRequestBody")) return *err;
    std::string loc = NormalizeRegion(ctx.body.value("location", ""));
    for (auto& [key, r] : emu.resources) {
      if (IEquals(r.type, kAccountType) && IEquals(r.body.value("name", ""), p.Name()) &&
          NormalizeRegion(r.body.value("location", "")) == loc && !IEquals(r.id, p.Id())) {
        return ArmError(409, "AccountNameAlreadyExists",
                        "An account named '" + p.Name() + "' already exists in region '" + loc +
                            "'.");
      }
    }
    if (acct != nullptr && acct->phase == "Deleting") {
      return ArmError(409, "AccountBeingDeleted", "The account is being deleted.");
    }
    json body = BuildAccount(ctx, p, ctx.body);
    Resource* target = acct;
    if (target == nullptr) {
      Resource r;
      r.id = p.Id();
      r.type = kAccountType;
      r.visible = false;  // created through 202: invisible until the operation completes
      emu.resources[ToLower(r.id)] = r;
      target = &emu.resources[ToLower(r.id)];
    } else {
      body["properties"]["accountEndpoint"] = target->body["properties"]["accountEndpoint"];
      body["properties"]["provisioningState"] = "Succeeded";
    }
    target->body = body;
    target->phase = "Creating";
    target->phase_end = ctx.now + CreateDuration(kAccountType);
    target->phase_fails = emu.faults.NextLroFails();
    target->version++;
    Operation& op = StartOperation(ctx, "account", target->id, "PUT", target->phase_end,
                                   target->phase_fails);
    HttpResponse r = EmptyResponse(202);
    r.SetHeader("Location", AccountOperationUrl(ctx, p.subscription, body["location"], p.Name(),
                                                op.id));
    r.SetHeader("Retry-After",
                std::to_string(RetryAfterSeconds(emu, target->phase_end - ctx.now)));
    return r;
  }
  if (method == "PATCH") {
    if (acct == nullptr) return ResourceNotFound(p);
    if (auto err = ValidateBody(ctx, p.type->patch_schema, "InvalidRequestBody", true)) return *err;
    json in = ctx.body.value("properties", json::object());
    for (const char* k : {"poolAllocationMode", "keyVaultReference"}) {
      if (in.contains(k)) return PropertyChangeNotAllowed(k);
    }
    for (const char* k : {"autoStorage", "encryption", "allowedAuthenticationModes",
                          "publicNetworkAccess", "networkProfile"}) {
      if (in.contains(k)) acct->body["properties"][k] = in[k];
    }
    // Batch syncs the storage keys when auto-storage is (re)set, as on create.
    if (in.contains("autoStorage") && acct->body["properties"]["autoStorage"].is_object()) {
      json& as = acct->body["properties"]["autoStorage"];
      as["lastKeySync"] = IsoTime(ctx.now);
      if (!as.contains("authenticationMode")) as["authenticationMode"] = "StorageKeys";
    }
    if (ctx.body.contains("tags")) acct->body["tags"] = ctx.body["tags"];
    if (ctx.body.contains("identity")) {
      acct->body["identity"] = WithIdentityIds(ctx.body["identity"], acct->body["identity"]);
    }
    acct->version++;
    return JsonResponse(200, Render(*acct, ctx));
  }
  if (method == "DELETE") {
    if (acct == nullptr) return EmptyResponse(204);
    if (acct->phase != "Deleting") {
      acct->phase = "Deleting";
      acct->phase_end = ctx.now + DeleteDuration(kAccountType);
      acct->phase_fails = false;
      acct->body["properties"]["provisioningState"] = "Deleting";
    }
    Operation& op = StartOperation(ctx, "account", acct->id, "DELETE", acct->phase_end, false);
    HttpResponse r = EmptyResponse(202);
    r.SetHeader("Location", AccountOperationUrl(ctx, p.subscription, acct->body["location"],
                                                p.Name(), op.id));
    r.SetHeader("Retry-After",
                std::to_string(RetryAfterSeconds(emu, acct->phase_end - ctx.now)));
    return r;
  }
  return ArmError(405, "MethodNotAllowed", "Method not allowed.");
}

HttpResponse HandleBatchLocation(ArmContext& ctx) {
  Emulator& emu = *ctx.emu;
  const auto& segs = ctx.segs;  // subscriptions/{s}/providers/Microsoft.Batch/locations/{loc}/...
  if (segs.size() == 8 && IEquals(segs[6], "accountOperationResults")) {
    // Operation ids are "{account}-{guid}"; the guid is the last 36 characters.
    const std::string& id = segs[7];
    return HandleOperationLocation(ctx, id.size() > 36 ? id.substr(id.size() - 36) : id);
  }
  const std::string& method = ctx.req->method;
  if (segs.size() == 7 && IEquals(segs[6], "quotas")) {
    if (method != "GET") return ArmError(405, "MethodNotAllowed", "Method not allowed.");
    return JsonResponse(200, {{"accountQuota", 50}});
  }
  if (segs.size() == 7 && IEquals(segs[6], "virtualMachineSkus")) {
    return HandleVirtualMachineSkus(ctx, segs[5]);
  }
  if (segs.size() == 7 && IEquals(segs[6], "checkNameAvailability")) {
    if (method != "POST") return ArmError(405, "MethodNotAllowed", "Method not allowed.");
    const json& in = ctx.body;
    if (!in.is_object() || !in.contains("name") || !in["name"].is_string()) {
      return ArmError(400, "InvalidRequestBody", "The request body must contain 'name'.", "name");
    }
    if (!in.contains("type") || !in["type"].is_string() ||
        !IEquals(in["type"].get<std::string>(), kAccountType)) {
      return ArmError(400, "InvalidRequestBody",
                      "The property 'type' must be 'Microsoft.Batch/batchAccounts'.", "type");
    }
    // Names are DNS labels ({name}.{region}.batch.azure.com): unique in the
    // region across every subscription, not only the caller's.
    std::string name = in.value("name", "");
    bool valid = name.size() >= 3 && name.size() <= 24;
    for (char c : name) valid = valid && (std::islower(static_cast<unsigned char>(c)) ||
                                          std::isdigit(static_cast<unsigned char>(c)));
    if (!valid) {
      return JsonResponse(200, {{"nameAvailable", false},
                                {"reason", "Invalid"},
                                {"message", "Account name must be 3-24 lowercase letters and digits."}});
    }
    for (auto& [key, r] : emu.resources) {
      if (IEquals(r.type, kAccountType) && IEquals(r.body.value("name", ""), name) &&
          NormalizeRegion(r.body.value("location", "")) == NormalizeRegion(segs[5])) {
        return JsonResponse(200, {{"nameAvailable", false},
                                  {"reason", "AlreadyExists"},
                                  {"message", "An account named '" + name + "' already exists."}});
      }
    }
    return JsonResponse(200, {{"nameAvailable", true}});
  }
  return ArmError(404, "NotFound", "The requested path is not served by the emulator.");
}

}  // namespace azbatch::emulator
