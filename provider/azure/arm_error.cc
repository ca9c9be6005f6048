#include "provider/azure/arm_error.h"

#include "absl/strings/cord.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "provider/azure/json_fields.h"
#include "provider/azure/redact.h"

namespace azbatch::azure {
namespace {

std::string JsonString(const nlohmann::json& j, const char* key) {
  if (!j.is_object()) return "";
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return "";
  if (it->is_string()) return it->get<std::string>();
  return it->dump();  // some services send an object as message
}

}  // namespace

std::optional<nlohmann::json> ParseJsonBody(const std::string& body) {
  std::string b = body;
  if (absl::StartsWith(b, "\xEF\xBB\xBF")) b = b.substr(3);
  if (b.find_first_not_of(" \t\r\n") == std::string::npos) return nlohmann::json();
  nlohmann::json j = nlohmann::json::parse(b, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return std::nullopt;
  return j;
}

absl::StatusCode StatusCodeForHttp(int s) {
  switch (s) {
    case 400: return absl::StatusCode::kInvalidArgument;
    case 401: return absl::StatusCode::kUnauthenticated;
    case 403: return absl::StatusCode::kPermissionDenied;
    case 404: return absl::StatusCode::kNotFound;
    case 409: return absl::StatusCode::kAborted;
    case 412: return absl::StatusCode::kFailedPrecondition;
    case 429: return absl::StatusCode::kResourceExhausted;
    case 501: return absl::StatusCode::kUnimplemented;
    case 0: return absl::StatusCode::kFailedPrecondition;  // failed LRO
    default: return s >= 500 ? absl::StatusCode::kUnavailable : absl::StatusCode::kUnknown;
  }
}

void FillArmErrorBody(const nlohmann::json& e, ArmError* out) {
  if (!e.is_object()) return;
  out->code = JsonString(e, "code");
  out->message = JsonString(e, "message");
  out->target = JsonString(e, "target");
  if (auto it = e.find("details"); it != e.end() && it->is_array()) {
    for (const auto& d : *it) {
      if (!d.is_object()) continue;
      out->details.push_back({JsonString(d, "code"), JsonString(d, "message"),
                              JsonString(d, "target")});
    }
  }
  if (auto it = e.find("additionalInfo"); it != e.end()) out->additional_info = *it;
}

ArmError ArmErrorFromResponse(const std::string& method, const std::string& resource,
                              const HttpResponse& r) {
  ArmError out;
  out.http_status = r.status;
  out.method = method;
  out.resource = resource;
  out.request_id = r.Header("x-ms-request-id").value_or("");
  out.correlation_id = r.Header("x-ms-correlation-request-id").value_or("");
  std::optional<nlohmann::json> body = ParseJsonBody(r.body);
  if (body && body->is_object()) {
    auto it = body->find("error");
    FillArmErrorBody(it != body->end() ? *it : *body, &out);
  }
  if (out.code.empty() && out.message.empty() && !r.body.empty() && !body) {
    // Not JSON (a proxy's or gateway's page): its text, masked, for the diagnostic.
    out.message = RedactText(r.body.substr(0, 512));
  }
  return out;
}

std::string ArmError::ToString() const {
  std::string s = absl::StrCat("ARM ", method, " ", resource, ": ");
  if (http_status == 0) {
    absl::StrAppend(&s, "operation ", operation_status.empty() ? "Failed" : operation_status);
  } else {
    absl::StrAppend(&s, http_status);
    if (const char* reason = ReasonPhrase(http_status); *reason) absl::StrAppend(&s, " ", reason);
  }
  if (!code.empty()) absl::StrAppend(&s, ": ", code);
  if (!message.empty()) absl::StrAppend(&s, ": ", message);
  if (!target.empty()) absl::StrAppend(&s, " (target ", target, ")");
  for (const auto& d : details) {
    absl::StrAppend(&s, "; ", d.code, d.message.empty() ? "" : ": ", d.message);
    if (!d.target.empty()) absl::StrAppend(&s, " (target ", d.target, ")");
  }
  if (!request_id.empty()) absl::StrAppend(&s, " (request id ", request_id, ")");
  return s;
}

nlohmann::json ArmError::ToJson() const {
  nlohmann::json d = nlohmann::json::array();
  for (const auto& x : details) d.push_back({{"code", x.code}, {"message", x.message}, {"target", x.target}});
  return {{"http_status", http_status}, {"operation_status", operation_status},
          {"method", method}, {"resource", resource}, {"code", code}, {"message", message},
          {"target", target}, {"details", d}, {"additional_info", additional_info},
          {"request_id", request_id}, {"correlation_id", correlation_id}};
}

ArmError ArmError::FromJson(const nlohmann::json& j) {
  ArmError e;
  e.http_status = static_cast<int>(JInt(j, "http_status").value_or(0));
  e.operation_status = JStr(j, "operation_status").value_or("");
  e.method = JStr(j, "method").value_or("");
  e.resource = JStr(j, "resource").value_or("");
  e.code = JStr(j, "code").value_or("");
  e.message = JStr(j, "message").value_or("");
  e.target = JStr(j, "target").value_or("");
  for (const auto& d : JArr(j, "details")) {
    e.details.push_back({JStr(d, "code").value_or(""), JStr(d, "message").value_or(""),
                         JStr(d, "target").value_or("")});
  }
  if (const nlohmann::json* info = JField(j, "additional_info")) e.additional_info = *info;
  e.request_id = JStr(j, "request_id").value_or("");
  e.correlation_id = JStr(j, "correlation_id").value_or("");
  return e;
}

absl::Status ArmError::ToStatus() const {
  absl::Status s(StatusCodeForHttp(http_status), ToString());
  s.SetPayload(kArmErrorPayloadUrl, absl::Cord(ToJson().dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)));
  return s;
}

std::optional<ArmError> ArmErrorFromStatus(const absl::Status& status) {
  auto p = status.GetPayload(kArmErrorPayloadUrl);
  if (!p) return std::nullopt;
  std::optional<nlohmann::json> j = ParseJsonBody(std::string(*p));
  if (!j || !j->is_object()) return std::nullopt;
  return ArmError::FromJson(*j);
}

}  // namespace azbatch::azure
