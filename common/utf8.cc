#include "common/utf8.h"

#include <cstdint>

namespace azbatch::utf8 {
namespace {

// Length of the well-formed sequence starting at s[i], or the negated length
// of the maximal ill-formed subpart there (at least 1 byte). Table 3-7 of the
// Unicode standard gives the allowed range of the second byte per lead byte.
int Scan(std::string_view s, size_t i) {
  const auto byte = [&](size_t k) { return static_cast<uint8_t>(s[k]); };
  const uint8_t lead = byte(i);
  if (lead < 0x80) return 1;
  int need;            // continuation bytes after the lead
  uint8_t lo = 0x80;   // range of the first continuation byte
  uint8_t hi = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    need = 1;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    need = 2;
    if (lead == 0xE0) lo = 0xA0;  // no overlongs
    if (lead == 0xED) hi = 0x9F;  // no surrogates
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    need = 3;
    if (lead == 0xF0) lo = 0x90;  // no overlongs
    if (lead == 0xF4) hi = 0x8F;  // nothing above U+10FFFF
  } else {
    return -1;  // continuation byte, C0/C1 (always overlong) or F5..FF
  }
  for (int k = 1; k <= need; ++k) {
    if (i + k >= s.size()) return -k;  // truncated
    const uint8_t c = byte(i + k);
    if (c < lo || c > hi) return -k;
    lo = 0x80;
    hi = 0xBF;
  }
  return need + 1;
}

}  // namespace

size_t FirstInvalidOffset(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    // ASCII fast path.
    if (static_cast<uint8_t>(s[i]) < 0x80) {
      ++i;
      continue;
    }
    const int n = Scan(s, i);
    if (n < 0) return i;
    i += static_cast<size_t>(n);
  }
  return s.size();
}

bool IsValidUtf8(std::string_view s) { return FirstInvalidOffset(s) == s.size(); }

std::string SanitizeUtf8(std::string_view s) {
  size_t i = FirstInvalidOffset(s);
  if (i == s.size()) return std::string(s);
  std::string out;
  out.reserve(s.size() + 8);
  out.append(s.substr(0, i));
  while (i < s.size()) {
    const int n = Scan(s, i);
    if (n > 0) {
      out.append(s.substr(i, static_cast<size_t>(n)));
      i += static_cast<size_t>(n);
    } else {
      out.append(kReplacement);
      i += static_cast<size_t>(-n);
    }
  }
  return out;
}

}  // namespace azbatch::utf8
