// Long-running operations: Compute capsOperations (Azure-AsyncOperation and
// Location with monitor=true), Batch accountOperationResults and
// poolOperationResults, resource-group delete operationresults.
#include "emulator/handlers.h"

namespace azbatch::emulator {

using nlohmann::json;

Operation& StartOperation(ArmContext& ctx, const std::string& kind, const std::string& key,
                          const std::string& method, double end, bool fails) {
  Operation op;
  op.id = NewGuid();
  op.kind = kind;
  op.resource_key = ToLower(key);
  op.method = method;
  op.start = ctx.now;
  op.end = end;
  op.fails = fails;
  auto& ops = ctx.emu->operations;
  // Keep the table bounded: drop the oldest finished operations.
  if (ops.size() > 5000) {
    for (auto it = ops.begin(); it != ops.end() && ops.size() > 4000;) {
      it = it->second.end < ctx.now ? ops.erase(it) : std::next(it);
    }
  }
  return ops[op.id] = std::move(op);
}

std::string OperationStatus(const Operation& op, double now) {
  if (now < op.end) return "InProgress";
  return op.fails ? "Failed" : "Succeeded";
}

std::string CapsOperationUrl(const ArmContext& ctx, const std::string& sub,
                             const std::string& location, const std::string& op_id) {
  return AbsoluteUrl(ctx, "/subscriptions/" + sub + "/providers/Microsoft.Compute/locations/" +
                              NormalizeRegion(location) + "/capsOperations/" + op_id +
                              "?api-version=" + ctx.api_version);
}

namespace {

json OperationError(const Operation& op) {
  return {{"code", "InternalOperationError"},
          {"message", "The long-running operation failed (injected failure)."}};
}

HttpResponse OperationNotFound(const std::string& id) {
  return ArmError(404, "OperationNotFound", "The operation '" + id + "' could not be found.");
}

}  // namespace

HttpResponse HandleOperationStatus(ArmContext& ctx, const std::string& id) {
  auto it = ctx.emu->operations.find(id);
  if (it == ctx.emu->operations.end()) return OperationNotFound(id);
  const Operation& op = it->second;
  std::string status = OperationStatus(op, ctx.now);
  json body = {{"name", op.id}, {"status", status}, {"startTime", IsoTime(op.start)}};
  if (status == "InProgress") {
    double span = op.end - op.start;
    body["percentComplete"] = span > 0 ? std::min(99.0, 100 * (ctx.now - op.start) / span) : 0;
  } else {
    body["endTime"] = IsoTime(op.end);
  }
  if (status == "Failed") body["error"] = OperationError(op);
  HttpResponse r = JsonResponse(200, body);
  if (status == "InProgress") {
    r.SetHeader("Retry-After", std::to_string(RetryAfterSeconds(*ctx.emu, op.end - ctx.now)));
  }
  return r;
}

HttpResponse HandleOperationLocation(ArmContext& ctx, const std::string& id) {
  auto it = ctx.emu->operations.find(id);
  if (it == ctx.emu->operations.end()) return OperationNotFound(id);
  const Operation& op = it->second;
  std::string status = OperationStatus(op, ctx.now);
  if (status == "InProgress") {
    HttpResponse r = EmptyResponse(202);
    r.SetHeader("Location", ctx.base_url + ctx.req->target);  // the raw (encoded) target
    r.SetHeader("Retry-After", std::to_string(RetryAfterSeconds(*ctx.emu, op.end - ctx.now)));
    return r;
  }
  if (status == "Failed") {
    json err = OperationError(op);
    return ArmError(500, err["code"], err["message"]);
  }
  if (op.method == "DELETE") return EmptyResponse(200);
  Resource* r = ctx.emu->Find(op.resource_key);
  if (r == nullptr) return EmptyResponse(204);
  return JsonResponse(200, Render(*r, ctx));
}

}  // namespace azbatch::emulator
