// The managed resource contract: a required core (TypeName, Schema, Create,
// Read, Update, Delete) and opt-in capabilities the resource may also implement
// (detected with dynamic_cast by the Server):
//   ResourceWithValidateConfig, ResourceWithModifyPlan, ResourceWithImportState,
//   ResourceWithUpgradeState.
// The Server creates a fresh instance per call from the registered factory, so a
// resource needs no locking of its own.
#ifndef AZBATCH_PROVIDER_FRAMEWORK_RESOURCE_H_
#define AZBATCH_PROVIDER_FRAMEWORK_RESOURCE_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "provider/cty/path.h"
#include "provider/cty/value.h"
#include "provider/framework/context.h"
#include "provider/framework/diagnostics.h"
#include "provider/framework/private_state.h"
#include "provider/framework/schema.h"
#include "provider/framework/timeouts.h"

namespace azbatch::framework {

// Create: `planned_state` may hold unknowns (computed values to fill in).
struct CreateRequest {
  cty::Value config;
  cty::Value planned_state;
  PrivateState planned_private;
};
struct CreateResponse {
  // Starts as the planned state; the resource replaces every unknown with a
  // known value. Any unknown left is reported as an error naming its path.
  cty::Value new_state;
  PrivateState private_state;  // starts as planned_private
  Diagnostics diagnostics;
  // True when new_state is already a read of the remote object made after the
  // write: the framework then skips its read-after-apply.
  bool state_is_read = false;
};

struct ReadRequest {
  cty::Value current_state;
  PrivateState private_state;
};
struct ReadResponse {
  // Starts as current_state. Set to a null value (cty::Value::Null(type)) when
  // the remote object is gone: core then drops it from state.
  cty::Value new_state;
  PrivateState private_state;  // starts as the request's
  Diagnostics diagnostics;
};

struct UpdateRequest {
  cty::Value config;
  cty::Value planned_state;
  cty::Value prior_state;
  PrivateState planned_private;
};
struct UpdateResponse {
  cty::Value new_state;  // starts as planned_state
  PrivateState private_state;  // starts as planned_private
  Diagnostics diagnostics;
  bool state_is_read = false;  // as in CreateResponse
};

struct DeleteRequest {
  cty::Value prior_state;
  PrivateState prior_private;
};
struct DeleteResponse {
  Diagnostics diagnostics;
};

class Resource {
 public:
  virtual ~Resource() = default;
  // Full type name, e.g. "azbatch_gallery".
  virtual std::string TypeName() const = 0;
  virtual Schema GetSchema() const = 0;
  // Defaults for the CRUD deadlines; a `timeouts` block in config overrides them.
  virtual TimeoutDefaults DefaultTimeouts() const { return {}; }

  virtual void Create(const Context& ctx, const CreateRequest& req, CreateResponse* resp) = 0;
  virtual void Read(const Context& ctx, const ReadRequest& req, ReadResponse* resp) = 0;
  virtual void Update(const Context& ctx, const UpdateRequest& req, UpdateResponse* resp) = 0;
  virtual void Delete(const Context& ctx, const DeleteRequest& req, DeleteResponse* resp) = 0;
};

// --- Opt-in capabilities ---------------------------------------------------

struct ValidateConfigRequest {
  cty::Value config;  // may contain unknowns: skip them
};
struct ValidateConfigResponse {
  Diagnostics diagnostics;
};
// Runs after the schema-level attribute validators.
class ResourceWithValidateConfig {
 public:
  virtual ~ResourceWithValidateConfig() = default;
  virtual void ValidateConfig(const Context& ctx, const ValidateConfigRequest& req,
                              ValidateConfigResponse* resp) = 0;
};

struct ModifyPlanRequest {
  cty::Value config;
  cty::Value prior_state;    // null on create
  cty::Value planned_state;  // after defaults, unknown-marking and attribute modifiers
  PrivateState prior_private;
};
struct ModifyPlanResponse {
  cty::Value planned_state;  // starts as request.planned_state
  std::vector<cty::Path> requires_replace;  // starts with the attribute modifiers' paths
  PrivateState planned_private;  // starts as prior_private
  Diagnostics diagnostics;
};
// Called for create and update plans (not destroy).
class ResourceWithModifyPlan {
 public:
  virtual ~ResourceWithModifyPlan() = default;
  virtual void ModifyPlan(const Context& ctx, const ModifyPlanRequest& req,
                          ModifyPlanResponse* resp) = 0;
};

struct ImportStateRequest {
  std::string id;
};
struct ImportStateResponse {
  // Starts as the schema's EmptyValue() (all attributes null). Core calls Read
  // next, so setting the identifying attributes is enough.
  cty::Value state;
  PrivateState private_state;
  Diagnostics diagnostics;
};
class ResourceWithImportState {
 public:
  virtual ~ResourceWithImportState() = default;
  virtual void ImportState(const Context& ctx, const ImportStateRequest& req,
                           ImportStateResponse* resp) = 0;
};
// The common case: the import id is the "id" attribute.
void ImportStatePassthroughId(const ImportStateRequest& req, ImportStateResponse* resp,
                              const std::string& attribute = "id");

struct UpgradeStateRequest {
  int64_t version = 0;   // the stored state's schema version
  std::string raw_json;  // the stored state, JSON of that version's schema
};
struct UpgradeStateResponse {
  // Set either upgraded_state (a value of the current schema's type) or
  // upgraded_json (JSON of the current schema; decoded leniently).
  cty::Value upgraded_state;
  std::string upgraded_json;
  Diagnostics diagnostics;
};
using StateUpgrader =
    std::function<void(const Context&, const UpgradeStateRequest&, UpgradeStateResponse*)>;
// Upgraders keyed by prior version, each producing the *current* version.
// States at the current version are decoded as-is without calling an upgrader.
class ResourceWithUpgradeState {
 public:
  virtual ~ResourceWithUpgradeState() = default;
  virtual std::map<int64_t, StateUpgrader> StateUpgraders() = 0;
};

using ResourceFactory = std::function<std::unique_ptr<Resource>()>;

}  // namespace azbatch::framework

#endif  // AZBATCH_PROVIDER_FRAMEWORK_RESOURCE_H_
