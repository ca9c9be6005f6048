#include "provider/cty/json_dom.h"

#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace azbatch::cty::internal {
namespace {

// Recursive-descent RFC 8259 parser. It is used instead of nlohmann::json's
// parser because that one rejects numbers beyond the double range, while cty
// numbers are arbitrary precision; here every number keeps its lexeme.
class Parser {
 public:
  Parser(std::string_view text, int max_depth) : s_(text), max_depth_(max_depth) {}

  absl::StatusOr<JsonNode> ParseDocument() {
    JsonNode root;
    if (!ParseValue(root, 0)) return Error();
    SkipWs();
    if (pos_ != s_.size()) {
      error_ = "unexpected data after JSON value";
      return Error();
    }
    return root;
  }

 private:
  absl::Status Error() const {
    return absl::InvalidArgumentError(absl::StrCat("invalid JSON at offset ", pos_, ": ", error_));
  }
  bool Fail(const char* msg) {
    if (error_.empty()) error_ = msg;
    return false;
  }
  void SkipWs() {
    while (pos_ < s_.size() &&
           (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\n' || s_[pos_] == '\r')) {
      ++pos_;
    }
  }
  bool Literal(std::string_view word) {
    if (s_.substr(pos_, word.size()) != word) return Fail("invalid literal");
    pos_ += word.size();
    return true;
  }

  bool ParseValue(JsonNode& out, int depth) {
    SkipWs();
    if (pos_ >= s_.size()) return Fail("unexpected end of input");
    char c = s_[pos_];
    switch (c) {
      case 'n':
        out.kind = JsonNode::Kind::kNull;
        return Literal("null");
      case 't':
        out.kind = JsonNode::Kind::kBool;
        out.boolean = true;
        return Literal("true");
      case 'f':
        out.kind = JsonNode::Kind::kBool;
        out.boolean = false;
        return Literal("false");
      case '"':
        out.kind = JsonNode::Kind::kString;
        return ParseString(out.text);
      case '[':
      case '{': {
        if (depth >= max_depth_) return Fail("JSON nesting is too deep");
        bool object = c == '{';
        out.kind = object ? JsonNode::Kind::kObject : JsonNode::Kind::kArray;
        ++pos_;
        SkipWs();
        char close = object ? '}' : ']';
        if (pos_ < s_.size() && s_[pos_] == close) {
          ++pos_;
          return true;
        }
        while (true) {
          if (object) {
            SkipWs();
            if (pos_ >= s_.size() || s_[pos_] != '"') return Fail("expected object key");
            std::string key;
            if (!ParseString(key)) return false;
            SkipWs();
            if (pos_ >= s_.size() || s_[pos_] != ':') return Fail("expected ':'");
            ++pos_;
            out.keys.push_back(std::move(key));
          }
          out.items.emplace_back();
          if (!ParseValue(out.items.back(), depth + 1)) return false;
          SkipWs();
          if (pos_ >= s_.size()) return Fail("unexpected end of input");
          if (s_[pos_] == ',') {
            ++pos_;
            continue;
          }
          if (s_[pos_] == close) {
            ++pos_;
            return true;
          }
          return Fail(object ? "expected ',' or '}'" : "expected ',' or ']'");
        }
      }
      default:
        if (c == '-' || (c >= '0' && c <= '9')) {
          out.kind = JsonNode::Kind::kNumber;
          return ParseNumber(out.text);
        }
        return Fail("unexpected character");
    }
  }

  bool Digits() {
    size_t start = pos_;
    while (pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9') ++pos_;
    return pos_ > start;
  }

  bool ParseNumber(std::string& out) {
    size_t start = pos_;
    if (s_[pos_] == '-') ++pos_;
    if (pos_ < s_.size() && s_[pos_] == '0') {
      ++pos_;
    } else if (!Digits()) {
      return Fail("invalid number");
    }
    if (pos_ < s_.size() && s_[pos_] == '.') {
      ++pos_;
      if (!Digits()) return Fail("invalid number");
    }
    if (pos_ < s_.size() && (s_[pos_] == 'e' || s_[pos_] == 'E')) {
      ++pos_;
      if (pos_ < s_.size() && (s_[pos_] == '+' || s_[pos_] == '-')) ++pos_;
      if (!Digits()) return Fail("invalid number");
    }
    out.assign(s_.substr(start, pos_ - start));
    return true;
  }

  bool Hex4(uint32_t* v) {
    if (s_.size() - pos_ < 4) return Fail("invalid \\u escape");
    *v = 0;
    for (int i = 0; i < 4; ++i) {
      char c = s_[pos_++];
      uint32_t d;
      if (c >= '0' && c <= '9') d = c - '0';
      else if (c >= 'a' && c <= 'f') d = c - 'a' + 10;
      else if (c >= 'A' && c <= 'F') d = c - 'A' + 10;
      else return Fail("invalid \\u escape");
      *v = *v * 16 + d;
    }
    return true;
  }

  static void AppendUtf8(std::string& out, uint32_t cp) {
    if (cp < 0x80) {
      out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
      out.push_back(static_cast<char>(0xc0 | (cp >> 6)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3f)));
    } else if (cp < 0x10000) {
      out.push_back(static_cast<char>(0xe0 | (cp >> 12)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3f)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3f)));
    } else {
      out.push_back(static_cast<char>(0xf0 | (cp >> 18)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3f)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3f)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3f)));
    }
  }

  bool ParseString(std::string& out) {
    ++pos_;  // opening quote
    while (true) {
      if (pos_ >= s_.size()) return Fail("unterminated string");
      unsigned char c = static_cast<unsigned char>(s_[pos_++]);
      if (c == '"') return true;
      if (c < 0x20) return Fail("control character in string");
      if (c != '\\') {
        out.push_back(static_cast<char>(c));
        continue;
      }
      if (pos_ >= s_.size()) return Fail("unterminated string");
      char e = s_[pos_++];
      switch (e) {
        case '"': out.push_back('"'); break;
        case '\\': out.push_back('\\'); break;
        case '/': out.push_back('/'); break;
        case 'b': out.push_back('\b'); break;
        case 'f': out.push_back('\f'); break;
        case 'n': out.push_back('\n'); break;
        case 'r': out.push_back('\r'); break;
        case 't': out.push_back('\t'); break;
        case 'u': {
          uint32_t cp;
          if (!Hex4(&cp)) return false;
          if (cp >= 0xd800 && cp <= 0xdbff && s_.substr(pos_, 2) == "\\u") {
            size_t save = pos_;
            pos_ += 2;
            uint32_t low;
            if (!Hex4(&low)) return false;
            if (low >= 0xdc00 && low <= 0xdfff) {
              cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
            } else {
              pos_ = save;
              cp = 0xfffd;
            }
          } else if (cp >= 0xd800 && cp <= 0xdfff) {
            cp = 0xfffd;  // lone surrogate
          }
          AppendUtf8(out, cp);
          break;
        }
        default:
          return Fail("invalid escape");
      }
    }
  }

  std::string_view s_;
  size_t pos_ = 0;
  int max_depth_;
  std::string error_;
};

}  // namespace

absl::StatusOr<JsonNode> ParseJsonDom(std::string_view text, int max_depth) {
  return Parser(text, max_depth).ParseDocument();
}

}  // namespace azbatch::cty::internal
