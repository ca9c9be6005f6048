// libFuzzer target for the ARM resource id parser: any string either fails to
// parse or parses to an id whose canonical form parses back to the same id,
// and whose parent and children stay consistent.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "provider/azure/resource_id.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using azbatch::azure::ResourceId;
  std::string in(reinterpret_cast<const char*>(data), size);
  absl::StatusOr<ResourceId> id = ResourceId::Parse(in);
  if (!id.ok()) return 0;
  absl::StatusOr<ResourceId> again = ResourceId::Parse(id->String());
  if (!again.ok() || !(*again == *id)) {
    std::fprintf(stderr, "canonical form does not parse back: %s -> %s\n", in.c_str(),
                 id->String().c_str());
    std::abort();
  }
  (void)ResourceId::Parse(in, id->type());
  if (absl::StatusOr<ResourceId> parent = id->Parent(); parent.ok()) {
    absl::StatusOr<ResourceId> child = parent->Child(id->type(), id->name());
    if (!child.ok() || !(*child == *id)) {
      std::fprintf(stderr, "parent/child round trip failed for %s\n", id->String().c_str());
      std::abort();
    }
  }
  return 0;
}
