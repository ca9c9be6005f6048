// libFuzzer target: decode arbitrary bytes (as msgpack, then as JSON) against a
// few fixed schema types; whatever decodes must re-encode and decode back to an
// equal value.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "provider/cty/json.h"
#include "provider/cty/msgpack.h"

namespace {

using azbatch::cty::Type;
using azbatch::cty::Value;

const std::vector<Type>& FuzzTypes() {
  static const auto* types = [] {
    Type region = Type::Object({{"name", Type::String()}, {"replicas", Type::Number()}});
    Type pool = Type::Object({
        {"id", Type::String()},
        {"size", Type::Number()},
        {"enabled", Type::Bool()},
        {"regions", Type::List(region)},
        {"zones", Type::Set(Type::String())},
        {"tags", Type::Map(Type::String())},
        {"extra", Type::Dynamic()},
        {"nested", Type::Set(Type::Object({{"ports", Type::List(Type::Number())},
                                           {"meta", Type::Map(Type::Dynamic())}}))},
        {"pair", Type::Tuple({Type::String(), Type::Number()})},
    });
    return new std::vector<Type>{
        pool,
        Type::Dynamic(),
        Type::List(Type::Dynamic()),
        Type::Map(Type::Set(Type::Number())),
        Type::Number(),
    };
  }();
  return *types;
}

[[noreturn]] void Fail(const char* what, const Type& type, const std::string& detail) {
  std::fprintf(stderr, "cty msgpack fuzz: %s for type %s: %s\n", what, type.ToJson().c_str(),
               detail.c_str());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  for (const Type& type : FuzzTypes()) {
    absl::StatusOr<Value> first = azbatch::cty::UnmarshalMsgpack(input, type);
    if (!first.ok()) continue;
    absl::StatusOr<std::string> wire = azbatch::cty::MarshalMsgpack(*first, type);
    if (!wire.ok()) Fail("re-encode failed", type, std::string(wire.status().message()));
    absl::StatusOr<Value> second = azbatch::cty::UnmarshalMsgpack(*wire, type);
    if (!second.ok()) Fail("decode of re-encoded bytes failed", type,
                           std::string(second.status().message()));
    if (!first->RawEquals(*second)) {
      Fail("round trip changed the value", type,
           first->DebugString() + " != " + second->DebugString());
    }
    // Encoding is deterministic: a second round gives the same bytes.
    absl::StatusOr<std::string> wire2 = azbatch::cty::MarshalMsgpack(*second, type);
    if (!wire2.ok() || *wire2 != *wire) Fail("encoding is not stable", type, first->DebugString());
    // Exercise conversion on whatever decoded; it must not crash.
    azbatch::cty::Convert(*first, Type::String()).status().IgnoreError();
    azbatch::cty::Convert(*first, Type::Map(Type::String())).status().IgnoreError();
  }
  // The same bytes as JSON (stored state path): decode, encode, decode again.
  for (const Type& type : FuzzTypes()) {
    absl::StatusOr<Value> first = azbatch::cty::UnmarshalJsonLenient(input, type);
    if (!first.ok()) continue;
    absl::StatusOr<std::string> json = azbatch::cty::MarshalJson(*first, type);
    if (!json.ok()) continue;  // e.g. infinity has no JSON form
    absl::StatusOr<Value> second = azbatch::cty::UnmarshalJson(*json, type);
    if (!second.ok()) Fail("JSON decode of re-encoded text failed", type,
                           std::string(second.status().message()) + " in " + *json);
    if (!first->RawEquals(*second)) {
      Fail("JSON round trip changed the value", type,
           first->DebugString() + " != " + second->DebugString());
    }
  }
  return 0;
}
