// ARM core: subscriptions, resource groups, provider registration, api-version
// checks and dispatch to the resource-provider handlers.
#include <locale.h>
#include <wctype.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <optional>

#include "emulator/handlers.h"
#include "emulator/regions.h"

namespace azbatch::emulator {

using nlohmann::json;

std::string AbsoluteUrl(const ArmContext& ctx, const std::string& path_and_query) {
  // Names in the path are decoded ("grüße(test)"); on the wire they are
  // percent-encoded, as ARM's own Location headers are.
  size_t q = path_and_query.find('?');
  std::string out = ctx.base_url + PercentEncode(path_and_query.substr(0, q));
  if (q != std::string::npos) out += path_and_query.substr(q);
  return out;
}

int RetryAfterSeconds(const Emulator& emu, double remaining) {
  double real = remaining / std::max(1e-9, emu.clock.scale());
  return std::clamp(static_cast<int>(std::ceil(real)), 1, 60);
}

HttpResponse ResourceNotFound(const ResourcePath& p) {
  std::string path = p.ns;
  for (size_t i = 0; i < p.names.size(); ++i) path += "/" + p.type->segments[i] + "/" + p.names[i];
  return ArmError(404, "ResourceNotFound",
                  "The Resource '" + path + "' under resource group '" + p.resource_group +
                      "' was not found. For more details please go to "
                      "https://aka.ms/ARMResourceNotFoundFix");
}

HttpResponse ResourceGroupNotFound(const std::string& rg) {
  return ArmError(404, "ResourceGroupNotFound", "Resource group '" + rg + "' could not be found.");
}

HttpResponse ParentNotFound(const ResourcePath& p) {
  std::string parent;
  for (size_t i = 0; i + 1 < p.names.size() || (p.collection && i < p.names.size()); ++i) {
    parent += (parent.empty() ? "" : "/") + p.names[i];
  }
  return ArmError(404, "ParentResourceNotFound",
                  "Can not perform requested operation on nested resource. Parent resource '" +
                      parent + "' not found.");
}

std::optional<HttpResponse> ValidateBody(ArmContext& ctx, const std::string& schema,
                                         const std::string& error_code, bool partial) {
  return ValidateValue(ctx, schema, error_code, ctx.body, partial);
}

std::optional<HttpResponse> ValidateValue(ArmContext& ctx, const std::string& schema,
                                          const std::string& error_code, const json& value,
                                          bool partial) {
  Emulator& emu = *ctx.emu;
  if (!emu.config.validate_bodies || schema.empty() || !emu.validator.loaded()) {
    return std::nullopt;
  }
  std::vector<SpecIssue> issues = emu.validator.Validate(schema, value, true, partial);
  if (issues.empty()) return std::nullopt;
  SpecError e = ShapeSpecError(issues, error_code);
  return ArmError(400, e.code, e.message, e.target, e.details);
}

json StripEnvelope(const json& body) {
  json out = body.is_object() ? body : json::object();
  for (const char* k : {"id", "name", "type", "etag", "systemData"}) out.erase(k);
  return out;
}

void RedactSecrets(json& j, bool remove) {
  static const char* const kSecretKeys[] = {"password", "protectedSettings", "sshPrivateKey",
                                            "accountKey", "sasKey", "client_secret"};
  if (j.is_array()) {
    for (json& e : j) RedactSecrets(e, remove);
    return;
  }
  if (!j.is_object()) return;
  for (const char* k : kSecretKeys) {
    if (!j.contains(k)) continue;
    if (remove) {
      j.erase(k);
    } else {
      j[k] = "***";
    }
  }
  for (auto& [key, value] : j.items()) RedactSecrets(value, remove);
}

json Render(const Resource& r, const ArmContext& ctx) {
  json b = r.body;
  if (IEquals(r.type, "Microsoft.Compute/galleries/images/versions")) {
    if (!IEquals(ctx.req->Query("$expand"), "ReplicationStatus") && b.contains("properties")) {
      b["properties"].erase("replicationStatus");
    }
  }
  if (IEquals(r.type, "Microsoft.Compute/galleries") && b.contains("properties") &&
      b["properties"].contains("sharingProfile") &&
      !IEquals(ctx.req->Query("$expand"), "SharingProfile/Groups")) {
    b["properties"]["sharingProfile"].erase("groups");
  }
  if (IEquals(r.type, "Microsoft.Batch/batchAccounts/pools") && b.contains("properties")) {
    json& p = b["properties"];
    if (p.contains("scaleSettings") && p["scaleSettings"].contains("fixedScale")) {
      p["scaleSettings"]["fixedScale"].erase("nodeDeallocationOption");
    }
    RedactSecrets(b, true);
  }
  return b;
}

HttpResponse ListResponse(const ArmContext& ctx, const std::vector<Resource*>& items) {
  json value = json::array();
  for (Resource* r : items) value.push_back(Render(*r, ctx));
  return JsonResponse(200, {{"value", value}});
}

bool ResourceGroupExists(Emulator& emu, const ResourcePath& p) {
  return emu.Find(p.ResourceGroupId()) != nullptr;
}

namespace {

HttpResponse InvalidApiVersion(const std::string& v, const std::vector<std::string>& supported) {
  std::string list;
  for (const auto& s : supported) list += (list.empty() ? "" : ", ") + s;
  return ArmError(400, "InvalidApiVersionParameter",
                  "The api-version '" + v + "' is invalid. The supported versions are '" + list +
                      "'.");
}

std::optional<HttpResponse> CheckResourcesVersion(const ArmContext& ctx) {
  if (Contains(ResourcesApiVersions(), ctx.api_version)) return std::nullopt;
  return InvalidApiVersion(ctx.api_version, ResourcesApiVersions());
}

HttpResponse MissingRegistration(const std::string& ns) {
  std::string msg = "The subscription is not registered to use namespace '" + ns +
                    "'. See https://aka.ms/rps-not-found for how to register subscriptions.";
  json details = json::array({{{"code", "MissingSubscriptionRegistration"},
                               {"target", ns},
                               {"message", msg}}});
  return ArmError(409, "MissingSubscriptionRegistration", msg, ns, details);
}

json ProviderBody(Emulator& emu, const std::string& sub, const std::string& ns) {
  json types = json::array();
  for (const TypeInfo& t : AllTypes()) {
    if (t.family == Family::kPoolOperation || !IEquals(t.type.substr(0, t.type.find('/')), ns)) {
      continue;
    }
    types.push_back({{"resourceType", t.type.substr(t.type.find('/') + 1)},
                     {"locations", LocationsFor(t.type)},
                     // Newest first, as ARM lists them.
                     {"apiVersions", std::vector<std::string>(t.api_versions.rbegin(),
                                                              t.api_versions.rend())}});
  }
  return {{"id", "/subscriptions/" + sub + "/providers/" + ns},
          {"namespace", ns},
          {"registrationState", emu.RegistrationState(sub, ns)},
          {"registrationPolicy", "RegistrationRequired"},
          {"resourceTypes", types}};
}

HttpResponse HandleProviders(ArmContext& ctx) {
  Emulator& emu = *ctx.emu;
  const auto& segs = ctx.segs;
  const std::string& sub = segs[1];
  const std::string method = ctx.req->method;
  if (auto err = CheckResourcesVersion(ctx)) return *err;
  if (segs.size() == 3) {
    json value = json::array();
    for (const char* ns : {"Microsoft.Batch", "Microsoft.Compute", "Microsoft.Resources"}) {
      value.push_back(ProviderBody(emu, sub, ns));
    }
    return JsonResponse(200, {{"value", value}});
  }
  std::string ns = CanonicalNamespace(segs[3]);
  if (ns.empty()) {
    return ArmError(404, "InvalidResourceNamespace",
                    "The resource namespace '" + segs[3] + "' is invalid.");
  }
  if (segs.size() == 4 && method == "GET") return JsonResponse(200, ProviderBody(emu, sub, ns));
  if (segs.size() == 5 && method == "POST" &&
      (IEquals(segs[4], "register") || IEquals(segs[4], "unregister"))) {
    bool reg = IEquals(segs[4], "register");
    std::string key = ToLower(sub) + "|" + ToLower(ns);
    std::string current = emu.RegistrationState(sub, ns);
    if (reg && current != "Registered") {
      emu.registrations[key] = "Registering";
      emu.registration_end[key] = ctx.now + 10;
    } else if (!reg && current != "NotRegistered") {
      emu.registrations[key] = "Unregistering";
      emu.registration_end[key] = ctx.now + 10;
    }
    return JsonResponse(200, ProviderBody(emu, sub, ns));
  }
  return ArmError(405, "MethodNotAllowed", "The requested method is not supported.");
}

// .NET's \w, which ARM's name pattern uses: Unicode letters, nonspacing
// marks, decimal digits and connector punctuation. Letters and digits come
// from the C library's Unicode tables (the C.UTF-8 locale).
bool IsDotNetWordCharacter(char32_t cp) {
  if (cp < 0x80) return std::isalnum(static_cast<int>(cp)) || cp == '_';
  if (cp >= 0x0300 && cp <= 0x036F) return true;  // combining diacritical marks (Mn)
  if (cp == 0x203F || cp == 0x2040 || cp == 0x2054 || cp == 0xFE33 || cp == 0xFE34 ||
      (cp >= 0xFE4D && cp <= 0xFE4F) || cp == 0xFF3F) {
    return true;  // connector punctuation (Pc)
  }
  static const locale_t utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", static_cast<locale_t>(0));
  if (utf8 != static_cast<locale_t>(0)) return iswalnum_l(static_cast<wint_t>(cp), utf8) != 0;
  return cp >= 0xC0 && cp != 0xD7 && cp != 0xF7 && !(cp >= 0x2000 && cp <= 0x206F) &&
         !(cp >= 0x3000 && cp <= 0x3003);  // no Unicode tables: only refuse the obvious
}

// Decodes one UTF-8 sequence at s[*i]; nullopt (and *i advanced one byte) if malformed.
std::optional<char32_t> DecodeUtf8(const std::string& s, size_t* i) {
  unsigned char lead = static_cast<unsigned char>(s[*i]);
  int n = lead < 0x80            ? 1
          : (lead >> 5) == 0x6   ? 2
          : (lead >> 4) == 0xE   ? 3
          : (lead >> 3) == 0x1E  ? 4
                                 : 0;
  if (n == 0 || *i + n > s.size()) {
    ++*i;
    return std::nullopt;
  }
  char32_t cp = n == 1 ? lead : lead & (0x7F >> n);
  for (int k = 1; k < n; ++k) {
    unsigned char c = static_cast<unsigned char>(s[*i + k]);
    if ((c & 0xC0) != 0x80) {
      ++*i;
      return std::nullopt;
    }
    cp = (cp << 6) | (c & 0x3F);
  }
  static const char32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
  size_t start = *i;
  *i += n;
  if (cp < kMin[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    *i = start + 1;
    return std::nullopt;
  }
  return cp;
}

// ARM's resource group name rule (SPEC common-types v1 ResourceGroupNameParameter:
// ^[-\w\._\(\)]+$, 1-90 characters; no trailing period). ARM answers 400
// InvalidResourceGroup listing the invalid characters (wording as seen in
// Azure PowerShell's deployment-stack tests and ARM error reports).
std::optional<HttpResponse> CheckResourceGroupName(const std::string& name) {
  std::string invalid;
  size_t length = 0;
  for (size_t i = 0; i < name.size(); ++length) {
    size_t start = i;
    std::optional<char32_t> cp = DecodeUtf8(name, &i);
    bool ok = cp && (IsDotNetWordCharacter(*cp) || *cp == '-' || *cp == '.' || *cp == '(' ||
                     *cp == ')');
    std::string ch = name.substr(start, i - start);
    if (!ok && invalid.find(ch) == std::string::npos) invalid += ch;
  }
  std::string prefix = "The provided resource group name '" + name + "' ";
  constexpr char kRule[] =
      "The name can only be a letter, digit, '-', '.', '(', ')' or '_'.";
  if (!invalid.empty()) {
    return ArmError(400, "InvalidResourceGroup",
                    prefix + "has these invalid characters: '" + invalid + "'. " + kRule);
  }
  if (length == 0 || length > 90) {
    return ArmError(400, "InvalidResourceGroup",
                    prefix + "must be 1 to 90 characters long. " + kRule);
  }
  if (name.back() == '.') {
    return ArmError(400, "InvalidResourceGroup", prefix + "cannot end with a period. " + kRule);
  }
  return std::nullopt;
}

HttpResponse HandleResourceGroup(ArmContext& ctx) {
  Emulator& emu = *ctx.emu;
  const std::string& sub = ctx.segs[1];
  const std::string& name = ctx.segs[3];
  std::string id = "/subscriptions/" + sub + "/resourceGroups/" + name;
  Resource* rg = emu.Find(id);
  const std::string& method = ctx.req->method;
  if (method == "GET" || method == "HEAD") {
    if (rg == nullptr) return method == "HEAD" ? EmptyResponse(404) : ResourceGroupNotFound(name);
    return method == "HEAD" ? EmptyResponse(204) : JsonResponse(200, rg->body);
  }
  if (method == "PUT" || method == "PATCH") {
    if (rg != nullptr && rg->phase == "Deleting") {
      return ArmError(409, "ResourceGroupBeingDeleted",
                      "The resource group '" + name + "' is in deprovisioning state and cannot "
                      "perform this operation.");
    }
    if (method == "PATCH") {
      if (rg == nullptr) return ResourceGroupNotFound(name);
      if (ctx.body.contains("tags")) rg->body["tags"] = ctx.body["tags"];
      rg->version++;
      return JsonResponse(200, rg->body);
    }
    if (auto err = CheckResourceGroupName(name)) return *err;
    if (auto err = ValidateBody(ctx, "resources.json#/definitions/ResourceGroup",
                                "InvalidRequestContent")) {
      return *err;
    }
    std::string location = NormalizeRegion(ctx.body.value("location", ""));
    if (rg == nullptr) {
      if (auto err = CheckLocation("Microsoft.Resources/resourceGroups",
                                   ctx.body.value("location", ""))) {
        return *err;
      }
    }
    if (rg != nullptr) {
      if (NormalizeRegion(rg->body.value("location", "")) != location) {
        return ArmError(409, "InvalidResourceGroupLocation",
                        "Invalid resource group location '" + location +
                            "'. The Resource group already exists in location '" +
                            rg->body.value("location", "") + "'.");
      }
      rg->body["tags"] = ctx.body.value("tags", json::object());
      return JsonResponse(200, rg->body);
    }
    Resource r;
    r.id = id;
    r.type = "Microsoft.Resources/resourceGroups";
    r.body = {{"id", id},
              {"name", name},
              {"type", r.type},
              {"location", location},
              {"properties", {{"provisioningState", "Succeeded"}}}};
    if (ctx.body.contains("tags")) r.body["tags"] = ctx.body["tags"];
    if (ctx.body.contains("managedBy")) r.body["managedBy"] = ctx.body["managedBy"];
    emu.resources[ToLower(id)] = r;
    return JsonResponse(201, r.body);
  }
  if (method == "DELETE") {
    if (rg == nullptr) return ResourceGroupNotFound(name);
    double end = ctx.now + DeleteDuration(rg->type);
    if (rg->phase != "Deleting") {
      rg->phase = "Deleting";
      rg->phase_end = end;
      rg->body["properties"]["provisioningState"] = "Deleting";
    }
    Operation& op = StartOperation(ctx, "rg", id, "DELETE", rg->phase_end, false);
    HttpResponse r = EmptyResponse(202);
    r.SetHeader("Location", AbsoluteUrl(ctx, "/subscriptions/" + sub + "/operationresults/" +
                                                 op.id + "?api-version=" + ctx.api_version));
    r.SetHeader("Retry-After", std::to_string(RetryAfterSeconds(emu, end - ctx.now)));
    return r;
  }
  return ArmError(405, "MethodNotAllowed", "The requested method is not supported.");
}

HttpResponse HandleProviderResource(ArmContext& ctx) {
  Emulator& emu = *ctx.emu;
  ResourcePath p;
  std::string code, message;
  if (!ParseResourcePath(ctx.segs, &p, &code, &message)) {
    return ArmError(code == "InvalidResourceNamespace" ? 404 : 400, code, message);
  }
  if (emu.RegistrationState(p.subscription, p.ns) != "Registered") {
    return MissingRegistration(p.ns);
  }
  if (!Contains(p.type->api_versions, ctx.api_version)) {
    if (!WellFormedApiVersion(ctx.api_version)) {
      return InvalidApiVersion(ctx.api_version, p.type->api_versions);
    }
    std::string list;
    for (const auto& s : p.type->api_versions) list += (list.empty() ? "" : ", ") + s;
    Resource* rg = emu.Find(p.ResourceGroupId());
    std::string loc = rg != nullptr ? rg->body.value("location", "") : "";
    return ArmError(400, "NoRegisteredProviderFound",
                    "No registered resource provider found for location '" + loc +
                        "' and API version '" + ctx.api_version + "' for type '" +
                        p.type->type.substr(p.type->type.find('/') + 1) +
                        "'. The supported api-versions are '" + list + "'.");
  }
  if (!ResourceGroupExists(emu, p)) return ResourceGroupNotFound(p.resource_group);
  Resource* rg = emu.Find(p.ResourceGroupId());
  p.resource_group = rg->body.value("name", p.resource_group);
  p.subscription = SplitPath(rg->id)[1];
  if (p.names.size() > 1 || (p.collection && !p.names.empty())) {
    ResourcePath parent = p;
    parent.collection = false;
    if (!p.collection) parent.names.pop_back();
    parent.type = FindType(p.ns, std::vector<std::string>(
                                     p.type->segments.begin(),
                                     p.type->segments.begin() + parent.names.size()));
    if (parent.type != nullptr) {
      if (Resource* found = emu.Find(parent.Id())) p.canonical_parent = found->id;
    }
  }
  if (rg->phase == "Deleting" && ctx.req->method != "GET") {
    return ArmError(409, "ResourceGroupBeingDeleted",
                    "The resource group '" + p.resource_group +
                        "' is in deprovisioning state and cannot perform this operation.");
  }
  if (ctx.req->method == "PUT" && ctx.body.is_object() && ctx.body.contains("location") &&
      ctx.body["location"].is_string()) {
    if (auto err = CheckLocation(p.type->type, ctx.body["location"].get<std::string>())) {
      return *err;
    }
  }
  switch (p.type->family) {
    case Family::kCompute: return HandleCompute(ctx, p);
    case Family::kBatchAccount: return HandleBatchAccount(ctx, p);
    case Family::kBatchPool: return HandleBatchPool(ctx, p);
    case Family::kPoolOperation: {
      const std::string id = p.Name();
      return HandleOperationLocation(ctx, id.size() > 36 ? id.substr(id.size() - 36) : id);
    }
  }
  return ArmError(400, "InvalidResourceType", "Unsupported resource type.");
}

// /subscriptions/{s}/providers/{ns}/...
HttpResponse HandleSubscriptionProvider(ArmContext& ctx) {
  Emulator& emu = *ctx.emu;
  const auto& segs = ctx.segs;
  if (segs.size() == 3) return HandleProviders(ctx);
  std::string ns = CanonicalNamespace(segs[3]);
  bool locations = segs.size() >= 5 && IEquals(segs[4], "locations");
  if (ns.empty() || ns == "Microsoft.Resources" || (segs.size() == 4) ||
      (segs.size() == 5 && IEquals(segs[4], "register")) ||
      (segs.size() == 5 && IEquals(segs[4], "unregister"))) {
    return HandleProviders(ctx);
  }
  if (emu.RegistrationState(segs[1], ns) != "Registered") return MissingRegistration(ns);
  if (!Contains(NamespaceApiVersions(ns), ctx.api_version)) {
    return InvalidApiVersion(ctx.api_version, NamespaceApiVersions(ns));
  }
  if (locations && ns == "Microsoft.Compute" && segs.size() == 8 &&
      IEquals(segs[6], "capsOperations")) {
    if (IEquals(ctx.req->Query("monitor"), "true")) return HandleOperationLocation(ctx, segs[7]);
    return HandleOperationStatus(ctx, segs[7]);
  }
  if (locations && ns == "Microsoft.Batch") return HandleBatchLocation(ctx);
  if (segs.size() == 5 && ctx.req->method == "GET") {
    const TypeInfo* t = FindType(ns, {segs[4]});
    if (t == nullptr) {
      return ArmError(400, "InvalidResourceType",
                      "The resource type '" + segs[4] + "' could not be found in the namespace '" +
                          ns + "'.");
    }
    std::vector<Resource*> items;
    std::string prefix = "/subscriptions/" + ToLower(segs[1]) + "/";
    for (auto& [key, r] : emu.resources) {
      if (r.visible && key.compare(0, prefix.size(), prefix) == 0 && IEquals(r.type, t->type)) {
        items.push_back(&r);
      }
    }
    return ListResponse(ctx, items);
  }
  return ArmError(404, "NotFound", "The requested path is not served by the emulator.");
}

}  // namespace

HttpResponse HandleArm(ArmContext& ctx) {
  Emulator& emu = *ctx.emu;
  const auto& segs = ctx.segs;
  if (!ctx.req->HasQuery("api-version")) {
    return ArmError(400, "MissingApiVersionParameter",
                    "The api-version query parameter (?api-version=) is required for all "
                    "requests.");
  }
  if (segs.size() <= 2) {
    if (auto err = CheckResourcesVersion(ctx)) return *err;
    json sub = {{"id", "/subscriptions/" + (segs.size() == 2 ? segs[1] : kDefaultSubscription)},
                {"subscriptionId", segs.size() == 2 ? segs[1] : kDefaultSubscription},
                {"tenantId", kDefaultTenant},
                {"displayName", "ARM Emulator Subscription"},
                {"state", "Enabled"},
                {"authorizationSource", "RoleBased"}};
    if (segs.size() == 2) return JsonResponse(200, sub);
    return JsonResponse(200, {{"value", json::array({sub})}});
  }
  std::string second = ToLower(segs[2]);
  if (second == "resourcegroups") {
    if (segs.size() == 3) {
      if (auto err = CheckResourcesVersion(ctx)) return *err;
      std::vector<Resource*> items;
      std::string prefix = "/subscriptions/" + ToLower(segs[1]) + "/resourcegroups/";
      for (auto& [key, r] : emu.resources) {
        if (key.compare(0, prefix.size(), prefix) == 0 &&
            key.find('/', prefix.size()) == std::string::npos) {
          items.push_back(&r);
        }
      }
      return ListResponse(ctx, items);
    }
    if (segs.size() == 4) {
      if (auto err = CheckResourcesVersion(ctx)) return *err;
      return HandleResourceGroup(ctx);
    }
    if (segs.size() >= 7 && IEquals(segs[4], "providers")) return HandleProviderResource(ctx);
  }
  if (second == "locations" && segs.size() == 3 && ctx.req->method == "GET") {
    static const std::vector<std::string> kLocationVersions = {
        "2016-06-01", "2018-06-01", "2019-06-01", "2019-11-01", "2020-01-01", "2021-01-01",
        "2022-12-01"};
    if (!Contains(kLocationVersions, ctx.api_version)) {
      return InvalidApiVersion(ctx.api_version, kLocationVersions);
    }
    return JsonResponse(200, SubscriptionLocations(segs[1]));
  }
  if (second == "operationresults" && segs.size() == 4) {
    return HandleOperationLocation(ctx, segs[3]);
  }
  if (second == "providers" && segs.size() >= 3) return HandleSubscriptionProvider(ctx);
  return ArmError(404, "NotFound", "The requested path is not served by the emulator.");
}

}  // namespace azbatch::emulator
