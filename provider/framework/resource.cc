#include "provider/framework/resource.h"

#include "absl/strings/str_cat.h"

namespace azbatch::framework {

void ImportStatePassthroughId(const ImportStateRequest& req, ImportStateResponse* resp,
                              const std::string& attribute) {
  if (resp->state.is_null() || !resp->state.HasAttr(attribute)) {
    resp->diagnostics.AddError("Import not possible",
                               absl::StrCat("The resource has no \"", attribute,
                                            "\" attribute to take the import id. This is a bug "
                                            "in the provider."));
    return;
  }
  if (req.id.empty()) {
    resp->diagnostics.AddError("Empty import id", "Import needs a non-empty id.");
    return;
  }
  resp->state = resp->state.WithAttr(attribute, cty::Value::String(req.id));
}

}  // namespace azbatch::framework
