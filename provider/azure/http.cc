#include "provider/azure/http.h"

#include <strings.h>

#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace azbatch::azure {

bool CaseInsensitiveLess::operator()(const std::string& a,
                                     const std::string& b) const {
  return strcasecmp(a.c_str(), b.c_str()) < 0;
}

std::optional<std::string> HttpResponse::Header(const std::string& name) const {
  auto it = headers.find(name);
  if (it == headers.end()) return std::nullopt;
  return it->second;
}

std::string Url::Authority() const {
  std::string h = absl::StrContains(host, ':') ? absl::StrCat("[", host, "]") : host;
  bool default_port = (scheme == "https" && port == 443) || (scheme == "http" && port == 80);
  return default_port ? absl::StrCat(scheme, "://", h)
                      : absl::StrCat(scheme, "://", h, ":", port);
}

absl::StatusOr<Url> ParseUrl(const std::string& url) {
  Url out;
  size_t p = url.find("://");
  if (p == std::string::npos || p == 0) {
    return absl::InvalidArgumentError(absl::StrCat("URL is not absolute: ", url));
  }
  out.scheme = absl::AsciiStrToLower(url.substr(0, p));
  if (out.scheme != "http" && out.scheme != "https") {
    return absl::InvalidArgumentError(absl::StrCat("unsupported URL scheme: ", out.scheme));
  }
  std::string rest = url.substr(p + 3);
  size_t slash = rest.find_first_of("/?");
  std::string authority = rest.substr(0, slash);
  out.path_and_query = slash == std::string::npos ? "/" : rest.substr(slash);
  if (!out.path_and_query.empty() && out.path_and_query[0] == '?') {
    out.path_and_query = "/" + out.path_and_query;
  }
  if (authority.find('@') != std::string::npos) {
    return absl::InvalidArgumentError("URLs with user info are not supported");
  }
  std::string port_str;
  if (!authority.empty() && authority[0] == '[') {
    size_t close = authority.find(']');
    if (close == std::string::npos) return absl::InvalidArgumentError("bad IPv6 host");
    out.host = authority.substr(1, close - 1);
    if (close + 1 < authority.size()) {
      if (authority[close + 1] != ':') return absl::InvalidArgumentError("bad host");
      port_str = authority.substr(close + 2);
    }
  } else {
    size_t colon = authority.rfind(':');
    out.host = authority.substr(0, colon);
    if (colon != std::string::npos) port_str = authority.substr(colon + 1);
  }
  out.host = absl::AsciiStrToLower(out.host);
  if (out.host.empty()) return absl::InvalidArgumentError(absl::StrCat("URL has no host: ", url));
  if (port_str.empty()) {
    out.port = out.scheme == "https" ? 443 : 80;
  } else if (!absl::SimpleAtoi(port_str, &out.port) || out.port <= 0 || out.port > 65535) {
    return absl::InvalidArgumentError(absl::StrCat("bad port in URL: ", url));
  }
  return out;
}

bool IsLoopbackHost(const std::string& host) {
  std::string h = absl::AsciiStrToLower(host);
  if (h == "localhost" || h == "::1" || h == "0:0:0:0:0:0:0:1") return true;
  std::vector<std::string> parts = absl::StrSplit(h, '.');
  if (parts.size() != 4 || parts[0] != "127") return false;
  for (const auto& part : parts) {
    int v = 0;
    if (part.empty() || part.size() > 3 || !absl::SimpleAtoi(part, &v) || v < 0 || v > 255) {
      return false;
    }
  }
  return true;
}

absl::Status CheckUrlAllowed(const Url& url) {
  if (url.scheme == "https") return absl::OkStatus();
  if (IsLoopbackHost(url.host) || url.host == "169.254.169.254") return absl::OkStatus();
  return absl::FailedPreconditionError(absl::StrCat(
      "refusing plain http to non-loopback host ", url.host, "; use https"));
}

const char* ReasonPhrase(int status) {
  switch (status) {
    case 200: return "OK";
    case 201: return "Created";
    case 202: return "Accepted";
    case 204: return "No Content";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 412: return "Precondition Failed";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    default: return "";
  }
}

std::string UrlEncode(absl::string_view s, absl::string_view keep) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size());
  for (unsigned char c : s) {
    // absl::ascii_isalnum, not std::isalnum: the latter follows the C locale and
    // could keep Latin-1 bytes unencoded.
    if (absl::ascii_isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' ||
        (c < 0x80 && keep.find(static_cast<char>(c)) != absl::string_view::npos)) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

}  // namespace azbatch::azure
