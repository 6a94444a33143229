//===- KernelBuilder.cpp - shared machinery of the GPU emitters -----------===//
//
// Part of the Molten project, under the Apache License v2.0.
//
//===----------------------------------------------------------------------===//

#include "KernelBuilder.h"

#include "Molten/Conversion/ArithMath.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

#include <cmath>

using namespace mlir;
using namespace mlir::molten;

//===----------------------------------------------------------------------===//
// Sizes
//===----------------------------------------------------------------------===//

SizeExprAttr Sizes::dim(const DimExpr &d) const {
  if (d.isConstant())
    return (*this)(d.value);
  SizeExprAttr size = SizeExprAttr::symbol(context, d.sym);
  if (d.mul != 1)
    size = mul(size, (*this)(d.mul));
  if (d.div != 1)
    size = SizeExprAttr::get(SizeExprKind::div, size, (*this)(d.div));
  return size;
}

SizeExprAttr Sizes::product(ArrayRef<DimExpr> dims) const {
  int64_t constant = 1;
  SizeExprAttr size;
  for (const DimExpr &d : dims) {
    if (d.isConstant()) {
      constant *= d.value;
      continue;
    }
    size = size ? mul(size, dim(d)) : dim(d);
  }
  if (!size)
    return (*this)(constant);
  return constant == 1 ? size : mul(size, (*this)(constant));
}

//===----------------------------------------------------------------------===//
// KernelContext
//===----------------------------------------------------------------------===//

Value KernelContext::index(int64_t v) {
  Value &c = constants[v];
  if (!c) {
    OpBuilder atEntry(entry, entry->begin());
    c = arith::ConstantIndexOp::create(atEntry, loc, v);
  }
  return c;
}

Value KernelContext::dim(const DimExpr &d) {
  if (d.isConstant())
    return index(d.value);
  Value v = symbols[d.sym];
  if (d.mul != 1)
    v = arith::MulIOp::create(b, loc, v, index(d.mul));
  if (d.div != 1)
    v = arith::DivUIOp::create(b, loc, v, index(d.div));
  return v;
}

Value KernelContext::numElements(Value v) {
  Value n = index(1);
  int64_t constant = 1;
  for (const DimExpr &d : shapes.getShape(v)) {
    if (d.isConstant())
      constant *= d.value;
    else
      n = arith::MulIOp::create(b, loc, n, dim(d));
  }
  return arith::MulIOp::create(b, loc, n, index(constant));
}

SmallVector<Value> KernelContext::dims(Value v) {
  if (flat)
    return {numElements(v)};
  SmallVector<Value> result;
  for (const DimExpr &d : shapes.getShape(v))
    result.push_back(dim(d));
  return result;
}

Value KernelContext::linearize(ArrayRef<Value> idx, ArrayRef<Value> sizes) {
  if (idx.empty())
    return index(0);
  // Reuse is safe only through an index computed from the recorded offset:
  // the caller uses it here, so it and the offset it came from dominate.
  auto computed = [](ArrayRef<Value> values) {
    return llvm::any_of(values,
                        [](Value v) { return !getConstantIntValue(v); });
  };
  // linearize ignores the outermost size.
  auto sameShape = [&](const Delinearized &d) {
    return d.idx.size() == idx.size() &&
           ArrayRef(d.sizes).drop_front() == sizes.drop_front();
  };
  if (computed(idx))
    for (const Delinearized &d : delinearized)
      if (sameShape(d) && ArrayRef(d.idx) == idx)
        return d.linear;
  // The same row, another last index: the row's start plus that index.
  if (computed(idx.drop_back()))
    for (const Delinearized &d : delinearized)
      if (sameShape(d) && ArrayRef(d.idx).drop_back() == idx.drop_back())
        return arith::AddIOp::create(
            b, loc, arith::SubIOp::create(b, loc, d.linear, d.idx.back()),
            idx.back());
  Value offset = idx[0];
  for (size_t i = 1; i < idx.size(); ++i)
    offset = arith::AddIOp::create(
        b, loc, arith::MulIOp::create(b, loc, offset, sizes[i]), idx[i]);
  return offset;
}

SmallVector<Value> KernelContext::delinearize(Value linear,
                                              ArrayRef<Value> sizes) {
  Value first = linear;
  // A dim of size 1 gets the constant 0, the same Value that broadcasting
  // uses for it: memoised and defined values are keyed by index Values.
  auto isOne = [](Value size) {
    std::optional<int64_t> c = getConstantIntValue(size);
    return c && *c == 1;
  };
  SmallVector<Value> idx(sizes.size());
  for (int64_t i = (int64_t)sizes.size() - 1; i > 0; --i) {
    if (isOne(sizes[i])) {
      idx[i] = index(0);
      continue;
    }
    idx[i] = arith::RemUIOp::create(b, loc, linear, sizes[i]);
    linear = arith::DivUIOp::create(b, loc, linear, sizes[i]);
  }
  if (sizes.empty())
    return idx;
  idx[0] = isOne(sizes[0]) ? index(0) : linear;
  delinearized.push_back({idx, SmallVector<Value>(sizes), first});
  return idx;
}

std::pair<Value, Value> KernelContext::globalThread() {
  Value tid = gpu::ThreadIdOp::create(b, loc, gpu::Dimension::x);
  Value bid = gpu::BlockIdOp::create(b, loc, gpu::Dimension::x);
  Value bdim = gpu::BlockDimOp::create(b, loc, gpu::Dimension::x);
  Value gdim = gpu::GridDimOp::create(b, loc, gpu::Dimension::x);
  Value id = arith::AddIOp::create(
      b, loc, arith::MulIOp::create(b, loc, bid, bdim), tid);
  return {id, arith::MulIOp::create(b, loc, gdim, bdim)};
}

Type mlir::molten::storageType(Type elementType) {
  if (elementType.isInteger(1))
    return IntegerType::get(elementType.getContext(), 8);
  return elementType;
}

std::optional<int64_t> mlir::molten::innerSize(Value v) {
  auto type = cast<RankedTensorType>(v.getType());
  if (type.getRank() == 0)
    return 1;
  int64_t d = type.getShape().back();
  if (ShapedType::isDynamic(d))
    return std::nullopt;
  return d;
}

//===----------------------------------------------------------------------===//
// RegionEvaluator
//===----------------------------------------------------------------------===//

static Type elementTypeOf(Value v) {
  return cast<RankedTensorType>(v.getType()).getElementType();
}

static Type withWidth(Type element, int64_t width) {
  if (width == 1)
    return element;
  return VectorType::get({width}, element);
}

namespace {
/// Formulas (MoltenOps.td) in a kernel: f32 lanes, with the hardware
/// reciprocal (rcp.approx, within 1 ulp) for 1 / d, because an IEEE division
/// costs a dozen instructions per element (docs/precision.md).
class KernelMath : public ArithMath {
public:
  KernelMath(KernelContext &ctx, int64_t width)
      : ArithMath(ctx.b, ctx.loc, withWidth(ctx.b.getF32Type(), width)) {}

  Value recip(Value d) override {
    Value one = cst(1.0);
    return arith::DivFOp::create(b, loc, one, d, arith::FastMathFlags::afn);
  }
};
} // namespace

RegionEvaluator::Key RegionEvaluator::key(Value v, ArrayRef<Value> idx,
                                          int64_t width) {
  Key k = {v.getAsOpaquePointer(), reinterpret_cast<const void *>(width)};
  for (Value i : idx)
    k.push_back(i.getAsOpaquePointer());
  return k;
}

void RegionEvaluator::define(Value v, ArrayRef<Value> idx, int64_t width,
                             Value result) {
  defined[key(v, idx, width)] = result;
}

FailureOr<Value> RegionEvaluator::eval(Value v, ArrayRef<Value> idx,
                                       int64_t width) {
  Key k = key(v, idx, width);
  if (auto it = defined.find(k); it != defined.end())
    return it->second;
  if (auto it = memo.find(k); it != memo.end())
    return it->second;
  FailureOr<Value> result = compute(v, idx, width);
  if (succeeded(result))
    memo[k] = *result;
  return result;
}

Value RegionEvaluator::toF32(Value v) {
  Type type = v.getType();
  Type element = getElementTypeOrSelf(type);
  if (element.isF32())
    return v;
  Type f32 = ctx.b.getF32Type();
  Type target = isa<VectorType>(type) ? cast<VectorType>(type).clone(f32) : f32;
  return arith::ExtFOp::create(ctx.b, ctx.loc, target, v);
}

Value RegionEvaluator::fromF32(Value v, Type elementType) {
  if (elementType.isF32())
    return v;
  Type type = v.getType();
  Type target = isa<VectorType>(type)
                    ? cast<VectorType>(type).clone(elementType)
                    : elementType;
  return arith::TruncFOp::create(ctx.b, ctx.loc, target, v);
}

Value RegionEvaluator::splatF32(double value, int64_t width) {
  return KernelMath(ctx, width).cst(value);
}

SmallVector<Value> RegionEvaluator::broadcastIndex(Value operand,
                                                   ArrayRef<Value> idx) {
  if (ctx.flat)
    return SmallVector<Value>(idx);
  ArrayRef<int64_t> shape =
      cast<RankedTensorType>(operand.getType()).getShape();
  int64_t lead = idx.size() - shape.size();
  SmallVector<Value> result;
  for (auto [j, d] : llvm::enumerate(shape))
    result.push_back(d == 1 ? ctx.index(0) : idx[lead + j]);
  return result;
}

/// Whether `v` is a molten constant whose every element is 1.
static bool isSplatOne(Value v) {
  auto constant = v.getDefiningOp<ConstantOp>();
  if (!constant || !constant.getValue().isSplat())
    return false;
  auto value =
      dyn_cast<FloatAttr>(constant.getValue().getSplatValue<Attribute>());
  return value && value.getValue().isExactlyValue(1.0);
}

bool RegionEvaluator::innerBroadcast(Value operand) {
  ArrayRef<int64_t> shape =
      cast<RankedTensorType>(operand.getType()).getShape();
  return !ctx.flat && (shape.empty() || shape.back() == 1);
}

Value RegionEvaluator::divideByShared(Value x, Value s, int64_t width) {
  OpBuilder &b = ctx.b;
  Location loc = ctx.loc;
  auto &[scale, reciprocal] = reciprocals[s];
  if (!reciprocal) {
    // c = 2^-64 for |s| > 2^64, 2^64 for |s| < 2^-64, else 1: s * c is
    // normal, so 1 / (s * c) is too, and x * c is exact unless x / s
    // overflows or is subnormal anyway. Zero, infinite and NaN s give
    // x / s's inf, zero and NaN.
    auto f32 = [&](double v) {
      return arith::ConstantOp::create(b, loc, b.getF32Type(),
                                       b.getF32FloatAttr(v));
    };
    Value mag = math::AbsFOp::create(b, loc, s);
    Value big = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGT, mag,
                                      f32(0x1p64));
    Value tiny = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT, mag,
                                       f32(0x1p-64));
    scale = arith::SelectOp::create(
        b, loc, big, f32(0x1p-64),
        arith::SelectOp::create(b, loc, tiny, f32(0x1p64), f32(1.0)));
    reciprocal = arith::DivFOp::create(b, loc, f32(1.0),
                                       arith::MulFOp::create(b, loc, s, scale));
  }
  auto splat = [&](Value v) -> Value {
    if (width == 1)
      return v;
    return vector::BroadcastOp::create(
        b, loc, VectorType::get({width}, b.getF32Type()), v);
  };
  return arith::MulFOp::create(b, loc,
                               arith::MulFOp::create(b, loc, x, splat(scale)),
                               splat(reciprocal));
}

FailureOr<Value> RegionEvaluator::evalBroadcast(Value operand,
                                                ArrayRef<Value> idx,
                                                int64_t width) {
  SmallVector<Value> opIdx = broadcastIndex(operand, idx);
  if (width == 1 || !innerBroadcast(operand))
    return eval(operand, opIdx, width);
  // Every lane reads the same element.
  FailureOr<Value> scalar = eval(operand, opIdx, 1);
  if (failed(scalar))
    return failure();
  return vector::BroadcastOp::create(
             ctx.b, ctx.loc, VectorType::get({width}, scalar->getType()),
             *scalar)
      .getResult();
}

void RegionEvaluator::forEachInput(
    Value v, ArrayRef<Value> idx, int64_t width,
    llvm::function_ref<void(BlockArgument, ArrayRef<Value>, int64_t)> visit,
    std::set<Key> &seen) {
  if (!seen.insert(key(v, idx, width)).second)
    return;
  if (auto arg = dyn_cast<BlockArgument>(v)) {
    if (isa<RankedTensorType>(v.getType()))
      visit(arg, idx, width);
    return;
  }
  Operation *op = v.getDefiningOp();
  if (!op->hasTrait<Elementwise>())
    return;
  for (Value operand : op->getOperands())
    if (isa<RankedTensorType>(operand.getType()))
      forEachInput(operand, broadcastIndex(operand, idx),
                   innerBroadcast(operand) ? 1 : width, visit, seen);
}

void RegionEvaluator::prefetch(Value v, ArrayRef<Value> idx, int64_t width,
                               llvm::function_ref<bool(BlockArgument)> wanted) {
  forEachInput(
      v, idx, width,
      [&](BlockArgument arg, ArrayRef<Value> argIdx, int64_t argWidth) {
        Key k = key(arg, argIdx, argWidth);
        if (wanted(arg) && !defined.count(k) && !memo.count(k))
          (void)eval(arg, argIdx,
                     argWidth); // A failure is reported at the use.
      },
      prefetched);
}

FailureOr<Value> RegionEvaluator::perLane(Value v, ArrayRef<Value> idx,
                                          int64_t width) {
  SmallVector<Value> lanes;
  for (int64_t l = 0; l < width; ++l) {
    SmallVector<Value> laneIdx(idx);
    laneIdx.back() =
        arith::AddIOp::create(ctx.b, ctx.loc, idx.back(), ctx.index(l));
    FailureOr<Value> lane = eval(v, laneIdx, 1);
    if (failed(lane))
      return failure();
    lanes.push_back(*lane);
  }
  return vector::FromElementsOp::create(
             ctx.b, ctx.loc, VectorType::get({width}, lanes[0].getType()),
             lanes)
      .getResult();
}

FailureOr<Value> RegionEvaluator::load(BlockArgument arg, ArrayRef<Value> idx,
                                       int64_t width) {
  Value buffer = ctx.inputBuffers[arg.getArgNumber()];
  Type element = elementTypeOf(arg);
  Type stored = storageType(element);
  // Lanes are contiguous and start at a multiple of `width` along the inner
  // dim; the access is aligned if the rows are too.
  std::optional<int64_t> inner = innerSize(arg);
  if (width > 1 && !ctx.flat && (!inner || *inner % width != 0))
    return perLane(arg, idx, width);
  Value offset = ctx.flat ? idx[0] : ctx.linearize(idx, ctx.dims(arg));
  Value value;
  if (width == 1) {
    value = memref::LoadOp::create(ctx.b, ctx.loc, buffer, offset);
  } else {
    int64_t bytes = width * stored.getIntOrFloatBitWidth() / 8;
    value =
        vector::LoadOp::create(ctx.b, ctx.loc, VectorType::get({width}, stored),
                               buffer, ValueRange{offset}, false,
                               llvm::MaybeAlign(std::min<int64_t>(bytes, 16)));
  }
  if (element.isInteger(1))
    value = arith::TruncIOp::create(ctx.b, ctx.loc, withWidth(element, width),
                                    value);
  return value;
}

void RegionEvaluator::store(Value v, Value buffer, ArrayRef<Value> idx,
                            int64_t width, Value value) {
  Type element = elementTypeOf(v);
  Type stored = storageType(element);
  if (element.isInteger(1))
    value =
        arith::ExtUIOp::create(ctx.b, ctx.loc, withWidth(stored, width), value);
  Value offset = ctx.flat ? idx[0] : ctx.linearize(idx, ctx.dims(v));
  if (width == 1) {
    memref::StoreOp::create(ctx.b, ctx.loc, value, buffer, offset);
    return;
  }
  int64_t bytes = width * stored.getIntOrFloatBitWidth() / 8;
  vector::StoreOp::create(ctx.b, ctx.loc, value, buffer, ValueRange{offset},
                          false,
                          llvm::MaybeAlign(std::min<int64_t>(bytes, 16)));
}

LogicalResult RegionEvaluator::storeAll(ValueRange values,
                                        ArrayRef<Value> buffers,
                                        ArrayRef<Value> idx, int64_t width) {
  for (auto [v, buffer] : llvm::zip(values, buffers)) {
    FailureOr<Value> value = eval(v, idx, width);
    if (failed(value))
      return failure();
    store(v, buffer, idx, width, *value);
  }
  return success();
}

/// Clamps a signed index into [lo, hi].
static Value clampIndex(KernelContext &ctx, Value v, int64_t lo, int64_t hi) {
  v = arith::MaxSIOp::create(ctx.b, ctx.loc, v, ctx.index(lo));
  return arith::MinSIOp::create(ctx.b, ctx.loc, v, ctx.index(hi));
}

namespace {
/// A concat whose inputs are all (negated) slices of one tensor along the
/// concat dim.
struct SliceSources {
  Value source;
  SmallVector<int64_t> offsets; // each input's offset into `source`
  SmallVector<bool> negated;
};
} // namespace

/// The sources of `concat` when every input is `slice(s)` or `neg(slice(s))`
/// of one float tensor `s`, the slices taking unit-stride ranges of the
/// concat dim, starting at a multiple of `align`, and whole other dims.
static std::optional<SliceSources> sliceSources(ConcatOp concat,
                                                int64_t align) {
  int64_t c = concat.getDim();
  SliceSources sources;
  for (Value input : concat.getInputs()) {
    bool negated = false;
    if (auto neg = input.getDefiningOp<NegOp>()) {
      negated = true;
      input = neg.getInput();
    }
    auto slice = input.getDefiningOp<SliceOp>();
    if (!slice || !isa<FloatType>(elementTypeOf(input)))
      return std::nullopt;
    if (sources.source && slice.getInput() != sources.source)
      return std::nullopt;
    ArrayRef<int64_t> offsets = slice.getOffsets(),
                      strides = slice.getStrides();
    for (auto [d, offset] : llvm::enumerate(offsets))
      if (strides[d] != 1 || ((int64_t)d != c && offset != 0))
        return std::nullopt;
    if (offsets[c] % align != 0)
      return std::nullopt;
    sources.source = slice.getInput();
    sources.offsets.push_back(offsets[c]);
    sources.negated.push_back(negated);
  }
  return sources;
}

Value RegionEvaluator::hardwareReciprocal(Value d, int64_t width) {
  return KernelMath(ctx, width).recip(d);
}

FailureOr<Value> RegionEvaluator::compute(Value v, ArrayRef<Value> idx,
                                          int64_t width) {
  OpBuilder &b = ctx.b;
  Location loc = ctx.loc;
  if (auto arg = dyn_cast<BlockArgument>(v))
    return load(arg, idx, width);
  Operation *op = v.getDefiningOp();
  Type resultElement = elementTypeOf(v);

  if (auto constant = dyn_cast<ConstantOp>(op)) {
    DenseElementsAttr value = constant.getValue();
    if (!value.isSplat())
      return op->emitOpError("dense non-splat constants are not supported "
                             "inside GPU kernels yet; pass the tensor as an "
                             "argument");
    Type type = withWidth(resultElement, width);
    TypedAttr attr;
    if (width == 1)
      attr = cast<TypedAttr>(value.getSplatValue<Attribute>());
    else
      attr = DenseElementsAttr::get(cast<ShapedType>(type),
                                    value.getSplatValue<Attribute>());
    return arith::ConstantOp::create(b, loc, type, attr).getResult();
  }
  if (op->hasTrait<Elementwise>())
    return computeElementwise(op, idx, width);
  if (isa<ReshapeOp, TransposeOp, SliceOp, ConcatOp>(op))
    return computeDataMovement(v, idx, width);

  if (auto broadcast = dyn_cast<BroadcastToOp>(op))
    return evalBroadcast(broadcast.getInput(), idx, width);

  if (isa<ReductionOpInterface>(op) || isa<MatmulOp>(op))
    return op->emitOpError("is used where its kernel does not compute it");
  return op->emitOpError("has no GPU lowering (run molten-decompose first)");
}

/// An elementwise op at idx: its operands broadcast to idx, the math in
/// f32 (comparisons and selects on their own types).
FailureOr<Value> RegionEvaluator::computeElementwise(Operation *op,
                                                     ArrayRef<Value> idx,
                                                     int64_t width) {
  OpBuilder &b = ctx.b;
  Location loc = ctx.loc;
  Type resultElement = elementTypeOf(op->getResult(0));
  // Operands of elementwise ops, broadcast to this index.
  auto operand = [&](unsigned i) {
    return evalBroadcast(op->getOperand(i), idx, width);
  };
  auto f32Operand = [&](unsigned i) -> FailureOr<Value> {
    FailureOr<Value> x = operand(i);
    if (failed(x))
      return failure();
    return toF32(*x);
  };
  auto finish = [&](Value f32Result) {
    return fromF32(f32Result, resultElement);
  };

  if (isa<SelectOp>(op)) {
    FailureOr<Value> c = operand(0), t = operand(1), f = operand(2);
    if (failed(c) || failed(t) || failed(f))
      return failure();
    return arith::SelectOp::create(b, loc, *c, *t, *f).getResult();
  }

  SmallVector<Value> xs;
  for (unsigned i = 0, e = op->getNumOperands(); i < e; ++i) {
    FailureOr<Value> x = f32Operand(i);
    if (failed(x))
      return failure();
    xs.push_back(*x);
  }
  Value r;
  if (isa<CastOp>(op)) {
    r = xs[0];
  } else if (isa<DivOp>(op) && width > 1 && innerBroadcast(op->getOperand(1))) {
    // One reciprocal per row for a divisor shared by the lanes.
    FailureOr<Value> shared = evalBroadcast(op->getOperand(1), idx, 1);
    if (failed(shared))
      return failure();
    r = divideByShared(xs[0], toF32(*shared), width);
  } else if (isa<DivOp>(op) && isSplatOne(op->getOperand(0))) {
    // A reciprocal (sigmoid's and silu's 1 / (1 + exp(-x)) after
    // molten-decompose).
    r = hardwareReciprocal(xs[1], width);
  } else if (auto formula = dyn_cast<ScalarFormulaOpInterface>(op)) {
    KernelMath math(ctx, width);
    r = formula.buildFormula(math, xs);
  } else {
    return op->emitOpError("has no GPU lowering (run molten-decompose first)");
  }
  // Comparisons give i1; float results round once.
  return isa<FloatType>(resultElement) ? finish(r) : r;
}

/// Data movement at idx: index arithmetic on its input.
FailureOr<Value> RegionEvaluator::computeDataMovement(Value v,
                                                      ArrayRef<Value> idx,
                                                      int64_t width) {
  OpBuilder &b = ctx.b;
  Location loc = ctx.loc;
  Operation *op = v.getDefiningOp();
  // Data movement: index arithmetic. Lanes stay contiguous only where the
  // inner dim maps to an inner dim without a shift that breaks alignment.
  if (auto reshape = dyn_cast<ReshapeOp>(op)) {
    Value input = reshape.getInput();
    std::optional<int64_t> in = innerSize(input), out = innerSize(v);
    if (width > 1 && !(in && out && *in % width == 0 && *out % width == 0))
      return perLane(v, idx, width);
    SmallVector<Value> opIdx =
        ctx.flat
            ? SmallVector<Value>(idx)
            : ctx.delinearize(ctx.linearize(idx, ctx.dims(v)), ctx.dims(input));
    return eval(input, opIdx, width);
  }
  if (auto transpose = dyn_cast<TransposeOp>(op)) {
    ArrayRef<int64_t> perm = transpose.getPermutation();
    if (width > 1 && perm.back() != (int64_t)perm.size() - 1)
      return perLane(v, idx, width);
    SmallVector<Value> opIdx(idx.size());
    for (auto [i, p] : llvm::enumerate(perm))
      opIdx[p] = idx[i];
    return eval(transpose.getInput(), opIdx, width);
  }
  if (auto slice = dyn_cast<SliceOp>(op)) {
    ArrayRef<int64_t> offsets = slice.getOffsets(), sizes = slice.getSizes(),
                      strides = slice.getStrides();
    int64_t last = idx.size() - 1;
    bool innerOk =
        sizes[last] == -1 || (strides[last] == 1 && offsets[last] % width == 0);
    if (width > 1 && !innerOk)
      return perLane(v, idx, width);
    SmallVector<Value> opIdx;
    for (auto [d, i] : llvm::enumerate(idx)) {
      Value x = i;
      if (strides[d] != 1)
        x = arith::MulIOp::create(b, loc, x, ctx.index(strides[d]));
      if (offsets[d] != 0)
        x = arith::AddIOp::create(b, loc, x, ctx.index(offsets[d]));
      opIdx.push_back(x);
    }
    return eval(slice.getInput(), opIdx, width);
  }
  return computeConcat(cast<ConcatOp>(op), v, idx, width);
}

/// A concatenation at idx: the input idx falls in, by slice arithmetic,
/// selects or branches.
FailureOr<Value> RegionEvaluator::computeConcat(ConcatOp concat, Value v,
                                                ArrayRef<Value> idx,
                                                int64_t width) {
  OpBuilder &b = ctx.b;
  Location loc = ctx.loc;
  Type resultElement = elementTypeOf(v);
  int64_t c = concat.getDim();
  bool inner = c == (int64_t)idx.size() - 1;
  SmallVector<int64_t> sizes;
  for (Value input : concat.getInputs())
    sizes.push_back(cast<RankedTensorType>(input.getType()).getDimSize(c));
  if (width > 1 && inner &&
      llvm::any_of(sizes, [&](int64_t s) { return s % width != 0; }))
    return perLane(v, idx, width);
  int64_t span = inner ? width : 1;
  SmallVector<int64_t> starts;
  int64_t start = 0;
  for (int64_t s : sizes) {
    starts.push_back(start);
    start += s;
  }
  auto inside = [&](int64_t k) -> Value {
    return arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, idx[c],
                                 ctx.index(starts[k] + sizes[k]));
  };
  // Every input a slice of one tensor along dim c, negated or not (RoPE's
  // rotate-half): the index is selected, then one load serves whichever
  // input idx falls in, with no branch.
  if (std::optional<SliceSources> sources = sliceSources(concat, span)) {
    int64_t last = sizes.size() - 1;
    SmallVector<Value> insides;
    for (int64_t k = 0; k < last; ++k)
      insides.push_back(inside(k));
    Value shift = ctx.index(sources->offsets[last] - starts[last]);
    for (int64_t k = last - 1; k >= 0; --k)
      shift = arith::SelectOp::create(
          b, loc, insides[k], ctx.index(sources->offsets[k] - starts[k]),
          shift);
    SmallVector<Value> opIdx(idx);
    opIdx[c] = arith::AddIOp::create(b, loc, idx[c], shift);
    FailureOr<Value> value = eval(sources->source, opIdx, width);
    if (failed(value) || !llvm::is_contained(sources->negated, true))
      return value;
    Value negated =
        fromF32(arith::NegFOp::create(b, loc, toF32(*value)), resultElement);
    Value result = sources->negated[last] ? negated : *value;
    for (int64_t k = last - 1; k >= 0; --k)
      result = arith::SelectOp::create(
          b, loc, insides[k], sources->negated[k] ? negated : *value, result);
    return result;
  }
  // Input k at idx, read at an index clamped into its range (every load
  // is valid whichever input idx falls in).
  auto input = [&](int64_t k) -> FailureOr<Value> {
    SmallVector<Value> opIdx(idx);
    Value shifted = arith::SubIOp::create(b, loc, idx[c], ctx.index(starts[k]));
    opIdx[c] = clampIndex(ctx, shifted, 0, sizes[k] - span);
    return eval(concat.getInputs()[k], opIdx, width);
  };
  // Chunks of 8 lanes or more (16-bit types): only the input idx falls in
  // is computed, a branch per input but the last, so a thread loads and
  // widens one input, not all of them (values computed in a branch stay
  // in it). Narrower chunks: every input, then a select; the branches
  // measured slower there (they split the thread's batch of loads), and
  // faster for bf16 RoPE (docs/benchmarks/README.md).
  if (width < 8) {
    FailureOr<Value> result = input(sizes.size() - 1);
    for (int64_t k = sizes.size() - 2; k >= 0 && succeeded(result); --k) {
      FailureOr<Value> value = input(k);
      if (failed(value))
        return failure();
      result = arith::SelectOp::create(b, loc, inside(k), *value, *result)
                   .getResult();
    }
    return result;
  }
  std::function<FailureOr<Value>(int64_t)> from =
      [&](int64_t k) -> FailureOr<Value> {
    if (k + 1 == (int64_t)sizes.size())
      return input(k);
    auto ifOp = scf::IfOp::create(
        b, loc, TypeRange{withWidth(elementTypeOf(v), width)}, inside(k),
        /*withElseRegion=*/true);
    OpBuilder::InsertionGuard guard(b);
    auto saved = memo;
    auto savedReciprocals = reciprocals;
    for (auto [region, next] : {std::pair(&ifOp.getThenRegion(), k),
                                {&ifOp.getElseRegion(), k + 1}}) {
      b.setInsertionPointToStart(&region->front());
      FailureOr<Value> value = next == k ? input(k) : from(next);
      if (failed(value))
        return failure();
      scf::YieldOp::create(b, loc, *value);
      memo = saved;
      reciprocals = savedReciprocals;
    }
    return ifOp.getResult(0);
  };
  return from(0);
}

//===----------------------------------------------------------------------===//
// Reductions
//===----------------------------------------------------------------------===//

vector::CombiningKind mlir::molten::combiningKindOf(Operation *reduction) {
  switch (cast<ReductionOpInterface>(reduction).getReductionKind()) {
  case ReductionKind::max:
    return vector::CombiningKind::MAXIMUMF;
  case ReductionKind::min:
    return vector::CombiningKind::MINIMUMF;
  case ReductionKind::sum:
  case ReductionKind::mean:
    return vector::CombiningKind::ADD;
  }
  llvm_unreachable("unknown reduction kind");
}

double mlir::molten::neutral(vector::CombiningKind kind) {
  if (kind == vector::CombiningKind::MAXIMUMF)
    return -INFINITY;
  if (kind == vector::CombiningKind::MINIMUMF)
    return INFINITY;
  return 0.0;
}

Value mlir::molten::combine(OpBuilder &b, Location loc,
                            vector::CombiningKind kind, Value a, Value c) {
  if (kind == vector::CombiningKind::MAXIMUMF)
    return arith::MaximumFOp::create(b, loc, a, c);
  if (kind == vector::CombiningKind::MINIMUMF)
    return arith::MinimumFOp::create(b, loc, a, c);
  return arith::AddFOp::create(b, loc, a, c);
}

/// Reduces over each aligned group of `lanes` lanes (a power of two, at most
/// 32) of a warp.
static Value butterfly(KernelContext &ctx, Value value,
                       vector::CombiningKind kind, int64_t lanes) {
  for (int32_t offset = lanes / 2; offset >= 1; offset /= 2) {
    auto shuffle = gpu::ShuffleOp::create(ctx.b, ctx.loc, value, offset, 32,
                                          gpu::ShuffleMode::XOR);
    value = combine(ctx.b, ctx.loc, kind, value, shuffle.getShuffleResult());
  }
  return value;
}

Value mlir::molten::blockReduce(KernelContext &ctx, Value value,
                                vector::CombiningKind kind, int64_t threads,
                                Value scratch) {
  OpBuilder &b = ctx.b;
  Location loc = ctx.loc;
  value = butterfly(ctx, value, kind, std::min<int64_t>(threads, 32));
  if (threads <= 32)
    return value;
  // One partial per warp through shared memory, then every warp reduces the
  // partials, so every thread ends with the total.
  Value tid = gpu::ThreadIdOp::create(b, loc, gpu::Dimension::x);
  Value lane = arith::RemUIOp::create(b, loc, tid, ctx.index(32));
  Value warp = arith::DivUIOp::create(b, loc, tid, ctx.index(32));
  Value first = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, lane,
                                      ctx.index(0));
  auto ifOp = scf::IfOp::create(b, loc, first, /*withElseRegion=*/false);
  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPoint(ifOp.thenBlock()->getTerminator());
    memref::StoreOp::create(b, loc, value, scratch, ValueRange{warp});
  }
  gpu::BarrierOp::create(b, loc);
  Value partial = memref::LoadOp::create(b, loc, scratch, ValueRange{lane});
  Value valid = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, lane,
                                      ctx.index(threads / 32));
  Value neutralValue = arith::ConstantOp::create(
      b, loc, b.getF32Type(), b.getF32FloatAttr(neutral(kind)));
  partial = arith::SelectOp::create(b, loc, valid, partial, neutralValue);
  Value total = butterfly(ctx, partial, kind, 32);
  // The scratch is reused by the next reduction.
  gpu::BarrierOp::create(b, loc);
  return total;
}
