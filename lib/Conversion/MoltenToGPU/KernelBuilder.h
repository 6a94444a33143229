//===- KernelBuilder.h - shared machinery of the GPU emitters ---*- C++ -*-===//
//
// Part of the Molten project, under the Apache License v2.0.
//
//===----------------------------------------------------------------------===//
//
// Every emitter computes values of a molten.fused region at given indices:
// `RegionEvaluator::eval(v, idx, width)` produces the value of `v` at `idx`
// (one index per dim of v) and, with width W > 1, at the W consecutive
// elements along the innermost dim as a vector. Broadcasting and data
// movement become index arithmetic; loads of region inputs are 16-byte
// vector loads where the access is provably contiguous and aligned, scalar
// loads (one per lane) otherwise. Values are memoised per (value, indices,
// width), so a row that an emitter keeps in registers is loaded once.
//
//===----------------------------------------------------------------------===//

#ifndef MOLTEN_LIB_CONVERSION_MOLTENTOGPU_KERNELBUILDER_H
#define MOLTEN_LIB_CONVERSION_MOLTENTOGPU_KERNELBUILDER_H

#include "ShapeSymbols.h"

#include "Molten/Dialect/Molten/IR/MoltenOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/Builders.h"

#include <map>
#include <set>

namespace mlir::molten {

/// Builds size expressions (#molten.size) in one context.
class Sizes {
public:
  explicit Sizes(MLIRContext *context) : context(context) {}
  SizeExprAttr operator()(int64_t value) const {
    return SizeExprAttr::constant(context, value);
  }
  SizeExprAttr dim(const DimExpr &d) const;
  /// The product of `dims`: the symbolic ones in order, times the product
  /// of the constant ones unless it is 1.
  SizeExprAttr product(ArrayRef<DimExpr> dims) const;
  static SizeExprAttr mul(SizeExprAttr a, SizeExprAttr b) {
    return SizeExprAttr::get(SizeExprKind::mul, a, b);
  }
  static SizeExprAttr cdiv(SizeExprAttr a, SizeExprAttr b) {
    return SizeExprAttr::get(SizeExprKind::cdiv, a, b);
  }
  static SizeExprAttr min(SizeExprAttr a, SizeExprAttr b) {
    return SizeExprAttr::get(SizeExprKind::min, a, b);
  }
  static SizeExprAttr max(SizeExprAttr a, SizeExprAttr b) {
    return SizeExprAttr::get(SizeExprKind::max, a, b);
  }
  /// 1 if a <= b, else 0.
  static SizeExprAttr le(SizeExprAttr a, SizeExprAttr b) {
    return SizeExprAttr::get(SizeExprKind::le, a, b);
  }

private:
  MLIRContext *context;
};

/// Everything an emitter needs about the kernel it is filling in.
struct KernelContext {
  OpBuilder &b;
  Location loc;
  const ShapeSymbols &shapes;
  /// The kernel's entry block: index constants live at its start, so that
  /// each constant is one Value (memoisation keys compare Values) and
  /// dominates every use.
  Block *entry;
  /// The kernel's symbol arguments (index), by symbol id.
  SmallVector<Value> symbols;
  /// The buffer (memref<?xT>) of each region input, by block argument
  /// number; null for index inputs.
  SmallVector<Value> inputBuffers;
  /// Treat every value as 1-D of its element count (the loop emitter's flat
  /// mode, where all values have one shape and no broadcasting happens).
  bool flat = false;
  llvm::DenseMap<int64_t, Value> constants{};
  /// What delinearize() produced, so that linearize() of the same indices,
  /// or of the same row with another last index, reuses the offset they
  /// came from instead of multiplying it out again (the 64-bit divisions
  /// stay one per chunk). An index computed from an offset exists only
  /// where the offset does; linearize relies on that.
  struct Delinearized {
    SmallVector<Value> idx, sizes;
    Value linear;
  };
  SmallVector<Delinearized> delinearized;

  Value index(int64_t v);
  Value dim(const DimExpr &d);
  /// The run-time sizes of `v` (one element, the count, in flat mode).
  SmallVector<Value> dims(Value v);
  Value numElements(Value v);
  /// Row-major linear offset of `idx` in a tensor of sizes `sizes`.
  Value linearize(ArrayRef<Value> idx, ArrayRef<Value> sizes);
  /// The inverse of linearize.
  SmallVector<Value> delinearize(Value linear, ArrayRef<Value> sizes);
  /// Global thread id and thread count of a 1-D grid.
  std::pair<Value, Value> globalThread();
};

/// The element type a buffer holds for a tensor type (i1 is stored as i8).
Type storageType(Type elementType);

/// Static size of the innermost dim of `v`, if static; 1 for rank 0.
std::optional<int64_t> innerSize(Value v);

class RegionEvaluator {
public:
  RegionEvaluator(KernelContext &ctx) : ctx(ctx) {}

  /// The value of `v` at `idx`; a vector<width x T> when width > 1.
  FailureOr<Value> eval(Value v, ArrayRef<Value> idx, int64_t width);
  /// Supplies the value of an op the evaluator does not compute itself (a
  /// reduction, a matmul) at `idx`.
  void define(Value v, ArrayRef<Value> idx, int64_t width, Value result);
  /// Loads now, at `idx`, every region input that `v` reads through
  /// elementwise ops and `wanted` accepts, so that the loads are in flight
  /// before code that waits (a reduction); eval() then finds them.
  void prefetch(Value v, ArrayRef<Value> idx, int64_t width,
                llvm::function_ref<bool(BlockArgument)> wanted);
  /// Forgets memoised values (their definitions no longer dominate); values
  /// supplied with define() stay.
  void forget() {
    memo.clear();
    prefetched.clear();
    reciprocals.clear();
  }
  void forgetDefined() { defined.clear(); }

  /// Stores `value` (width lanes) for region value `v` at `idx` into
  /// `buffer` (memref<?xT>), which holds a tensor of v's shape.
  void store(Value v, Value buffer, ArrayRef<Value> idx, int64_t width,
             Value value);

  /// Evaluates each of `values` at `idx` and stores it into the buffer of
  /// the same position in `buffers` (a region's yielded values and its
  /// outputs).
  LogicalResult storeAll(ValueRange values, ArrayRef<Value> buffers,
                         ArrayRef<Value> idx, int64_t width);

  /// The index of `operand` where a value it broadcasts to (aligned at the
  /// innermost dim) is at `idx`: dims of static size 1 read index 0.
  SmallVector<Value> broadcastIndex(Value operand, ArrayRef<Value> idx);

  /// Float helpers: to and from the f32 compute type.
  Value toF32(Value v);
  Value fromF32(Value v, Type elementType);
  /// A splat of `value` (f32) of the given width.
  Value splatF32(double value, int64_t width);

private:
  using Key = std::vector<const void *>;
  Key key(Value v, ArrayRef<Value> idx, int64_t width);
  FailureOr<Value> compute(Value v, ArrayRef<Value> idx, int64_t width);
  FailureOr<Value> computeElementwise(Operation *op, ArrayRef<Value> idx,
                                      int64_t width);
  FailureOr<Value> computeDataMovement(Value v, ArrayRef<Value> idx,
                                       int64_t width);
  FailureOr<Value> computeConcat(ConcatOp concat, Value v, ArrayRef<Value> idx,
                                 int64_t width);
  /// 1 / d with the hardware reciprocal (rcp.approx, within 1 ulp): an IEEE
  /// division costs a dozen instructions per element (docs/precision.md).
  Value hardwareReciprocal(Value d, int64_t width);
  FailureOr<Value> load(BlockArgument arg, ArrayRef<Value> idx, int64_t width);
  /// Walks the inputs `v` reads at `idx` through elementwise ops, calling
  /// `visit(arg, idx, width)` once for each (input, index, width).
  void forEachInput(
      Value v, ArrayRef<Value> idx, int64_t width,
      llvm::function_ref<void(BlockArgument, ArrayRef<Value>, int64_t)> visit,
      std::set<Key> &seen);
  FailureOr<Value> perLane(Value v, ArrayRef<Value> idx, int64_t width);
  FailureOr<Value> evalBroadcast(Value operand, ArrayRef<Value> idx,
                                 int64_t width);
  /// Whether every lane of a vector reads the same element of `operand`
  /// (its innermost dim is broadcast).
  bool innerBroadcast(Value operand);
  /// x / s (f32, `width` lanes) for a scalar s that all lanes share, as a
  /// multiplication by a reciprocal computed once per s.
  Value divideByShared(Value x, Value s, int64_t width);

  KernelContext &ctx;
  std::map<Key, Value> memo, defined;
  std::set<Key> prefetched;
  /// Per shared divisor: its scale and the reciprocal (divideByShared).
  llvm::DenseMap<Value, std::pair<Value, Value>> reciprocals;
};

/// Reduction of one f32 per thread over each group of `threads` threads (a
/// power of two): within a warp by shuffles when `threads` <= 32, else over
/// the whole block through `scratch` (memref<32xf32, workgroup>); every
/// thread gets its group's result.
Value blockReduce(KernelContext &ctx, Value value, vector::CombiningKind kind,
                  int64_t threads, Value scratch);
/// The combining kind of a molten reduction: ADD (sum and mean), MAXIMUMF
/// or MINIMUMF (NaN-propagating, as molten's max and min).
vector::CombiningKind combiningKindOf(Operation *reduction);
/// Combines two f32 values (scalars or vectors) by `kind` (one of the three
/// above).
Value combine(OpBuilder &b, Location loc, vector::CombiningKind kind, Value a,
              Value c);
/// The neutral element of `kind`.
double neutral(vector::CombiningKind kind);

} // namespace mlir::molten

#endif // MOLTEN_LIB_CONVERSION_MOLTENTOGPU_KERNELBUILDER_H
