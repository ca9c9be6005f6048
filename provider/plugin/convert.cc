#include "provider/plugin/convert.h"

#include <string>
#include <utility>
#include <variant>

#include "absl/strings/str_cat.h"
#include "common/utf8.h"
#include "provider/cty/json.h"
#include "provider/cty/msgpack.h"
#include "provider/cty/utf8_check.h"

namespace azbatch::plugin {

namespace {

// Every proto3 `string` this file writes goes through here: the peer rejects
// the whole message when one holds invalid UTF-8, and diagnostics often quote
// client input or remote error text.
std::string Text(std::string_view s) { return utf8::SanitizeUtf8(s); }

tfplugin6::StringKind KindToProto(framework::DescriptionKind kind) {
  return kind == framework::DescriptionKind::kMarkdown ? tfplugin6::MARKDOWN : tfplugin6::PLAIN;
}

tfplugin6::Schema::NestedBlock::NestingMode BlockNestingToProto(framework::NestingMode mode) {
  using NB = tfplugin6::Schema::NestedBlock;
  switch (mode) {
    case framework::NestingMode::kSingle: return NB::SINGLE;
    case framework::NestingMode::kList: return NB::LIST;
    case framework::NestingMode::kSet: return NB::SET;
    case framework::NestingMode::kMap: return NB::MAP;
    case framework::NestingMode::kGroup: return NB::GROUP;
    case framework::NestingMode::kInvalid: break;
  }
  return NB::INVALID;
}

tfplugin6::Schema::Object::NestingMode ObjectNestingToProto(framework::NestingMode mode) {
  using O = tfplugin6::Schema::Object;
  switch (mode) {
    case framework::NestingMode::kSingle: return O::SINGLE;
    case framework::NestingMode::kList: return O::LIST;
    case framework::NestingMode::kSet: return O::SET;
    case framework::NestingMode::kMap: return O::MAP;
    case framework::NestingMode::kGroup:  // not allowed for nested attributes
    case framework::NestingMode::kInvalid: break;
  }
  return O::INVALID;
}

void ParameterToProto(const framework::FunctionParameter& p, tfplugin6::Function::Parameter* out) {
  out->set_name(Text(p.name));
  out->set_type(p.type.ToJson());
  out->set_allow_null_value(p.allow_null_value);
  out->set_allow_unknown_values(p.allow_unknown_values);
  out->set_description(Text(p.description));
  out->set_description_kind(KindToProto(p.description_kind));
}

}  // namespace

// ---- Values -----------------------------------------------------------------

absl::StatusOr<cty::Value> DecodeDynamicValue(const tfplugin6::DynamicValue& dv,
                                              const cty::Type& type) {
  if (!dv.msgpack().empty()) {
    auto v = cty::UnmarshalMsgpack(dv.msgpack(), type);
    if (!v.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("decoding msgpack value: ", v.status().message()));
    }
    return v;
  }
  if (!dv.json().empty()) {
    auto v = cty::UnmarshalJson(dv.json(), type);
    if (!v.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("decoding JSON value: ", v.status().message()));
    }
    return v;
  }
  return cty::Value::Null(type);
}

absl::Status EncodeDynamicValue(const cty::Value& value, const cty::Type& type,
                                tfplugin6::DynamicValue* out) {
  auto bytes = cty::MarshalMsgpack(value, type);
  if (!bytes.ok()) {
    return absl::InternalError(
        absl::StrCat("encoding msgpack value: ", bytes.status().message()));
  }
  out->Clear();
  out->set_msgpack(*std::move(bytes));
  return absl::OkStatus();
}

absl::StatusOr<cty::Value> DecodeRawState(const tfplugin6::RawState& raw, const cty::Type& type) {
  if (raw.json().empty()) {
    if (!raw.flatmap().empty()) {
      return absl::InvalidArgumentError(
          "state in the legacy flatmap format (written before Terraform 0.12) is not supported "
          "by this provider");
    }
    return cty::Value::Null(type);
  }
  auto v = cty::UnmarshalJsonLenient(raw.json(), type);
  if (!v.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("decoding stored state JSON: ", v.status().message()));
  }
  return v;
}

// ---- Paths ------------------------------------------------------------------

void PathToProto(const cty::Path& path, const cty::Type* root, tfplugin6::AttributePath* out) {
  out->Clear();
  std::optional<cty::Type> type;
  if (root != nullptr && !root->is_dynamic()) type = *root;
  for (const cty::PathStep& step : path.steps()) {
    // Set elements have no address: the path ends at the set itself.
    if (type.has_value() && type->kind() == cty::Kind::kSet) return;
    std::optional<cty::Type> next;
    if (const auto* attr = std::get_if<cty::AttributeStep>(&step)) {
      out->add_steps()->set_attribute_name(Text(attr->name));
      if (type.has_value() && type->kind() == cty::Kind::kObject &&
          type->HasAttribute(attr->name)) {
        next = type->AttributeType(attr->name);
      }
    } else if (const auto* index = std::get_if<cty::IndexStep>(&step)) {
      out->add_steps()->set_element_key_int(index->index);
      if (type.has_value()) {
        if (type->kind() == cty::Kind::kList) {
          next = type->element();
        } else if (type->kind() == cty::Kind::kTuple && index->index >= 0 &&
                   static_cast<size_t>(index->index) < type->tuple_elements().size()) {
          next = type->tuple_elements()[index->index];
        }
      }
    } else if (const auto* key = std::get_if<cty::KeyStep>(&step)) {
      out->add_steps()->set_element_key_string(Text(key->key));
      if (type.has_value() && type->kind() == cty::Kind::kMap) next = type->element();
    }
    // Once the type is lost (dynamic or mismatched) the remaining steps are kept as given.
    if (next.has_value() && next->is_dynamic()) next.reset();
    type = std::move(next);
  }
}

cty::Path PathFromProto(const tfplugin6::AttributePath& path) {
  cty::Path out;
  for (const auto& step : path.steps()) {
    switch (step.selector_case()) {
      case tfplugin6::AttributePath::Step::kAttributeName:
        out = out.Attr(step.attribute_name());
        break;
      case tfplugin6::AttributePath::Step::kElementKeyString:
        out = out.Key(step.element_key_string());
        break;
      case tfplugin6::AttributePath::Step::kElementKeyInt:
        out = out.Index(step.element_key_int());
        break;
      case tfplugin6::AttributePath::Step::SELECTOR_NOT_SET:
        break;
    }
  }
  return out;
}

// ---- Diagnostics ------------------------------------------------------------

void DiagnosticToProto(const framework::Diagnostic& diag, const cty::Type* root,
                       tfplugin6::Diagnostic* out) {
  out->set_severity(diag.severity == framework::Severity::kWarning ? tfplugin6::Diagnostic::WARNING
                                                                   : tfplugin6::Diagnostic::ERROR);
  out->set_summary(Text(diag.summary));
  out->set_detail(Text(diag.detail));
  if (diag.attribute.has_value() && !diag.attribute->empty()) {
    PathToProto(*diag.attribute, root, out->mutable_attribute());
  }
}

void DiagnosticsToProto(const framework::Diagnostics& diags, const cty::Type* root,
                        google::protobuf::RepeatedPtrField<tfplugin6::Diagnostic>* out) {
  for (const framework::Diagnostic& d : diags) DiagnosticToProto(d, root, out->Add());
}

void AddErrorDiagnostic(google::protobuf::RepeatedPtrField<tfplugin6::Diagnostic>* out,
                        const std::string& summary, const std::string& detail) {
  tfplugin6::Diagnostic* d = out->Add();
  d->set_severity(tfplugin6::Diagnostic::ERROR);
  d->set_summary(Text(summary));
  d->set_detail(Text(detail));
}

std::string InvalidUtf8Detail(const cty::InvalidUtf8& found, std::string_view what_view) {
  const std::string what(what_view);  // Debian's absl::StrCat takes no std::string_view
  std::string where;
  switch (found.where) {
    case cty::InvalidUtf8::Where::kString:
      where = absl::StrCat("The ", what, " has a string value here that is not valid UTF-8");
      break;
    case cty::InvalidUtf8::Where::kKey:
      where = absl::StrCat("The ", what,
                           " has a key or attribute name here that is not valid UTF-8");
      break;
    case cty::InvalidUtf8::Where::kRefinement:
      where = absl::StrCat("The ", what,
                           " has an unknown value here whose known prefix is not valid UTF-8");
      break;
  }
  if (!found.path.empty()) {
    absl::StrAppend(&where, " (at ", Text(found.path.ToString()), ")");
  }
  return absl::StrCat(where,
                      ". The provider did not use the value: strings exchanged with a provider "
                      "must be valid UTF-8 text. Terraform and OpenTofu always send valid "
                      "UTF-8, so check the client that sent this request.");
}

void InvalidUtf8ToProto(const std::vector<cty::InvalidUtf8>& found, const cty::Type* root,
                        std::string_view what,
                        google::protobuf::RepeatedPtrField<tfplugin6::Diagnostic>* out) {
  for (const cty::InvalidUtf8& f : found) {
    tfplugin6::Diagnostic d;
    framework::Diagnostic diag;
    diag.severity = framework::Severity::kError;
    diag.summary = kInvalidUtf8Summary;
    diag.detail = InvalidUtf8Detail(f, what);
    diag.attribute = f.path;
    DiagnosticToProto(diag, root, &d);
    bool repeated = false;
    for (const tfplugin6::Diagnostic& prior : *out) {
      if (prior.summary() == d.summary() && prior.has_attribute() == d.has_attribute() &&
          prior.attribute().SerializeAsString() == d.attribute().SerializeAsString()) {
        repeated = true;
        break;
      }
    }
    if (!repeated) *out->Add() = std::move(d);
  }
}

// ---- Schemas and functions --------------------------------------------------

void AttributeToProto(const framework::Attribute& attr, tfplugin6::Schema::Attribute* out) {
  out->set_name(Text(attr.name));
  if (attr.nested.has_value()) {
    tfplugin6::Schema::Object* obj = out->mutable_nested_type();
    obj->set_nesting(ObjectNestingToProto(attr.nested->nesting));
    for (const framework::Attribute& child : attr.nested->attributes) {
      AttributeToProto(child, obj->add_attributes());
    }
  } else {
    out->set_type(attr.type.ToJson());
  }
  out->set_description(Text(attr.description));
  out->set_description_kind(KindToProto(attr.description_kind));
  out->set_required(attr.required);
  out->set_optional(attr.optional);
  out->set_computed(attr.computed);
  out->set_sensitive(attr.sensitive);
  out->set_write_only(attr.write_only);
  out->set_deprecated(attr.deprecated || !attr.deprecation_message.empty());
  out->set_deprecation_message(Text(attr.deprecation_message));
}

void BlockToProto(const framework::Block& block, tfplugin6::Schema::Block* out) {
  for (const framework::Attribute& attr : block.attributes) {
    AttributeToProto(attr, out->add_attributes());
  }
  for (const framework::NestedBlock& nb : block.blocks) {
    tfplugin6::Schema::NestedBlock* p = out->add_block_types();
    p->set_type_name(Text(nb.type_name));
    p->set_nesting(BlockNestingToProto(nb.nesting));
    BlockToProto(nb.block, p->mutable_block());
    switch (nb.nesting) {
      case framework::NestingMode::kList:
      case framework::NestingMode::kSet:
        p->set_min_items(nb.min_items);
        p->set_max_items(nb.max_items);
        break;
      case framework::NestingMode::kSingle:
        // Core wants min == max, each 0 or 1: 1/1 marks a required block.
        if (nb.min_items >= 1) {
          p->set_min_items(1);
          p->set_max_items(1);
        }
        break;
      default:
        // GROUP and MAP blocks carry no limits.
        break;
    }
  }
  out->set_description(Text(block.description));
  out->set_description_kind(KindToProto(block.description_kind));
  out->set_deprecated(block.deprecated || !block.deprecation_message.empty());
  out->set_deprecation_message(Text(block.deprecation_message));
}

void SchemaToProto(const framework::Schema& schema, tfplugin6::Schema* out) {
  out->set_version(schema.version);
  BlockToProto(schema.block, out->mutable_block());
}

void FunctionToProto(const framework::FunctionDefinition& fn, tfplugin6::Function* out) {
  for (const framework::FunctionParameter& p : fn.parameters) {
    ParameterToProto(p, out->add_parameters());
  }
  if (fn.variadic_parameter.has_value()) {
    ParameterToProto(*fn.variadic_parameter, out->mutable_variadic_parameter());
  }
  out->mutable_return_()->set_type(fn.return_type.ToJson());
  out->set_summary(Text(fn.summary));
  out->set_description(Text(fn.description));
  out->set_description_kind(KindToProto(fn.description_kind));
  out->set_deprecation_message(Text(fn.deprecation_message));
}

framework::ClientCapabilities ClientCapabilitiesFromProto(const tfplugin6::ClientCapabilities& c) {
  framework::ClientCapabilities out;
  out.deferral_allowed = c.deferral_allowed();
  out.write_only_attributes_allowed = c.write_only_attributes_allowed();
  return out;
}

void ServerCapabilitiesToProto(const framework::ServerCapabilities& caps,
                               tfplugin6::ServerCapabilities* out) {
  out->set_plan_destroy(caps.plan_destroy);
  out->set_get_provider_schema_optional(caps.get_provider_schema_optional);
  out->set_move_resource_state(caps.move_resource_state);
  out->set_generate_resource_config(false);
}

}  // namespace azbatch::plugin
