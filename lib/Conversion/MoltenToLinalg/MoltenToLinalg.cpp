//===- MoltenToLinalg.cpp - molten to linalg on tensors -------------------===//
//
// Part of the Molten project, under the Apache License v2.0.
//
//===----------------------------------------------------------------------===//
//
// The reference semantics of the molten dialect: every other path of the
// compiler is compared against what this lowering computes, so it favours
// being obviously right over being fast.
//
// * Every op becomes linalg.generic (or linalg.transpose) and tensor ops;
//   scalar math is arith and math, written as the op's documented formula.
//   Composites are lowered from their formulas here, independently of
//   molten-decompose.
// * f16/bf16 values are extended to the compute type (f32) inside each op,
//   and the op's result is rounded once (extf, compute, truncf).
// * Reductions, matmul and attention accumulate in the compute type; the
//   mean divides by the (possibly dynamic) element count. Attention keeps
//   its scores and probabilities in the compute type too.
// * With `f64` the compute type is f64 and every float type in the module
//   becomes f64: nothing rounds between ops.
// * Broadcasting: an operand dimension that is statically 1 is read at index
//   0; every other dimension maps to the result's. Dynamic dims of results
//   come from tensor.dim of an operand that has the same dynamic dimension.
// * molten.fused regions are inlined first; then a dialect conversion with
//   molten illegal turns any op without a lowering into an error at its
//   location.
//
//===----------------------------------------------------------------------===//

#include "Molten/Conversion/Passes.h"

#include "Molten/Conversion/ArithMath.h"

#include "Molten/Dialect/Molten/IR/MoltenDialect.h"
#include "Molten/Dialect/Molten/IR/MoltenOps.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/ImplicitLocOpBuilder.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Interfaces/FunctionInterfaces.h"
#include "mlir/Transforms/DialectConversion.h"
#include "llvm/ADT/STLExtras.h"

#include <cmath>

namespace mlir::molten {
#define GEN_PASS_DEF_CONVERTMOLTENTOLINALG
#include "Molten/Conversion/Passes.h.inc"
} // namespace mlir::molten

using namespace mlir;
using namespace mlir::molten;

//===----------------------------------------------------------------------===//
// Tensor-level helpers
//===----------------------------------------------------------------------===//

/// The body of a linalg.generic: gets the scalar block arguments of the
/// inputs (and the output last) and returns the value to yield.
using BodyFn = function_ref<Value(ImplicitLocOpBuilder &, ValueRange)>;

/// `tensor.dim` of dimension `d`, or a constant for a static dimension.
static Value dimValue(OpBuilder &b, Location loc, Value tensor, int64_t d) {
  auto type = cast<RankedTensorType>(tensor.getType());
  if (!type.isDynamicDim(d))
    return arith::ConstantIndexOp::create(b, loc, type.getDimSize(d));
  return tensor::DimOp::create(b, loc, tensor, d);
}

/// The same as an OpFoldResult: an attribute for a static dimension.
static OpFoldResult dimSize(OpBuilder &b, Location loc, Value tensor,
                            int64_t d) {
  auto type = cast<RankedTensorType>(tensor.getType());
  if (!type.isDynamicDim(d))
    return b.getIndexAttr(type.getDimSize(d));
  return tensor::DimOp::create(b, loc, tensor, d).getResult();
}

/// A tensor.empty of `type`; `dynamicDim(i)` gives the size of each dynamic
/// dimension `i`.
static Value emptyTensor(OpBuilder &b, Location loc, RankedTensorType type,
                         function_ref<Value(int64_t)> dynamicDim) {
  SmallVector<Value> sizes;
  for (int64_t i = 0; i < type.getRank(); ++i)
    if (type.isDynamicDim(i))
      sizes.push_back(dynamicDim(i));
  return tensor::EmptyOp::create(b, loc, type.getShape(), type.getElementType(),
                                 sizes);
}

/// An empty tensor of `type` whose dynamic dimensions are those of `like`
/// (same rank, dimension by dimension).
static Value emptyLike(OpBuilder &b, Location loc, RankedTensorType type,
                       Value like) {
  return emptyTensor(b, loc, type,
                     [&](int64_t i) { return dimValue(b, loc, like, i); });
}

/// The indexing map that reads an operand of shape `operand` while iterating
/// over `result` under numpy broadcasting: dimensions are aligned at the
/// innermost one and a dimension that is statically 1 reads index 0.
static AffineMap broadcastMap(MLIRContext *context, ArrayRef<int64_t> operand,
                              ArrayRef<int64_t> result) {
  int64_t lead = result.size() - operand.size();
  SmallVector<AffineExpr> exprs;
  for (auto [i, size] : llvm::enumerate(operand)) {
    int64_t resultSize = result[lead + i];
    if (size == 1 && resultSize != 1)
      exprs.push_back(getAffineConstantExpr(0, context));
    else
      exprs.push_back(getAffineDimExpr(lead + i, context));
  }
  return AffineMap::get(result.size(), 0, exprs, context);
}

/// The map from a rank-`rank` iteration space to the dimensions not in
/// `dropped`, in order.
static AffineMap dropDimsMap(MLIRContext *context, int64_t rank,
                             ArrayRef<int64_t> dropped) {
  SmallVector<AffineExpr> exprs;
  for (int64_t d = 0; d < rank; ++d)
    if (!llvm::is_contained(dropped, d))
      exprs.push_back(getAffineDimExpr(d, context));
  return AffineMap::get(rank, 0, exprs, context);
}

/// A linalg.generic with the given inputs and maps writing `init` through
/// `outputMap`; `body` computes the value yielded per iteration.
static Value buildGeneric(OpBuilder &b, Location loc, Value init,
                          ValueRange inputs, ArrayRef<AffineMap> inputMaps,
                          AffineMap outputMap,
                          ArrayRef<utils::IteratorType> iterators,
                          BodyFn body) {
  SmallVector<AffineMap> maps(inputMaps);
  maps.push_back(outputMap);
  auto generic = linalg::GenericOp::create(
      b, loc, TypeRange{init.getType()}, inputs, ValueRange{init}, maps,
      iterators, [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
        ImplicitLocOpBuilder ib(nestedLoc, nested);
        linalg::YieldOp::create(ib, body(ib, args));
      });
  return generic.getResult(0);
}

/// An elementwise linalg.generic over the shape of `resultType`, reading each
/// operand through its broadcast map. Fails if a dynamic result dimension has
/// no operand to take its size from.
static FailureOr<Value> buildElementwise(OpBuilder &b, Location loc,
                                         ValueRange operands,
                                         RankedTensorType resultType,
                                         BodyFn body) {
  MLIRContext *context = b.getContext();
  ArrayRef<int64_t> shape = resultType.getShape();
  int64_t rank = shape.size();
  // A dynamic result dimension is dynamic in some operand (a dynamic
  // dimension never expands, and a static one would make the result static).
  SmallVector<Value> sizes;
  for (int64_t i = 0; i < rank; ++i) {
    if (!resultType.isDynamicDim(i))
      continue;
    Value size;
    for (Value operand : operands) {
      auto type = cast<RankedTensorType>(operand.getType());
      int64_t d = i - (rank - type.getRank());
      if (d >= 0 && type.isDynamicDim(d)) {
        size = tensor::DimOp::create(b, loc, operand, d);
        break;
      }
    }
    if (!size)
      return failure();
    sizes.push_back(size);
  }
  Value init = tensor::EmptyOp::create(b, loc, shape,
                                       resultType.getElementType(), sizes);
  SmallVector<AffineMap> maps;
  for (Value operand : operands)
    maps.push_back(broadcastMap(
        context, cast<RankedTensorType>(operand.getType()).getShape(), shape));
  SmallVector<utils::IteratorType> iterators(rank,
                                             utils::IteratorType::parallel);
  return buildGeneric(b, loc, init, operands, maps,
                      b.getMultiDimIdentityMap(rank), iterators, body);
}

/// Folds `input` over `dims` into a tensor of the remaining dimensions of
/// element type `accType`, starting from `initValue`. `rowValues` are tensors
/// of the remaining dimensions, read alongside (e.g. a row's maximum).
/// `combine` gets (input element, row values..., accumulator).
static Value buildReduction(OpBuilder &b, Location loc, Value input,
                            ArrayRef<int64_t> dims, ValueRange rowValues,
                            FloatType accType, double initValue,
                            BodyFn combine) {
  MLIRContext *context = b.getContext();
  auto inputType = cast<RankedTensorType>(input.getType());
  int64_t rank = inputType.getRank();
  SmallVector<int64_t> keptShape;
  SmallVector<Value> keptSizes;
  SmallVector<utils::IteratorType> iterators;
  for (int64_t d = 0; d < rank; ++d) {
    if (llvm::is_contained(dims, d)) {
      iterators.push_back(utils::IteratorType::reduction);
      continue;
    }
    iterators.push_back(utils::IteratorType::parallel);
    keptShape.push_back(inputType.getDimSize(d));
    if (inputType.isDynamicDim(d))
      keptSizes.push_back(tensor::DimOp::create(b, loc, input, d));
  }
  Value empty = tensor::EmptyOp::create(b, loc, keptShape, accType, keptSizes);
  Value initScalar =
      arith::ConstantOp::create(b, loc, b.getFloatAttr(accType, initValue));
  Value init =
      linalg::FillOp::create(b, loc, ValueRange{initScalar}, ValueRange{empty})
          .getResult(0);
  AffineMap keptMap = dropDimsMap(context, rank, dims);
  SmallVector<AffineMap> maps = {b.getMultiDimIdentityMap(rank)};
  maps.append(rowValues.size(), keptMap);
  SmallVector<Value> inputs = {input};
  llvm::append_range(inputs, rowValues);
  return buildGeneric(b, loc, init, inputs, maps, keptMap, iterators, combine);
}

/// The number of elements of `input` in `dims` as an index value: the
/// product of the static sizes times the dynamic ones.
static Value elementCountIndex(OpBuilder &b, Location loc, Value input,
                               ArrayRef<int64_t> dims) {
  auto inputType = cast<RankedTensorType>(input.getType());
  int64_t staticCount = 1;
  for (int64_t d : dims)
    if (!inputType.isDynamicDim(d))
      staticCount *= inputType.getDimSize(d);
  Value count;
  if (staticCount != 1)
    count = arith::ConstantIndexOp::create(b, loc, staticCount);
  for (int64_t d : dims) {
    if (!inputType.isDynamicDim(d))
      continue;
    Value size = tensor::DimOp::create(b, loc, input, d);
    count = count ? arith::MulIOp::create(b, loc, count, size) : size;
  }
  if (!count) // only static sizes of 1, or no dims
    count = arith::ConstantIndexOp::create(b, loc, 1);
  return count;
}

/// The number of elements of `input` in `dims`, as a `type` scalar (a
/// constant when those dimensions are static).
static Value elementCount(OpBuilder &b, Location loc, Value input,
                          ArrayRef<int64_t> dims, FloatType type) {
  auto inputType = cast<RankedTensorType>(input.getType());
  if (llvm::none_of(dims,
                    [&](int64_t d) { return inputType.isDynamicDim(d); })) {
    int64_t count = 1;
    for (int64_t d : dims)
      count *= inputType.getDimSize(d);
    return arith::ConstantOp::create(
        b, loc, b.getFloatAttr(type, static_cast<double>(count)));
  }
  Value count = elementCountIndex(b, loc, input, dims);
  Value count64 = arith::IndexCastOp::create(b, loc, b.getI64Type(), count);
  return arith::UIToFPOp::create(b, loc, type, count64);
}

//===----------------------------------------------------------------------===//
// Scalar math in the compute type
//===----------------------------------------------------------------------===//

namespace {
/// Scalar float math in the compute type (f32, or f64 in f64 mode), named
/// so that the lowerings read like the formulas in MoltenOps.td.
class Math : public ArithMath {
public:
  Math(ImplicitLocOpBuilder &b, FloatType type)
      : ArithMath(b, b.getLoc(), type) {}

  /// `value` in the compute type (extf from f16/bf16; exact).
  Value ext(Value value) {
    if (value.getType() == type)
      return value;
    return arith::ExtFOp::create(b, loc, type, value);
  }
  /// `value` rounded to `storage` (truncf, to nearest even), once; a
  /// comparison's i1 stays as it is.
  Value round(Value value, Type storage) {
    if (value.getType() == storage)
      return value;
    return arith::TruncFOp::create(b, loc, storage, value);
  }
  // 1 / sqrt(x), spelled out: math.rsqrt has no libm counterpart on the CPU.
  Value rsqrt(Value x) override {
    Value one = cst(1.0);
    return div(one, sqrt(x));
  }
};
} // namespace

//===----------------------------------------------------------------------===//
// Pattern base
//===----------------------------------------------------------------------===//

namespace {
/// A molten op lowering that knows the compute type and converts result
/// types (the identity, or every float to f64 in f64 mode).
template <typename Pattern> class MoltenLoweringBase : public Pattern {
public:
  MoltenLoweringBase(const TypeConverter &converter, MLIRContext *context,
                     bool useF64)
      : Pattern(converter, context), useF64(useF64) {}

protected:
  RankedTensorType resultType(Operation *op, unsigned i = 0) const {
    return cast<RankedTensorType>(
        this->getTypeConverter()->convertType(op->getResult(i).getType()));
  }
  FloatType computeType(OpBuilder &b) const {
    return useF64 ? FloatType(b.getF64Type()) : FloatType(b.getF32Type());
  }
  /// Replaces `op` by the elementwise generic that `body` describes, or
  /// reports why it could not be built.
  LogicalResult replaceByElementwise(Operation *op, ValueRange operands,
                                     RankedTensorType type,
                                     ConversionPatternRewriter &rewriter,
                                     BodyFn body) const {
    FailureOr<Value> result =
        buildElementwise(rewriter, op->getLoc(), operands, type, body);
    if (failed(result))
      return rewriter.notifyMatchFailure(
          op, "a dynamic result dimension is dynamic in no operand");
    rewriter.replaceOp(op, *result);
    return success();
  }
  /// Replaces `op` by `acc`, the result in the compute type, rounded once to
  /// the element type of `type` (no rounding where they are the same).
  LogicalResult replaceByRounded(Operation *op, Value acc,
                                 RankedTensorType type,
                                 ConversionPatternRewriter &rewriter) const {
    FloatType computeType = this->computeType(rewriter);
    if (type.getElementType() == computeType) {
      rewriter.replaceOp(op, acc);
      return success();
    }
    return replaceByElementwise(
        op, acc, type, rewriter, [&](ImplicitLocOpBuilder &b, ValueRange args) {
          Math m(b, computeType);
          return m.round(args[0], type.getElementType());
        });
  }

  bool useF64;
};

/// The lowering of one op, OpTy.
template <typename OpTy>
class MoltenLowering : public MoltenLoweringBase<OpConversionPattern<OpTy>> {
public:
  using MoltenLoweringBase<OpConversionPattern<OpTy>>::MoltenLoweringBase;
};
} // namespace

//===----------------------------------------------------------------------===//
// Elementwise ops
//===----------------------------------------------------------------------===//

namespace {
/// An op with a scalar formula (MoltenOps.td): one elementwise generic that
/// computes it in the compute type and rounds the result once.
struct FormulaLowering
    : MoltenLoweringBase<
          OpInterfaceConversionPattern<ScalarFormulaOpInterface>> {
  using MoltenLoweringBase::MoltenLoweringBase;

  LogicalResult
  matchAndRewrite(ScalarFormulaOpInterface op, ArrayRef<Value> operands,
                  ConversionPatternRewriter &rewriter) const override {
    RankedTensorType type = resultType(op);
    FloatType computeType = this->computeType(rewriter);
    return replaceByElementwise(
        op, operands, type, rewriter,
        [&](ImplicitLocOpBuilder &b, ValueRange args) {
          Math m(b, computeType);
          SmallVector<Value> scalars;
          // The block's last argument is the output's element.
          for (Value arg : args.take_front(operands.size()))
            scalars.push_back(m.ext(arg));
          return m.round(op.buildFormula(m, scalars), type.getElementType());
        });
  }
};

struct SelectLowering : MoltenLowering<SelectOp> {
  using MoltenLowering::MoltenLowering;

  LogicalResult
  matchAndRewrite(SelectOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    // Choosing a value needs no arithmetic: no extf/truncf.
    return replaceByElementwise(
        op, {adaptor.getCond(), adaptor.getOnTrue(), adaptor.getOnFalse()},
        resultType(op), rewriter,
        [&](ImplicitLocOpBuilder &b, ValueRange args) -> Value {
          return arith::SelectOp::create(b, args[0], args[1], args[2]);
        });
  }
};

struct CastLowering : MoltenLowering<CastOp> {
  using MoltenLowering::MoltenLowering;

  LogicalResult
  matchAndRewrite(CastOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    RankedTensorType type = resultType(op);
    if (adaptor.getInput().getType() == type) { // always so in f64 mode
      rewriter.replaceOp(op, adaptor.getInput());
      return success();
    }
    // Through f32 (exact for f16/bf16), then one rounding to the target.
    FloatType computeType = this->computeType(rewriter);
    return replaceByElementwise(op, adaptor.getInput(), type, rewriter,
                                [&](ImplicitLocOpBuilder &b, ValueRange args) {
                                  Math m(b, computeType);
                                  return m.round(m.ext(args[0]),
                                                 type.getElementType());
                                });
  }
};
} // namespace

//===----------------------------------------------------------------------===//
// Constants
//===----------------------------------------------------------------------===//

/// `attr` with its float elements converted to `type`'s element type (to
/// nearest even), or `attr` itself if the element type does not change.
static DenseElementsAttr convertElements(DenseElementsAttr attr,
                                         RankedTensorType type) {
  auto floats = dyn_cast<DenseFPElementsAttr>(attr);
  if (!floats || attr.getElementType() == type.getElementType())
    return attr;
  const llvm::fltSemantics &semantics =
      cast<FloatType>(type.getElementType()).getFloatSemantics();
  return floats.mapValues(type.getElementType(), [&](const APFloat &value) {
    APFloat converted = value;
    bool losesInfo;
    converted.convert(semantics, APFloat::rmNearestTiesToEven, &losesInfo);
    return converted.bitcastToAPInt();
  });
}

namespace {
struct ConstantLowering : MoltenLowering<ConstantOp> {
  using MoltenLowering::MoltenLowering;

  LogicalResult
  matchAndRewrite(ConstantOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    DenseElementsAttr value = convertElements(op.getValue(), resultType(op));
    rewriter.replaceOpWithNewOp<arith::ConstantOp>(op, value);
    return success();
  }
};
} // namespace

//===----------------------------------------------------------------------===//
// Reductions
//===----------------------------------------------------------------------===//

namespace {
template <typename OpTy> struct ReduceLowering : MoltenLowering<OpTy> {
  using MoltenLowering<OpTy>::MoltenLowering;
  using OpAdaptor = typename OpTy::Adaptor;

  LogicalResult
  matchAndRewrite(OpTy op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *context = op.getContext();
    Value input = adaptor.getInput();
    int64_t rank = cast<RankedTensorType>(input.getType()).getRank();
    ArrayRef<int64_t> dims = op.getDims();
    RankedTensorType type = this->resultType(op);
    FloatType computeType = this->computeType(rewriter);
    ReductionKind kind = op.getReductionKind();

    // Sums start at 0; max at -inf and min at +inf, so that only a NaN
    // element makes the result NaN.
    double init = kind == ReductionKind::max   ? -INFINITY
                  : kind == ReductionKind::min ? INFINITY
                                               : 0.0;
    Value acc =
        buildReduction(rewriter, loc, input, dims, {}, computeType, init,
                       [&](ImplicitLocOpBuilder &b, ValueRange args) {
                         Math m(b, computeType);
                         Value x = m.ext(args[0]), acc = args[1];
                         switch (kind) {
                         case ReductionKind::sum:
                         case ReductionKind::mean:
                           return m.add(acc, x);
                         case ReductionKind::max:
                           return m.max(acc, x);
                         case ReductionKind::min:
                           return m.min(acc, x);
                         }
                         llvm_unreachable("unknown reduction");
                       });

    // Finish: divide by the count for the mean, round once to the result
    // type, and put back the reduced dimensions as size 1 with keepdim.
    bool keepdim = op.getKeepdim();
    bool isMean = kind == ReductionKind::mean;
    if (!isMean && !keepdim && type.getElementType() == computeType) {
      rewriter.replaceOp(op, acc);
      return success();
    }
    Value count = isMean ? elementCount(rewriter, loc, input, dims, computeType)
                         : Value();
    int64_t resultRank = type.getRank();
    AffineMap accMap = keepdim ? dropDimsMap(context, resultRank, dims)
                               : rewriter.getMultiDimIdentityMap(resultRank);
    // Result dimension i is input dimension i with keepdim, else the i-th
    // kept dimension; either way its size is the accumulator's.
    SmallVector<int64_t> inputDimOf;
    for (int64_t d = 0; d < rank; ++d)
      if (keepdim || !llvm::is_contained(dims, d))
        inputDimOf.push_back(d);
    Value resultInit = emptyTensor(rewriter, loc, type, [&](int64_t i) {
      return dimValue(rewriter, loc, input, inputDimOf[i]);
    });
    SmallVector<utils::IteratorType> iterators(resultRank,
                                               utils::IteratorType::parallel);
    Value result =
        buildGeneric(rewriter, loc, resultInit, acc, accMap,
                     rewriter.getMultiDimIdentityMap(resultRank), iterators,
                     [&](ImplicitLocOpBuilder &b, ValueRange args) {
                       Math m(b, computeType);
                       Value value = isMean ? m.div(args[0], count) : args[0];
                       return m.round(value, type.getElementType());
                     });
    rewriter.replaceOp(op, result);
    return success();
  }
};
} // namespace

//===----------------------------------------------------------------------===//
// Composites, from their documented formulas
//===----------------------------------------------------------------------===//

/// The shared shape of the norms and softmax: row statistics over `axis`
/// (tensors of the other dimensions), then one elementwise generic over the
/// input that reads x, the statistics and 1-D parameters along `axis`.
/// `body` gets (x, stats..., params..., out).
static Value buildRowEpilogue(OpBuilder &b, Location loc, Value input,
                              int64_t axis, ValueRange stats, ValueRange params,
                              RankedTensorType type, BodyFn body) {
  MLIRContext *context = b.getContext();
  int64_t rank = type.getRank();
  SmallVector<Value> inputs = {input};
  SmallVector<AffineMap> maps = {b.getMultiDimIdentityMap(rank)};
  for (Value stat : stats) {
    inputs.push_back(stat);
    maps.push_back(dropDimsMap(context, rank, {axis}));
  }
  for (Value param : params) {
    inputs.push_back(param);
    maps.push_back(AffineMap::get(rank, 0, getAffineDimExpr(axis, context)));
  }
  SmallVector<utils::IteratorType> iterators(rank,
                                             utils::IteratorType::parallel);
  return buildGeneric(b, loc, emptyLike(b, loc, type, input), inputs, maps,
                      b.getMultiDimIdentityMap(rank), iterators, body);
}

namespace {
struct RmsNormLowering : MoltenLowering<RmsNormOp> {
  using MoltenLowering::MoltenLowering;

  LogicalResult
  matchAndRewrite(RmsNormOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value x = adaptor.getInput();
    RankedTensorType type = resultType(op);
    FloatType computeType = this->computeType(rewriter);
    int64_t axis = *normalizeAxis(op.getAxis(), type.getRank());
    double eps = op.getEps().convertToDouble();

    // y = x / sqrt(mean(x^2 over axis) + eps) * weight
    Value sumSquares =
        buildReduction(rewriter, loc, x, {axis}, {}, computeType, 0.0,
                       [&](ImplicitLocOpBuilder &b, ValueRange args) {
                         Math m(b, computeType);
                         Value v = m.ext(args[0]);
                         return m.add(args[1], m.mul(v, v));
                       });
    Value n = elementCount(rewriter, loc, x, {axis}, computeType);
    Value y = buildRowEpilogue(
        rewriter, loc, x, axis, {sumSquares}, {adaptor.getWeight()}, type,
        [&](ImplicitLocOpBuilder &b, ValueRange args) {
          Math m(b, computeType);
          Value v = m.ext(args[0]), meanSquare = m.div(args[1], n);
          Value weight = m.ext(args[2]);
          Value rms = m.sqrt(m.add(meanSquare, m.cst(eps)));
          return m.round(m.mul(m.div(v, rms), weight), type.getElementType());
        });
    rewriter.replaceOp(op, y);
    return success();
  }
};

struct LayerNormLowering : MoltenLowering<LayerNormOp> {
  using MoltenLowering::MoltenLowering;

  LogicalResult
  matchAndRewrite(LayerNormOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value x = adaptor.getInput();
    RankedTensorType type = resultType(op);
    FloatType computeType = this->computeType(rewriter);
    int64_t axis = *normalizeAxis(op.getAxis(), type.getRank());
    double eps = op.getEps().convertToDouble();
    Value n = elementCount(rewriter, loc, x, {axis}, computeType);

    // mean = sum(x) / n; var = sum((x - mean)^2) / n (biased, two passes)
    Value sum = buildReduction(rewriter, loc, x, {axis}, {}, computeType, 0.0,
                               [&](ImplicitLocOpBuilder &b, ValueRange args) {
                                 Math m(b, computeType);
                                 return m.add(args[1], m.ext(args[0]));
                               });
    Value sumSquaredDeviations =
        buildReduction(rewriter, loc, x, {axis}, {sum}, computeType, 0.0,
                       [&](ImplicitLocOpBuilder &b, ValueRange args) {
                         Math m(b, computeType);
                         Value v = m.ext(args[0]), mean = m.div(args[1], n);
                         Value deviation = m.sub(v, mean);
                         return m.add(args[2], m.mul(deviation, deviation));
                       });

    // y = (x - mean) / sqrt(var + eps) * weight + bias
    SmallVector<Value> params;
    if (adaptor.getWeight())
      params.push_back(adaptor.getWeight());
    if (adaptor.getBias())
      params.push_back(adaptor.getBias());
    bool hasWeight = static_cast<bool>(adaptor.getWeight());
    bool hasBias = static_cast<bool>(adaptor.getBias());
    Value y = buildRowEpilogue(
        rewriter, loc, x, axis, {sum, sumSquaredDeviations}, params, type,
        [&](ImplicitLocOpBuilder &b, ValueRange args) {
          Math m(b, computeType);
          Value v = m.ext(args[0]);
          Value mean = m.div(args[1], n), variance = m.div(args[2], n);
          Value deviation = m.sub(v, mean);
          Value normalized =
              m.div(deviation, m.sqrt(m.add(variance, m.cst(eps))));
          unsigned next = 3;
          if (hasWeight)
            normalized = m.mul(normalized, m.ext(args[next++]));
          if (hasBias)
            normalized = m.add(normalized, m.ext(args[next++]));
          return m.round(normalized, type.getElementType());
        });
    rewriter.replaceOp(op, y);
    return success();
  }
};

struct SoftmaxLowering : MoltenLowering<SoftmaxOp> {
  using MoltenLowering::MoltenLowering;

  LogicalResult
  matchAndRewrite(SoftmaxOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value x = adaptor.getInput();
    RankedTensorType type = resultType(op);
    FloatType computeType = this->computeType(rewriter);
    int64_t axis = *normalizeAxis(op.getAxis(), type.getRank());

    // y = exp(x - max) / sum(exp(x - max)) over axis
    Value max =
        buildReduction(rewriter, loc, x, {axis}, {}, computeType, -INFINITY,
                       [&](ImplicitLocOpBuilder &b, ValueRange args) {
                         Math m(b, computeType);
                         return m.max(args[1], m.ext(args[0]));
                       });
    Value sum = buildReduction(
        rewriter, loc, x, {axis}, {max}, computeType, 0.0,
        [&](ImplicitLocOpBuilder &b, ValueRange args) {
          Math m(b, computeType);
          return m.add(args[2], m.exp(m.sub(m.ext(args[0]), args[1])));
        });
    Value y = buildRowEpilogue(
        rewriter, loc, x, axis, {max, sum}, {}, type,
        [&](ImplicitLocOpBuilder &b, ValueRange args) {
          Math m(b, computeType);
          Value e = m.exp(m.sub(m.ext(args[0]), args[1]));
          return m.round(m.div(e, args[2]), type.getElementType());
        });
    rewriter.replaceOp(op, y);
    return success();
  }
};

struct RopeLowering : MoltenLowering<RopeOp> {
  using MoltenLowering::MoltenLowering;

  LogicalResult
  matchAndRewrite(RopeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *context = op.getContext();
    Value x = adaptor.getInput();
    RankedTensorType type = resultType(op);
    FloatType computeType = this->computeType(rewriter);
    int64_t rank = type.getRank();
    bool interleaved = op.getMode() == RopeMode::interleaved;
    Value half;
    if (!interleaved)
      half = arith::DivUIOp::create(
          rewriter, loc, dimValue(rewriter, loc, x, rank - 1),
          arith::ConstantIndexOp::create(rewriter, loc, 2));

    // y = x * cos + rotate(x) * sin; rotate(x) reads x at the partner index
    // p of the innermost index i:
    //   rotate_half: i < D/2 ? -x[i + D/2] : x[i - D/2]
    //   interleaved: i even  ? -x[i + 1]   : x[i - 1]
    ArrayRef<int64_t> shape = type.getShape();
    AffineMap tableMap = broadcastMap(
        context, cast<RankedTensorType>(adaptor.getCos().getType()).getShape(),
        shape);
    SmallVector<utils::IteratorType> iterators(rank,
                                               utils::IteratorType::parallel);
    Value y = buildGeneric(
        rewriter, loc, emptyLike(rewriter, loc, type, x),
        {x, adaptor.getCos(), adaptor.getSin()},
        {rewriter.getMultiDimIdentityMap(rank), tableMap, tableMap},
        rewriter.getMultiDimIdentityMap(rank), iterators,
        [&](ImplicitLocOpBuilder &b, ValueRange args) {
          Math m(b, computeType);
          SmallVector<Value> indices;
          for (int64_t i = 0; i < rank; ++i)
            indices.push_back(linalg::IndexOp::create(b, i));
          Value i = indices.back();
          Value negated, partner;
          if (interleaved) {
            Value one = arith::ConstantIndexOp::create(b, 1);
            Value zero = arith::ConstantIndexOp::create(b, 0);
            Value low = arith::AndIOp::create(b, i, one);
            negated =
                arith::CmpIOp::create(b, arith::CmpIPredicate::eq, low, zero);
            Value next = arith::AddIOp::create(b, i, one);
            Value previous = arith::SubIOp::create(b, i, one);
            partner = arith::SelectOp::create(b, negated, next, previous);
          } else {
            negated =
                arith::CmpIOp::create(b, arith::CmpIPredicate::ult, i, half);
            Value up = arith::AddIOp::create(b, i, half);
            Value down = arith::SubIOp::create(b, i, half);
            partner = arith::SelectOp::create(b, negated, up, down);
          }
          indices.back() = partner;
          Value other = m.ext(tensor::ExtractOp::create(b, x, indices));
          Value rotated =
              arith::SelectOp::create(b, negated, m.neg(other), other);
          Value v = m.ext(args[0]), cos = m.ext(args[1]), sin = m.ext(args[2]);
          Value straight = m.mul(v, cos);
          Value turned = m.mul(rotated, sin);
          return m.round(m.add(straight, turned), type.getElementType());
        });
    rewriter.replaceOp(op, y);
    return success();
  }
};
} // namespace

//===----------------------------------------------------------------------===//
// Contractions: matmul and attention
//===----------------------------------------------------------------------===//

/// `sum(lhs * rhs)` over the reduction dims of `iterators`, into a tensor of
/// `accType` (the compute type) from zero; `maps` read lhs and rhs and write
/// the result, whose dynamic dimension `i` is `resultDim(i)`. f16/bf16
/// operands are extended, each product is accumulated in the compute type.
static Value buildContraction(OpBuilder &b, Location loc, Value lhs, Value rhs,
                              ArrayRef<AffineMap> maps,
                              ArrayRef<utils::IteratorType> iterators,
                              RankedTensorType accType,
                              function_ref<Value(int64_t)> resultDim) {
  auto computeType = cast<FloatType>(accType.getElementType());
  Value zero =
      arith::ConstantOp::create(b, loc, b.getFloatAttr(computeType, 0.0));
  Value init = linalg::FillOp::create(
                   b, loc, ValueRange{zero},
                   ValueRange{emptyTensor(b, loc, accType, resultDim)})
                   .getResult(0);
  return buildGeneric(b, loc, init, {lhs, rhs}, maps.drop_back(), maps.back(),
                      iterators,
                      [&](ImplicitLocOpBuilder &ib, ValueRange args) {
                        Math m(ib, computeType);
                        Value x = m.ext(args[0]), y = m.ext(args[1]);
                        return m.add(args[2], m.mul(x, y));
                      });
}

namespace {
struct MatmulLowering : MoltenLowering<MatmulOp> {
  using MoltenLowering::MoltenLowering;

  LogicalResult
  matchAndRewrite(MatmulOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *context = op.getContext();
    Value lhs = adaptor.getLhs(), rhs = adaptor.getRhs();
    RankedTensorType type = resultType(op);
    FloatType computeType = this->computeType(rewriter);
    int64_t rank = type.getRank(), batch = rank - 2;
    int64_t rhsRank = cast<RankedTensorType>(rhs.getType()).getRank();
    bool transposed = op.getTransposeRhs();

    // Iteration space (batch..., m, n, k):
    //   out[b.., m, n] += lhs[b.., m, k] * rhs[(b..,) k, n]  (or [.., n, k])
    auto dim = [&](int64_t i) { return getAffineDimExpr(i, context); };
    AffineExpr m = dim(batch), n = dim(batch + 1), k = dim(batch + 2);
    SmallVector<AffineExpr> lhsExprs, rhsExprs, outExprs;
    for (int64_t i = 0; i < batch; ++i) {
      lhsExprs.push_back(dim(i));
      outExprs.push_back(dim(i));
      if (rhsRank == rank)
        rhsExprs.push_back(dim(i)); // a rank-2 rhs is shared by all batches
    }
    lhsExprs.append({m, k});
    rhsExprs.append(transposed ? SmallVector<AffineExpr>{n, k}
                               : SmallVector<AffineExpr>{k, n});
    outExprs.append({m, n});
    auto map = [&](ArrayRef<AffineExpr> exprs) {
      return AffineMap::get(rank + 1, 0, exprs, context);
    };
    SmallVector<utils::IteratorType> iterators(rank + 1,
                                               utils::IteratorType::parallel);
    iterators.back() = utils::IteratorType::reduction;

    // Result dims: batch and M from lhs, N from rhs.
    int64_t rhsN = rhsRank - (transposed ? 2 : 1);
    auto resultDim = [&](int64_t i) {
      return i == rank - 1 ? dimValue(rewriter, loc, rhs, rhsN)
                           : dimValue(rewriter, loc, lhs, i);
    };
    Value acc = buildContraction(rewriter, loc, lhs, rhs,
                                 {map(lhsExprs), map(rhsExprs), map(outExprs)},
                                 iterators, type.clone(computeType), resultDim);
    // The accumulators rounded once.
    return replaceByRounded(op, acc, type, rewriter);
  }
};

struct AttentionLowering : MoltenLowering<AttentionOp> {
  using MoltenLowering::MoltenLowering;

  LogicalResult
  matchAndRewrite(AttentionOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *context = op.getContext();
    Value query = adaptor.getQuery(), key = adaptor.getKey(),
          value = adaptor.getValue(), mask = adaptor.getMask();
    RankedTensorType type = resultType(op);
    FloatType computeType = this->computeType(rewriter);
    int64_t rank = type.getRank();
    // The scores' query and key dims (i, j); the operands' sequence dim is
    // rowDim too.
    int64_t rowDim = rank - 2, keyDim = rank - 1;
    double scale = op.getScaleValue();
    bool causal = op.getCausal();
    // Query head h reads key/value head h / group. (getGroupSize divides by
    // the key heads; where there are none, every tensor is empty.)
    auto keyType = cast<RankedTensorType>(key.getType());
    int64_t group =
        rank >= 3 && keyType.getDimSize(rank - 3) == 0 ? 1 : op.getGroupSize();

    // The scores [batch..., Hq, Sq, Skv] in the compute type: the query's
    // dims (or the result's, where more static), and the keys' length.
    auto valueType = cast<RankedTensorType>(value.getType());
    SmallVector<int64_t> scoresShape;
    auto queryShape = cast<RankedTensorType>(query.getType()).getShape();
    for (int64_t i = 0; i < keyDim; ++i)
      scoresShape.push_back(ShapedType::isDynamic(queryShape[i])
                                ? type.getDimSize(i)
                                : queryShape[i]);
    scoresShape.push_back(ShapedType::isDynamic(keyType.getDimSize(rowDim))
                              ? valueType.getDimSize(rowDim)
                              : keyType.getDimSize(rowDim));
    auto scoresType = RankedTensorType::get(scoresShape, computeType);
    auto scoresDim = [&](int64_t i) {
      return i == keyDim ? dimValue(rewriter, loc, key, rowDim)
                         : dimValue(rewriter, loc, query, i);
    };

    // Both products iterate over (batch..., [head,] i, x, y) and reduce y:
    //   scores[.., h, i, j] += q[.., h, i, d] * k[.., h / group, j, d]
    //   out[.., h, i, e]    += p[.., h, i, j] * v[.., h / group, j, e]
    auto dim = [&](int64_t i) { return getAffineDimExpr(i, context); };
    auto map = [&](ArrayRef<AffineExpr> exprs) {
      return AffineMap::get(rank + 1, 0, exprs, context);
    };
    // rows: (batch..., [head,] i); kvBatch: (batch..., [head / group]).
    SmallVector<AffineExpr> rows, kvBatch;
    for (int64_t i = 0; i < rowDim; ++i) {
      rows.push_back(dim(i));
      kvBatch.push_back(i == rank - 3 && group > 1 ? dim(i).floorDiv(group)
                                                   : dim(i));
    }
    rows.push_back(dim(rowDim));
    AffineExpr x = dim(rank - 1), y = dim(rank);
    auto with = [](ArrayRef<AffineExpr> prefix, ArrayRef<AffineExpr> rest) {
      SmallVector<AffineExpr> exprs(prefix);
      exprs.append(rest.begin(), rest.end());
      return exprs;
    };
    SmallVector<utils::IteratorType> iterators(rank + 1,
                                               utils::IteratorType::parallel);
    iterators.back() = utils::IteratorType::reduction;
    Value scores = buildContraction(
        rewriter, loc, query, key,
        {map(with(rows, y)), map(with(kvBatch, {x, y})), map(with(rows, x))},
        iterators, scoresType, scoresDim);

    // logits = scores * scale + mask, and -inf above the diagonal (j > i)
    // with `causal`; the mask broadcasts to the scores.
    SmallVector<Value> inputs = {scores};
    SmallVector<AffineMap> maps = {rewriter.getMultiDimIdentityMap(rank)};
    if (mask) {
      inputs.push_back(mask);
      maps.push_back(broadcastMap(
          context, cast<RankedTensorType>(mask.getType()).getShape(),
          scoresShape));
    }
    SmallVector<utils::IteratorType> parallel(rank,
                                              utils::IteratorType::parallel);
    Value logits = buildGeneric(
        rewriter, loc, emptyLike(rewriter, loc, scoresType, scores), inputs,
        maps, rewriter.getMultiDimIdentityMap(rank), parallel,
        [&](ImplicitLocOpBuilder &b, ValueRange args) -> Value {
          Math m(b, computeType);
          Value logit = m.mul(args[0], m.cst(scale));
          if (mask)
            logit = m.add(logit, m.ext(args[1]));
          if (!causal)
            return logit;
          Value i = linalg::IndexOp::create(b, rowDim);
          Value j = linalg::IndexOp::create(b, keyDim);
          Value above =
              arith::CmpIOp::create(b, arith::CmpIPredicate::ugt, j, i);
          return arith::SelectOp::create(b, above, m.cst(-INFINITY), logit);
        });

    // p = softmax(logits) over j, as SoftmaxLowering computes it. By
    // default a fully masked row (its max -inf) subtracts 0 instead, so that
    // exp(-inf - -inf) makes no NaN, and divides its exp(-inf) = 0 by 1
    // instead of their sum 0: its p is 0, as in PyTorch's SDPA. With
    // `nan_if_masked` it is softmax's own NaN.
    bool zeroIfMasked = !op.getNanIfMasked();
    Value max = buildReduction(rewriter, loc, logits, {keyDim}, {}, computeType,
                               -INFINITY,
                               [&](ImplicitLocOpBuilder &b, ValueRange args) {
                                 Math m(b, computeType);
                                 return m.max(args[1], args[0]);
                               });
    // (Ops built in more than one argument of a call are named first: the
    // order of their evaluation, and so of the IR, is unspecified.)
    auto isMasked = [&](Math &m, Value max) -> Value {
      if (!zeroIfMasked)
        return {};
      return m.compare(ComparePredicate::eq, max, m.cst(-INFINITY));
    };
    // exp(x - max), or exp(x - 0) = 0 in a fully masked row (`masked`, where
    // rows are told apart).
    auto expShifted = [&](ImplicitLocOpBuilder &b, Math &m, Value x, Value max,
                          Value masked) {
      Value shift = max;
      if (masked) {
        Value zero = m.cst(0.0);
        shift = arith::SelectOp::create(b, masked, zero, max);
      }
      return m.exp(m.sub(x, shift));
    };
    Value sum = buildReduction(
        rewriter, loc, logits, {keyDim}, {max}, computeType, 0.0,
        [&](ImplicitLocOpBuilder &b, ValueRange args) {
          Math m(b, computeType);
          Value masked = isMasked(m, args[1]);
          return m.add(args[2], expShifted(b, m, args[0], args[1], masked));
        });
    Value probs = buildRowEpilogue(
        rewriter, loc, logits, keyDim, {max, sum}, {}, scoresType,
        [&](ImplicitLocOpBuilder &b, ValueRange args) -> Value {
          Math m(b, computeType);
          Value masked = isMasked(m, args[1]);
          Value e = expShifted(b, m, args[0], args[1], masked);
          Value divisor = args[2];
          if (masked) {
            Value one = m.cst(1.0);
            divisor = arith::SelectOp::create(b, masked, one, args[2]);
          }
          return m.div(e, divisor);
        });

    // out = p @ v, rounded once.
    Value acc = buildContraction(
        rewriter, loc, probs, value,
        {map(with(rows, y)), map(with(kvBatch, {y, x})), map(with(rows, x))},
        iterators, type.clone(computeType),
        [&](int64_t i) { return dimValue(rewriter, loc, query, i); });
    return replaceByRounded(op, acc, type, rewriter);
  }
};
} // namespace

//===----------------------------------------------------------------------===//
// Data movement
//===----------------------------------------------------------------------===//

namespace {
struct BroadcastToLowering : MoltenLowering<BroadcastToOp> {
  using MoltenLowering::MoltenLowering;

  LogicalResult
  matchAndRewrite(BroadcastToOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType type = resultType(op);
    int64_t rank = type.getRank();
    // The dynamic result dims take their sizes from the operands, in order.
    Value init = tensor::EmptyOp::create(rewriter, loc, type.getShape(),
                                         type.getElementType(),
                                         adaptor.getDynamicSizes());
    Value input = adaptor.getInput();
    AffineMap map = broadcastMap(
        op.getContext(), cast<RankedTensorType>(input.getType()).getShape(),
        type.getShape());
    SmallVector<utils::IteratorType> iterators(rank,
                                               utils::IteratorType::parallel);
    rewriter.replaceOp(
        op, buildGeneric(rewriter, loc, init, input, map,
                         rewriter.getMultiDimIdentityMap(rank), iterators,
                         [](ImplicitLocOpBuilder &, ValueRange args) {
                           return args[0];
                         }));
    return success();
  }
};

struct ReshapeLowering : MoltenLowering<ReshapeOp> {
  using MoltenLowering::MoltenLowering;

  LogicalResult
  matchAndRewrite(ReshapeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getInput();
    RankedTensorType type = resultType(op);
    auto inputType = cast<RankedTensorType>(input.getType());
    // The (at most one) dynamic result dim is the element count divided by
    // the product of the static result dims.
    SmallVector<Value> shape;
    for (int64_t i = 0; i < type.getRank(); ++i) {
      if (!type.isDynamicDim(i)) {
        shape.push_back(
            arith::ConstantIndexOp::create(rewriter, loc, type.getDimSize(i)));
        continue;
      }
      Value count = elementCountIndex(
          rewriter, loc, input,
          llvm::to_vector(llvm::seq<int64_t>(0, inputType.getRank())));
      int64_t staticProduct = 1;
      for (int64_t size : type.getShape())
        if (!ShapedType::isDynamic(size))
          staticProduct *= size;
      shape.push_back(arith::DivUIOp::create(
          rewriter, loc, count,
          arith::ConstantIndexOp::create(rewriter, loc, staticProduct)));
    }
    auto shapeType =
        RankedTensorType::get({type.getRank()}, rewriter.getIndexType());
    Value shapeTensor =
        tensor::FromElementsOp::create(rewriter, loc, shapeType, shape);
    rewriter.replaceOpWithNewOp<tensor::ReshapeOp>(op, type, input,
                                                   shapeTensor);
    return success();
  }
};

struct TransposeLowering : MoltenLowering<TransposeOp> {
  using MoltenLowering::MoltenLowering;

  LogicalResult
  matchAndRewrite(TransposeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getInput();
    ArrayRef<int64_t> permutation = op.getPermutation();
    // Result dimension i is input dimension permutation[i].
    Value init = emptyTensor(rewriter, loc, resultType(op), [&](int64_t i) {
      return dimValue(rewriter, loc, input, permutation[i]);
    });
    rewriter.replaceOp(
        op, linalg::TransposeOp::create(rewriter, loc, input, init, permutation)
                .getResult()[0]);
    return success();
  }
};

struct SliceLowering : MoltenLowering<SliceOp> {
  using MoltenLowering::MoltenLowering;

  LogicalResult
  matchAndRewrite(SliceOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getInput();
    SmallVector<OpFoldResult> offsets, sizes, strides;
    for (auto [d, offset, size, stride] :
         llvm::enumerate(op.getOffsets(), op.getSizes(), op.getStrides())) {
      offsets.push_back(rewriter.getIndexAttr(offset));
      strides.push_back(rewriter.getIndexAttr(stride));
      // Size -1 keeps the whole dimension (offset 0, stride 1).
      sizes.push_back(size == -1 ? dimSize(rewriter, loc, input, d)
                                 : rewriter.getIndexAttr(size));
    }
    rewriter.replaceOpWithNewOp<tensor::ExtractSliceOp>(
        op, resultType(op), input, offsets, sizes, strides);
    return success();
  }
};

struct ConcatLowering : MoltenLowering<ConcatOp> {
  using MoltenLowering::MoltenLowering;

  LogicalResult
  matchAndRewrite(ConcatOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    ValueRange inputs = adaptor.getInputs();
    int64_t dim = op.getDim();
    RankedTensorType type = resultType(op);
    int64_t rank = type.getRank();

    // Along `dim` the size is the sum of the inputs'; every other dimension
    // is dynamic only if it is dynamic in all inputs: take the first's.
    Value result = emptyTensor(rewriter, loc, type, [&](int64_t i) -> Value {
      if (i != dim)
        return dimValue(rewriter, loc, inputs.front(), i);
      Value total = dimValue(rewriter, loc, inputs.front(), dim);
      for (Value input : inputs.drop_front())
        total = arith::AddIOp::create(rewriter, loc, total,
                                      dimValue(rewriter, loc, input, dim));
      return total;
    });
    // Insert each input at the running offset along `dim`: the sum of the
    // sizes before it, kept as a constant while they are static.
    int64_t staticOffset = 0;
    Value dynamicOffset;
    for (auto [n, input] : llvm::enumerate(inputs)) {
      SmallVector<OpFoldResult> offsets(rank, rewriter.getIndexAttr(0));
      SmallVector<OpFoldResult> strides(rank, rewriter.getIndexAttr(1));
      SmallVector<OpFoldResult> sizes;
      for (int64_t d = 0; d < rank; ++d)
        sizes.push_back(dimSize(rewriter, loc, input, d));
      if (!dynamicOffset)
        offsets[dim] = rewriter.getIndexAttr(staticOffset);
      else if (staticOffset == 0)
        offsets[dim] = dynamicOffset;
      else
        offsets[dim] = arith::AddIOp::create(rewriter, loc, dynamicOffset,
                                             arith::ConstantIndexOp::create(
                                                 rewriter, loc, staticOffset))
                           .getResult();
      result = tensor::InsertSliceOp::create(rewriter, loc, input, result,
                                             offsets, sizes, strides);
      if (n + 1 == inputs.size())
        break;
      if (auto size = getConstantIntValue(sizes[dim]))
        staticOffset += *size;
      else if (dynamicOffset)
        dynamicOffset = arith::AddIOp::create(rewriter, loc, dynamicOffset,
                                              cast<Value>(sizes[dim]));
      else
        dynamicOffset = cast<Value>(sizes[dim]);
    }
    rewriter.replaceOp(op, result);
    return success();
  }
};
} // namespace

//===----------------------------------------------------------------------===//
// f64 mode: retyping the non-molten ops
//===----------------------------------------------------------------------===//

namespace {
/// Rebuilds a region-less non-molten op (tensor.dim, tensor.cast,
/// func.return, func.call, arith.constant, ...) with converted operand and
/// result types; float attributes (a constant's value) are converted too.
struct RetypeOp : ConversionPattern {
  RetypeOp(const TypeConverter &converter, MLIRContext *context)
      : ConversionPattern(converter, MatchAnyOpTypeTag(), /*benefit=*/1,
                          context) {}

  LogicalResult
  matchAndRewrite(Operation *op, ArrayRef<Value> operands,
                  ConversionPatternRewriter &rewriter) const override {
    if (op->getNumRegions() != 0 || isa<MoltenDialect>(op->getDialect()))
      return rewriter.notifyMatchFailure(op, "only region-less non-molten ops");
    SmallVector<Type> types;
    if (failed(getTypeConverter()->convertTypes(op->getResultTypes(), types)))
      return rewriter.notifyMatchFailure(op, "a result type does not convert");
    SmallVector<NamedAttribute> attributes;
    for (NamedAttribute attr : op->getAttrs())
      attributes.emplace_back(attr.getName(), convertAttr(attr.getValue()));
    OperationState state(op->getLoc(), op->getName(), operands, types,
                         attributes, op->getSuccessors());
    rewriter.replaceOp(op, rewriter.create(state)->getResults());
    return success();
  }

  Attribute convertAttr(Attribute attr) const {
    if (auto dense = dyn_cast<DenseFPElementsAttr>(attr)) {
      auto type = dyn_cast_or_null<RankedTensorType>(
          getTypeConverter()->convertType(dense.getType()));
      return type ? convertElements(dense, type) : attr;
    }
    if (auto scalar = dyn_cast<FloatAttr>(attr)) {
      Type type = getTypeConverter()->convertType(scalar.getType());
      if (type && type != scalar.getType())
        return FloatAttr::get(type, scalar.getValueAsDouble());
    }
    if (auto typeAttr = dyn_cast<TypeAttr>(attr)) {
      Type type = getTypeConverter()->convertType(typeAttr.getValue());
      return type ? TypeAttr::get(type) : attr;
    }
    return attr;
  }
};
} // namespace

//===----------------------------------------------------------------------===//
// The pass
//===----------------------------------------------------------------------===//

/// Replaces each molten.fused by its body: the ops move out, the block
/// arguments become the inputs and the results the yielded values.
static void inlineFusedRegions(Operation *root) {
  SmallVector<FusedOp> fusedOps;
  root->walk([&](FusedOp op) { fusedOps.push_back(op); });
  IRRewriter rewriter(root->getContext());
  for (FusedOp op : fusedOps) {
    YieldOp yield = op.getYield();
    // A region may yield one of its block arguments: that result is the
    // matching input, since the argument is gone once the block is inlined.
    SmallVector<Value> results;
    for (Value v : yield.getValues()) {
      auto arg = dyn_cast<BlockArgument>(v);
      results.push_back(arg && arg.getOwner() == &op.getBody().front()
                            ? op.getInputs()[arg.getArgNumber()]
                            : v);
    }
    rewriter.inlineBlockBefore(&op.getBody().front(), op, op.getInputs());
    rewriter.eraseOp(yield);
    rewriter.replaceOp(op, results);
  }
}

namespace {
struct ConvertMoltenToLinalg
    : molten::impl::ConvertMoltenToLinalgBase<ConvertMoltenToLinalg> {
  using ConvertMoltenToLinalgBase::ConvertMoltenToLinalgBase;

  void runOnOperation() override {
    MLIRContext *context = &getContext();
    inlineFusedRegions(getOperation());

    // The identity, or in f64 mode every float (scalar or tensor element)
    // to f64. Later conversions are tried first.
    TypeConverter converter;
    converter.addConversion([](Type type) { return type; });
    if (useF64) {
      Type f64 = Float64Type::get(context);
      converter.addConversion([f64](FloatType) -> Type { return f64; });
      converter.addConversion([f64](RankedTensorType type) -> Type {
        if (isa<FloatType>(type.getElementType()))
          return type.clone(f64);
        return type;
      });
    }

    ConversionTarget target(*context);
    target.addIllegalDialect<MoltenDialect>();
    target.markUnknownOpDynamicallyLegal([&](Operation *op) {
      if (auto function = dyn_cast<FunctionOpInterface>(op)) {
        auto type = dyn_cast<FunctionType>(function.getFunctionType());
        return (!type || converter.isSignatureLegal(type)) &&
               converter.isLegal(&function.getFunctionBody());
      }
      return converter.isLegal(op);
    });

    RewritePatternSet patterns(context);
    patterns
        .add<FormulaLowering, CastLowering, SelectLowering, ConstantLowering,
             ReduceLowering<ReduceSumOp>, ReduceLowering<ReduceMeanOp>,
             ReduceLowering<ReduceMaxOp>, ReduceLowering<ReduceMinOp>,
             RmsNormLowering, LayerNormLowering, SoftmaxLowering, RopeLowering,
             MatmulLowering, AttentionLowering, BroadcastToLowering,
             ReshapeLowering, TransposeLowering, SliceLowering, ConcatLowering>(
            converter, context, useF64);
    if (useF64) {
      populateFunctionOpInterfaceTypeConversionPattern<func::FuncOp>(patterns,
                                                                     converter);
      patterns.add<RetypeOp>(converter, context);
    }

    if (failed(applyPartialConversion(getOperation(), target,
                                      std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace
