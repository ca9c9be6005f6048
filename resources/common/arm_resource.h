// Base class for ARM-backed resources. It runs the shared CRUD shape and
// leaves the resource-specific parts (id, bodies, flattening) to hooks:
//  Create: id from the plan → GET must be 404 (else the import hint) → PUT;
//          once ARM accepted the PUT the id is recorded in the state, so a
//          failed or timed-out wait leaves a tainted resource, not an orphan.
//  Read:   GET; 404 removes the resource from state; Flatten maps the remote
//          body (out-of-band changes become drift).
//  Update: PATCH carrying only the changed updatable fields.
//  Create and Update end with one GET (through Read), which the framework
//  then does not repeat.
//  Delete: DELETE, wait for the operation, then one GET answering 404 (a 200
//          there, ARM's read cache, is polled again).
//  Import: the ARM id, parsed case-insensitively; Read fills the rest.
#ifndef AZBATCH_RESOURCES_COMMON_ARM_RESOURCE_H_
#define AZBATCH_RESOURCES_COMMON_ARM_RESOURCE_H_

#include <optional>
#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"
#include "provider/azure/lro.h"
#include "provider/azure/resource_id.h"
#include "provider/framework/resource.h"
#include "resources/common/arm_access.h"

namespace azbatch::resources::common {

class ArmResource : public framework::Resource, public framework::ResourceWithImportState {
 public:
  explicit ArmResource(ArmResolver resolver) : resolver_(std::move(resolver)) {}

  void Create(const framework::Context& ctx, const framework::CreateRequest& req,
              framework::CreateResponse* resp) override;
  void Read(const framework::Context& ctx, const framework::ReadRequest& req,
            framework::ReadResponse* resp) override;
  void Update(const framework::Context& ctx, const framework::UpdateRequest& req,
              framework::UpdateResponse* resp) override;
  void Delete(const framework::Context& ctx, const framework::DeleteRequest& req,
              framework::DeleteResponse* resp) override;
  void ImportState(const framework::Context& ctx, const framework::ImportStateRequest& req,
                   framework::ImportStateResponse* resp) override;

 protected:
  virtual azure::ResourceType IdType() const = 0;
  // The id the planned object will have (subscription from the client).
  virtual absl::StatusOr<azure::ResourceId> IdFromPlan(const std::string& subscription,
                                                       const cty::Value& plan) const = 0;
  // PUT body for create.
  virtual absl::StatusOr<nlohmann::json> CreateBody(const cty::Value& plan) const = 0;
  // PATCH body with only what changed between prior state and plan; an empty
  // object means nothing to send.
  virtual absl::StatusOr<nlohmann::json> UpdateBody(const cty::Value& prior,
                                                    const cty::Value& plan) const = 0;
  // Remote body → state. `prior` is the current state (attributes only null
  // after import): keep its spellings where Azure's are equivalent, and keep
  // attributes Azure does not return (timeouts, wait flags).
  virtual cty::Value Flatten(const azure::ResourceId& id, const nlohmann::json& remote,
                             const cty::Value& prior) const = 0;
  // Extra query for the GET in Read (e.g. "$expand=ReplicationStatus").
  virtual std::string ReadQuery() const { return ""; }
  // LRO options for the create wait (progress callbacks).
  virtual azure::LroOptions CreateWaitOptions(ArmAccess& arm, const azure::ResourceId& id,
                                              const cty::Value& plan) const {
    return {};
  }
  // True when create should return right after ARM accepted the PUT.
  virtual bool SkipCreateWait(const cty::Value& plan) const { return false; }
  // Extra calls after create / update (e.g. gallery sharing); before delete.
  virtual absl::Status AfterWrite(ArmAccess& arm, const azure::ResourceId& id,
                                  const cty::Value& prior, const cty::Value& plan) {
    return absl::OkStatus();
  }
  virtual absl::Status BeforeDelete(ArmAccess& arm, const azure::ResourceId& id,
                                    const cty::Value& state) {
    return absl::OkStatus();
  }
  absl::StatusOr<ArmAccess> Access(const framework::Context& ctx) const { return resolver_(ctx); }

  // The state for a remote body that a GET returned: Flatten under Azure's own
  // spelling of the id (an import may have used other casing). Read uses it;
  // so may a write whose own waiting ended with a GET of the resource.
  cty::Value StateFromRemote(const azure::ResourceId& id, const nlohmann::json& remote,
                             const cty::Value& prior) const;

 private:
  // The ARM client and the id stored in `state` (Update and Delete); on failure
  // adds the diagnostic and returns nothing.
  std::optional<std::pair<ArmAccess, azure::ResourceId>> StateTarget(
      const framework::Context& ctx, const cty::Value& state,
      framework::Diagnostics* diags) const;

  // The one GET after a create or update: Read (the overridable one) of
  // `state`; a brief 404 right after the write (ARM's read cache) is re-read.
  // Fills resp's state and marks it read; on an error adds the diagnostic and
  // keeps `state` (a created object stays in the state, tainted).
  template <typename Response>
  void ReadBack(const framework::Context& ctx, ArmAccess& arm, const cty::Value& state,
                Response* resp);

  ArmResolver resolver_;
};

}  // namespace azbatch::resources::common

#endif  // AZBATCH_RESOURCES_COMMON_ARM_RESOURCE_H_
