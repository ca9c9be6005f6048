// Base class for ARM-backed resources. It runs the shared CRUD shape and
// leaves the resource-specific parts (id, bodies, flattening) to hooks:
//  Create: id from the plan (a name drawn from name_prefix when the schema has
//          one, drawn again if taken) → GET must be 404 (else the import
//          hint) → BeforeWrite → PUT;
//          once ARM accepted the PUT the id is recorded in the state, so a
//          failed or timed-out wait leaves a tainted resource, not an orphan.
//  Read:   GET; 404 removes the resource from state; Flatten maps the remote
//          body (out-of-band changes become drift).
//  Update: BeforeWrite → PATCH carrying only the changed updatable fields.
//  Create and Update end with WaitAfterWrite, whose GET (CheckWritten judges
//  it) or else one GET through Read is the read the framework then does not
//  repeat.
//  Delete: DELETE, wait for the operation, then one GET answering 404 (a 200
//          there, ARM's read cache, is polled again).
//  Import: the ARM id, parsed case-insensitively; Read fills the rest.
// A resource written with a field table (field_table.h) returns it from
// Fields(): the bodies and the state then come from the table, and the
// resource overrides only its special rules (calling the base for the rest).
#ifndef AZBATCH_RESOURCES_COMMON_ARM_RESOURCE_H_
#define AZBATCH_RESOURCES_COMMON_ARM_RESOURCE_H_

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"
#include "provider/azure/lro.h"
#include "provider/azure/resource_id.h"
#include "provider/framework/resource.h"
#include "resources/common/arm_access.h"
#include "resources/common/field_table.h"

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
  // The field table; empty for a resource that overrides the three below.
  virtual const std::vector<Field>& Fields() const;
  // The attribute holding the parent's ARM id ("gallery_id"); "" when the
  // parent is the resource group (resource_group_name) or none.
  virtual std::string ParentAttribute() const { return ""; }
  // PUT body for create (default: the table's Expand).
  virtual absl::StatusOr<nlohmann::json> CreateBody(const cty::Value& plan) const;
  // PATCH body with only what changed between prior state and plan; an empty
  // object means nothing to send (default: the table's PatchBody).
  virtual absl::StatusOr<nlohmann::json> UpdateBody(const cty::Value& prior,
                                                    const cty::Value& plan) const;
  // Remote body → state. `prior` is the current state (attributes only null
  // after import): keep its spellings where Azure's are equivalent, and keep
  // attributes Azure does not return (timeouts, wait flags). Default: the
  // table's Flatten plus id, name, resource_group_name and the parent id.
  virtual cty::Value Flatten(const azure::ResourceId& id, const nlohmann::json& remote,
                             const cty::Value& prior) const;
  // Headers of the create PUT (If-None-Match: * where a PUT would overwrite).
  virtual azure::Headers CreateHeaders() const { return {}; }
  // Runs after ARM finished a create or an update (and AfterWrite): e.g. a
  // wait for a steady state. A body it returns came from a GET of the
  // resource and is the read that ends the write; nullopt: one GET follows.
  virtual absl::StatusOr<std::optional<nlohmann::json>> WaitAfterWrite(
      ArmAccess& arm, const azure::ResourceId& id, const cty::Value& plan) {
    return std::nullopt;
  }
  // Runs before the create PUT (prior null) or a non-empty update PATCH, with
  // the body about to be sent: checks that need the remote state (quota,
  // image) and waits for a state in which Azure accepts the write. False stops
  // the write; `diags` says why. Create then records nothing; update keeps the
  // prior state.
  virtual bool BeforeWrite(const framework::Context& ctx, ArmAccess& arm,
                           const azure::ResourceId& id, const cty::Value& prior,
                           const cty::Value& plan, const nlohmann::json& body,
                           framework::Diagnostics* diags) {
    return true;
  }
  // Runs on the body WaitAfterWrite returned, once the state is recorded: an
  // error here fails the apply but keeps the object (e.g. a failed resize).
  virtual void CheckWritten(const nlohmann::json& remote, const cty::Value& prior,
                            const cty::Value& plan, framework::Diagnostics* diags) const {}
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

  // Runs WaitAfterWrite; true when it ended the write (its body was the read,
  // or it failed and added the diagnostic).
  template <typename Response>
  bool EndWithWait(ArmAccess& arm, const azure::ResourceId& id, const cty::Value& prior,
                   const cty::Value& state, Response* resp);

  // True when create draws the name: `name_prefix` configured, `name` unknown.
  static bool DrawsName(const cty::Value& plan);

  ArmResolver resolver_;
};

}  // namespace azbatch::resources::common

#endif  // AZBATCH_RESOURCES_COMMON_ARM_RESOURCE_H_
