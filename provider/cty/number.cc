#include "provider/cty/number.h"

#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace azbatch::cty {
namespace {

// Limits that keep hostile input from producing huge texts. A double needs at
// most 767 significant digits; cty itself works with 512-bit mantissas.
constexpr size_t kMaxDigits = 4096;
constexpr int64_t kMaxExponent = 10000;

// Unsigned big integer in base 1e9, least significant limb first.
class BigUint {
 public:
  explicit BigUint(uint64_t v) {
    while (v > 0) {
      limbs_.push_back(static_cast<uint32_t>(v % kBase));
      v /= kBase;
    }
  }
  // this *= m, with m < 2^32.
  void Mul(uint32_t m) {
    uint64_t carry = 0;
    for (uint32_t& limb : limbs_) {
      uint64_t cur = static_cast<uint64_t>(limb) * m + carry;
      limb = static_cast<uint32_t>(cur % kBase);
      carry = cur / kBase;
    }
    while (carry > 0) {
      limbs_.push_back(static_cast<uint32_t>(carry % kBase));
      carry /= kBase;
    }
  }
  std::string ToDecimal() const {
    if (limbs_.empty()) return "0";
    std::string out = std::to_string(limbs_.back());
    for (size_t i = limbs_.size() - 1; i-- > 0;) {
      std::string part = std::to_string(limbs_[i]);
      out.append(9 - part.size(), '0');
      out += part;
    }
    return out;
  }

 private:
  static constexpr uint64_t kBase = 1000000000;
  std::vector<uint32_t> limbs_;
};

}  // namespace

Number::Number() = default;

// Builds a normalised number from integer digits `int_digits` times 10^pow10.
static void Normalise(std::string int_digits, int64_t pow10, bool negative, bool* out_neg,
                      std::string* out_digits, int64_t* out_exp) {
  size_t first = int_digits.find_first_not_of('0');
  if (first == std::string::npos) {
    *out_neg = false;
    out_digits->clear();
    *out_exp = 0;
    return;
  }
  int_digits.erase(0, first);
  size_t last = int_digits.find_last_not_of('0');
  int64_t len = static_cast<int64_t>(int_digits.size());
  int_digits.resize(last + 1);
  *out_neg = negative;
  *out_exp = len + pow10;
  *out_digits = std::move(int_digits);
}

absl::StatusOr<Number> Number::Parse(std::string_view text) {
  std::string_view s = text;
  bool negative = false;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  auto lower_equals = [](std::string_view a, const char* b) {
    if (a.size() != std::strlen(b)) return false;
    for (size_t i = 0; i < a.size(); ++i) {
      char c = a[i];
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      if (c != b[i]) return false;
    }
    return true;
  };
  if (lower_equals(s, "inf") || lower_equals(s, "infinity")) return Infinity(negative);

  std::string digits;
  int64_t pow10 = 0;
  size_t i = 0;
  bool any_digit = false;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
    if (!(digits.empty() && s[i] == '0')) digits.push_back(s[i]);
    any_digit = true;
    ++i;
  }
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
      if (!(digits.empty() && s[i] == '0')) digits.push_back(s[i]);
      --pow10;
      any_digit = true;
      ++i;
    }
  }
  if (!any_digit) {
    return absl::InvalidArgumentError(absl::StrCat("invalid number \"", std::string(text), "\""));
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    bool exp_negative = false;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) {
      exp_negative = s[i] == '-';
      ++i;
    }
    if (i >= s.size()) {
      return absl::InvalidArgumentError(absl::StrCat("invalid number \"", std::string(text), "\""));
    }
    int64_t e = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
      if (e < 100 * kMaxExponent) e = e * 10 + (s[i] - '0');
      ++i;
    }
    pow10 += exp_negative ? -e : e;
  }
  if (i != s.size()) {
    return absl::InvalidArgumentError(absl::StrCat("invalid number \"", std::string(text), "\""));
  }
  Number n;
  Normalise(std::move(digits), pow10, negative, &n.negative_, &n.digits_, &n.exponent_);
  if (n.digits_.size() > kMaxDigits) {
    return absl::InvalidArgumentError("number has too many significant digits");
  }
  if (!n.digits_.empty() && (n.exponent_ > kMaxExponent || n.exponent_ < -kMaxExponent)) {
    return absl::InvalidArgumentError("number exponent is out of range");
  }
  return n;
}

Number Number::FromUint(uint64_t v) {
  Number n;
  Normalise(std::to_string(v), 0, false, &n.negative_, &n.digits_, &n.exponent_);
  return n;
}

Number Number::FromInt(int64_t v) {
  uint64_t mag = v < 0 ? (~static_cast<uint64_t>(v) + 1) : static_cast<uint64_t>(v);
  Number n = FromUint(mag);
  n.negative_ = v < 0;
  return n;
}

Number Number::Infinity(bool negative) {
  Number n;
  n.infinite_ = true;
  n.negative_ = negative;
  return n;
}

Number Number::FromDouble(double v) {
  if (std::isinf(v)) return Infinity(v < 0);
  if (std::isnan(v) || v == 0) return Number();
  bool negative = std::signbit(v);
  int exp2 = 0;
  double frac = std::frexp(std::fabs(v), &exp2);  // v = frac * 2^exp2, frac in [0.5, 1)
  // Scale to a 53-bit integer mantissa.
  uint64_t mantissa = static_cast<uint64_t>(std::ldexp(frac, 53));
  int64_t e = static_cast<int64_t>(exp2) - 53;
  while (mantissa != 0 && (mantissa & 1) == 0 && e < 0) {
    mantissa >>= 1;
    ++e;
  }
  BigUint big(mantissa);
  int64_t pow10 = 0;
  if (e >= 0) {
    for (int64_t k = e; k > 0; k -= 16) big.Mul(1u << (k >= 16 ? 16 : k));
  } else {
    // m * 2^e == m * 5^-e * 10^e
    for (int64_t k = -e; k > 0; k -= 13) {
      uint32_t f = 1;
      for (int64_t j = 0; j < (k >= 13 ? 13 : k); ++j) f *= 5;
      big.Mul(f);
    }
    pow10 = e;
  }
  Number n;
  Normalise(big.ToDecimal(), pow10, negative, &n.negative_, &n.digits_, &n.exponent_);
  return n;
}

bool Number::is_integer() const {
  if (infinite_) return false;
  return digits_.empty() || exponent_ >= static_cast<int64_t>(digits_.size());
}

bool Number::is_infinite() const { return infinite_; }
bool Number::is_negative() const { return negative_; }

std::optional<int64_t> Number::ToInt64() const {
  if (!is_integer()) return std::nullopt;
  if (digits_.empty()) return 0;
  if (exponent_ > 19) return std::nullopt;
  uint64_t mag = 0;
  for (int64_t i = 0; i < exponent_; ++i) {
    int d = i < static_cast<int64_t>(digits_.size()) ? digits_[i] - '0' : 0;
    if (mag > (std::numeric_limits<uint64_t>::max() - d) / 10) return std::nullopt;
    mag = mag * 10 + d;
  }
  if (negative_) {
    if (mag > static_cast<uint64_t>(std::numeric_limits<int64_t>::max()) + 1) return std::nullopt;
    return static_cast<int64_t>(~mag + 1);
  }
  if (mag > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) return std::nullopt;
  return static_cast<int64_t>(mag);
}

double Number::ToDouble() const {
  if (infinite_) {
    return negative_ ? -std::numeric_limits<double>::infinity()
                     : std::numeric_limits<double>::infinity();
  }
  if (digits_.empty()) return 0;
  std::string text = absl::StrCat("0.", digits_, "e", exponent_);
  double d = 0;
  auto res = std::from_chars(text.data(), text.data() + text.size(), d);
  if (res.ec == std::errc::result_out_of_range) {
    d = exponent_ > 0 ? std::numeric_limits<double>::infinity() : 0.0;
  }
  return negative_ ? -d : d;
}

std::optional<double> Number::ToExactDouble() const {
  if (infinite_) return ToDouble();
  if (digits_.empty()) return 0.0;
  // A double has at most 767 significant decimal digits, and a non-integral
  // dyadic fraction always ends in the digit 5.
  if (digits_.size() > 767) return std::nullopt;
  if (!is_integer() && digits_.back() != '5') return std::nullopt;
  double d = ToDouble();
  if (!std::isfinite(d)) return std::nullopt;
  if (FromDouble(d) != *this) return std::nullopt;
  return d;
}

std::string Number::ToString() const {
  if (infinite_) return negative_ ? "-Inf" : "+Inf";
  if (digits_.empty()) return "0";
  std::string out;
  if (negative_) out.push_back('-');
  int64_t len = static_cast<int64_t>(digits_.size());
  if (exponent_ <= 0) {
    out += "0.";
    out.append(static_cast<size_t>(-exponent_), '0');
    out += digits_;
  } else if (exponent_ >= len) {
    out += digits_;
    out.append(static_cast<size_t>(exponent_ - len), '0');
  } else {
    out.append(digits_, 0, static_cast<size_t>(exponent_));
    out.push_back('.');
    out.append(digits_, static_cast<size_t>(exponent_), std::string::npos);
  }
  return out;
}

int Number::Compare(const Number& other) const {
  auto sign = [](const Number& n) {
    if (!n.infinite_ && n.digits_.empty()) return 0;
    return n.negative_ ? -1 : 1;
  };
  int sa = sign(*this), sb = sign(other);
  if (sa != sb) return sa < sb ? -1 : 1;
  if (sa == 0) return 0;
  // Same sign, compare magnitudes.
  int mag;
  if (infinite_ || other.infinite_) {
    mag = infinite_ == other.infinite_ ? 0 : (infinite_ ? 1 : -1);
  } else if (exponent_ != other.exponent_) {
    mag = exponent_ < other.exponent_ ? -1 : 1;
  } else {
    int c = digits_.compare(other.digits_);
    mag = c == 0 ? 0 : (c < 0 ? -1 : 1);
  }
  return sa < 0 ? -mag : mag;
}

}  // namespace azbatch::cty
