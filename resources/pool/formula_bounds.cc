#include "resources/pool/formula_bounds.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"

namespace azbatch::resources::pool {
namespace {

using Bound = std::optional<double>;

struct Token {
  enum Kind { kNumber, kName, kOp, kEnd } kind;
  std::string text;
};

std::vector<Token> Tokenize(const std::string& s) {
  std::vector<Token> out;
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = s[i];
    if (std::isspace(c)) {
      ++i;
    } else if (std::isdigit(c) || (c == '.' && i + 1 < s.size() && std::isdigit(s[i + 1]))) {
      size_t j = i;
      while (j < s.size() && (std::isdigit(static_cast<unsigned char>(s[j])) || s[j] == '.')) ++j;
      out.push_back({Token::kNumber, s.substr(i, j - i)});
      i = j;
    } else if (c == '$' || std::isalpha(c) || c == '_') {
      size_t j = i + 1;
      while (j < s.size() && (std::isalnum(static_cast<unsigned char>(s[j])) || s[j] == '_')) ++j;
      out.push_back({Token::kName, s.substr(i, j - i)});
      i = j;
    } else {
      static const char* const kTwo[] = {"==", "!=", "<=", ">=", "&&", "||"};
      std::string op(1, static_cast<char>(c));
      for (const char* two : kTwo) {
        if (s.compare(i, 2, two) == 0) op = two;
      }
      out.push_back({Token::kOp, op});
      i += op.size();
    }
  }
  out.push_back({Token::kEnd, ""});
  return out;
}

std::string Key(const std::string& name) {
  return absl::AsciiStrToLower(name[0] == '$' ? name.substr(1) : name);
}

class BoundReader {
 public:
  explicit BoundReader(const std::string& formula) {
    // Statements are separated by ';'; an assignment is `name = expression`.
    std::vector<Token> all = Tokenize(formula);
    std::vector<Token> stmt;
    for (const Token& t : all) {
      if (t.kind == Token::kEnd || (t.kind == Token::kOp && t.text == ";")) {
        if (stmt.size() >= 3 && stmt[0].kind == Token::kName && stmt[1].kind == Token::kOp &&
            stmt[1].text == "=") {
          std::vector<Token> rhs(stmt.begin() + 2, stmt.end());
          rhs.push_back({Token::kEnd, ""});
          assignments_[Key(stmt[0].text)].push_back(std::move(rhs));
        }
        stmt.clear();
      } else {
        stmt.push_back(t);
      }
    }
  }

  Bound Variable(const std::string& name, int depth = 0) {
    auto it = assignments_.find(Key(name));
    if (it == assignments_.end() || depth > 16) return std::nullopt;
    Bound best;
    for (const std::vector<Token>& rhs : it->second) {
      Parser p{this, &rhs, 0, depth + 1};
      Bound b = p.Expr();
      if (!b || p.Peek().kind != Token::kEnd) return std::nullopt;
      best = best ? std::max(*best, *b) : *b;
    }
    return best;
  }

 private:
  struct Parser {
    BoundReader* reader;
    const std::vector<Token>* tokens;
    size_t pos;
    int depth;

    const Token& Peek() const { return (*tokens)[std::min(pos, tokens->size() - 1)]; }
    bool IsOp(const char* op) const { return Peek().kind == Token::kOp && Peek().text == op; }
    Token Next() { return (*tokens)[std::min(pos++, tokens->size() - 1)]; }

    Bound Expr() {
      Bound value = Sequence();
      if (!IsOp("?")) return value;
      Next();
      Bound yes = Expr();
      if (!IsOp(":")) return std::nullopt;
      Next();
      Bound no = Expr();
      if (!yes || !no) return std::nullopt;
      return std::max(*yes, *no);
    }
    // Operands joined by binary operators: only a lone operand keeps its bound.
    Bound Sequence() {
      Bound first = Operand();
      bool alone = true;
      static const char* const kBinary[] = {"+", "-", "*", "/", "<", ">", "<=", ">=",
                                            "==", "!=", "&&", "||"};
      while (Peek().kind == Token::kOp) {
        bool binary = false;
        for (const char* op : kBinary) binary = binary || Peek().text == op;
        if (!binary) break;
        Next();
        Operand();
        alone = false;
      }
      return alone ? first : std::nullopt;
    }
    Bound Operand() {
      Token t = Next();
      if (t.kind == Token::kNumber) {
        double v = 0;
        return absl::SimpleAtod(t.text, &v) ? Bound(v) : std::nullopt;
      }
      if (t.kind == Token::kOp && t.text == "(") {
        Bound b = Expr();
        if (IsOp(")")) Next();
        return b;
      }
      if (t.kind == Token::kOp && (t.text == "-" || t.text == "!")) {
        Operand();
        return std::nullopt;
      }
      if (t.kind != Token::kName) return std::nullopt;
      if (IsOp(".")) {  // $PendingTasks.GetSample(1): a method of a service variable
        Next();
        Operand();
        return std::nullopt;
      }
      if (!IsOp("(")) return reader->Variable(t.text, depth);
      Next();
      std::vector<Bound> args;
      while (Peek().kind != Token::kEnd && !IsOp(")")) {
        args.push_back(Expr());
        if (IsOp(",")) Next();
        else if (!IsOp(")")) return std::nullopt;
      }
      if (IsOp(")")) Next();
      std::string fn = absl::AsciiStrToLower(t.text);
      if (args.empty()) return std::nullopt;
      if (fn == "min") {
        Bound low;
        for (const Bound& b : args) {
          if (b) low = low ? std::min(*low, *b) : *b;
        }
        return low;
      }
      if (fn == "max") {
        Bound high;
        for (const Bound& b : args) {
          if (!b) return std::nullopt;
          high = high ? std::max(*high, *b) : *b;
        }
        return high;
      }
      return std::nullopt;
    }
  };

  std::map<std::string, std::vector<std::vector<Token>>> assignments_;
};

}  // namespace

std::optional<int64_t> FormulaBound(const std::string& formula, const std::string& variable) {
  BoundReader reader(formula);
  Bound b = reader.Variable(variable);
  if (!b || !std::isfinite(*b)) return std::nullopt;
  return std::max<int64_t>(0, static_cast<int64_t>(std::floor(*b)));
}

}  // namespace azbatch::resources::pool
