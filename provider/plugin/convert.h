// Conversions between tfplugin6 protobuf messages and the framework / cty
// types. Only provider/plugin includes generated protobuf code; everything
// above it works on cty values, cty paths and framework structs.
#ifndef AZBATCH_PROVIDER_PLUGIN_CONVERT_H_
#define AZBATCH_PROVIDER_PLUGIN_CONVERT_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "google/protobuf/repeated_field.h"
#include "proto/tfplugin6.pb.h"
#include "provider/cty/path.h"
#include "provider/cty/type.h"
#include "provider/cty/utf8_check.h"
#include "provider/cty/value.h"
#include "provider/framework/diagnostics.h"
#include "provider/framework/function.h"
#include "provider/framework/schema.h"
#include "provider/framework/server.h"

namespace azbatch::plugin {

// ---- Values -----------------------------------------------------------------

// Decodes a DynamicValue as core does: msgpack when present, else json, else
// (both empty, or the message absent) null of `type`.
absl::StatusOr<cty::Value> DecodeDynamicValue(const tfplugin6::DynamicValue& dv,
                                              const cty::Type& type);
// Always answers msgpack (the json field stays empty).
absl::Status EncodeDynamicValue(const cty::Value& value, const cty::Type& type,
                                tfplugin6::DynamicValue* out);
// RawState.json of stored state, decoded leniently against `type`: missing
// attributes become null and attributes the type does not know are dropped.
// Empty json is null of `type`; a flatmap-only state (pre-0.12) is an error.
absl::StatusOr<cty::Value> DecodeRawState(const tfplugin6::RawState& raw, const cty::Type& type);

// ---- Paths ------------------------------------------------------------------

// Writes `path` as an AttributePath. When `root` is given the steps are
// followed through the type and the path stops at a set (set elements cannot
// be addressed on the wire); without a type every step is written.
void PathToProto(const cty::Path& path, const cty::Type* root, tfplugin6::AttributePath* out);
// Steps with no selector set are skipped.
cty::Path PathFromProto(const tfplugin6::AttributePath& path);

// ---- Diagnostics ------------------------------------------------------------
// Every proto3 `string` written below (and in the schema functions) is passed
// through utf8::SanitizeUtf8, so a response always serialises to valid UTF-8.

// Severity is always ERROR or WARNING (never INVALID). `root` as for PathToProto.
void DiagnosticToProto(const framework::Diagnostic& diag, const cty::Type* root,
                       tfplugin6::Diagnostic* out);
void DiagnosticsToProto(const framework::Diagnostics& diags, const cty::Type* root,
                        google::protobuf::RepeatedPtrField<tfplugin6::Diagnostic>* out);
// Appends one ERROR diagnostic.
void AddErrorDiagnostic(google::protobuf::RepeatedPtrField<tfplugin6::Diagnostic>* out,
                        const std::string& summary, const std::string& detail);

// The check of client input: strings in a decoded value (or the import ID) that
// are not valid UTF-8 are never passed on to a resource.
inline constexpr char kInvalidUtf8Summary[] = "Invalid UTF-8 in a string value";
// One ERROR per location in `found`, on its attribute (`root` as for
// PathToProto); `what` names the value ("resource configuration"). An error
// with the same summary and attribute already in `out` is not repeated, so a
// string that is both in the configuration and the proposed state is named once.
void InvalidUtf8ToProto(const std::vector<cty::InvalidUtf8>& found, const cty::Type* root,
                        std::string_view what,
                        google::protobuf::RepeatedPtrField<tfplugin6::Diagnostic>* out);
// The text of one such error, for answers without diagnostics (FunctionError).
std::string InvalidUtf8Detail(const cty::InvalidUtf8& found, std::string_view what);

// ---- Schemas and functions --------------------------------------------------

// Fills a tfplugin6.Schema (the block is always present). Types are written
// as cty type JSON bytes; nested attributes become Schema.Object.
void SchemaToProto(const framework::Schema& schema, tfplugin6::Schema* out);
void BlockToProto(const framework::Block& block, tfplugin6::Schema::Block* out);
void AttributeToProto(const framework::Attribute& attr, tfplugin6::Schema::Attribute* out);
void FunctionToProto(const framework::FunctionDefinition& fn, tfplugin6::Function* out);

framework::ClientCapabilities ClientCapabilitiesFromProto(const tfplugin6::ClientCapabilities& c);
void ServerCapabilitiesToProto(const framework::ServerCapabilities& caps,
                               tfplugin6::ServerCapabilities* out);

}  // namespace azbatch::plugin

#endif  // AZBATCH_PROVIDER_PLUGIN_CONVERT_H_
