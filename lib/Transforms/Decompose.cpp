//===- Decompose.cpp - composite molten ops to primitive math ------------===//
//
// Part of the Molten project, under the Apache License v2.0.
//
//===----------------------------------------------------------------------===//
//
// After this pass fusion sees one vocabulary: elementwise ops, reductions,
// data movement and matmul. Whether a user wrote `molten.rms_norm` or
// x * rsqrt(mean(x*x) + eps) * w, the ops are the same.
//
// Precision (docs/precision.md): a composite on f16/bf16 casts its inputs to
// f32, computes everything in f32 and casts the result back once.
//
//===----------------------------------------------------------------------===//

#include "Molten/Transforms/Passes.h"

#include "Molten/Dialect/Molten/IR/MoltenOps.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include <cmath>

namespace mlir::molten {
#define GEN_PASS_DEF_MOLTENDECOMPOSE
#include "Molten/Transforms/Passes.h.inc"
} // namespace mlir::molten

using namespace mlir;
using namespace mlir::molten;

namespace {

// Where an expression builds ops in more than one argument of a call, the
// patterns below name them first: C++ leaves the order of argument
// evaluation to the compiler, and the IR must not depend on it. The order
// kept is the one the committed tests have (gcc's, right to left).

/// Builds primitive molten ops at one location; all arithmetic in f32.
class MathBuilder {
public:
  MathBuilder(PatternRewriter &rewriter, Location loc)
      : rewriter(rewriter), loc(loc), f32(rewriter.getF32Type()) {}

  /// `value` as f32 (a cast unless it already is).
  Value toF32(Value value) { return castTo(value, f32); }

  Value castTo(Value value, Type elementType) {
    auto type = cast<RankedTensorType>(value.getType());
    if (type.getElementType() == elementType)
      return value;
    return CastOp::create(rewriter, loc, type.clone(elementType), value);
  }

  /// A rank-0 f32 constant; it broadcasts against any shape.
  Value scalar(double value) {
    auto type = RankedTensorType::get({}, f32);
    return ConstantOp::create(
        rewriter, loc, type,
        DenseElementsAttr::get(type,
                               rewriter.getF32FloatAttr(value).getValue()));
  }

  template <typename OpTy, typename... Args> Value op(Args &&...args) {
    return OpTy::create(rewriter, loc, std::forward<Args>(args)...);
  }

  /// Reduces over `axis`, keeping it as size 1 so the result broadcasts
  /// back against the input.
  template <typename OpTy> Value reduce(Value value, int64_t axis) {
    return OpTy::create(rewriter, loc, value,
                        rewriter.getDenseI64ArrayAttr({axis}),
                        /*keepdim=*/true);
  }

  /// A 1-D `param` reshaped so that it broadcasts along `axis` of a
  /// rank-`rank` tensor: [D] -> [D, 1, ..., 1].
  Value alongAxis(Value param, int64_t axis, int64_t rank) {
    int64_t trailing = rank - axis - 1;
    if (trailing == 0)
      return param;
    auto type = cast<RankedTensorType>(param.getType());
    SmallVector<int64_t> shape = {type.getDimSize(0)};
    shape.append(trailing, 1);
    return ReshapeOp::create(rewriter, loc, type.clone(shape), param);
  }

  PatternRewriter &rewriter;
  Location loc;
  Type f32;
};

/// Whether multiplying by `params` (1-D, along `axis`) keeps the input's
/// shape. A static weight against a dynamic axis would make the expansion's
/// type more static than the op's, so such ops stay composite.
static bool paramsKeepShape(RankedTensorType input, int64_t axis,
                            ValueRange params) {
  return llvm::all_of(params, [&](Value param) {
    return !param || cast<RankedTensorType>(param.getType()).getDimSize(0) ==
                         input.getDimSize(axis);
  });
}

struct DecomposeRmsNorm : OpRewritePattern<RmsNormOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(RmsNormOp op,
                                PatternRewriter &rewriter) const override {
    MathBuilder b(rewriter, op.getLoc());
    RankedTensorType type = op.getType();
    int64_t axis = *normalizeAxis(op.getAxis(), type.getRank());
    if (!paramsKeepShape(type, axis, op.getWeight()))
      return rewriter.notifyMatchFailure(op, "weight size differs from axis");
    // y = x * rsqrt(mean(x * x) + eps) * w
    Value x = b.toF32(op.getInput());
    Value meanSquare = b.reduce<ReduceMeanOp>(b.op<MulOp>(x, x), axis);
    Value scale = b.op<RsqrtOp>(
        b.op<AddOp>(meanSquare, b.scalar(op.getEps().convertToDouble())));
    Value weight = b.alongAxis(b.toF32(op.getWeight()), axis, type.getRank());
    Value y = b.op<MulOp>(b.op<MulOp>(x, scale), weight);
    rewriter.replaceOp(op, b.castTo(y, type.getElementType()));
    return success();
  }
};

struct DecomposeLayerNorm : OpRewritePattern<LayerNormOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(LayerNormOp op,
                                PatternRewriter &rewriter) const override {
    MathBuilder b(rewriter, op.getLoc());
    RankedTensorType type = op.getType();
    int64_t axis = *normalizeAxis(op.getAxis(), type.getRank());
    if (!paramsKeepShape(type, axis, {op.getWeight(), op.getBias()}))
      return rewriter.notifyMatchFailure(op, "param size differs from axis");
    // y = (x - mean) * rsqrt(mean((x - mean)^2) + eps) * w + b
    Value x = b.toF32(op.getInput());
    Value centered = b.op<SubOp>(x, b.reduce<ReduceMeanOp>(x, axis));
    Value variance =
        b.reduce<ReduceMeanOp>(b.op<MulOp>(centered, centered), axis);
    Value scale = b.op<RsqrtOp>(
        b.op<AddOp>(variance, b.scalar(op.getEps().convertToDouble())));
    Value y = b.op<MulOp>(centered, scale);
    if (Value weight = op.getWeight())
      y = b.op<MulOp>(y, b.alongAxis(b.toF32(weight), axis, type.getRank()));
    if (Value bias = op.getBias())
      y = b.op<AddOp>(y, b.alongAxis(b.toF32(bias), axis, type.getRank()));
    rewriter.replaceOp(op, b.castTo(y, type.getElementType()));
    return success();
  }
};

struct DecomposeSoftmax : OpRewritePattern<SoftmaxOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(SoftmaxOp op,
                                PatternRewriter &rewriter) const override {
    MathBuilder b(rewriter, op.getLoc());
    RankedTensorType type = op.getType();
    int64_t axis = *normalizeAxis(op.getAxis(), type.getRank());
    // Subtracting the row maximum keeps exp from overflowing.
    Value x = b.toF32(op.getInput());
    Value e = b.op<ExpOp>(b.op<SubOp>(x, b.reduce<ReduceMaxOp>(x, axis)));
    Value y = b.op<DivOp>(e, b.reduce<ReduceSumOp>(e, axis));
    rewriter.replaceOp(op, b.castTo(y, type.getElementType()));
    return success();
  }
};

/// Formulas (MoltenOps.td) as primitive molten ops on f32 tensors; scalars
/// are rank-0 constants, which broadcast.
class TensorMath : public ScalarBuilder {
public:
  TensorMath(MathBuilder &b) : b(b) {}

  Value cst(double value) override { return b.scalar(value); }
  Value add(Value x, Value y) override { return b.op<AddOp>(x, y); }
  Value sub(Value x, Value y) override { return b.op<SubOp>(x, y); }
  Value mul(Value x, Value y) override { return b.op<MulOp>(x, y); }
  Value div(Value x, Value y) override { return b.op<DivOp>(x, y); }
  Value neg(Value x) override { return b.op<NegOp>(x); }
  Value max(Value x, Value y) override { return b.op<MaxOp>(x, y); }
  Value min(Value x, Value y) override { return b.op<MinOp>(x, y); }
  Value pow(Value x, Value y) override { return b.op<PowOp>(x, y); }
  Value abs(Value x) override { return b.op<AbsOp>(x); }
  Value exp(Value x) override { return b.op<ExpOp>(x); }
  Value log(Value x) override { return b.op<LogOp>(x); }
  Value sqrt(Value x) override { return b.op<SqrtOp>(x); }
  Value rsqrt(Value x) override { return b.op<RsqrtOp>(x); }
  Value tanh(Value x) override { return b.op<TanhOp>(x); }
  Value erf(Value x) override { return b.op<ErfOp>(x); }
  Value recip(Value x) override {
    Value one = cst(1.0);
    return div(one, x);
  }
  Value compare(ComparePredicate predicate, Value x, Value y) override {
    return b.op<CompareOp>(predicate, x, y);
  }

private:
  MathBuilder &b;
};

/// gelu, sigmoid, silu (ComposedFormula): their formula from primitive
/// molten ops, in f32, rounded once.
struct DecomposeComposedFormula : OpTraitRewritePattern<ComposedFormula> {
  using OpTraitRewritePattern::OpTraitRewritePattern;
  LogicalResult matchAndRewrite(Operation *op,
                                PatternRewriter &rewriter) const override {
    MathBuilder b(rewriter, op->getLoc());
    SmallVector<Value> operands;
    for (Value operand : op->getOperands())
      operands.push_back(b.toF32(operand));
    TensorMath math(b);
    Value y = cast<ScalarFormulaOpInterface>(op).buildFormula(math, operands);
    Type element =
        cast<RankedTensorType>(op->getResult(0).getType()).getElementType();
    rewriter.replaceOp(op, b.castTo(y, element));
    return success();
  }
};

struct DecomposeRope : OpRewritePattern<RopeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(RopeOp op,
                                PatternRewriter &rewriter) const override {
    RankedTensorType type = op.getType();
    int64_t rank = type.getRank(), d = type.getShape().back();
    if (ShapedType::isDynamic(d))
      return rewriter.notifyMatchFailure(op, "dynamic innermost dimension");
    bool interleaved = op.getMode() == RopeMode::interleaved;
    // The interleaved form views [..., D] as [..., D/2, 2]: one dynamic dim
    // at most, as for every reshape.
    if (interleaved && type.getNumDynamicDims() > 1)
      return rewriter.notifyMatchFailure(op, "more than one dynamic dim");
    MathBuilder b(rewriter, op.getLoc());
    Value x = b.toF32(op.getInput());
    auto sliceLast = [&](Value v, int64_t offset, int64_t size) {
      int64_t r = cast<RankedTensorType>(v.getType()).getRank();
      SmallVector<int64_t> offsets(r, 0), sizes(r, -1), strides(r, 1);
      offsets.back() = offset;
      sizes.back() = size;
      return b.op<SliceOp>(v, offsets, sizes, strides);
    };
    Value rotated;
    if (!interleaved) {
      // concat(-x[D/2:], x[:D/2])
      Value lo = sliceLast(x, 0, d / 2), hi = sliceLast(x, d / 2, d / 2);
      rotated = b.op<ConcatOp>(ValueRange{b.op<NegOp>(hi), lo}, rank - 1);
    } else {
      // pairs (2i, 2i+1) -> (-x[2i+1], x[2i])
      auto xType = cast<RankedTensorType>(x.getType());
      SmallVector<int64_t> pairShape(xType.getShape().drop_back());
      pairShape.append({d / 2, 2});
      Value pairs = b.op<ReshapeOp>(xType.clone(pairShape), x);
      Value even = sliceLast(pairs, 0, 1), odd = sliceLast(pairs, 1, 1);
      Value swapped = b.op<ConcatOp>(ValueRange{b.op<NegOp>(odd), even}, rank);
      rotated = b.op<ReshapeOp>(xType, swapped);
    }
    Value rotatedSin = b.op<MulOp>(rotated, b.toF32(op.getSin()));
    Value y = b.op<AddOp>(b.op<MulOp>(x, b.toF32(op.getCos())), rotatedSin);
    rewriter.replaceOp(op, b.castTo(y, type.getElementType()));
    return success();
  }
};

/// A kernel evaluates every input of a concat it holds (FusionLimits):
/// a concat of more inputs than this becomes a tree of concats of at most
/// this many, which fusion can split into several kernels.
constexpr int64_t kMaxConcatInputs = 16;

struct SplitWideConcat : OpRewritePattern<ConcatOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ConcatOp op,
                                PatternRewriter &rewriter) const override {
    OperandRange inputs = op.getInputs();
    int64_t n = inputs.size();
    if (n <= kMaxConcatInputs)
      return rewriter.notifyMatchFailure(op, "few enough inputs");
    // Consecutive runs keep the order; the outer concat is split again if
    // it is still too wide.
    SmallVector<Value> parts;
    for (int64_t first = 0; first < n; first += kMaxConcatInputs) {
      ValueRange run =
          inputs.slice(first, std::min<int64_t>(kMaxConcatInputs, n - first));
      parts.push_back(run.size() == 1 ? run.front()
                                      : ConcatOp::create(rewriter, op.getLoc(),
                                                         run, op.getDim())
                                            .getResult());
    }
    rewriter.replaceOpWithNewOp<ConcatOp>(op, op.getType(), parts, op.getDim());
    return success();
  }
};

struct MoltenDecompose : molten::impl::MoltenDecomposeBase<MoltenDecompose> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    populateMoltenDecomposePatterns(patterns);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace

void mlir::molten::populateMoltenDecomposePatterns(
    RewritePatternSet &patterns) {
  patterns.add<DecomposeRmsNorm, DecomposeLayerNorm, DecomposeSoftmax,
               DecomposeComposedFormula, DecomposeRope, SplitWideConcat>(
      patterns.getContext());
}
