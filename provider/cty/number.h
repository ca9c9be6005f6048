// Exact decimal numbers: cty numbers are arbitrary-precision, and a config value
// such as 0.1 must round-trip byte for byte, so nothing goes through double.
#ifndef AZBATCH_PROVIDER_CTY_NUMBER_H_
#define AZBATCH_PROVIDER_CTY_NUMBER_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace azbatch::cty {

class Number {
 public:
  Number();  // zero
  // Parses a decimal literal: [-]digits[.digits][e[+-]digits]; also "Inf", "-Inf".
  static absl::StatusOr<Number> Parse(std::string_view text);
  static Number FromInt(int64_t v);
  static Number FromUint(uint64_t v);
  // Exact value of the double (every finite double is an exact decimal).
  static Number FromDouble(double v);
  static Number Infinity(bool negative);

  bool is_integer() const;
  bool is_infinite() const;
  bool is_negative() const;
  // Set when the value is an integer within int64 range.
  std::optional<int64_t> ToInt64() const;
  // Set when the value is exactly representable as a double.
  std::optional<double> ToExactDouble() const;
  double ToDouble() const;  // nearest double
  // Canonical shortest decimal text, as go's big.Float Text('f', -1): "0.1", "-12", "1e+300" is
  // written out in full digits ("1000...").
  std::string ToString() const;

  int Compare(const Number& other) const;  // -1, 0, 1
  bool operator==(const Number& o) const { return Compare(o) == 0; }
  bool operator!=(const Number& o) const { return Compare(o) != 0; }
  bool operator<(const Number& o) const { return Compare(o) < 0; }

 private:
  bool negative_ = false;
  bool infinite_ = false;
  std::string digits_;  // significant digits, no leading/trailing zeros; empty for zero
  int64_t exponent_ = 0;  // value = 0.digits_ * 10^exponent_
};

}  // namespace azbatch::cty

#endif  // AZBATCH_PROVIDER_CTY_NUMBER_H_
