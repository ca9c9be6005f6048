// ARM error bodies as a typed value carried inside absl::Status.
#ifndef AZBATCH_PROVIDER_AZURE_ARM_ERROR_H_
#define AZBATCH_PROVIDER_AZURE_ARM_ERROR_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "nlohmann/json.hpp"
#include "provider/azure/http.h"

namespace azbatch::azure {

struct ArmErrorDetail {
  std::string code;
  std::string message;
  std::string target;
};

struct ArmError {
  int http_status = 0;        // 0 for a failed long-running operation
  std::string operation_status;  // "Failed"/"Canceled" for LRO failures
  std::string method;         // "PUT"
  std::string resource;       // request path without query
  std::string code;           // "CannotDeleteResource"
  std::string message;
  std::string target;
  std::vector<ArmErrorDetail> details;
  nlohmann::json additional_info;  // null when absent
  std::string request_id;          // x-ms-request-id
  std::string correlation_id;      // x-ms-correlation-request-id

  // "ARM PUT <id>: 409 Conflict: CannotDeleteResource: <message> (request id ...)".
  std::string ToString() const;
  // Status with a code matching the HTTP status and this error as payload.
  absl::Status ToStatus() const;
  nlohmann::json ToJson() const;
  static ArmError FromJson(const nlohmann::json& j);
};

inline constexpr char kArmErrorPayloadUrl[] = "type.azbatch.dev/azure.ArmError";

absl::StatusCode StatusCodeForHttp(int http_status);
// Reads {"error":{...}} (or a bare {code,message}) plus request headers.
ArmError ArmErrorFromResponse(const std::string& method, const std::string& resource,
                              const HttpResponse& response);
// Fills code/message/target/details from an ARM error object.
void FillArmErrorBody(const nlohmann::json& error, ArmError* out);
std::optional<ArmError> ArmErrorFromStatus(const absl::Status& status);

// Parses a JSON body (BOM tolerated); empty body is null.
std::optional<nlohmann::json> ParseJsonBody(const std::string& body);

}  // namespace azbatch::azure

#endif  // AZBATCH_PROVIDER_AZURE_ARM_ERROR_H_
