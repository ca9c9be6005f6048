#include "provider/azure/lro.h"

#include <algorithm>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/log.h"
#include "common/status_macros.h"
#include "provider/azure/json_fields.h"
#include "provider/azure/redact.h"

namespace azbatch::azure {
namespace {
constexpr char kLogModule[] = "provider.azure.lro";

enum class State { kRunning, kSucceeded, kFailed };

State Classify(const std::string& status) {
  if (status.empty() || absl::EqualsIgnoreCase(status, "Succeeded")) return State::kSucceeded;
  if (absl::EqualsIgnoreCase(status, "Failed") || absl::EqualsIgnoreCase(status, "Canceled") ||
      absl::EqualsIgnoreCase(status, "Cancelled")) {
    return State::kFailed;
  }
  return State::kRunning;
}

std::string ProvisioningState(const nlohmann::json& body) {
  if (!body.is_object()) return "";
  auto p = body.find("properties");
  if (p == body.end() || !p->is_object()) return "";
  auto s = p->find("provisioningState");
  return s != p->end() && s->is_string() ? s->get<std::string>() : "";
}

struct Poll {
  ArmClient& client;
  std::string method, path, api_version;
  const Context& ctx;
  const LroOptions& options;
  int polls = 0;

  void Report(const nlohmann::json& body, const std::string& status) {
    LroProgress p = ProgressFromBody(body);
    p.method = method;
    p.resource = path;
    p.status = status;
    p.polls = polls;
    std::vector<std::string> regions;
    for (const auto& r : p.regions) {
      regions.push_back(absl::StrCat(r.region, ":", r.state,
                                     r.percent >= 0 ? absl::StrCat(":", r.percent, "%") : ""));
    }
    log::Info(kLogModule, "operation in progress",
              {{"method", method}, {"resource", path}, {"status", status},
               {"percent", p.percent ? absl::StrCat(*p.percent) : ""},
               {"regions", absl::StrJoin(regions, ",")}, {"polls", absl::StrCat(polls)}});
    if (options.on_progress) options.on_progress(p);
  }

  absl::Status Wait(const Headers& headers) {
    ++polls;
    return ctx.Sleep(PollInterval(headers, ctx.Now(), options));
  }

  absl::Status Failure(const nlohmann::json& body, const std::string& status,
                       const ArmResponse& r) {
    ArmError e;
    e.method = method;
    e.resource = path;
    e.operation_status = status.empty() ? "Failed" : status;
    e.request_id = r.request_id();
    if (body.is_object()) {
      auto it = body.find("error");
      if (it != body.end()) {
        FillArmErrorBody(*it, &e);
      } else if (auto p = body.find("properties"); p != body.end() && p->is_object() &&
                                                    p->contains("error")) {
        FillArmErrorBody((*p)["error"], &e);
      }
    }
    if (e.message.empty()) e.message = "the long-running operation did not succeed";
    return e.ToStatus();
  }

  // GET a status URL, tolerating a few transient failures.
  absl::StatusOr<ArmResponse> Read(const std::string& url) {
    for (int errors = 0;; ++errors) {
      absl::StatusOr<ArmResponse> r = client.GetUrl(url, ctx);
      bool transient = !r.ok() ? absl::IsUnavailable(r.status()) : r->status >= 500;
      if (!transient || errors >= options.max_status_errors) return r;
      log::Warn(kLogModule, "reading operation status failed; retrying",
                {{"url", RedactUrl(url)},
                 {"error", r.ok() ? absl::StrCat(r->status) : r.status().ToString()}});
      RETURN_IF_ERROR(Wait(r.ok() ? r->headers : Headers{}));
    }
  }

  absl::StatusOr<ArmResponse> PollAsync(const std::string& url) {
    while (true) {
      ASSIGN_OR_RETURN(ArmResponse r, Read(url));
      if (r.status == 202 || r.status == 404) {
        Report(r.body, "InProgress");
      } else if (r.status >= 400) {
        ArmError e = ArmErrorFromResponse(
            "GET", url.substr(0, url.find('?')),
            HttpResponse{r.status, "", r.headers, r.body.is_null() ? "" : r.body.dump(), 1});
        e.message = absl::StrCat("could not read the status of ", method, " ", path, ": ",
                                 e.message);
        return e.ToStatus();
      } else {
        std::string status = JStr(r.body, "status").value_or("");
        if (status.empty()) status = ProvisioningState(r.body);
        State s = Classify(status);
        if (s == State::kSucceeded) return r;
        if (s == State::kFailed) return Failure(r.body, status, r);
        Report(r.body, status);
      }
      RETURN_IF_ERROR(Wait(r.headers));
    }
  }

  absl::StatusOr<ArmResponse> PollLocation(const std::string& url) {
    while (true) {
      ASSIGN_OR_RETURN(ArmResponse r, Read(url));
      if (r.status == 202 || r.status == 404) {
        Report(r.body, "InProgress");
        RETURN_IF_ERROR(Wait(r.headers));
        continue;
      }
      if (r.status >= 400) {
        ArmError e = ArmErrorFromResponse(
            method, path,
            HttpResponse{r.status, "", r.headers, r.body.is_null() ? "" : r.body.dump(), 1});
        return e.ToStatus();
      }
      std::string status = ProvisioningState(r.body);
      if (Classify(status) == State::kFailed) return Failure(r.body, status, r);
      return r;
    }
  }

  absl::StatusOr<ArmResponse> PollProvisioningState(ArmResponse r) {
    while (true) {
      std::string status = ProvisioningState(r.body);
      State s = Classify(status);
      if (s == State::kSucceeded) return r;
      if (s == State::kFailed) return Failure(r.body, status, r);
      Report(r.body, status);
      RETURN_IF_ERROR(Wait(r.headers));
      ASSIGN_OR_RETURN(r, client.Get(path, api_version, ctx));
    }
  }

  absl::StatusOr<ArmResponse> FinalGet() {
    for (int retries = 0;; ++retries) {
      absl::StatusOr<ArmResponse> r = client.Get(path, api_version, ctx);
      if (r.ok() || !absl::IsNotFound(r.status()) ||
          retries >= options.final_get_not_found_retries) {
        return r;
      }
      log::Debug(kLogModule, "resource not visible yet after the operation; re-reading",
                 {{"resource", path}, {"retry", absl::StrCat(retries + 1)}});
      RETURN_IF_ERROR(Wait({}));
    }
  }

  // The operation has ended (or the DELETE answered synchronously): one 404
  // ends the delete; a 200 (ARM's read cache, or a delete still running) is
  // polled again.
  absl::Status PollDeleted(const Headers& first_headers) {
    Headers headers = first_headers;
    while (true) {
      absl::StatusOr<ArmResponse> r = client.Get(path, api_version, ctx);
      if (!r.ok()) {
        if (absl::IsNotFound(r.status())) return absl::OkStatus();
        return r.status();
      } else {
        std::string status = ProvisioningState(r->body);
        if (absl::EqualsIgnoreCase(status, "Failed")) return Failure(r->body, status, *r);
        Report(r->body, status.empty() ? "Deleting" : status);
        headers = r->headers;
      }
      RETURN_IF_ERROR(Wait(headers));
    }
  }
};

}  // namespace

LroProgress ProgressFromBody(const nlohmann::json& body) {
  LroProgress p;
  if (!body.is_object()) return p;
  if (auto it = body.find("percentComplete"); it != body.end() && it->is_number()) {
    p.percent = it->get<double>();
  }
  auto props = body.find("properties");
  if (props == body.end() || !props->is_object()) return p;
  auto rs = props->find("replicationStatus");
  if (rs == props->end() || !rs->is_object()) return p;
  auto summary = rs->find("summary");
  if (summary == rs->end() || !summary->is_array()) return p;
  for (const auto& s : *summary) {
    if (!s.is_object()) continue;
    RegionProgress r;
    r.region = JStr(s, "region").value_or("");
    r.state = JStr(s, "state").value_or("");
    if (std::optional<int64_t> pr = JInt(s, "progress"); pr && *pr >= 0 && *pr <= 100) {
      r.percent = static_cast<int>(*pr);
    }
    p.regions.push_back(std::move(r));
  }
  return p;
}

absl::Duration PollInterval(const Headers& headers, absl::Time now, const LroOptions& o) {
  std::optional<absl::Duration> ra = RetryAfterFromHeaders(headers, now);
  absl::Duration d = ra ? *ra : o.default_interval;
  return std::clamp(d, o.min_interval, std::max(o.min_interval, o.max_interval));
}

absl::StatusOr<ArmResponse> WaitForCompletion(ArmClient& client, const std::string& method,
                                              const std::string& path,
                                              const std::string& api_version,
                                              const ArmResponse& initial, const Context& ctx,
                                              const LroOptions& options) {
  Poll poll{client, method, path, api_version, ctx, options};
  std::optional<std::string> async = initial.Header("Azure-AsyncOperation");
  std::optional<std::string> location = initial.Header("Location");
  bool final_get = method == "PUT" || method == "PATCH";
  if (async || (location && initial.status == 202)) {
    poll.Report(initial.body, "Accepted");
    RETURN_IF_ERROR(poll.Wait(initial.headers));
    ArmResponse last;
    if (async) {
      ASSIGN_OR_RETURN(last, poll.PollAsync(*async));
      if (!final_get && location) {
        ASSIGN_OR_RETURN(last, poll.PollLocation(*location));
      }
    } else {
      ASSIGN_OR_RETURN(last, poll.PollLocation(*location));
    }
    if (final_get && options.final_get) return poll.FinalGet();
    return last;
  }
  if (final_get && (initial.status == 200 || initial.status == 201)) {
    return poll.PollProvisioningState(initial);
  }
  return initial;
}

absl::StatusOr<ArmResponse> PutAndWait(ArmClient& client, const std::string& path,
                                       const std::string& api_version, const nlohmann::json& body,
                                       const Context& ctx, const LroOptions& options) {
  ASSIGN_OR_RETURN(ArmResponse initial, client.Put(path, api_version, body, ctx));
  return WaitForCompletion(client, "PUT", path, api_version, initial, ctx, options);
}

absl::StatusOr<ArmResponse> PatchAndWait(ArmClient& client, const std::string& path,
                                         const std::string& api_version,
                                         const nlohmann::json& body, const Context& ctx,
                                         const LroOptions& options) {
  ASSIGN_OR_RETURN(ArmResponse initial, client.Patch(path, api_version, body, ctx));
  return WaitForCompletion(client, "PATCH", path, api_version, initial, ctx, options);
}

absl::StatusOr<ArmResponse> PostAndWait(ArmClient& client, const std::string& path,
                                        const std::string& api_version, const nlohmann::json& body,
                                        const Context& ctx, const LroOptions& options) {
  ASSIGN_OR_RETURN(ArmResponse initial, client.Post(path, api_version, body, ctx));
  return WaitForCompletion(client, "POST", path, api_version, initial, ctx, options);
}

absl::Status DeleteAndWait(ArmClient& client, const std::string& path,
                           const std::string& api_version, const Context& ctx,
                           const LroOptions& options) {
  absl::StatusOr<ArmResponse> initial = client.Delete(path, api_version, ctx);
  if (!initial.ok()) {
    if (absl::IsNotFound(initial.status())) return absl::OkStatus();
    return initial.status();
  }
  Poll poll{client, "DELETE", path, api_version, ctx, options};
  std::optional<std::string> async = initial->Header("Azure-AsyncOperation");
  std::optional<std::string> location = initial->Header("Location");
  if (async || location) {
    poll.Report(initial->body, "Deleting");
    RETURN_IF_ERROR(poll.Wait(initial->headers));
    if (async) {
      RETURN_IF_ERROR(poll.PollAsync(*async).status());
    } else {
      RETURN_IF_ERROR(poll.PollLocation(*location).status());
    }
    return poll.PollDeleted({});
  }
  return poll.PollDeleted(initial->headers);
}

}  // namespace azbatch::azure
