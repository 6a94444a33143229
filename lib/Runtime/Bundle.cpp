//===- Bundle.cpp - Bundle parsing, launch plans, argument checks ---------===//
//
// Follows docs/bundle.md. The parser is strict: one directive per line,
// tokens separated by single spaces, every count and index checked, so that a
// bundle the runtime accepts can only fail later for reasons of the call
// (arguments) or of the driver.
//
//===----------------------------------------------------------------------===//

#include "Bundle.h"

#include <cstdarg>
#include <cstdio>
#include <cstring>

namespace molten {
namespace runtime {

std::string format(const char *fmt, ...) {
  char small[512];
  va_list args;
  va_start(args, fmt);
  int n = vsnprintf(small, sizeof(small), fmt, args);
  va_end(args);
  if (n < 0)
    return std::string(fmt);
  if (static_cast<size_t>(n) < sizeof(small))
    return std::string(small, static_cast<size_t>(n));
  std::string big(static_cast<size_t>(n) + 1, '\0');
  va_start(args, fmt);
  vsnprintf(&big[0], big.size(), fmt, args);
  va_end(args);
  big.resize(static_cast<size_t>(n));
  return big;
}

int64_t dtypeSize(int dtype) {
  switch (dtype) {
  case MOLTEN_F32:
    return 4;
  case MOLTEN_F16:
  case MOLTEN_BF16:
    return 2;
  case MOLTEN_I1:
    return 1;
  default:
    return 0;
  }
}

const char *dtypeName(int dtype) {
  switch (dtype) {
  case MOLTEN_F32:
    return "f32";
  case MOLTEN_F16:
    return "f16";
  case MOLTEN_BF16:
    return "bf16";
  case MOLTEN_I1:
    return "i1";
  default:
    return "?";
  }
}

std::string printable(const std::string &s) {
  static const char hex[] = "0123456789abcdef";
  std::string out;
  out.reserve(s.size());
  for (char ch : s) {
    unsigned char c = static_cast<unsigned char>(ch);
    if (c >= 0x20 && c < 0x7f) {
      out += ch;
      continue;
    }
    out += "\\x";
    out += hex[c >> 4];
    out += hex[c & 15];
  }
  return out;
}

bool isIdentifier(const std::string &s) {
  if (s.empty())
    return false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    // Spelled out rather than isalpha(): that one depends on the locale.
    bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                  c == '_' || c == '$';
    bool digit = c >= '0' && c <= '9';
    if (!letter && !(digit && i > 0))
      return false;
  }
  return true;
}

//===----------------------------------------------------------------------===//
// Expressions
//===----------------------------------------------------------------------===//

// Evaluates the subexpression starting at nodes[pos]; advances pos.
static Status evalAt(const Expr &expr, size_t &pos,
                     const std::vector<int64_t> &symbols, int64_t &result) {
  const Expr::Node &node = expr.nodes[pos++];
  switch (node.kind) {
  case Expr::Const:
    result = node.value;
    return Status::ok();
  case Expr::Sym:
    if (node.value >= static_cast<int64_t>(symbols.size()) ||
        symbols[static_cast<size_t>(node.value)] < 0)
      return Status::error(MOLTEN_ERROR_ARGUMENT_MISMATCH,
                           format("symbol s%lld is not bound",
                                  static_cast<long long>(node.value)));
    result = symbols[static_cast<size_t>(node.value)];
    return Status::ok();
  default:
    break;
  }
  int64_t a = 0, b = 0;
  Status s = evalAt(expr, pos, symbols, a);
  if (s.failed())
    return s;
  s = evalAt(expr, pos, symbols, b);
  if (s.failed())
    return s;
  switch (node.kind) {
  case Expr::Mul:
    if (__builtin_mul_overflow(a, b, &result))
      return Status::error(MOLTEN_ERROR_ARGUMENT_MISMATCH,
                           format("%lld * %lld overflows",
                                  static_cast<long long>(a),
                                  static_cast<long long>(b)));
    return Status::ok();
  case Expr::Div:
  case Expr::CDiv:
    if (b == 0)
      return Status::error(
          MOLTEN_ERROR_ARGUMENT_MISMATCH,
          format("division of %lld by zero", static_cast<long long>(a)));
    if (node.kind == Expr::Div) {
      if (a % b != 0)
        return Status::error(
            MOLTEN_ERROR_ARGUMENT_MISMATCH,
            format("%lld is not divisible by %lld (the plan divides exactly)",
                   static_cast<long long>(a), static_cast<long long>(b)));
      result = a / b;
    } else {
      result = a / b + (a % b != 0 ? 1 : 0);
    }
    return Status::ok();
  case Expr::Min:
    result = a < b ? a : b;
    return Status::ok();
  case Expr::Max:
    result = a > b ? a : b;
    return Status::ok();
  case Expr::Le:
    result = a <= b ? 1 : 0;
    return Status::ok();
  default:
    return Status::error(MOLTEN_ERROR_BAD_BUNDLE, "bad expression node");
  }
}

Status Expr::evaluate(const std::vector<int64_t> &symbols,
                      int64_t &result) const {
  size_t pos = 0;
  Status s = evalAt(*this, pos, symbols, result);
  if (s.failed())
    s.message = format("'%s': %s", text.c_str(), s.message.c_str());
  return s;
}

//===----------------------------------------------------------------------===//
// Parser
//===----------------------------------------------------------------------===//

// Bounds that keep a hostile bundle from asking for absurd allocations.
constexpr int64_t kMaxCount = 1 << 20;
constexpr int kMaxExprDepth = 128;

namespace {
class Parser {
public:
  Parser(const char *data, size_t size, BundleData &out)
      : data(data), size(size), out(out) {}

  Status run();

private:
  const char *data;
  size_t size;
  size_t pos = 0;
  int lineNo = 0;
  BundleData &out;

  // The tokens of the current line.
  std::vector<std::string> toks;
  size_t tok = 0;

  Status error(const std::string &message) const {
    return errorAt(lineNo, message);
  }
  // Messages quote the bundle's tokens, which may hold any byte but NUL and
  // newline: escape them here, once, so every message is plain ASCII.
  Status errorAt(int line, const std::string &message) const {
    return Status::error(
        MOLTEN_ERROR_BAD_BUNDLE,
        format("line %d: %s", line, printable(message).c_str()));
  }

  bool atEnd() const { return pos >= size; }
  Status nextLine();
  bool more() const { return tok < toks.size(); }
  Status expectWord(const char *word);
  Status expectEnd(const char *what);
  Status number(const char *what, int64_t max, int64_t &value);
  Status name(const char *what, std::string &value);
  Status identifier(const char *noun, std::string &value);
  Status expr(int numSymbols, const char *what, Expr &e);
  Status exprAt(int numSymbols, int depth, Expr &e);

  Status header();
  Status function();
  Status buffer(Function &fn);
  Status kernel(Function &fn);
  Status tensorMaps(const Function &fn, Kernel &k);
  Status finish(Function &fn);
};
} // namespace

// Reads the next line into toks. Tokens are separated by single spaces.
Status Parser::nextLine() {
  ++lineNo;
  size_t end = pos;
  while (end < size && data[end] != '\n')
    ++end;
  const char *line = data + pos;
  size_t len = end - pos;
  pos = end < size ? end + 1 : end;

  toks.clear();
  tok = 0;
  if (len == 0)
    return error("empty line (one directive per line)");
  if (memchr(line, '\r', len))
    return error("carriage return in line (lines end with \\n only)");
  if (memchr(line, '\0', len))
    return error("NUL byte in line");
  size_t start = 0;
  for (size_t i = 0; i <= len; ++i) {
    if (i == len || line[i] == ' ') {
      if (i == start)
        return error("empty token (tokens are separated by single spaces)");
      toks.emplace_back(line + start, i - start);
      start = i + 1;
    }
  }
  return Status::ok();
}

Status Parser::expectWord(const char *word) {
  if (!more())
    return error(format("expected '%s' at the end of the line", word));
  if (toks[tok] != word)
    return error(format("expected '%s', got '%s'", word, toks[tok].c_str()));
  ++tok;
  return Status::ok();
}

Status Parser::expectEnd(const char *what) {
  if (more())
    return error(format("unexpected '%s' after %s", toks[tok].c_str(), what));
  return Status::ok();
}

// A run of decimal digits that fits in int64. On overflow `value` is -1.
static bool parseDecimal(const std::string &s, int64_t &value) {
  value = 0;
  if (s.empty() || s.find_first_not_of("0123456789") != std::string::npos)
    return false;
  int64_t v = 0;
  for (char c : s) {
    if (__builtin_mul_overflow(v, 10, &v) ||
        __builtin_add_overflow(v, c - '0', &v)) {
      value = -1;
      return false;
    }
  }
  value = v;
  return true;
}

Status Parser::number(const char *what, int64_t max, int64_t &value) {
  if (!more())
    return error(format("expected %s at the end of the line", what));
  const std::string &t = toks[tok];
  value = 0;
  if (!parseDecimal(t, value)) {
    if (value == -1)
      return error(format("%s '%s' is too large", what, t.c_str()));
    return error(format("expected %s (a non-negative integer), got '%s'", what,
                        t.c_str()));
  }
  if (value > max) {
    // "a rank" -> "rank 65 is too large".
    const char *noun = strncmp(what, "a ", 2) == 0    ? what + 2
                       : strncmp(what, "an ", 3) == 0 ? what + 3
                                                      : what;
    return error(format("%s %s is too large (at most %lld)", noun, t.c_str(),
                        static_cast<long long>(max)));
  }
  ++tok;
  return Status::ok();
}

Status Parser::name(const char *what, std::string &value) {
  if (!more())
    return error(format("expected %s at the end of the line", what));
  value = toks[tok++];
  return Status::ok();
}

// A name the PTX and the caller refer to (a function or kernel entry name):
// a C identifier, also allowing '$' as PTX does. The compiler writes nothing
// else, and refusing other bytes here keeps every name printable ASCII for
// the API's users (Python decodes names as text).
Status Parser::identifier(const char *noun, std::string &value) {
  Status s = name(format("a %s", noun).c_str(), value);
  if (s.failed())
    return s;
  if (!isIdentifier(value))
    return error(format("%s '%s' is not an identifier (expected "
                        "[A-Za-z_$][A-Za-z0-9_$]*)",
                        noun, value.c_str()));
  return Status::ok();
}

Status Parser::expr(int numSymbols, const char *what, Expr &e) {
  e = Expr();
  size_t first = tok;
  if (!more())
    return error(
        format("expected an expression for %s at the end of the line", what));
  Status s = exprAt(numSymbols, 0, e);
  if (s.failed())
    return error(format("bad expression for %s: %s", what, s.message.c_str()));
  for (size_t i = first; i < tok; ++i) {
    if (i != first)
      e.text += ' ';
    e.text += toks[i];
  }
  return Status::ok();
}

// The message of a failed exprAt has no "line N:" prefix; expr adds it.
Status Parser::exprAt(int numSymbols, int depth, Expr &e) {
  if (depth > kMaxExprDepth)
    return Status::error(MOLTEN_ERROR_BAD_BUNDLE, "nested too deeply");
  if (!more())
    return Status::error(MOLTEN_ERROR_BAD_BUNDLE,
                         "the line ends before the expression does");
  const std::string &t = toks[tok];
  Expr::Kind kind;
  if (t == "*")
    kind = Expr::Mul;
  else if (t == "/")
    kind = Expr::Div;
  else if (t == "cdiv")
    kind = Expr::CDiv;
  else if (t == "min")
    kind = Expr::Min;
  else if (t == "max")
    kind = Expr::Max;
  else if (t == "le")
    kind = Expr::Le;
  else {
    int64_t v = 0;
    if (t.size() > 1 && t[0] == 's') {
      std::string digits = t.substr(1);
      if (!parseDecimal(digits, v))
        return Status::error(MOLTEN_ERROR_BAD_BUNDLE,
                             format("bad symbol '%s'", t.c_str()));
      if (v >= numSymbols)
        return Status::error(
            MOLTEN_ERROR_BAD_BUNDLE,
            format("unknown symbol '%s' (the function has %d symbol%s)",
                   t.c_str(), numSymbols, numSymbols == 1 ? "" : "s"));
      e.nodes.push_back({Expr::Sym, v});
      ++tok;
      return Status::ok();
    }
    if (!parseDecimal(t, v)) {
      if (v == -1)
        return Status::error(MOLTEN_ERROR_BAD_BUNDLE,
                             format("integer '%s' is too large", t.c_str()));
      return Status::error(MOLTEN_ERROR_BAD_BUNDLE,
                           format("unknown token '%s'", t.c_str()));
    }
    e.nodes.push_back({Expr::Const, v});
    ++tok;
    return Status::ok();
  }
  e.nodes.push_back({kind, 0});
  ++tok;
  Status s = exprAt(numSymbols, depth + 1, e);
  if (s.failed())
    return s;
  return exprAt(numSymbols, depth + 1, e);
}

Status Parser::header() {
  if (atEnd())
    return Status::error(MOLTEN_ERROR_BAD_BUNDLE,
                         "not a molten bundle: the input is empty");
  // Line 1: the magic and the version.
  Status s = nextLine();
  if (s.failed() || toks.size() != 2 || toks[0] != "molten-bundle")
    return error("not a molten bundle: the first line must be "
                 "'molten-bundle 1'");
  int64_t version = 0;
  tok = 1;
  if (!parseDecimal(toks[1], version) || version != MOLTEN_BUNDLE_VERSION)
    return error(format("bundle version '%s' is not supported (this runtime "
                        "reads version %d)",
                        toks[1].c_str(), MOLTEN_BUNDLE_VERSION));

  // Line 2: the target.
  if (atEnd())
    return error("the bundle ends after its first line (expected 'target')");
  s = nextLine();
  if (s.failed())
    return s;
  s = expectWord("target");
  if (s.failed())
    return s;
  s = name("a target", out.target);
  if (s.failed())
    return s;
  s = expectEnd("the target");
  if (s.failed())
    return s;
  {
    const std::string &t = out.target;
    size_t digitsEnd = 3;
    while (digitsEnd < t.size() && t[digitsEnd] >= '0' && t[digitsEnd] <= '9')
      ++digitsEnd;
    int64_t sm = 0;
    bool ok =
        t.compare(0, 3, "sm_") == 0 && digitsEnd > 3 && digitsEnd - 3 <= 4 &&
        parseDecimal(t.substr(3, digitsEnd - 3), sm) && sm >= 10 &&
        (digitsEnd == t.size() || (digitsEnd + 1 == t.size() &&
                                   t[digitsEnd] >= 'a' && t[digitsEnd] <= 'z'));
    if (!ok)
      return error(format("bad target '%s' (expected sm_<number>, e.g. sm_90)",
                          t.c_str()));
    out.targetMajor = static_cast<int>(sm / 10);
    out.targetMinor = static_cast<int>(sm % 10);
    out.targetSpecific = digitsEnd != t.size();
  }

  // Line 3: the PTX.
  if (atEnd())
    return error("the bundle ends before its 'ptx' line");
  s = nextLine();
  if (s.failed())
    return s;
  s = expectWord("ptx");
  if (s.failed())
    return s;
  int64_t n = 0;
  s = number("a PTX byte count", INT64_MAX, n);
  if (s.failed())
    return s;
  s = expectEnd("the PTX byte count");
  if (s.failed())
    return s;
  size_t left = size - pos;
  if (static_cast<uint64_t>(n) > left)
    return error(format("truncated PTX: the line declares %lld bytes, only "
                        "%zu follow",
                        static_cast<long long>(n), left));
  const char *ptx = data + pos;
  if (memchr(ptx, '\0', static_cast<size_t>(n)))
    return error("the PTX contains a NUL byte");
  out.ptx.assign(ptx, static_cast<size_t>(n));
  pos += static_cast<size_t>(n);
  int ptxLine = lineNo + 1;
  for (char c : out.ptx)
    if (c == '\n')
      ++lineNo;
  ++lineNo; // the line the PTX ends on
  if (pos >= size || data[pos] != '\n')
    return errorAt(ptxLine,
                   format("the %lld bytes of PTX are not followed by a "
                          "newline (is the byte count right?)",
                          static_cast<long long>(n)));
  ++pos;
  return Status::ok();
}

Status Parser::buffer(Function &fn) {
  Buffer b;
  b.line = lineNo;
  int64_t id = 0;
  Status s = number("a buffer id", kMaxCount, id);
  if (s.failed())
    return s;
  if (id != static_cast<int64_t>(fn.buffers.size()))
    return error(format("buffer ids must be 0, 1, ... in order: expected "
                        "buffer %zu, got %lld",
                        fn.buffers.size(), static_cast<long long>(id)));
  b.id = static_cast<int>(id);

  std::string role;
  s = name("a role (input, output or temp)", role);
  if (s.failed())
    return s;
  if (role == "input" || role == "output") {
    bool isInput = role == "input";
    b.role = isInput ? Role::Input : Role::Output;
    int64_t k = 0;
    s = number(isInput ? "an input number" : "an output number", kMaxCount, k);
    if (s.failed())
      return s;
    int count = isInput ? fn.numInputs : fn.numOutputs;
    std::vector<int> &slots = isInput ? fn.inputBuffers : fn.outputBuffers;
    if (k >= count)
      return error(format("buffer %d is %s %lld, but function '%s' has %d "
                          "%s%s",
                          b.id, role.c_str(), static_cast<long long>(k),
                          fn.name.c_str(), count, role.c_str(),
                          count == 1 ? "" : "s"));
    if (slots[static_cast<size_t>(k)] >= 0)
      return error(format("%s %lld is declared twice (buffers %d and %d)",
                          role.c_str(), static_cast<long long>(k),
                          slots[static_cast<size_t>(k)], b.id));
    slots[static_cast<size_t>(k)] = b.id;
    b.index = static_cast<int>(k);
  } else if (role == "temp") {
    b.role = Role::Temp;
  } else {
    return error(format("unknown buffer role '%s' (expected input, output or "
                        "temp)",
                        role.c_str()));
  }

  std::string dtype;
  s = name("a dtype", dtype);
  if (s.failed())
    return s;
  if (dtype == "f32")
    b.dtype = MOLTEN_F32;
  else if (dtype == "f16")
    b.dtype = MOLTEN_F16;
  else if (dtype == "bf16")
    b.dtype = MOLTEN_BF16;
  else if (dtype == "i1")
    b.dtype = MOLTEN_I1;
  else
    return error(format("unknown dtype '%s' (expected f32, f16, bf16 or i1)",
                        dtype.c_str()));

  int64_t rank = 0;
  s = number("a rank", 64, rank);
  if (s.failed())
    return s;
  b.dims.resize(static_cast<size_t>(rank));
  for (int64_t d = 0; d < rank; ++d) {
    std::string what =
        format("dimension %lld of buffer %d", static_cast<long long>(d), b.id);
    s = expr(fn.numSymbols, what.c_str(), b.dims[static_cast<size_t>(d)]);
    if (s.failed())
      return s;
  }
  s = expectEnd(format("the %lld dimensions of buffer %d",
                       static_cast<long long>(rank), b.id)
                    .c_str());
  if (s.failed())
    return s;
  fn.buffers.push_back(std::move(b));
  return Status::ok();
}

Status Parser::kernel(Function &fn) {
  Kernel k;
  k.line = lineNo;
  Status s = identifier("kernel entry name", k.entry);
  if (s.failed())
    return s;
  static const char *const axes[3] = {"x", "y", "z"};
  s = expectWord("grid");
  if (s.failed())
    return s;
  for (int i = 0; i < 3; ++i) {
    s = expr(fn.numSymbols, format("grid %s", axes[i]).c_str(), k.grid[i]);
    if (s.failed())
      return s;
  }
  s = expectWord("block");
  if (s.failed())
    return s;
  for (int i = 0; i < 3; ++i) {
    s = expr(fn.numSymbols, format("block %s", axes[i]).c_str(), k.block[i]);
    if (s.failed())
      return s;
  }
  s = expectWord("smem");
  if (s.failed())
    return s;
  s = expr(fn.numSymbols, "smem", k.smem);
  if (s.failed())
    return s;

  s = expectWord("buffers");
  if (s.failed())
    return s;
  int64_t n = 0;
  s = number("a buffer count", kMaxCount, n);
  if (s.failed())
    return s;
  for (int64_t i = 0; i < n; ++i) {
    int64_t id = 0;
    s = number("a buffer id", kMaxCount, id);
    if (s.failed())
      return s;
    // Buffers may be declared after the kernel line; finish() checks ids.
    k.buffers.push_back(static_cast<int>(id));
  }

  s = expectWord("symbols");
  if (s.failed())
    return s;
  s = number("a symbol count", kMaxCount, n);
  if (s.failed())
    return s;
  for (int64_t i = 0; i < n; ++i) {
    int64_t sym = 0;
    s = number("a symbol number", kMaxCount, sym);
    if (s.failed())
      return s;
    if (sym >= fn.numSymbols)
      return error(format("kernel '%s' passes symbol %lld, but function '%s' "
                          "has %d symbol%s",
                          k.entry.c_str(), static_cast<long long>(sym),
                          fn.name.c_str(), fn.numSymbols,
                          fn.numSymbols == 1 ? "" : "s"));
    k.symbols.push_back(static_cast<int>(sym));
  }
  if (more() && toks[tok] == "tensormaps") {
    ++tok;
    s = tensorMaps(fn, k);
    if (s.failed())
      return s;
  }
  if (more() && toks[tok] == "dependent") {
    k.dependent = true;
    ++tok;
  }
  s = expectEnd(k.tensorMaps.empty() ? "the kernel's symbols"
                                     : "the kernel's tensor maps");
  if (s.failed())
    return s;
  fn.kernels.push_back(std::move(k));
  return Status::ok();
}

// `tensormaps <t> <map>...`, each map `<buffer> <rank> <dim>... <box>...
// <swizzle>` (docs/bundle.md). What depends on the buffer's dtype is checked
// in finish(): the buffer may be declared after the kernel line.
Status Parser::tensorMaps(const Function &fn, Kernel &k) {
  int64_t n = 0;
  Status s = number("a tensor map count", kMaxCount, n);
  if (s.failed())
    return s;
  for (int64_t i = 0; i < n; ++i) {
    TensorMap m;
    int64_t id = 0, rank = 0;
    s = number("a buffer id", kMaxCount, id);
    if (!s.failed())
      s = number("a tensor map rank", kMaxTensorMapRank, rank);
    if (s.failed())
      return s;
    if (rank == 0)
      return error(format("tensor map %lld of kernel '%s' has rank 0 "
                          "(expected 1 to %d)",
                          static_cast<long long>(i), k.entry.c_str(),
                          kMaxTensorMapRank));
    m.buffer = static_cast<int>(id);
    m.dims.resize(static_cast<size_t>(rank));
    for (int64_t d = 0; d < rank; ++d) {
      s = expr(fn.numSymbols,
               format("dimension %lld of tensor map %lld",
                      static_cast<long long>(d), static_cast<long long>(i))
                   .c_str(),
               m.dims[static_cast<size_t>(d)]);
      if (s.failed())
        return s;
    }
    for (int64_t d = 0; d < rank; ++d) {
      int64_t box = 0;
      s = number("a box size", 256, box);
      if (s.failed())
        return s;
      if (box == 0)
        return error(format("box dimension %lld of tensor map %lld is 0 "
                            "(expected 1 to 256)",
                            static_cast<long long>(d),
                            static_cast<long long>(i)));
      m.box.push_back(static_cast<uint32_t>(box));
    }
    std::string swizzle;
    s = name("a swizzle (none, 32, 64 or 128)", swizzle);
    if (s.failed())
      return s;
    m.swizzle = -1;
    for (int bytes : {0, 32, 64, 128})
      if (swizzle == (bytes ? std::to_string(bytes) : "none"))
        m.swizzle = bytes;
    if (m.swizzle < 0)
      return error(format("unknown swizzle '%s' of tensor map %lld (expected "
                          "none, 32, 64 or 128)",
                          swizzle.c_str(), static_cast<long long>(i)));
    k.tensorMaps.push_back(std::move(m));
  }
  return Status::ok();
}

// Checks done when the function's `end` is read.
Status Parser::finish(Function &fn) {
  for (int i = 0; i < fn.numInputs; ++i)
    if (fn.inputBuffers[static_cast<size_t>(i)] < 0)
      return error(format("function '%s' ends without a buffer for input %d",
                          fn.name.c_str(), i));
  for (int i = 0; i < fn.numOutputs; ++i)
    if (fn.outputBuffers[static_cast<size_t>(i)] < 0)
      return error(format("function '%s' ends without a buffer for output %d",
                          fn.name.c_str(), i));
  for (const Kernel &k : fn.kernels)
    for (int id : k.buffers)
      if (id >= static_cast<int>(fn.buffers.size()))
        return errorAt(k.line,
                       format("kernel '%s' names buffer %d, but function '%s' "
                              "has %zu buffer%s",
                              k.entry.c_str(), id, fn.name.c_str(),
                              fn.buffers.size(),
                              fn.buffers.size() == 1 ? "" : "s"));
  for (const Kernel &k : fn.kernels) {
    for (size_t i = 0; i < k.tensorMaps.size(); ++i) {
      const TensorMap &m = k.tensorMaps[i];
      if (m.buffer >= static_cast<int>(fn.buffers.size()))
        return errorAt(k.line,
                       format("tensor map %zu of kernel '%s' is of buffer %d, "
                              "but function '%s' has %zu buffer%s",
                              i, k.entry.c_str(), m.buffer, fn.name.c_str(),
                              fn.buffers.size(),
                              fn.buffers.size() == 1 ? "" : "s"));
      int dtype = fn.buffers[static_cast<size_t>(m.buffer)].dtype;
      if (dtype == MOLTEN_I1)
        return errorAt(k.line,
                       format("tensor map %zu of kernel '%s' is of buffer %d, "
                              "an i1 buffer (tensor maps take f32, f16 or "
                              "bf16)",
                              i, k.entry.c_str(), m.buffer));
      // cuTensorMapEncodeTiled's rules for the innermost box dimension.
      int64_t bytes = m.box.back() * dtypeSize(dtype);
      if (bytes % 16 != 0)
        return errorAt(k.line,
                       format("tensor map %zu of kernel '%s': its innermost "
                              "box dimension (%u %s) is %lld bytes, not a "
                              "multiple of 16",
                              i, k.entry.c_str(), m.box.back(),
                              dtypeName(dtype), static_cast<long long>(bytes)));
      if (m.swizzle && bytes > m.swizzle)
        return errorAt(
            k.line, format("tensor map %zu of kernel '%s': its innermost "
                           "box dimension (%u %s) is %lld bytes, wider "
                           "than its %d-byte swizzle span",
                           i, k.entry.c_str(), m.box.back(), dtypeName(dtype),
                           static_cast<long long>(bytes), m.swizzle));
    }
  }
  // Every symbol must be bound by a bare dimension of some input.
  std::vector<bool> bound(static_cast<size_t>(fn.numSymbols), false);
  for (int b : fn.inputBuffers)
    for (const Expr &d : fn.buffers[static_cast<size_t>(b)].dims)
      if (d.isBareSymbol())
        bound[static_cast<size_t>(d.nodes[0].value)] = true;
  for (int i = 0; i < fn.numSymbols; ++i)
    if (!bound[static_cast<size_t>(i)])
      return errorAt(fn.line,
                     format("symbol s%d of function '%s' is not a dimension "
                            "of any input, so no call can bind it",
                            i, fn.name.c_str()));
  return Status::ok();
}

Status Parser::function() {
  Function fn;
  fn.line = lineNo;
  Status s = identifier("function name", fn.name);
  if (s.failed())
    return s;
  if (out.find(fn.name))
    return error(format("function '%s' is defined twice", fn.name.c_str()));
  int64_t n = 0;
  s = expectWord("inputs");
  if (!s.failed())
    s = number("an input count", kMaxCount, n);
  if (s.failed())
    return s;
  fn.numInputs = static_cast<int>(n);
  s = expectWord("outputs");
  if (!s.failed())
    s = number("an output count", kMaxCount, n);
  if (s.failed())
    return s;
  fn.numOutputs = static_cast<int>(n);
  s = expectWord("symbols");
  if (!s.failed())
    s = number("a symbol count", kMaxCount, n);
  if (s.failed())
    return s;
  fn.numSymbols = static_cast<int>(n);
  s = expectEnd("the symbol count");
  if (s.failed())
    return s;
  fn.inputBuffers.assign(static_cast<size_t>(fn.numInputs), -1);
  fn.outputBuffers.assign(static_cast<size_t>(fn.numOutputs), -1);

  while (true) {
    if (atEnd())
      return errorAt(
          fn.line, format("function '%s' has no 'end' line", fn.name.c_str()));
    s = nextLine();
    if (s.failed())
      return s;
    const std::string &directive = toks[tok++];
    if (directive == "buffer")
      s = buffer(fn);
    else if (directive == "kernel")
      s = kernel(fn);
    else if (directive == "end") {
      s = expectEnd("'end'");
      if (s.failed())
        return s;
      s = finish(fn);
      if (s.failed())
        return s;
      out.functionIndex.emplace(fn.name, out.functions.size());
      out.functions.push_back(std::move(fn));
      return Status::ok();
    } else if (directive == "function")
      return error(format("function '%s' starts before function '%s' (line "
                          "%d) has its 'end' line",
                          more() ? toks[tok].c_str() : "", fn.name.c_str(),
                          fn.line));
    else
      return error(format("unknown directive '%s' in function '%s' (expected "
                          "buffer, kernel or end)",
                          directive.c_str(), fn.name.c_str()));
    if (s.failed())
      return s;
  }
}

Status Parser::run() {
  Status s = header();
  if (s.failed())
    return s;
  while (!atEnd()) {
    s = nextLine();
    if (s.failed())
      return s;
    const std::string &directive = toks[tok++];
    if (directive == "function")
      s = function();
    else if (directive == "end")
      return error("'end' outside a function");
    else
      return error(format("unknown directive '%s' (expected 'function')",
                          directive.c_str()));
    if (s.failed())
      return s;
  }
  return Status::ok();
}

Status parseBundle(const char *data, size_t size, BundleData &bundle) {
  bundle = BundleData();
  Parser parser(data, size, bundle);
  return parser.run();
}

const Function *BundleData::find(const std::string &name) const {
  auto it = functionIndex.find(name);
  return it == functionIndex.end() ? nullptr : &functions[it->second];
}

//===----------------------------------------------------------------------===//
// Argument checks
//===----------------------------------------------------------------------===//

static std::string shapeString(const int64_t *shape, int rank) {
  std::string s = "[";
  for (int i = 0; i < rank; ++i) {
    if (i)
      s += ", ";
    s += format("%lld", static_cast<long long>(shape[i]));
  }
  return s + "]";
}

static std::string planShape(const std::vector<Expr> &dims) {
  std::string s = "[";
  for (size_t i = 0; i < dims.size(); ++i) {
    if (i)
      s += ", ";
    s += dims[i].text;
  }
  return s + "]";
}

static std::string planShape(const Buffer &b) { return planShape(b.dims); }

namespace {
struct Checker {
  const Function &fn;
  std::vector<int64_t> &symbols;
  // Where each symbol was bound, for messages.
  std::vector<int> boundArg, boundDim;

  Status fail(const std::string &message) const {
    return Status::error(
        MOLTEN_ERROR_ARGUMENT_MISMATCH,
        format("function '%s': %s", fn.name.c_str(), message.c_str()));
  }

  // dtype, rank and each dimension being a non-negative size.
  Status checkHeader(const char *kind, int k, const molten_tensor &t,
                     const Buffer &b) const {
    if (dtypeSize(t.dtype) == 0)
      return fail(format("%s %d: unknown dtype code %d", kind, k, t.dtype));
    if (t.dtype != b.dtype)
      return fail(format("%s %d: dtype is %s, expected %s", kind, k,
                         dtypeName(t.dtype), dtypeName(b.dtype)));
    if (t.rank != static_cast<int>(b.dims.size()))
      return fail(format("%s %d: rank is %d, expected %zu (shape %s)", kind, k,
                         t.rank, b.dims.size(), planShape(b).c_str()));
    if (t.rank > 0 && !t.shape)
      return fail(format("%s %d: shape is NULL", kind, k));
    for (int d = 0; d < t.rank; ++d)
      if (t.shape[d] < 0)
        return fail(format("%s %d: dimension %d is %lld (negative)", kind, k, d,
                           static_cast<long long>(t.shape[d])));
    return Status::ok();
  }

  // Binds the bare symbols of an input.
  Status bindSymbols(int k, const molten_tensor &t, const Buffer &b) {
    for (int d = 0; d < t.rank; ++d) {
      const Expr &e = b.dims[static_cast<size_t>(d)];
      if (!e.isBareSymbol())
        continue;
      size_t sym = static_cast<size_t>(e.nodes[0].value);
      if (symbols[sym] < 0) {
        symbols[sym] = t.shape[d];
        boundArg[sym] = k;
        boundDim[sym] = d;
      } else if (symbols[sym] != t.shape[d]) {
        return fail(format(
            "input %d: dimension %d is %lld, but s%zu = %lld from input %d "
            "dimension %d (shape %s, expected %s)",
            k, d, static_cast<long long>(t.shape[d]), sym,
            static_cast<long long>(symbols[sym]), boundArg[sym], boundDim[sym],
            shapeString(t.shape, t.rank).c_str(), planShape(b).c_str()));
      }
    }
    return Status::ok();
  }

  // Every dimension against the plan, with all symbols bound.
  Status checkDims(const char *kind, int k, const molten_tensor &t,
                   const Buffer &b) const {
    for (int d = 0; d < t.rank; ++d) {
      const Expr &e = b.dims[static_cast<size_t>(d)];
      int64_t want = 0;
      Status s = e.evaluate(symbols, want);
      if (s.failed())
        return fail(
            format("%s %d: dimension %d: %s", kind, k, d, s.message.c_str()));
      if (want != t.shape[d]) {
        std::string how =
            e.isConstant() ? std::string() : format(" (%s)", e.text.c_str());
        return fail(format("%s %d: dimension %d is %lld, expected %lld%s "
                           "(shape %s, expected %s)",
                           kind, k, d, static_cast<long long>(t.shape[d]),
                           static_cast<long long>(want), how.c_str(),
                           shapeString(t.shape, t.rank).c_str(),
                           planShape(b).c_str()));
      }
    }
    // The size in bytes must fit.
    int64_t bytes = dtypeSize(t.dtype);
    for (int d = 0; d < t.rank; ++d)
      if (__builtin_mul_overflow(bytes, t.shape[d], &bytes))
        return fail(format("%s %d: the size of shape %s overflows", kind, k,
                           shapeString(t.shape, t.rank).c_str()));
    return Status::ok();
  }

  Status checkPointer(const char *kind, int k, const molten_tensor &t) const {
    bool empty = false;
    for (int d = 0; d < t.rank; ++d)
      empty = empty || t.shape[d] == 0;
    uintptr_t p = reinterpret_cast<uintptr_t>(t.data);
    if (!p && !empty)
      return fail(format("%s %d: data is NULL", kind, k));
    if (p % 16 != 0)
      return fail(format("%s %d: data pointer %p is not 16-byte aligned", kind,
                         k, t.data));
    return Status::ok();
  }
};
} // namespace

Status Function::bind(const molten_tensor *inputs, int numInputsGiven,
                      const molten_tensor *outputs, int numOutputsGiven,
                      bool checkPointers, std::vector<int64_t> &symbols) const {
  symbols.assign(static_cast<size_t>(numSymbols), -1);
  Checker c{*this, symbols,
            std::vector<int>(static_cast<size_t>(numSymbols), -1),
            std::vector<int>(static_cast<size_t>(numSymbols), -1)};
  if (numInputsGiven != numInputs)
    return c.fail(format("expected %d input%s, got %d", numInputs,
                         numInputs == 1 ? "" : "s", numInputsGiven));
  if (numInputs > 0 && !inputs)
    return Status::error(MOLTEN_ERROR_INVALID_ARGUMENT,
                         format("function '%s': inputs is NULL", name.c_str()));
  for (int k = 0; k < numInputs; ++k) {
    const Buffer &b =
        buffers[static_cast<size_t>(inputBuffers[static_cast<size_t>(k)])];
    Status s = c.checkHeader("input", k, inputs[k], b);
    if (s.failed())
      return s;
  }
  // Bind first, in input order, then evaluate every other dimension, so a
  // dimension may use a symbol that a later input binds.
  for (int k = 0; k < numInputs; ++k) {
    const Buffer &b =
        buffers[static_cast<size_t>(inputBuffers[static_cast<size_t>(k)])];
    Status s = c.bindSymbols(k, inputs[k], b);
    if (s.failed())
      return s;
  }
  for (int k = 0; k < numInputs; ++k) {
    const Buffer &b =
        buffers[static_cast<size_t>(inputBuffers[static_cast<size_t>(k)])];
    Status s = c.checkDims("input", k, inputs[k], b);
    if (s.failed())
      return s;
    if (checkPointers) {
      s = c.checkPointer("input", k, inputs[k]);
      if (s.failed())
        return s;
    }
  }
  if (numOutputsGiven < 0)
    return Status::ok();
  if (numOutputsGiven != numOutputs)
    return c.fail(format("expected %d output%s, got %d", numOutputs,
                         numOutputs == 1 ? "" : "s", numOutputsGiven));
  if (numOutputs > 0 && !outputs)
    return Status::error(
        MOLTEN_ERROR_INVALID_ARGUMENT,
        format("function '%s': outputs is NULL", name.c_str()));
  for (int k = 0; k < numOutputs; ++k) {
    const Buffer &b =
        buffers[static_cast<size_t>(outputBuffers[static_cast<size_t>(k)])];
    Status s = c.checkHeader("output", k, outputs[k], b);
    if (s.failed())
      return s;
    s = c.checkDims("output", k, outputs[k], b);
    if (s.failed())
      return s;
    if (checkPointers) {
      s = c.checkPointer("output", k, outputs[k]);
      if (s.failed())
        return s;
    }
  }
  return Status::ok();
}

Status Function::elementCount(const Buffer &buffer,
                              const std::vector<int64_t> &symbols,
                              int64_t &count) const {
  count = 1;
  for (size_t d = 0; d < buffer.dims.size(); ++d) {
    int64_t size = 0;
    Status s = buffer.dims[d].evaluate(symbols, size);
    if (s.failed())
      return Status::error(
          s.code, format("function '%s': buffer %d dimension %zu: %s",
                         name.c_str(), buffer.id, d, s.message.c_str()));
    if (__builtin_mul_overflow(count, size, &count))
      return Status::error(MOLTEN_ERROR_ARGUMENT_MISMATCH,
                           format("function '%s': the size of buffer %d "
                                  "overflows",
                                  name.c_str(), buffer.id));
  }
  int64_t bytes = 0;
  if (__builtin_mul_overflow(count, dtypeSize(buffer.dtype), &bytes))
    return Status::error(MOLTEN_ERROR_ARGUMENT_MISMATCH,
                         format("function '%s': the size of buffer %d "
                                "overflows",
                                name.c_str(), buffer.id));
  return Status::ok();
}

Status Function::tensorMapShape(const Kernel &kernel, size_t index,
                                const std::vector<int64_t> &symbols,
                                int64_t elements, TensorMapShape &shape) const {
  const TensorMap &m = kernel.tensorMaps[index];
  int dtype = buffers[static_cast<size_t>(m.buffer)].dtype;
  int rank = static_cast<int>(m.dims.size());
  int64_t dims[kMaxTensorMapRank]; // outermost first, as in the bundle
  for (int d = 0; d < rank; ++d) {
    Status s = m.dims[static_cast<size_t>(d)].evaluate(symbols, dims[d]);
    if (s.failed())
      return Status::error(s.code,
                           format("function '%s' kernel '%s': tensor map %zu: "
                                  "dimension %d: %s",
                                  name.c_str(), kernel.entry.c_str(), index, d,
                                  s.message.c_str()));
  }
  // "... tensor map of buffer 1 <what> (dims [s0, 3] = [5, 3], bf16)".
  auto fail = [&](const std::string &what) {
    return Status::error(
        MOLTEN_ERROR_ARGUMENT_MISMATCH,
        format("function '%s' kernel '%s': tensor map of buffer %d %s (dims "
               "%s = %s, %s)",
               name.c_str(), kernel.entry.c_str(), m.buffer, what.c_str(),
               planShape(m.dims).c_str(), shapeString(dims, rank).c_str(),
               dtypeName(dtype)));
  };
  int64_t product = 1;
  bool overflow = false;
  // The driver takes dims up to 2^32, but kernels address boxes with
  // signed 32-bit coordinates (PTX's TMA operands): larger dims would wrap.
  for (int d = 0; d < rank; ++d) {
    if (dims[d] < 1 || dims[d] > INT32_MAX)
      return fail(format("needs every dimension in [1, 2^31 - 1], got %lld for "
                         "dimension %d",
                         static_cast<long long>(dims[d]), d));
    overflow = overflow || __builtin_mul_overflow(product, dims[d], &product);
  }
  if (overflow || product != elements)
    return fail(format(
        "does not cover the buffer: it has %s elements, the "
        "buffer %lld",
        overflow ? "too many"
                 : format("%lld", static_cast<long long>(product)).c_str(),
        static_cast<long long>(elements)));
  // Innermost first; the byte stride of reversed dimension i is the size of
  // the i dimensions inside it. No overflow: the product fits the buffer.
  // Each stride is a multiple of the first (the row pitch), so checking that
  // one for a multiple of 16 checks them all.
  shape.rank = rank;
  uint64_t stride = static_cast<uint64_t>(dtypeSize(dtype));
  for (int i = 0; i < rank; ++i) {
    shape.dims[i] = static_cast<uint64_t>(dims[rank - 1 - i]);
    if (i > 0) {
      if (stride % 16 != 0)
        return fail(format("needs a row pitch that is a multiple of 16 "
                           "bytes, got %llu",
                           static_cast<unsigned long long>(stride)));
      if (stride >= (uint64_t(1) << 40))
        return fail(format("needs strides below 2^40 bytes, got %llu for "
                           "dimension %d",
                           static_cast<unsigned long long>(stride),
                           rank - 1 - i));
      shape.strides[i - 1] = stride;
    }
    stride *= shape.dims[i];
  }
  return Status::ok();
}

} // namespace runtime
} // namespace molten
