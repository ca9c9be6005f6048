// Hand-written msgpack reader/writer: every read is bounds-checked and the
// nesting depth is limited, so hostile input produces an error, never a crash.
#include "provider/cty/msgpack.h"

#include <cmath>
#include <cstring>
#include <limits>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"

namespace azbatch::cty {
namespace {

constexpr int kMaxDepth = 256;
constexpr size_t kMaxStringPrefix = 256;
constexpr int8_t kRefinedUnknownExt = 12;

enum RefinementKey : int64_t {
  kNullness = 1,
  kStringPrefix = 2,
  kNumberLower = 3,
  kNumberUpper = 4,
  kLengthMin = 5,
  kLengthMax = 6,
};

absl::Status PathError(const Path& path, const std::string& msg) {
  if (path.empty()) return absl::InvalidArgumentError(msg);
  return absl::InvalidArgumentError(absl::StrCat(path.ToString(), ": ", msg));
}

// ---------------------------------------------------------------- writer

class Writer {
 public:
  void Nil() { Byte(0xc0); }
  void Bool(bool b) { Byte(b ? 0xc3 : 0xc2); }
  void Uint(uint64_t n) {
    if (n <= 0x7f) {
      Byte(static_cast<uint8_t>(n));
    } else if (n <= 0xff) {
      Byte(0xcc);
      Be(n, 1);
    } else if (n <= 0xffff) {
      Byte(0xcd);
      Be(n, 2);
    } else if (n <= 0xffffffffu) {
      Byte(0xce);
      Be(n, 4);
    } else {
      Byte(0xcf);
      Be(n, 8);
    }
  }
  void Int(int64_t n) {
    if (n >= 0) return Uint(static_cast<uint64_t>(n));
    auto u = static_cast<uint64_t>(n);
    if (n >= -32) {
      Byte(static_cast<uint8_t>(n));
    } else if (n >= std::numeric_limits<int8_t>::min()) {
      Byte(0xd0);
      Be(u, 1);
    } else if (n >= std::numeric_limits<int16_t>::min()) {
      Byte(0xd1);
      Be(u, 2);
    } else if (n >= std::numeric_limits<int32_t>::min()) {
      Byte(0xd2);
      Be(u, 4);
    } else {
      Byte(0xd3);
      Be(u, 8);
    }
  }
  void Float64(double d) {
    uint64_t bits;
    std::memcpy(&bits, &d, sizeof(bits));
    Byte(0xcb);
    Be(bits, 8);
  }
  void Str(std::string_view s) {
    size_t n = s.size();
    if (n < 32) {
      Byte(static_cast<uint8_t>(0xa0 | n));
    } else if (n <= 0xff) {
      Byte(0xd9);
      Be(n, 1);
    } else if (n <= 0xffff) {
      Byte(0xda);
      Be(n, 2);
    } else {
      Byte(0xdb);
      Be(n, 4);
    }
    out_.append(s.data(), s.size());
  }
  void Bin(std::string_view s) {
    size_t n = s.size();
    if (n <= 0xff) {
      Byte(0xc4);
      Be(n, 1);
    } else if (n <= 0xffff) {
      Byte(0xc5);
      Be(n, 2);
    } else {
      Byte(0xc6);
      Be(n, 4);
    }
    out_.append(s.data(), s.size());
  }
  void ArrayHeader(size_t n) { Header(n, 0x90, 0xdc, 0xdd); }
  void MapHeader(size_t n) { Header(n, 0x80, 0xde, 0xdf); }
  void Ext(int8_t type, std::string_view payload) {
    size_t n = payload.size();
    switch (n) {
      case 1: Byte(0xd4); break;
      case 2: Byte(0xd5); break;
      case 4: Byte(0xd6); break;
      case 8: Byte(0xd7); break;
      case 16: Byte(0xd8); break;
      default:
        if (n <= 0xff) {
          Byte(0xc7);
          Be(n, 1);
        } else if (n <= 0xffff) {
          Byte(0xc8);
          Be(n, 2);
        } else {
          Byte(0xc9);
          Be(n, 4);
        }
    }
    Byte(static_cast<uint8_t>(type));
    out_.append(payload.data(), payload.size());
  }
  std::string& out() { return out_; }

 private:
  void Byte(uint8_t b) { out_.push_back(static_cast<char>(b)); }
  void Be(uint64_t v, int bytes) {
    for (int i = bytes - 1; i >= 0; --i) Byte(static_cast<uint8_t>(v >> (8 * i)));
  }
  void Header(size_t n, uint8_t fix, uint8_t b16, uint8_t b32) {
    if (n < 16) {
      Byte(static_cast<uint8_t>(fix | n));
    } else if (n <= 0xffff) {
      Byte(b16);
      Be(n, 2);
    } else {
      Byte(b32);
      Be(n, 4);
    }
  }
  std::string out_;
};

void WriteNumber(Writer& w, const Number& n) {
  if (std::optional<int64_t> i = n.ToInt64()) return w.Int(*i);
  if (std::optional<double> d = n.ToExactDouble()) return w.Float64(*d);
  w.Str(n.ToString());
}

std::string RefinementPayload(const Refinements& r, const Type& type) {
  Writer w;
  int count = 0;
  Kind k = type.kind();
  bool collection = type.is_collection();
  if (r.nullable) ++count;
  if (k == Kind::kString && r.string_prefix && !r.string_prefix->empty()) ++count;
  if (k == Kind::kNumber && r.lower_bound) ++count;
  if (k == Kind::kNumber && r.upper_bound) ++count;
  if (collection && r.length_min) ++count;
  if (collection && r.length_max) ++count;
  if (count == 0) return std::string();
  w.MapHeader(count);
  if (r.nullable) {
    w.Int(kNullness);
    w.Bool(*r.nullable);
  }
  if (k == Kind::kString && r.string_prefix && !r.string_prefix->empty()) {
    std::string_view prefix = *r.string_prefix;
    if (prefix.size() > kMaxStringPrefix) {
      size_t cut = kMaxStringPrefix;
      // Do not split a UTF-8 sequence.
      while (cut > 0 && (static_cast<uint8_t>(prefix[cut]) & 0xc0) == 0x80) --cut;
      prefix = prefix.substr(0, cut);
    }
    w.Int(kStringPrefix);
    w.Str(prefix);
  }
  if (k == Kind::kNumber) {
    for (const auto* bound : {&r.lower_bound, &r.upper_bound}) {
      if (!*bound) continue;
      w.Int(bound == &r.lower_bound ? kNumberLower : kNumberUpper);
      w.ArrayHeader(2);
      WriteNumber(w, (*bound)->first);
      w.Bool((*bound)->second);
    }
  }
  if (collection && r.length_min) {
    w.Int(kLengthMin);
    w.Int(*r.length_min);
  }
  if (collection && r.length_max) {
    w.Int(kLengthMax);
    w.Int(*r.length_max);
  }
  return std::move(w.out());
}

absl::Status Encode(Writer& w, const Value& v, const Type& ty, const Path& path, int depth);

absl::Status EncodeConverted(Writer& w, const Value& v, const Type& ty, const Path& path,
                             int depth) {
  absl::StatusOr<Value> converted = Convert(v, ty);
  if (!converted.ok()) {
    return PathError(path, absl::StrCat(ty.FriendlyName(), " required, but have ",
                                        v.type().FriendlyName()));
  }
  // Conversion always yields the requested kind, so this cannot loop.
  if (converted->type().kind() != ty.kind()) {
    return PathError(path, absl::StrCat(ty.FriendlyName(), " required"));
  }
  return Encode(w, *converted, ty, path, depth);
}

absl::Status Encode(Writer& w, const Value& v, const Type& ty, const Path& path, int depth) {
  if (depth > kMaxDepth) return PathError(path, "value is nested too deeply");
  if (ty.is_dynamic() && !v.type().is_dynamic()) {
    w.ArrayHeader(2);
    w.Bin(v.type().ToJson());
    return Encode(w, v, v.type(), path, depth + 1);
  }
  if (!v.is_known()) {
    std::string payload = RefinementPayload(v.refinements(), ty);
    if (payload.empty()) {
      w.Ext(0, std::string_view("\0", 1));
    } else {
      w.Ext(kRefinedUnknownExt, payload);
    }
    return absl::OkStatus();
  }
  if (v.is_null()) {
    w.Nil();
    return absl::OkStatus();
  }
  Kind vk = v.type().kind();
  switch (ty.kind()) {
    case Kind::kString:
      if (vk != Kind::kString) return EncodeConverted(w, v, ty, path, depth);
      w.Str(v.AsString());
      return absl::OkStatus();
    case Kind::kNumber:
      if (vk != Kind::kNumber) return EncodeConverted(w, v, ty, path, depth);
      WriteNumber(w, v.AsNumber());
      return absl::OkStatus();
    case Kind::kBool:
      if (vk != Kind::kBool) return EncodeConverted(w, v, ty, path, depth);
      w.Bool(v.AsBool());
      return absl::OkStatus();
    case Kind::kList:
    case Kind::kSet: {
      if (vk != ty.kind()) return EncodeConverted(w, v, ty, path, depth);
      w.ArrayHeader(v.Elements().size());
      int64_t i = 0;
      for (const Value& e : v.Elements()) {
        RETURN_IF_ERROR(Encode(w, e, ty.element(), path.Index(i++), depth + 1));
      }
      return absl::OkStatus();
    }
    case Kind::kMap: {
      if (vk != Kind::kMap) return EncodeConverted(w, v, ty, path, depth);
      w.MapHeader(v.MapElements().size());
      for (const auto& [k, e] : v.MapElements()) {
        w.Str(k);
        RETURN_IF_ERROR(Encode(w, e, ty.element(), path.Key(k), depth + 1));
      }
      return absl::OkStatus();
    }
    case Kind::kObject: {
      if (vk != Kind::kObject) return EncodeConverted(w, v, ty, path, depth);
      const auto& attrs = v.MapElements();
      w.MapHeader(ty.attributes().size());
      for (const auto& [name, aty] : ty.attributes()) {
        w.Str(name);
        auto it = attrs.find(name);
        if (it == attrs.end()) {
          w.Nil();
          continue;
        }
        RETURN_IF_ERROR(Encode(w, it->second, aty, path.Attr(name), depth + 1));
      }
      return absl::OkStatus();
    }
    case Kind::kTuple: {
      if (vk != Kind::kTuple) return EncodeConverted(w, v, ty, path, depth);
      const auto& etys = ty.tuple_elements();
      if (v.Elements().size() != etys.size()) {
        return PathError(path, absl::StrCat("a tuple of length ", etys.size(), " is required"));
      }
      w.ArrayHeader(etys.size());
      for (size_t i = 0; i < etys.size(); ++i) {
        RETURN_IF_ERROR(Encode(w, v.Elements()[i], etys[i], path.Index(static_cast<int64_t>(i)),
                               depth + 1));
      }
      return absl::OkStatus();
    }
    case Kind::kDynamic:
      // Only reached for values whose own type is dynamic: null and unknown,
      // handled above.
      w.Nil();
      return absl::OkStatus();
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::string> MarshalMsgpack(const Value& value, const Type& type) {
  Writer w;
  RETURN_IF_ERROR(Encode(w, value, type, Path(), 0));
  return std::move(w.out());
}

}  // namespace azbatch::cty
