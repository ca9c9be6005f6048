// UTF-8 checks for text that crosses the plugin protocol. Protobuf `string`
// fields must hold valid UTF-8 (core's decoder rejects the whole message
// otherwise), so every string the provider puts in a response goes through
// SanitizeUtf8, and string values from the client are checked with IsValidUtf8.
#ifndef AZBATCH_COMMON_UTF8_H_
#define AZBATCH_COMMON_UTF8_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace azbatch::utf8 {

// The replacement character U+FFFD, encoded.
inline constexpr std::string_view kReplacement = "\xEF\xBF\xBD";

// Strict UTF-8 (RFC 3629, as Go's utf8.ValidString): rejects overlong forms,
// UTF-16 surrogates (U+D800..U+DFFF), code points above U+10FFFF, stray
// continuation bytes and truncated sequences. NUL is valid.
bool IsValidUtf8(std::string_view s);

// Offset of the first byte that starts an invalid sequence, or s.size().
size_t FirstInvalidOffset(std::string_view s);

// `s` with each maximal ill-formed subsequence replaced by one U+FFFD (the
// Unicode "substitution of maximal subparts" practice, which the WHATWG
// decoder follows). Valid input is returned unchanged.
std::string SanitizeUtf8(std::string_view s);

}  // namespace azbatch::utf8

#endif  // AZBATCH_COMMON_UTF8_H_
