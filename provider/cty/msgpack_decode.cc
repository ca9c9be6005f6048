// msgpack decoding (see msgpack.cc for the encoder). Every read is bounds
// checked and nesting is limited, so hostile input yields an error status.
#include <cmath>
#include <cstring>
#include <limits>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "provider/cty/msgpack.h"

namespace azbatch::cty {
namespace {

constexpr int kMaxDepth = 256;
constexpr size_t kMaxExtPayload = 1024;
constexpr int8_t kRefinedUnknownExt = 12;

absl::Status PathError(const Path& path, const std::string& msg) {
  if (path.empty()) return absl::InvalidArgumentError(msg);
  return absl::InvalidArgumentError(absl::StrCat(path.ToString(), ": ", msg));
}

absl::Status Truncated() { return absl::InvalidArgumentError("unexpected end of msgpack data"); }

class Reader {
 public:
  explicit Reader(std::string_view data) : data_(data) {}

  bool AtEnd() const { return pos_ >= data_.size(); }
  size_t remaining() const { return data_.size() - pos_; }
  absl::StatusOr<uint8_t> Peek() const {
    if (AtEnd()) return Truncated();
    return static_cast<uint8_t>(data_[pos_]);
  }
  absl::StatusOr<uint8_t> Byte() {
    if (AtEnd()) return Truncated();
    return static_cast<uint8_t>(data_[pos_++]);
  }
  absl::StatusOr<uint64_t> Be(int bytes) {
    if (remaining() < static_cast<size_t>(bytes)) return Truncated();
    uint64_t v = 0;
    for (int i = 0; i < bytes; ++i) v = (v << 8) | static_cast<uint8_t>(data_[pos_++]);
    return v;
  }
  absl::StatusOr<std::string_view> Bytes(uint64_t n) {
    if (remaining() < n) return Truncated();
    std::string_view s = data_.substr(pos_, static_cast<size_t>(n));
    pos_ += static_cast<size_t>(n);
    return s;
  }

 private:
  std::string_view data_;
  size_t pos_ = 0;
};

bool IsExt(uint8_t b) { return (b >= 0xd4 && b <= 0xd8) || (b >= 0xc7 && b <= 0xc9); }
bool IsStr(uint8_t b) { return (b >= 0xa0 && b <= 0xbf) || (b >= 0xd9 && b <= 0xdb); }
bool IsBin(uint8_t b) { return b >= 0xc4 && b <= 0xc6; }

// Reads a str or bin.
absl::StatusOr<std::string_view> ReadStringish(Reader& r) {
  ASSIGN_OR_RETURN(uint8_t b, r.Byte());
  uint64_t n;
  if (b >= 0xa0 && b <= 0xbf) {
    n = b & 0x1f;
  } else if (b == 0xd9 || b == 0xc4) {
    ASSIGN_OR_RETURN(n, r.Be(1));
  } else if (b == 0xda || b == 0xc5) {
    ASSIGN_OR_RETURN(n, r.Be(2));
  } else if (b == 0xdb || b == 0xc6) {
    ASSIGN_OR_RETURN(n, r.Be(4));
  } else {
    return absl::InvalidArgumentError("a string is required");
  }
  return r.Bytes(n);
}

// Reads an array (is_map=false) or map header; the count is checked against
// the remaining input (every element needs at least one byte).
absl::StatusOr<uint64_t> ReadContainerHeader(Reader& r, bool is_map) {
  ASSIGN_OR_RETURN(uint8_t b, r.Byte());
  uint64_t n;
  uint8_t fix = is_map ? 0x80 : 0x90;
  if ((b & 0xf0) == fix) {
    n = b & 0x0f;
  } else if (b == (is_map ? 0xde : 0xdc)) {
    ASSIGN_OR_RETURN(n, r.Be(2));
  } else if (b == (is_map ? 0xdf : 0xdd)) {
    ASSIGN_OR_RETURN(n, r.Be(4));
  } else {
    return absl::InvalidArgumentError(is_map ? "a map is required" : "an array is required");
  }
  if (n > r.remaining() / (is_map ? 2 : 1)) return Truncated();
  return n;
}

absl::StatusOr<Number> ReadNumber(Reader& r) {
  ASSIGN_OR_RETURN(uint8_t b, r.Peek());
  if (IsStr(b) || IsBin(b)) {
    ASSIGN_OR_RETURN(std::string_view s, ReadStringish(r));
    return Number::Parse(s);
  }
  r.Byte().IgnoreError();
  if (b <= 0x7f) return Number::FromInt(b);
  if (b >= 0xe0) return Number::FromInt(static_cast<int8_t>(b));
  switch (b) {
    case 0xcc: case 0xcd: case 0xce: case 0xcf: {
      ASSIGN_OR_RETURN(uint64_t v, r.Be(1 << (b - 0xcc)));
      return Number::FromUint(v);
    }
    case 0xd0: case 0xd1: case 0xd2: case 0xd3: {
      int bytes = 1 << (b - 0xd0);
      ASSIGN_OR_RETURN(uint64_t v, r.Be(bytes));
      // Sign-extend.
      int shift = 64 - 8 * bytes;
      int64_t s = shift == 0 ? static_cast<int64_t>(v)
                             : static_cast<int64_t>(v << shift) >> shift;
      return Number::FromInt(s);
    }
    case 0xca: {
      ASSIGN_OR_RETURN(uint64_t v, r.Be(4));
      auto bits = static_cast<uint32_t>(v);
      float f;
      std::memcpy(&f, &bits, sizeof(f));
      if (std::isnan(f)) return absl::InvalidArgumentError("NaN is not a valid number");
      return Number::FromDouble(static_cast<double>(f));
    }
    case 0xcb: {
      ASSIGN_OR_RETURN(uint64_t bits, r.Be(8));
      double d;
      std::memcpy(&d, &bits, sizeof(d));
      if (std::isnan(d)) return absl::InvalidArgumentError("NaN is not a valid number");
      return Number::FromDouble(d);
    }
    default:
      return absl::InvalidArgumentError("a number is required");
  }
}

absl::StatusOr<int64_t> ReadInt(Reader& r) {
  ASSIGN_OR_RETURN(uint8_t b, r.Peek());
  if (IsStr(b) || IsBin(b) || b == 0xca || b == 0xcb) {
    return absl::InvalidArgumentError("an integer is required");
  }
  ASSIGN_OR_RETURN(Number n, ReadNumber(r));
  std::optional<int64_t> i = n.ToInt64();
  if (!i) return absl::InvalidArgumentError("integer out of range");
  return *i;
}

absl::StatusOr<bool> ReadBool(Reader& r) {
  ASSIGN_OR_RETURN(uint8_t b, r.Byte());
  if (b == 0xc2) return false;
  if (b == 0xc3) return true;
  return absl::InvalidArgumentError("a bool is required");
}

// Skips one msgpack object of any kind.
absl::Status Skip(Reader& r, int depth) {
  if (depth > kMaxDepth) return absl::InvalidArgumentError("msgpack data is nested too deeply");
  ASSIGN_OR_RETURN(uint8_t b, r.Peek());
  if (b <= 0x7f || b >= 0xe0 || b == 0xc0 || b == 0xc2 || b == 0xc3) return r.Byte().status();
  if (IsStr(b) || IsBin(b)) return ReadStringish(r).status();
  if ((b >= 0xcc && b <= 0xd3) || b == 0xca || b == 0xcb) return ReadNumber(r).status();
  if ((b & 0xf0) == 0x90 || b == 0xdc || b == 0xdd || (b & 0xf0) == 0x80 || b == 0xde ||
      b == 0xdf) {
    bool is_map = (b & 0xf0) == 0x80 || b == 0xde || b == 0xdf;
    ASSIGN_OR_RETURN(uint64_t n, ReadContainerHeader(r, is_map));
    for (uint64_t i = 0; i < n * (is_map ? 2 : 1); ++i) RETURN_IF_ERROR(Skip(r, depth + 1));
    return absl::OkStatus();
  }
  if (IsExt(b)) {
    r.Byte().IgnoreError();
    uint64_t n;
    if (b >= 0xd4) {
      n = uint64_t{1} << (b - 0xd4);
    } else {
      ASSIGN_OR_RETURN(n, r.Be(1 << (b - 0xc7)));
    }
    RETURN_IF_ERROR(r.Byte().status());  // ext type
    return r.Bytes(n).status();
  }
  return absl::InvalidArgumentError(absl::StrCat("invalid msgpack code ", static_cast<int>(b)));
}

absl::StatusOr<Refinements> ReadRefinements(std::string_view payload, const Type& type) {
  Reader r(payload);
  ASSIGN_OR_RETURN(uint64_t n, ReadContainerHeader(r, /*is_map=*/true));
  Refinements ref;
  Kind k = type.kind();
  bool collection = type.is_collection();
  for (uint64_t i = 0; i < n; ++i) {
    ASSIGN_OR_RETURN(int64_t key, ReadInt(r));
    switch (key) {
      case 1: {
        ASSIGN_OR_RETURN(bool b, ReadBool(r));
        ref.nullable = b;
        break;
      }
      case 2: {
        ASSIGN_OR_RETURN(std::string_view s, ReadStringish(r));
        if (k == Kind::kString) ref.string_prefix = std::string(s);
        break;
      }
      case 3:
      case 4: {
        ASSIGN_OR_RETURN(uint64_t len, ReadContainerHeader(r, /*is_map=*/false));
        if (len != 2) return absl::InvalidArgumentError("invalid number bound refinement");
        ASSIGN_OR_RETURN(Number bound, ReadNumber(r));
        ASSIGN_OR_RETURN(bool inclusive, ReadBool(r));
        if (k == Kind::kNumber) {
          (key == 3 ? ref.lower_bound : ref.upper_bound) = std::make_pair(bound, inclusive);
        }
        break;
      }
      case 5:
      case 6: {
        ASSIGN_OR_RETURN(int64_t len, ReadInt(r));
        if (collection) (key == 5 ? ref.length_min : ref.length_max) = len;
        break;
      }
      default:
        RETURN_IF_ERROR(Skip(r, 1));  // refinements we do not know about are ignored
    }
  }
  return ref;
}

absl::StatusOr<Value> ReadUnknown(Reader& r, const Type& type, const Path& path) {
  ASSIGN_OR_RETURN(uint8_t b, r.Byte());
  uint64_t n;
  if (b >= 0xd4 && b <= 0xd8) {
    n = uint64_t{1} << (b - 0xd4);
  } else {
    ASSIGN_OR_RETURN(n, r.Be(1 << (b - 0xc7)));
  }
  ASSIGN_OR_RETURN(uint8_t code, r.Byte());
  if (n > kMaxExtPayload) return PathError(path, "msgpack extension payload is too large");
  ASSIGN_OR_RETURN(std::string_view payload, r.Bytes(n));
  if (n <= 1) return Value::Unknown(type);
  if (static_cast<int8_t>(code) != kRefinedUnknownExt) {
    return PathError(path, "unsupported extension type");
  }
  absl::StatusOr<Refinements> ref = ReadRefinements(payload, type);
  if (!ref.ok()) return PathError(path, std::string(ref.status().message()));
  return Value::Unknown(type, *std::move(ref));
}

absl::StatusOr<Value> Decode(Reader& r, const Type& type, const Path& path, int depth);

absl::StatusOr<Value> DecodeDynamic(Reader& r, const Path& path, int depth) {
  absl::StatusOr<uint64_t> n = ReadContainerHeader(r, false);
  if (!n.ok()) return PathError(path, std::string(n.status().message()));
  if (*n != 2) return PathError(path, "dynamic value array must have exactly two elements");
  absl::StatusOr<std::string_view> type_json = ReadStringish(r);
  if (!type_json.ok()) return PathError(path, std::string(type_json.status().message()));
  absl::StatusOr<Type> type = Type::FromJson(*type_json);
  if (!type.ok()) return PathError(path, std::string(type.status().message()));
  return Decode(r, *type, path, depth + 1);
}

absl::StatusOr<Value> Decode(Reader& r, const Type& type, const Path& path, int depth) {
  if (depth > kMaxDepth) return PathError(path, "value is nested too deeply");
  absl::StatusOr<uint8_t> peek = r.Peek();
  if (!peek.ok()) return PathError(path, std::string(peek.status().message()));
  uint8_t b = *peek;
  if (b == 0xc0) {
    r.Byte().IgnoreError();
    return Value::Null(type);
  }
  if (IsExt(b)) return ReadUnknown(r, type, path);
  auto wrap = [&path](const absl::Status& s) { return PathError(path, std::string(s.message())); };
  switch (type.kind()) {
    case Kind::kDynamic:
      return DecodeDynamic(r, path, depth);
    case Kind::kString: {
      absl::StatusOr<std::string_view> s = ReadStringish(r);
      if (!s.ok()) return wrap(s.status());
      return Value::String(std::string(*s));
    }
    case Kind::kNumber: {
      absl::StatusOr<Number> n = ReadNumber(r);
      if (!n.ok()) return wrap(n.status());
      return Value::Num(*std::move(n));
    }
    case Kind::kBool: {
      absl::StatusOr<bool> v = ReadBool(r);
      if (!v.ok()) return wrap(v.status());
      return Value::Bool(*v);
    }
    case Kind::kList:
    case Kind::kSet:
    case Kind::kTuple: {
      absl::StatusOr<uint64_t> n = ReadContainerHeader(r, false);
      if (!n.ok()) return wrap(n.status());
      const auto& etys = type.tuple_elements();
      if (type.kind() == Kind::kTuple && *n != etys.size()) {
        return PathError(path, absl::StrCat("a tuple of length ", etys.size(), " is required"));
      }
      std::vector<Value> elems;
      elems.reserve(static_cast<size_t>(*n));
      for (uint64_t i = 0; i < *n; ++i) {
        const Type& ety = type.kind() == Kind::kTuple ? etys[i] : type.element();
        ASSIGN_OR_RETURN(Value e, Decode(r, ety, path.Index(static_cast<int64_t>(i)), depth + 1));
        elems.push_back(std::move(e));
      }
      if (type.kind() == Kind::kList) return Value::List(type.element(), std::move(elems));
      if (type.kind() == Kind::kSet) return Value::Set(type.element(), std::move(elems));
      return Value::Tuple(std::move(elems));
    }
    case Kind::kMap: {
      absl::StatusOr<uint64_t> n = ReadContainerHeader(r, true);
      if (!n.ok()) return wrap(n.status());
      std::map<std::string, Value> elems;
      for (uint64_t i = 0; i < *n; ++i) {
        absl::StatusOr<std::string_view> key = ReadStringish(r);
        if (!key.ok()) return wrap(key.status());
        std::string k(*key);
        ASSIGN_OR_RETURN(Value e, Decode(r, type.element(), path.Key(k), depth + 1));
        elems.insert_or_assign(std::move(k), std::move(e));
      }
      return Value::Map(type.element(), std::move(elems));
    }
    case Kind::kObject: {
      absl::StatusOr<uint64_t> n = ReadContainerHeader(r, true);
      if (!n.ok()) return wrap(n.status());
      const auto& atys = type.attributes();
      if (*n != atys.size()) {
        return PathError(path, absl::StrCat("an object with ", atys.size(),
                                            " attributes is required (", *n, " given)"));
      }
      std::map<std::string, Value> attrs;
      for (uint64_t i = 0; i < *n; ++i) {
        absl::StatusOr<std::string_view> key = ReadStringish(r);
        if (!key.ok()) return wrap(key.status());
        std::string k(*key);
        auto it = atys.find(k);
        if (it == atys.end()) return PathError(path, absl::StrCat("unsupported attribute \"", k, "\""));
        if (attrs.count(k) > 0) return PathError(path, absl::StrCat("duplicate attribute \"", k, "\""));
        ASSIGN_OR_RETURN(Value e, Decode(r, it->second, path.Attr(k), depth + 1));
        attrs.emplace(std::move(k), std::move(e));
      }
      return Value::ObjectOf(type, std::move(attrs));
    }
  }
  return PathError(path, "unsupported type");
}

}  // namespace

absl::StatusOr<Value> UnmarshalMsgpack(std::string_view bytes, const Type& type) {
  if (bytes.empty()) return Value::Null(type);
  Reader r(bytes);
  return Decode(r, type, Path(), 0);
}

}  // namespace azbatch::cty
