//===- MoltenFolds.cpp - molten folders ----------------------------------===//
//
// Part of the Molten project, under the Apache License v2.0.
//
//===----------------------------------------------------------------------===//
//
// Constant folding and identity elimination (folders, and canonicalization
// patterns where the result is another op). Constants are folded in double
// precision and rounded once to the result's element type, which is what the
// f16/bf16 "compute in f32, round once" rule asks for (double is at least as
// accurate).
//
// Rules that keep IEEE semantics: x*0, x-x, x/x are never folded (NaN, inf).
// x+0 -> x is folded for either zero; the one value it changes is the sign
// of a zero result (-0 + +0 is +0), as in XLA's simplifier (docs/dialect.md).
//
//===----------------------------------------------------------------------===//

#include "Molten/Dialect/Molten/IR/MoltenOps.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "llvm/ADT/APFloat.h"
#include "llvm/Support/MathExtras.h"

#include <cmath>

using namespace mlir;
using namespace mlir::molten;

/// Larger non-splat constants are left alone: folding them would bloat the
/// IR and the compile time for no run-time gain.
static constexpr int64_t kMaxFoldElements = 1 << 16;

namespace {
/// A constant operand as doubles (i1 as 0 or 1). A splat is kept as a single
/// value of rank 0, which broadcasts against any shape.
struct ConstTensor {
  SmallVector<int64_t> shape;
  SmallVector<double> values;
};
} // namespace

static double toDouble(APFloat value) {
  bool lost;
  value.convert(APFloat::IEEEdouble(), APFloat::rmNearestTiesToEven, &lost);
  return value.convertToDouble();
}

static std::optional<ConstTensor> getConst(Attribute attr) {
  auto dense = dyn_cast_or_null<DenseElementsAttr>(attr);
  if (!dense)
    return std::nullopt;
  Type elementType = dense.getElementType();
  bool isFloat = isa<FloatType>(elementType);
  if (!isFloat && !elementType.isInteger(1))
    return std::nullopt;
  ConstTensor result;
  auto read = [&](auto range) {
    for (auto v : range) {
      if constexpr (std::is_same_v<decltype(v), bool>)
        result.values.push_back(v ? 1.0 : 0.0);
      else
        result.values.push_back(toDouble(v));
    }
  };
  if (dense.isSplat()) {
    if (isFloat)
      result.values.push_back(toDouble(dense.getSplatValue<APFloat>()));
    else
      result.values.push_back(dense.getSplatValue<bool>() ? 1.0 : 0.0);
    return result;
  }
  if (dense.getNumElements() > kMaxFoldElements)
    return std::nullopt;
  result.shape.assign(dense.getType().getShape().begin(),
                      dense.getType().getShape().end());
  if (isFloat)
    read(dense.getValues<APFloat>());
  else
    read(dense.getValues<bool>());
  return result;
}

/// Builds a constant of `type` from doubles, rounding once to its element
/// type (i1: nonzero is true). One value means a splat.
static Attribute makeConst(RankedTensorType type, ArrayRef<double> values) {
  if (type.getElementType().isInteger(1)) {
    SmallVector<bool> bits(values.size());
    for (auto [i, v] : llvm::enumerate(values))
      bits[i] = v != 0.0;
    return values.size() == 1 ? DenseElementsAttr::get(type, bits[0])
                              : DenseElementsAttr::get(type, bits);
  }
  const llvm::fltSemantics &sem =
      cast<FloatType>(type.getElementType()).getFloatSemantics();
  SmallVector<APFloat> floats;
  for (double v : values) {
    APFloat f(v);
    bool lost;
    f.convert(sem, APFloat::rmNearestTiesToEven, &lost);
    floats.push_back(f);
  }
  return values.size() == 1 ? DenseElementsAttr::get(type, floats[0])
                            : DenseElementsAttr::get(type, floats);
}

/// The number of elements of a static shape, or nullopt past int64 (such a
/// tensor cannot exist, and a wrapped count would size buffers wrongly).
static std::optional<int64_t> elementCount(ArrayRef<int64_t> shape) {
  int64_t n = 1;
  for (int64_t d : shape)
    if (llvm::MulOverflow(n, d, n))
      return std::nullopt;
  return n;
}

/// Row-major strides of `shape`.
static SmallVector<int64_t> stridesOf(ArrayRef<int64_t> shape) {
  SmallVector<int64_t> strides(shape.size(), 1);
  for (int64_t i = (int64_t)shape.size() - 2; i >= 0; --i)
    strides[i] = strides[i + 1] * shape[i + 1];
  return strides;
}

/// Folds an elementwise op whose operands are all constants: broadcasts them
/// to `type` and applies `fn` to each tuple of elements.
static Attribute foldElementwise(ArrayRef<Attribute> operands,
                                 RankedTensorType type,
                                 function_ref<double(ArrayRef<double>)> fn) {
  SmallVector<ConstTensor> consts;
  bool allSplat = true;
  for (Attribute attr : operands) {
    std::optional<ConstTensor> c = getConst(attr);
    if (!c)
      return {};
    allSplat &= c->shape.empty();
    consts.push_back(std::move(*c));
  }
  if (!type.hasStaticShape())
    return {};
  SmallVector<double> args(consts.size());
  if (allSplat) {
    for (auto [i, c] : llvm::enumerate(consts))
      args[i] = c.values[0];
    return makeConst(type, {fn(args)});
  }
  std::optional<int64_t> count = elementCount(type.getShape());
  if (!count || *count > kMaxFoldElements)
    return {};
  ArrayRef<int64_t> shape = type.getShape();
  SmallVector<SmallVector<int64_t>> operandStrides;
  for (ConstTensor &c : consts) {
    // Broadcast: align at the innermost dim; size-1 and missing dims get
    // stride 0 (a splat has rank 0, so all its strides are 0).
    SmallVector<int64_t> own = stridesOf(c.shape);
    SmallVector<int64_t> strides(shape.size(), 0);
    size_t lead = shape.size() - c.shape.size();
    for (size_t d = 0; d < c.shape.size(); ++d)
      strides[lead + d] = c.shape[d] == 1 ? 0 : own[d];
    operandStrides.push_back(std::move(strides));
  }
  SmallVector<double> values(*count);
  SmallVector<int64_t> index(shape.size(), 0);
  for (int64_t linear = 0; linear < *count; ++linear) {
    for (auto [i, c] : llvm::enumerate(consts)) {
      int64_t offset = 0;
      for (size_t d = 0; d < shape.size(); ++d)
        offset += index[d] * operandStrides[i][d];
      args[i] = c.values[offset];
    }
    values[linear] = fn(args);
    for (int64_t d = (int64_t)shape.size() - 1; d >= 0; --d) {
      if (++index[d] < shape[d])
        break;
      index[d] = 0;
    }
  }
  return makeConst(type, values);
}

/// True if `attr` is a constant whose every element equals `value`.
static bool isConstEqualTo(Attribute attr, double value) {
  std::optional<ConstTensor> c = getConst(attr);
  return c && llvm::all_of(c->values, [&](double v) { return v == value; });
}

double DoubleMath::compare(ComparePredicate predicate, double x, double y) {
  switch (predicate) {
  case ComparePredicate::lt:
    return x < y;
  case ComparePredicate::le:
    return x <= y;
  case ComparePredicate::gt:
    return x > y;
  case ComparePredicate::ge:
    return x >= y;
  case ComparePredicate::eq:
    return x == y;
  case ComparePredicate::ne:
    return x != y;
  }
  llvm_unreachable("unknown predicate");
}

//===----------------------------------------------------------------------===//
// Formula ops (ScalarFormulaOpInterface)
//===----------------------------------------------------------------------===//

/// `x op c -> x` when the constant `c` is `identity` and the op keeps x's type.
static OpFoldResult foldRightIdentity(Value lhs, Attribute rhs, Type resultType,
                                      double identity) {
  if (lhs.getType() == resultType && isConstEqualTo(rhs, identity))
    return lhs;
  return {};
}

OpFoldResult mlir::molten::foldFormula(Operation *op,
                                       ArrayRef<Attribute> operands,
                                       std::optional<double> rightIdentity) {
  Type resultType = op->getResult(0).getType();
  if (rightIdentity) {
    if (auto r = foldRightIdentity(op->getOperand(0), operands[1], resultType,
                                   *rightIdentity))
      return r;
    // Commutative ops have constants moved to the right by the fold driver,
    // but check both sides so that a single fold call catches either.
    if (op->hasTrait<OpTrait::IsCommutative>())
      if (auto r = foldRightIdentity(op->getOperand(1), operands[0], resultType,
                                     *rightIdentity))
        return r;
  }
  auto formula = cast<ScalarFormulaOpInterface>(op);
  return foldElementwise(
      operands, cast<RankedTensorType>(resultType),
      [&](ArrayRef<double> values) { return formula.evaluateFormula(values); });
}

//===----------------------------------------------------------------------===//
// Casts
//===----------------------------------------------------------------------===//

/// Whether every value of float type `narrow` is exactly representable in
/// `wide`, so that a round trip narrow -> wide -> narrow is the identity.
static bool isExactlyRepresentable(Type narrow, Type wide) {
  if (narrow == wide)
    return true;
  return wide.isF32() && (narrow.isF16() || narrow.isBF16());
}

OpFoldResult CastOp::fold(FoldAdaptor adaptor) {
  if (getInput().getType() == getType())
    return getInput();
  // cast(cast(x: A -> B) -> C) is cast(x: A -> C) when B holds all of A.
  if (auto inner = getInput().getDefiningOp<CastOp>()) {
    TypedValue<RankedTensorType> source = inner.getInput();
    if (isExactlyRepresentable(source.getType().getElementType(),
                               inner.getType().getElementType())) {
      if (source.getType() == getType())
        return source;
      getInputMutable().assign(source);
      return getResult();
    }
  }
  return foldElementwise({adaptor.getInput()}, getType(),
                         [](ArrayRef<double> a) { return a[0]; });
}

//===----------------------------------------------------------------------===//
// Select
//===----------------------------------------------------------------------===//

OpFoldResult SelectOp::fold(FoldAdaptor adaptor) {
  // A uniform condition picks one side, if that side already has the
  // result's type (no broadcast needed).
  std::optional<ConstTensor> cond = getConst(adaptor.getCond());
  if (cond && cond->shape.empty()) {
    Value picked = cond->values[0] != 0.0 ? getOnTrue() : getOnFalse();
    if (picked.getType() == getType())
      return picked;
  }
  if (getOnTrue() == getOnFalse() && getOnTrue().getType() == getType())
    return getOnTrue();
  return foldElementwise(
      {adaptor.getCond(), adaptor.getOnTrue(), adaptor.getOnFalse()}, getType(),
      [](ArrayRef<double> a) { return a[0] != 0.0 ? a[1] : a[2]; });
}

OpFoldResult ConstantOp::fold(FoldAdaptor) { return getValue(); }

//===----------------------------------------------------------------------===//
// Reductions
//===----------------------------------------------------------------------===//

OpFoldResult mlir::molten::foldReduction(ReductionOpInterface op,
                                         Attribute inputAttr) {
  Value input = op->getOperand(0);
  ArrayRef<int64_t> dims = op.getReducedDims();
  ReductionKind kind = op.getReductionKind();
  auto inputType = cast<RankedTensorType>(input.getType());
  auto resultType = cast<RankedTensorType>(op->getResult(0).getType());
  // Reducing only statically-1 dims with keepdim changes nothing.
  if (inputType == resultType)
    return input;
  std::optional<ConstTensor> c = getConst(inputAttr);
  if (!c || !inputType.hasStaticShape() || !resultType.hasStaticShape())
    return {};
  // The number of elements each output reduces; a double cannot overflow.
  double reduced = 1;
  for (int64_t d : dims)
    reduced *= inputType.getDimSize(d);
  // Over no elements, the sum is 0 and the mean 0/0; max and min have no
  // value to fold to. The splat value must not leak in (inf * 0 is NaN).
  if (reduced == 0) {
    if (kind == ReductionKind::max || kind == ReductionKind::min)
      return {};
    return makeConst(resultType, {kind == ReductionKind::sum ? 0.0 : NAN});
  }
  auto combine = [&](double acc, double v) {
    switch (kind) {
    case ReductionKind::sum:
    case ReductionKind::mean:
      return acc + v;
    case ReductionKind::max:
      return DoubleMath().max(acc, v);
    case ReductionKind::min:
      return DoubleMath().min(acc, v);
    }
    llvm_unreachable("unknown reduction");
  };
  auto finish = [&](double acc) {
    return kind == ReductionKind::mean ? acc / reduced : acc;
  };
  if (c->shape.empty()) {
    double v = c->values[0];
    // The mean (and max, min) of equal values is that value; computing
    // v * n / n instead would turn it into NaN once n * v overflows.
    return makeConst(resultType,
                     {kind == ReductionKind::sum ? v * reduced : v});
  }
  // Accumulate each input element into the output slot found by dropping
  // (or zeroing, which is the same offset) the reduced dims.
  ArrayRef<int64_t> shape = inputType.getShape();
  SmallVector<bool> isReduced(shape.size(), false);
  for (int64_t d : dims)
    isReduced[d] = true;
  SmallVector<int64_t> keptShape;
  for (size_t d = 0; d < shape.size(); ++d)
    keptShape.push_back(isReduced[d] ? 1 : shape[d]);
  SmallVector<int64_t> outStrides = stridesOf(keptShape);
  // Not empty (above) and not a splat: the input holds at most
  // kMaxFoldElements elements, and the output no more.
  int64_t outCount = resultType.getNumElements();
  SmallVector<double> acc(outCount);
  SmallVector<bool> started(outCount, false);
  SmallVector<int64_t> index(shape.size(), 0);
  for (double v : c->values) {
    int64_t out = 0;
    for (size_t d = 0; d < shape.size(); ++d)
      if (!isReduced[d])
        out += index[d] * outStrides[d];
    acc[out] = started[out] ? combine(acc[out], v) : v;
    started[out] = true;
    for (int64_t d = (int64_t)shape.size() - 1; d >= 0; --d) {
      if (++index[d] < shape[d])
        break;
      index[d] = 0;
    }
  }
  for (double &a : acc)
    a = finish(a);
  return makeConst(resultType, acc);
}

//===----------------------------------------------------------------------===//
// Data movement
//===----------------------------------------------------------------------===//

/// A splat constant keeps its value under any data movement.
static Attribute foldSplat(Attribute input, RankedTensorType resultType) {
  auto dense = dyn_cast_or_null<DenseElementsAttr>(input);
  if (!dense || !dense.isSplat() || !resultType.hasStaticShape())
    return {};
  return dense.resizeSplat(resultType);
}

OpFoldResult BroadcastToOp::fold(FoldAdaptor adaptor) {
  // Dynamic dims never expand, so equal types mean nothing moves.
  if (getInput().getType() == getType())
    return getInput();
  return foldSplat(adaptor.getInput(), getType());
}

OpFoldResult ReshapeOp::fold(FoldAdaptor adaptor) {
  // With at most one dynamic dim, the element count fixes it: same type
  // means same shape.
  if (getInput().getType() == getType())
    return getInput();
  if (auto inner = getInput().getDefiningOp<ReshapeOp>()) {
    Value source = inner.getInput();
    if (source.getType() == getType())
      return source;
    if (reshapeCountsCompatible(cast<RankedTensorType>(source.getType()),
                                getType())) {
      getInputMutable().assign(source);
      return getResult();
    }
  }
  auto dense = dyn_cast_or_null<DenseElementsAttr>(adaptor.getInput());
  if (dense && getType().hasStaticShape())
    return dense.reshape(getType());
  return {};
}

OpFoldResult TransposeOp::fold(FoldAdaptor adaptor) {
  ArrayRef<int64_t> perm = getPermutation();
  if (llvm::equal(perm, llvm::seq<int64_t>(0, perm.size())))
    return getInput();
  // transpose(transpose(x, p), q) is transpose(x, p o q).
  if (auto inner = getInput().getDefiningOp<TransposeOp>()) {
    SmallVector<int64_t> composed;
    for (int64_t q : perm)
      composed.push_back(inner.getPermutation()[q]);
    getInputMutable().assign(inner.getInput());
    setPermutation(composed);
    if (llvm::equal(composed, llvm::seq<int64_t>(0, composed.size())))
      return getInput();
    return getResult();
  }
  return foldSplat(adaptor.getInput(), getType());
}

namespace {
/// A transpose that keeps the order of every dim but those of size 1 moves
/// no element: it is a reshape, which shares its input's buffer instead of
/// taking a copy kernel (attention's output at one token: [1, heads, 1, d]
/// to [1, 1, heads, d]). Not where the reshape could not say the result's
/// size: more than one dynamic dim, or one beside a 0.
struct TransposeOfUnitDims : OpRewritePattern<TransposeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(TransposeOp op,
                                PatternRewriter &rewriter) const override {
    RankedTensorType type = op.getType();
    if (type.getNumDynamicDims() > 1 ||
        (type.getNumDynamicDims() == 1 &&
         llvm::is_contained(type.getShape(), 0)))
      return failure();
    ArrayRef<int64_t> shape = op.getInput().getType().getShape();
    int64_t last = -1;
    for (int64_t d : op.getPermutation()) {
      if (shape[d] == 1)
        continue;
      if (d < last)
        return failure();
      last = d;
    }
    rewriter.replaceOpWithNewOp<ReshapeOp>(op, type, op.getInput());
    return success();
  }
};
} // namespace

void TransposeOp::getCanonicalizationPatterns(RewritePatternSet &results,
                                              MLIRContext *context) {
  results.add<TransposeOfUnitDims>(context);
}

OpFoldResult SliceOp::fold(FoldAdaptor adaptor) {
  if (getInput().getType() == getType() &&
      llvm::all_of(getOffsets(), [](int64_t o) { return o == 0; }) &&
      llvm::all_of(getStrides(), [](int64_t s) { return s == 1; }))
    return getInput();
  return foldSplat(adaptor.getInput(), getType());
}

OpFoldResult ConcatOp::fold(FoldAdaptor) {
  if (getInputs().size() == 1 && getInputs()[0].getType() == getType())
    return getInputs()[0];
  return {};
}
