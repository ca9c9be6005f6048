// Plain HTTP request/response values exchanged between the server and the
// emulator's router, plus ARM-shaped response helpers.
#ifndef AZBATCH_EMULATOR_HTTP_MESSAGE_H_
#define AZBATCH_EMULATOR_HTTP_MESSAGE_H_

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "nlohmann/json.hpp"

namespace azbatch::emulator {

struct HttpRequest {
  std::string method;  // upper case
  std::string path;    // percent-decoded path, no query
  std::string target;  // raw request target
  std::map<std::string, std::string> query;    // lower-case keys, decoded values
  std::map<std::string, std::string> headers;  // lower-case keys
  std::string body;
  bool tls = false;

  std::string Header(const std::string& lower_name) const;
  std::string Query(const std::string& lower_name) const;
  bool HasQuery(const std::string& lower_name) const;
};

struct HttpResponse {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  // Fault injection: close the connection without writing a response.
  bool drop_connection = false;

  void SetHeader(const std::string& name, const std::string& value);
  std::string GetHeader(const std::string& name) const;
};

// Splits "a/b?x=1&y=2" into a decoded path and a decoded query map.
void ParseTarget(std::string_view target, std::string* path,
                 std::map<std::string, std::string>* query);
std::string PercentDecode(std::string_view in, bool plus_is_space);
std::string PercentEncode(std::string_view in);
// Parses application/x-www-form-urlencoded bodies.
std::map<std::string, std::string> ParseForm(std::string_view body);

std::string ToLower(std::string_view s);
bool IEquals(std::string_view a, std::string_view b);
std::vector<std::string> SplitPath(std::string_view path);

HttpResponse JsonResponse(int status, const nlohmann::json& body);
HttpResponse EmptyResponse(int status);
// ARM error body {"error":{"code","message","target"?,"details"?}}.
HttpResponse ArmError(int status, const std::string& code, const std::string& message,
                      const std::string& target = "",
                      const nlohmann::json& details = nlohmann::json());

// A fresh UUID (azbatch::NewUuid, the one source of UUIDs).
std::string NewGuid();
std::string RandomHex(int bytes);

}  // namespace azbatch::emulator

#endif  // AZBATCH_EMULATOR_HTTP_MESSAGE_H_
