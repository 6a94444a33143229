//===- Decompose.cpp - composite molten ops to primitive math ------------===//
//
// Part of the Molten project, under the Apache License v2.0.
//
//===----------------------------------------------------------------------===//
//
// After this pass fusion sees one vocabulary: elementwise ops, reductions,
// data movement, matmul and attention. Whether a user wrote `molten.rms_norm`
// or x * rsqrt(mean(x*x) + eps) * w, the ops are the same. Attention goes the
// other way: softmax(q @ k^T * c + mask) @ v written as math (the mask added
// or selected, k and v maybe repeated for grouped queries) becomes
// `molten.attention`, a hero of its own, before its softmax is expanded.
//
// Precision (docs/precision.md): a composite on f16/bf16 casts its inputs to
// f32, computes everything in f32 and casts the result back once.
//
//===----------------------------------------------------------------------===//

#include "Molten/Transforms/Passes.h"

#include "Molten/Dialect/Molten/IR/MoltenOps.h"
#include "mlir/IR/Matchers.h"
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

//===----------------------------------------------------------------------===//
// Attention written as math
//===----------------------------------------------------------------------===//

/// The value of a splat float constant (molten.constant, any shape), as a
/// double.
static std::optional<double> splatValue(Value value) {
  DenseFPElementsAttr attr;
  if (!matchPattern(value, m_Constant(&attr)) || !attr.isSplat())
    return std::nullopt;
  return attr.getSplatValue<APFloat>().convertToDouble();
}

/// Two dims that must be equal: equal, or either dynamic.
static bool dimsAgree(int64_t a, int64_t b) {
  return a == b || ShapedType::isDynamic(a) || ShapedType::isDynamic(b);
}

/// Whether molten.attention, without a mask, accepts these types: what
/// AttentionOp::verify asks, checked before the op is built (stricter on the
/// batch dims, which the matmuls have made agree anyway).
static bool attentionTypesFit(RankedTensorType query, RankedTensorType key,
                              RankedTensorType value, RankedTensorType result) {
  Type element = query.getElementType();
  int64_t rank = query.getRank();
  if (llvm::any_of(ArrayRef<RankedTensorType>{key, value, result},
                   [&](RankedTensorType type) {
                     return type.getElementType() != element ||
                            type.getRank() != rank;
                   }))
    return false;
  int64_t d = query.getDimSize(rank - 1), dv = value.getDimSize(rank - 1);
  if (rank < 2 || ShapedType::isDynamic(d) || ShapedType::isDynamic(dv) ||
      !dimsAgree(key.getDimSize(rank - 1), d) ||
      !dimsAgree(key.getDimSize(rank - 2), value.getDimSize(rank - 2)))
    return false;
  // Batch dims and heads (one key/value head per query head here).
  for (int64_t i = 0; i + 2 < rank; ++i)
    if (!dimsAgree(query.getDimSize(i), key.getDimSize(i)) ||
        !dimsAgree(query.getDimSize(i), value.getDimSize(i)) ||
        !dimsAgree(key.getDimSize(i), value.getDimSize(i)))
      return false;
  SmallVector<int64_t> expected(query.getShape());
  expected.back() = dv;
  return llvm::all_of(llvm::seq<int64_t>(0, rank), [&](int64_t i) {
    return dimsAgree(expected[i], result.getDimSize(i));
  });
}

/// Whether a mask of type `mask` broadcasts to scores of type `scores`
/// without broadcasting them: what AttentionOp::verify asks of its mask.
static bool broadcastsTo(RankedTensorType mask, RankedTensorType scores) {
  int64_t offset = scores.getRank() - mask.getRank();
  return offset >= 0 &&
         llvm::all_of(llvm::enumerate(mask.getShape()), [&](auto dim) {
           return dim.value() == 1 ||
                  dimsAgree(dim.value(),
                            scores.getDimSize(offset + dim.index()));
         });
}

/// `scaled` as s * c, c * s or s / c with c a splat constant, or as s itself.
struct ScaledScores {
  Value scores;
  /// The mul or div, where there is one.
  Operation *scaling = nullptr;
  /// c, 1 / c or 1; none where the scaling is by something else.
  std::optional<double> scale = 1.0;
};

static ScaledScores peelScale(Value scaled) {
  ScaledScores result{scaled};
  Operation *op = scaled.getDefiningOp();
  if (auto mul = dyn_cast_or_null<MulOp>(op)) {
    result.scaling = mul;
    result.scale = splatValue(mul.getRhs());
    result.scores = mul.getLhs();
    if (!result.scale) {
      result.scale = splatValue(mul.getLhs());
      result.scores = mul.getRhs();
    }
  } else if (auto div = dyn_cast_or_null<DivOp>(op)) {
    result.scaling = div;
    result.scale = splatValue(div.getRhs());
    if (result.scale)
      result.scale = 1.0 / *result.scale;
    result.scores = div.getLhs();
  }
  return result;
}

/// Whether `value` is q @ k^T, scaled or not: which operand of an add the
/// scores are (the other is the mask).
static bool isScores(Value value) {
  auto product = peelScale(value).scores.getDefiningOp<MatmulOp>();
  return product && product.getTransposeRhs();
}

/// k or v given with its heads repeated G times, as grouped-query attention
/// written as data movement does it (PyTorch's repeat_kv):
///   reshape(broadcast_to(reshape(x0 : [..., Hkv, S, D])
///                        : [..., Hkv, 1, S, D] -> [..., Hkv, G, S, D])
///           : -> [..., Hkv * G, S, D])
/// Where x0 is itself a reshape, canonicalization folds the two reshapes into
/// one from x0's input, so the innermost reshape's input may have any shape.
struct RepeatedHeads {
  /// The innermost reshape's input: x0, or what it is a reshape of.
  Value source;
  /// x0's type, [..., Hkv, S, D].
  RankedTensorType type;
  int64_t group;
};

static std::optional<RepeatedHeads> matchRepeatedHeads(Value operand) {
  auto merge = operand.getDefiningOp<ReshapeOp>();
  auto repeat =
      merge ? merge.getInput().getDefiningOp<BroadcastToOp>() : BroadcastToOp();
  auto unit =
      repeat ? repeat.getInput().getDefiningOp<ReshapeOp>() : ReshapeOp();
  if (!unit)
    return std::nullopt;
  // merged [..., Hkv * G, S, D], repeated [..., Hkv, G, S, D] and single
  // [..., Hkv, 1, S, D]; `heads` is where Hkv is.
  ArrayRef<int64_t> merged = merge.getType().getShape(),
                    repeated = repeat.getType().getShape(),
                    single = unit.getType().getShape();
  int64_t rank = merged.size(), heads = rank - 3;
  if (rank < 3 || (int64_t)repeated.size() != rank + 1)
    return std::nullopt;
  int64_t kvHeads = repeated[heads], group = repeated[heads + 1], product;
  if (ShapedType::isDynamic(kvHeads) || ShapedType::isDynamic(group) ||
      llvm::MulOverflow(kvHeads, group, product) || product != merged[heads])
    return std::nullopt;
  SmallVector<int64_t> expected(merged);
  expected[heads] = kvHeads;
  expected.insert(expected.begin() + heads + 1, group);
  if (ArrayRef<int64_t>(expected) != repeated)
    return std::nullopt;
  expected[heads + 1] = 1;
  if (ArrayRef<int64_t>(expected) != single)
    return std::nullopt;
  expected.erase(expected.begin() + heads + 1);
  return RepeatedHeads{unit.getInput(), merge.getType().clone(expected), group};
}

/// softmax(s) @ v over the last dim, with s = matmul(q, k transpose_rhs)
/// times a splat constant c (either side), divided by it, or neither,
/// becomes molten.attention with `scale` c, 1 / c or 1. Every intermediate
/// has one use, so that the math goes away. k and v have q's rank: a rank-2
/// rhs, shared by all batches, has no attention form.
///
/// The scaled scores t may be masked before the softmax:
///   t + m or m + t, m any tensor that broadcasts to the scores (f32 or
///     their type): the op's `mask` is m;
///   select(cond, t, -inf), -inf a splat constant: the mask is
///     select(cond, 0, -inf) in f32;
///   select(cond, -inf, t) (masked_fill, as PyTorch graphs have it): the
///     mask is select(cond, -inf, 0).
/// A fully masked row (all -inf) is NaN in the math, exp(-inf - -inf): the
/// op gets `nan_if_masked`, so that it stays NaN.
///
/// On 16-bit scores the softmax may be computed in f32 between two casts,
/// cast(softmax(cast(t) to f32)) back to t's type, as PyTorch eager writes
/// softmax(dtype=float32).to(dtype).
///
/// Where k and v both have their heads repeated by the same G (GQA as data
/// movement), the op reads the unrepeated ones: query head h reads key and
/// value head h / G. Otherwise it reads k and v as they are.
///
/// Rooted at the softmax with a higher benefit than DecomposeSoftmax, so that
/// it is tried before the softmax is expanded.

/// What RecognizeAttention replaces: the ops, the operands and the scale.
struct AttentionMatch {
  MatmulOp product, output;
  /// The scores' mul or div, and the add or select that masks them.
  Operation *scaling = nullptr, *masking = nullptr;
  /// The casts to f32 and back around a softmax in f32, where there are.
  CastOp widen, narrow;
  double scale = 1.0;
  /// The additive mask, or the select's condition: where a score is kept,
  /// or with keepOnFalse where it is masked (masked_fill's form).
  Value mask, keep;
  bool keepOnFalse = false;
  /// k and v before their heads were repeated, for GQA.
  std::optional<RepeatedHeads> key, value;
};

/// The attention form of `softmax`, or why it has none.
static FailureOr<AttentionMatch> matchAttention(SoftmaxOp softmax,
                                                std::string &why) {
  auto fail = [&](const char *reason) {
    why = reason;
    return failure();
  };
  RankedTensorType type = softmax.getType();
  if (*normalizeAxis(softmax.getAxis(), type.getRank()) != type.getRank() - 1)
    return fail("the softmax is not over the last dim");
  if (!softmax->hasOneUse())
    return fail("the probabilities have other uses than p @ v");
  AttentionMatch match;
  // A softmax in f32 between casts from and back to the scores' 16-bit
  // type (PyTorch eager's softmax(dtype=float32).to(dtype)): the op keeps
  // its softmax in f32 anyway.
  Value probabilities = softmax.getResult(), scaled = softmax.getInput();
  auto narrow = dyn_cast<CastOp>(*softmax->user_begin());
  auto widen = scaled.getDefiningOp<CastOp>();
  if (narrow && widen) {
    if (!narrow->hasOneUse() || !widen->hasOneUse())
      return fail("the softmax's casts have other uses");
    if (widen.getInput().getType() != narrow.getType() ||
        !type.getElementType().isF32())
      return fail("the softmax is not in f32 between casts from and back to "
                  "the scores' type");
    match.narrow = narrow;
    match.widen = widen;
    probabilities = narrow.getResult();
    scaled = widen.getInput();
  }
  match.output = dyn_cast<MatmulOp>(*probabilities.user_begin());
  if (!match.output || match.output.getLhs() != probabilities)
    return fail("the probabilities are not the lhs of p @ v");

  // The mask: t + m, m + t or select(cond, t, -inf), with t the scaled
  // scores; the shapes of what masks them are checked against t's.
  SmallVector<Value> masks;
  if (auto add = scaled.getDefiningOp<AddOp>()) {
    bool lhsIsScores = isScores(add.getLhs()) || !isScores(add.getRhs());
    scaled = lhsIsScores ? add.getLhs() : add.getRhs();
    match.mask = lhsIsScores ? add.getRhs() : add.getLhs();
    match.masking = add;
    masks.push_back(match.mask);
  } else if (auto select = scaled.getDefiningOp<SelectOp>()) {
    auto isMinusInf = [](Value value) {
      std::optional<double> splat = splatValue(value);
      return splat && std::isinf(*splat) && *splat < 0;
    };
    if (isMinusInf(select.getOnFalse())) {
      scaled = select.getOnTrue();
      masks.append({select.getCond(), select.getOnFalse()});
    } else if (isMinusInf(select.getOnTrue())) {
      scaled = select.getOnFalse();
      match.keepOnFalse = true;
      masks.append({select.getCond(), select.getOnTrue()});
    } else {
      return fail("the scores are masked by a select other than "
                  "select(cond, scores, -inf) or select(cond, -inf, scores), "
                  "-inf a splat constant");
    }
    match.keep = select.getCond();
    match.masking = select;
  }
  auto scaledType = cast<RankedTensorType>(scaled.getType());

  // The scale: scores * c, c * scores or scores / c, c a splat constant
  // that keeps the scores' type.
  ScaledScores scores = peelScale(scaled);
  if (!scores.scale || !std::isfinite(*scores.scale))
    return fail("the scores are scaled by something other than a finite "
                "splat constant");
  if (scores.scaling &&
      (scores.scores.getType() != scaledType || !scores.scaling->hasOneUse()))
    return fail("the scaled scores have other uses, or the scaling "
                "broadcasts them");

  match.product = scores.scores.getDefiningOp<MatmulOp>();
  if (!match.product || !match.product.getTransposeRhs())
    return fail("the scores are not q @ k^T (a matmul with transpose_rhs)");
  if (!match.product->hasOneUse())
    return fail("the scores have other uses");
  if (match.masking &&
      (!match.masking->hasOneUse() || llvm::any_of(masks, [&](Value mask) {
        return !broadcastsTo(cast<RankedTensorType>(mask.getType()),
                             scaledType);
      })))
    return fail("the masked scores have other uses, or the mask broadcasts "
                "them");
  // The op's rule for its mask (molten.add already gives m the scores'
  // type: this only keeps the rule where the mask is chosen).
  if (match.mask) {
    Type element =
        cast<RankedTensorType>(match.mask.getType()).getElementType();
    if (!element.isF32() && element != scaledType.getElementType())
      return fail("the mask is neither f32 nor of the scores' element type");
  }
  auto queryType = cast<RankedTensorType>(match.product.getLhs().getType());
  auto keyType = cast<RankedTensorType>(match.product.getRhs().getType());
  // v given as [Dv, keys] (p @ v with transpose_rhs) is transposed back.
  auto valueType = cast<RankedTensorType>(match.output.getRhs().getType());
  if (match.output.getTransposeRhs()) {
    SmallVector<int64_t> shape(valueType.getShape());
    std::swap(shape[shape.size() - 1], shape[shape.size() - 2]);
    valueType = valueType.clone(shape);
  }
  if (!attentionTypesFit(queryType, keyType, valueType, match.output.getType()))
    return fail("q, k and v do not have the shapes of molten.attention (k "
                "and v of q's rank, one element type, static head dims)");
  match.scaling = scores.scaling;
  match.scale = *scores.scale;

  // GQA: k and v repeated alike, and q's heads static (the op takes a
  // dynamic count as one query head per key head).
  std::optional<RepeatedHeads> key = matchRepeatedHeads(match.product.getRhs());
  std::optional<RepeatedHeads> value =
      match.output.getTransposeRhs()
          ? std::nullopt
          : matchRepeatedHeads(match.output.getRhs());
  if (key && value && key->group == value->group &&
      !ShapedType::isDynamic(queryType.getDimSize(queryType.getRank() - 3))) {
    match.key = key;
    match.value = value;
  }
  return match;
}

/// x0 of repeated heads: their source, reshaped where it is not x0 already.
static Value unrepeated(PatternRewriter &rewriter, Location loc,
                        const RepeatedHeads &heads) {
  if (heads.source.getType() == heads.type)
    return heads.source;
  return ReshapeOp::create(rewriter, loc, heads.type, heads.source);
}

struct RecognizeAttention : OpRewritePattern<SoftmaxOp> {
  RecognizeAttention(MLIRContext *context)
      : OpRewritePattern(context, /*benefit=*/2) {}

  LogicalResult matchAndRewrite(SoftmaxOp softmax,
                                PatternRewriter &rewriter) const override {
    std::string why;
    FailureOr<AttentionMatch> match = matchAttention(softmax, why);
    if (failed(match))
      return rewriter.notifyMatchFailure(softmax, why);
    MatmulOp output = match->output;
    // Everything goes before p @ v, which every operand dominates (v may be
    // defined after the softmax).
    rewriter.setInsertionPoint(output);
    Location loc = output.getLoc();
    Value key = match->key ? unrepeated(rewriter, loc, *match->key)
                           : match->product.getRhs();
    Value value = match->value ? unrepeated(rewriter, loc, *match->value)
                               : output.getRhs();
    if (output.getTransposeRhs()) {
      auto type = cast<RankedTensorType>(value.getType());
      int64_t rank = type.getRank();
      SmallVector<int64_t> permutation =
          llvm::to_vector(llvm::seq<int64_t>(0, rank));
      SmallVector<int64_t> shape(type.getShape());
      std::swap(permutation[rank - 1], permutation[rank - 2]);
      std::swap(shape[rank - 1], shape[rank - 2]);
      value = TransposeOp::create(rewriter, loc, type.clone(shape), value,
                                  permutation);
    }
    Value mask = match->mask;
    if (match->keep) {
      MathBuilder b(rewriter, match->masking->getLoc());
      Value zero = b.scalar(0.0);
      Value minusInf = b.scalar(-INFINITY);
      mask = match->keepOnFalse ? b.op<SelectOp>(match->keep, minusInf, zero)
                                : b.op<SelectOp>(match->keep, zero, minusInf);
    }
    rewriter.replaceOpWithNewOp<AttentionOp>(
        output, output.getType(), match->product.getLhs(), key, value, mask,
        rewriter.getF64FloatAttr(match->scale), /*causal=*/false,
        /*nan_if_masked=*/static_cast<bool>(mask));
    if (match->narrow)
      rewriter.eraseOp(match->narrow);
    rewriter.eraseOp(softmax);
    if (match->widen)
      rewriter.eraseOp(match->widen);
    if (match->masking)
      rewriter.eraseOp(match->masking);
    if (match->scaling)
      rewriter.eraseOp(match->scaling);
    rewriter.eraseOp(match->product);
    return success();
  }
};

/// Near misses: a softmax whose probabilities are multiplied by a matmul
/// (p @ v) but that RecognizeAttention will not turn into molten.attention,
/// with the reason, as a remark at the softmax.
static void remarkAttentionNearMisses(Operation *root) {
  auto feedsMatmul = [](Value value) {
    return llvm::any_of(value.getUses(), [](OpOperand &use) {
      auto matmul = dyn_cast<MatmulOp>(use.getOwner());
      return matmul && use.getOperandNumber() == 0;
    });
  };
  root->walk([&](SoftmaxOp softmax) {
    // p @ v, or cast(p) @ v.
    bool weighsValues = llvm::any_of(softmax->getUsers(),
                                     [&](Operation *user) {
                                       return isa<CastOp>(user) &&
                                              feedsMatmul(user->getResult(0));
                                     }) ||
                        feedsMatmul(softmax.getResult());
    std::string why;
    if (weighsValues && failed(matchAttention(softmax, why)))
      softmax.emitRemark("not recognised as attention: ") << why;
  });
}

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

/// Whether `merged` is `full` with its leading dims (all but the last two)
/// merged into one, as molten.reshape does it: the last two dims equal, and
/// the leading ones' product the merged one (where that is dynamic, the
/// reshape's element count decides it, so the rest must be static).
static bool mergesLeadingDims(RankedTensorType full, RankedTensorType merged) {
  ArrayRef<int64_t> f = full.getShape(), m = merged.getShape();
  if (m.size() != 3 || f.size() < 3 || f.take_back(2) != m.take_back(2))
    return false;
  if (llvm::count(f, ShapedType::kDynamic) + (m[0] == ShapedType::kDynamic) > 2)
    return false;
  if (ShapedType::isDynamic(m[0]))
    return llvm::none_of(f.take_back(2), ShapedType::isDynamic);
  int64_t product = 1;
  for (int64_t d : f.drop_back(2))
    if (ShapedType::isDynamic(d) || llvm::MulOverflow(product, d, product))
      return false;
  return product == m[0];
}

/// The batched matmul of PyTorch graphs, whose [b..., M, K] operands are
/// reshaped to [B, M, K] for bmm and the product reshaped back:
///   reshape(matmul(reshape(a), reshape(b))) -> matmul(a, b)
/// with a and b of the same leading dims. The batch dims stay, nothing
/// copies the operands, and the attention form (q @ k^T, p @ v) shows.
struct UnmergeMatmulBatch : OpRewritePattern<ReshapeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ReshapeOp split,
                                PatternRewriter &rewriter) const override {
    auto product = split.getInput().getDefiningOp<MatmulOp>();
    if (!product || !product->hasOneUse())
      return failure();
    auto lhs = product.getLhs().getDefiningOp<ReshapeOp>();
    auto rhs = product.getRhs().getDefiningOp<ReshapeOp>();
    if (!lhs || !rhs)
      return failure();
    auto a = cast<RankedTensorType>(lhs.getInput().getType());
    auto b = cast<RankedTensorType>(rhs.getInput().getType());
    RankedTensorType result = split.getType();
    int64_t rank = a.getRank();
    if (b.getRank() != rank || result.getRank() != rank ||
        a.getShape().drop_back(2) != b.getShape().drop_back(2) ||
        result.getShape().drop_back(2) != a.getShape().drop_back(2) ||
        !mergesLeadingDims(a, lhs.getType()) ||
        !mergesLeadingDims(b, rhs.getType()) ||
        !mergesLeadingDims(result, product.getType()))
      return failure();
    rewriter.replaceOpWithNewOp<MatmulOp>(split, result, lhs.getInput(),
                                          rhs.getInput(),
                                          product.getTransposeRhsAttr());
    return success();
  }
};

/// matmul(a, transpose(b)) with the transpose swapping the last two dims
/// only -> matmul(a, b transpose_rhs): the kernels read b in place.
struct MatmulOfTransposedRhs : OpRewritePattern<MatmulOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(MatmulOp matmul,
                                PatternRewriter &rewriter) const override {
    auto transpose = matmul.getRhs().getDefiningOp<TransposeOp>();
    if (matmul.getTransposeRhs() || !transpose)
      return failure();
    ArrayRef<int64_t> permutation = transpose.getPermutation();
    int64_t rank = permutation.size();
    if (rank < 2 || permutation[rank - 1] != rank - 2 ||
        permutation[rank - 2] != rank - 1)
      return failure();
    for (int64_t d = 0; d < rank - 2; ++d)
      if (permutation[d] != d)
        return failure();
    rewriter.replaceOpWithNewOp<MatmulOp>(matmul, matmul.getType(),
                                          matmul.getLhs(), transpose.getInput(),
                                          rewriter.getUnitAttr());
    return success();
  }
};

struct MoltenDecompose : molten::impl::MoltenDecomposeBase<MoltenDecompose> {
  using MoltenDecomposeBase::MoltenDecomposeBase;

  void runOnOperation() override {
    // Matmuls in their batched form first, so that the attention patterns
    // (rooted at the softmax, tried once) see q @ k^T and p @ v.
    RewritePatternSet normalForms(&getContext());
    normalForms.add<UnmergeMatmulBatch, MatmulOfTransposedRhs>(&getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(normalForms))))
      return signalPassFailure();
    if (report)
      remarkAttentionNearMisses(getOperation());
    RewritePatternSet patterns(&getContext());
    populateMoltenDecomposePatterns(patterns);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace

void mlir::molten::populateMoltenDecomposePatterns(
    RewritePatternSet &patterns) {
  patterns.add<RecognizeAttention, DecomposeRmsNorm, DecomposeLayerNorm,
               DecomposeSoftmax, DecomposeComposedFormula, DecomposeRope,
               SplitWideConcat>(patterns.getContext());
}
