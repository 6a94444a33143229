//===- Bundle.h - Bundle parsing, launch plans, argument checks -*- C++ -*-===//
//
// The in-memory form of a bundle (docs/bundle.md), its parser, and the checks
// of a call's tensors against a function's plan. Nothing here needs the CUDA
// driver. Plain error returns, no exceptions.
//
//===----------------------------------------------------------------------===//

#ifndef MOLTEN_LIB_RUNTIME_BUNDLE_H
#define MOLTEN_LIB_RUNTIME_BUNDLE_H

#include "Molten/Runtime/molten_runtime.h"

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace molten {
namespace runtime {

/// The outcome of an operation: MOLTEN_OK, or a status and a message.
struct Status {
  molten_status code = MOLTEN_OK;
  std::string message;

  static Status ok() { return Status(); }
  static Status error(molten_status code, std::string message) {
    Status s;
    s.code = code;
    s.message = std::move(message);
    return s;
  }
  bool failed() const { return code != MOLTEN_OK; }
};

/// printf into a std::string.
std::string format(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/// `s` with every byte outside printable ASCII written as \xHH, for messages
/// that quote bundle text or a caller's string: messages stay plain ASCII.
std::string printable(const std::string &s);

/// [A-Za-z_$][A-Za-z0-9_$]*: what function and kernel entry names must be.
bool isIdentifier(const std::string &s);

/// Bytes per element of a dtype (0 for an unknown code), and its name.
int64_t dtypeSize(int dtype);
const char *dtypeName(int dtype);

/// A size expression in prefix notation (docs/bundle.md, "Expressions").
struct Expr {
  enum Kind : uint8_t { Const, Sym, Mul, Div, CDiv, Min, Max, Le };
  struct Node {
    Kind kind;
    int64_t value; // the constant, or the symbol number
  };
  std::vector<Node> nodes; // prefix order
  std::string text;        // the tokens, for messages

  /// A bare `s<k>`: binds symbol k (docs/bundle.md, "Binding symbols").
  bool isBareSymbol() const {
    return nodes.size() == 1 && nodes[0].kind == Sym;
  }
  bool isConstant() const {
    return nodes.size() == 1 && nodes[0].kind == Const;
  }

  /// Evaluates with the given symbol values. Fails on overflow, division by
  /// zero, an inexact `/`, or an unbound symbol (value < 0).
  Status evaluate(const std::vector<int64_t> &symbols, int64_t &result) const;
};

enum class Role { Input, Output, Temp };

struct Buffer {
  int id = 0;
  Role role = Role::Temp;
  int index = 0; // input or output number
  int dtype = 0;
  std::vector<Expr> dims;
  int line = 0;
};

/// The most dimensions of a tensor map (cuTensorMapEncodeTiled's limit).
constexpr int kMaxTensorMapRank = 5;

/// A TMA descriptor a kernel takes (docs/bundle.md, `tensormaps`): the
/// runtime encodes it with cuTensorMapEncodeTiled for each call and passes
/// it by value after the symbols.
struct TensorMap {
  int buffer = 0;
  /// The buffer's contiguous data viewed as an r-D array, outermost first.
  std::vector<Expr> dims;
  std::vector<uint32_t> box; // outermost first, each 1..256
  int swizzle = 0;           // the span in bytes: 0 (none), 32, 64 or 128
};

/// A tensor map under a call's sizes, innermost dimension first, as
/// cuTensorMapEncodeTiled takes it.
struct TensorMapShape {
  int rank = 0;
  uint64_t dims[kMaxTensorMapRank] = {};
  /// Bytes from one index of dims[i + 1] to the next (rank - 1 of them).
  uint64_t strides[kMaxTensorMapRank - 1] = {};
};

struct Kernel {
  std::string entry;
  Expr grid[3];
  Expr block[3];
  Expr smem;
  std::vector<int> buffers;
  std::vector<int> symbols;
  std::vector<TensorMap> tensorMaps;
  /// The kernel waits for the previous grid in the stream itself
  /// (griddepcontrol.wait) and may be launched before that grid ends.
  bool dependent = false;
  int line = 0;
};

struct Function {
  std::string name;
  int numInputs = 0;
  int numOutputs = 0;
  int numSymbols = 0;
  std::vector<Buffer> buffers;
  std::vector<Kernel> kernels;
  std::vector<int> inputBuffers;  // input k -> buffer id
  std::vector<int> outputBuffers; // output k -> buffer id
  int line = 0;

  /// Checks the tensors of a call against the plan and binds the symbols
  /// (docs/bundle.md, "Binding symbols and checking arguments"). `outputs`
  /// may be null (with numOutputs < 0) to check the inputs only; pointers are
  /// checked when `checkPointers`.
  Status bind(const molten_tensor *inputs, int numInputsGiven,
              const molten_tensor *outputs, int numOutputsGiven,
              bool checkPointers, std::vector<int64_t> &symbols) const;

  /// The number of elements of a buffer under bound symbols.
  Status elementCount(const Buffer &buffer, const std::vector<int64_t> &symbols,
                      int64_t &count) const;

  /// Tensor map `index` of `kernel` under bound symbols, checked against
  /// the buffer's element count and cuTensorMapEncodeTiled's limits on
  /// dimensions and strides (docs/bundle.md, "Tensor maps").
  Status tensorMapShape(const Kernel &kernel, size_t index,
                        const std::vector<int64_t> &symbols, int64_t elements,
                        TensorMapShape &shape) const;
};

/// The parsed, validated text of a bundle.
struct BundleData {
  std::string target;          // "sm_90"
  int targetMajor = 0;         // 9
  int targetMinor = 0;         // 0
  bool targetSpecific = false; // sm_90a: only this exact architecture
  std::string ptx;             // NUL-terminated by std::string
  std::vector<Function> functions;
  /// Function name -> index in `functions`: a lookup per function parsed
  /// and per call, so a bundle with many functions must not make it linear.
  std::unordered_map<std::string, size_t> functionIndex;

  const Function *find(const std::string &name) const;
};

/// Parses and validates a bundle. Messages start with "line N: ".
Status parseBundle(const char *data, size_t size, BundleData &bundle);

} // namespace runtime
} // namespace molten

#endif // MOLTEN_LIB_RUNTIME_BUNDLE_H
