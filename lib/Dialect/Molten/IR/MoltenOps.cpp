//===- MoltenOps.cpp - molten op verifiers and type inference ------------===//
//
// Part of the Molten project, under the Apache License v2.0.
//
//===----------------------------------------------------------------------===//
//
// Type inference may run while parsing, before the op is verified: every
// function here checks the kinds of its operand types itself and reports
// problems through emitOptionalError instead of asserting.
//
//===----------------------------------------------------------------------===//

#include "Molten/Dialect/Molten/IR/MoltenOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallSet.h"
#include "llvm/Support/MathExtras.h"

using namespace mlir;
using namespace mlir::molten;

#include "Molten/Dialect/Molten/IR/MoltenEnums.cpp.inc"
#include "Molten/Dialect/Molten/IR/MoltenInterfaces.cpp.inc"

//===----------------------------------------------------------------------===//
// Shared helpers
//===----------------------------------------------------------------------===//

LogicalResult mlir::molten::verifyAddressableTensors(Operation *op) {
  auto check = [&](Value v, StringRef kind, unsigned index) -> LogicalResult {
    auto type = dyn_cast<RankedTensorType>(v.getType());
    if (!type)
      return success();
    int64_t bytes = llvm::divideCeil(type.getElementTypeBitWidth(), 8);
    for (int64_t d : type.getShape())
      if (!ShapedType::isDynamic(d) && llvm::MulOverflow(bytes, d, bytes))
        return op->emitOpError() << kind << " #" << index << " of type " << type
                                 << " holds more than 2^63 - 1 bytes";
    return success();
  };
  for (auto [i, v] : llvm::enumerate(op->getOperands()))
    if (failed(check(v, "operand", i)))
      return failure();
  for (auto [i, v] : llvm::enumerate(op->getResults()))
    if (failed(check(v, "result", i)))
      return failure();
  return success();
}

FailureOr<SmallVector<int64_t>>
mlir::molten::broadcastShapes(ArrayRef<int64_t> a, ArrayRef<int64_t> b) {
  size_t rank = std::max(a.size(), b.size());
  SmallVector<int64_t> result(rank);
  for (size_t i = 0; i < rank; ++i) {
    // Align at the innermost dimension; a missing leading dim acts as 1.
    int64_t da = i < rank - a.size() ? 1 : a[i - (rank - a.size())];
    int64_t db = i < rank - b.size() ? 1 : b[i - (rank - b.size())];
    if (da == db || db == 1)
      result[i] = da;
    else if (da == 1)
      result[i] = db;
    else if (ShapedType::isDynamic(da))
      result[i] = db; // run time must find da == db
    else if (ShapedType::isDynamic(db))
      result[i] = da;
    else
      return failure();
  }
  return result;
}

FailureOr<int64_t> mlir::molten::normalizeAxis(int64_t axis, int64_t rank) {
  if (axis < -rank || axis >= rank)
    return failure();
  return axis < 0 ? axis + rank : axis;
}

/// Two dimensions that must be equal: equal, or one dynamic (checked at run
/// time). Returns the more static of the two.
static std::optional<int64_t> mergeDims(int64_t a, int64_t b) {
  if (ShapedType::isDynamic(a))
    return b;
  if (ShapedType::isDynamic(b) || a == b)
    return a;
  return std::nullopt;
}

std::string mlir::molten::shapeToString(ArrayRef<int64_t> shape) {
  std::string s;
  llvm::raw_string_ostream os(s);
  os << "[";
  llvm::interleaveComma(shape, os, [&](int64_t d) {
    if (ShapedType::isDynamic(d))
      os << "?";
    else
      os << d;
  });
  os << "]";
  return s;
}

bool mlir::molten::areSiblingMatmuls(MatmulOp a, MatmulOp b) {
  return a != b && a.getLhs() == b.getLhs() &&
         a.getRhs().getType() == b.getRhs().getType() &&
         a.getTransposeRhs() == b.getTransposeRhs() &&
         a.getType() == b.getType();
}

bool mlir::molten::isInnermostReduction(Operation *op) {
  auto reduction = dyn_cast<ReductionOpInterface>(op);
  if (!reduction)
    return false;
  SmallVector<int64_t> dims(reduction.getReducedDims());
  llvm::sort(dims);
  int64_t rank = cast<RankedTensorType>(op->getOperand(0).getType()).getRank();
  return llvm::equal(dims,
                     llvm::seq<int64_t>(rank - (int64_t)dims.size(), rank));
}

bool mlir::molten::isRowReductionResultShape(ArrayRef<int64_t> shape,
                                             ArrayRef<int64_t> rows,
                                             int64_t reducedDims) {
  if (shape == rows)
    return true;
  int64_t outer = rows.size() - reducedDims;
  return shape.size() <= rows.size() && (int64_t)shape.size() >= outer &&
         shape.take_front(outer) == rows.take_front(outer) &&
         llvm::all_of(shape.drop_front(outer),
                      [](int64_t d) { return d == 1; });
}

/// Casts every type to a ranked tensor, or reports which operand is not one.
static FailureOr<SmallVector<RankedTensorType>>
getRankedTensors(std::optional<Location> loc, TypeRange types) {
  SmallVector<RankedTensorType> result;
  for (auto [i, type] : llvm::enumerate(types)) {
    auto tensor = dyn_cast<RankedTensorType>(type);
    if (!tensor)
      return emitOptionalError(loc, "operand #", i,
                               " must be a ranked tensor, got ", type);
    result.push_back(tensor);
  }
  return result;
}

/// Infers the broadcast shape of `types` (ranked tensors); with
/// `sameElementType`, they must also share their element type.
static FailureOr<SmallVector<int64_t>>
inferBroadcastShape(std::optional<Location> loc,
                    ArrayRef<RankedTensorType> types, bool sameElementType) {
  SmallVector<int64_t> shape;
  for (auto [i, type] : llvm::enumerate(types)) {
    if (sameElementType &&
        type.getElementType() != types.front().getElementType())
      return emitOptionalError(loc,
                               "operands must have the same element "
                               "type, got ",
                               types.front().getElementType(), " and ",
                               type.getElementType());
    FailureOr<SmallVector<int64_t>> next =
        broadcastShapes(shape, type.getShape());
    if (failed(next))
      return emitOptionalError(
          loc,
          "operand shapes are not broadcast-compatible: ", shapeToString(shape),
          " and ", shapeToString(type.getShape()),
          " (only a dimension that is statically 1 expands)");
    shape = std::move(*next);
  }
  return shape;
}

//===----------------------------------------------------------------------===//
// Elementwise ops
//===----------------------------------------------------------------------===//

#define MOLTEN_BINARY_INFER(OP)                                                \
  LogicalResult OP::inferReturnTypes(                                          \
      MLIRContext *, std::optional<Location> loc, OP::Adaptor adaptor,         \
      SmallVectorImpl<Type> &inferred) {                                       \
    auto types = getRankedTensors(                                             \
        loc, {adaptor.getLhs().getType(), adaptor.getRhs().getType()});        \
    if (failed(types))                                                         \
      return failure();                                                        \
    auto shape = inferBroadcastShape(loc, *types, /*sameElementType=*/true);   \
    if (failed(shape))                                                         \
      return failure();                                                        \
    inferred.push_back(                                                        \
        RankedTensorType::get(*shape, (*types)[0].getElementType()));          \
    return success();                                                          \
  }

MOLTEN_BINARY_INFER(AddOp)
MOLTEN_BINARY_INFER(SubOp)
MOLTEN_BINARY_INFER(MulOp)
MOLTEN_BINARY_INFER(DivOp)
MOLTEN_BINARY_INFER(MaxOp)
MOLTEN_BINARY_INFER(MinOp)
MOLTEN_BINARY_INFER(PowOp)
#undef MOLTEN_BINARY_INFER

LogicalResult CompareOp::inferReturnTypes(MLIRContext *context,
                                          std::optional<Location> loc,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &inferred) {
  auto types = getRankedTensors(
      loc, {adaptor.getLhs().getType(), adaptor.getRhs().getType()});
  if (failed(types))
    return failure();
  auto shape = inferBroadcastShape(loc, *types, /*sameElementType=*/true);
  if (failed(shape))
    return failure();
  inferred.push_back(
      RankedTensorType::get(*shape, IntegerType::get(context, 1)));
  return success();
}

LogicalResult SelectOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &inferred) {
  auto types = getRankedTensors(loc, {adaptor.getCond().getType(),
                                      adaptor.getOnTrue().getType(),
                                      adaptor.getOnFalse().getType()});
  if (failed(types))
    return failure();
  Type elementType = (*types)[1].getElementType();
  if ((*types)[2].getElementType() != elementType)
    return emitOptionalError(loc,
                             "on_true and on_false must have the same "
                             "element type, got ",
                             elementType, " and ",
                             (*types)[2].getElementType());
  auto shape = inferBroadcastShape(loc, *types, /*sameElementType=*/false);
  if (failed(shape))
    return failure();
  inferred.push_back(RankedTensorType::get(*shape, elementType));
  return success();
}

LogicalResult ClampOp::verify() {
  double lo = getMin().convertToDouble(), hi = getMax().convertToDouble();
  if (std::isnan(lo) || std::isnan(hi) || lo > hi)
    return emitOpError("requires min <= max, got min = ")
           << lo << ", max = " << hi;
  return success();
}

LogicalResult CastOp::verify() {
  if (getInput().getType().getShape() != getResult().getType().getShape())
    return emitOpError("changes the shape from ")
           << shapeToString(getInput().getType().getShape()) << " to "
           << shapeToString(getResult().getType().getShape())
           << "; cast changes only the element type";
  return success();
}

//===----------------------------------------------------------------------===//
// Reductions
//===----------------------------------------------------------------------===//

/// The result type of reducing `type` over `dims`, checking the dims.
static LogicalResult inferReduceType(std::optional<Location> loc, Type type,
                                     ArrayRef<int64_t> dims, bool keepdim,
                                     SmallVectorImpl<Type> &inferred) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  if (!tensor)
    return emitOptionalError(loc, "input must be a ranked tensor, got ", type);
  if (dims.empty())
    return emitOptionalError(loc, "expects at least one dimension to reduce");
  int64_t rank = tensor.getRank();
  llvm::SmallSet<int64_t, 4> seen;
  for (int64_t d : dims) {
    if (d < 0 || d >= rank)
      return emitOptionalError(loc, "reduction dimension ", d,
                               " is out of range for a tensor of rank ", rank);
    if (!seen.insert(d).second)
      return emitOptionalError(loc, "reduction dimension ", d,
                               " appears more than once");
  }
  SmallVector<int64_t> shape;
  for (int64_t d = 0; d < rank; ++d) {
    if (!seen.contains(d))
      shape.push_back(tensor.getDimSize(d));
    else if (keepdim)
      shape.push_back(1);
  }
  inferred.push_back(RankedTensorType::get(shape, tensor.getElementType()));
  return success();
}

#define MOLTEN_REDUCE_INFER(OP)                                                \
  LogicalResult OP::inferReturnTypes(                                          \
      MLIRContext *, std::optional<Location> loc, OP::Adaptor adaptor,         \
      SmallVectorImpl<Type> &inferred) {                                       \
    return inferReduceType(loc, adaptor.getInput().getType(),                  \
                           adaptor.getDims(), adaptor.getKeepdim(), inferred); \
  }

MOLTEN_REDUCE_INFER(ReduceSumOp)
MOLTEN_REDUCE_INFER(ReduceMeanOp)
MOLTEN_REDUCE_INFER(ReduceMaxOp)
MOLTEN_REDUCE_INFER(ReduceMinOp)
#undef MOLTEN_REDUCE_INFER

//===----------------------------------------------------------------------===//
// Composites
//===----------------------------------------------------------------------===//

/// Checks `axis` against the input and that `param` (weight or bias) is a
/// 1-D tensor of the input's element type as long as that axis.
static LogicalResult verifyNormParams(Operation *op, RankedTensorType input,
                                      int64_t axis, ArrayRef<Value> params) {
  FailureOr<int64_t> dim = normalizeAxis(axis, input.getRank());
  if (failed(dim))
    return op->emitOpError("axis ")
           << axis << " is out of range for a tensor of rank "
           << input.getRank();
  for (Value param : params) {
    if (!param)
      continue;
    auto type = cast<RankedTensorType>(param.getType());
    if (type.getElementType() != input.getElementType())
      return op->emitOpError("weight and bias must have the input's element "
                             "type ")
             << input.getElementType() << ", got " << type.getElementType();
    if (type.getRank() != 1)
      return op->emitOpError("weight and bias must be 1-D, got rank ")
             << type.getRank();
    int64_t want = input.getDimSize(*dim), got = type.getDimSize(0);
    if (!mergeDims(want, got))
      return op->emitOpError("weight and bias must have the size of axis ")
             << *dim << " (" << shapeToString({want}) << "), got "
             << shapeToString({got});
  }
  return success();
}

/// eps must be a number >= 0; NaN fails `>=`, so it is rejected too.
static LogicalResult verifyEps(Operation *op, llvm::APFloat eps) {
  double value = eps.convertToDouble();
  if (!(value >= 0))
    return op->emitOpError("eps must not be negative or NaN, got ") << value;
  return success();
}

LogicalResult RmsNormOp::verify() {
  if (failed(verifyEps(*this, getEps())))
    return failure();
  return verifyNormParams(*this, getInput().getType(), getAxis(),
                          {getWeight()});
}

LogicalResult LayerNormOp::verify() {
  if (failed(verifyEps(*this, getEps())))
    return failure();
  return verifyNormParams(*this, getInput().getType(), getAxis(),
                          {getWeight(), getBias()});
}

LogicalResult SoftmaxOp::verify() {
  // I64Attr's getter returns uint64_t: print the axis as the signed value.
  int64_t axis = getAxis();
  if (failed(normalizeAxis(axis, getInput().getType().getRank())))
    return emitOpError("axis ")
           << axis << " is out of range for a tensor of rank "
           << getInput().getType().getRank();
  return success();
}

LogicalResult RopeOp::verify() {
  RankedTensorType input = getInput().getType();
  RankedTensorType table = getCos().getType();
  if (input.getRank() < 1)
    return emitOpError("input must have rank at least 1");
  int64_t d = input.getShape().back();
  if (!ShapedType::isDynamic(d) && d % 2 != 0)
    return emitOpError("the innermost dimension must be even, got ") << d;
  if (table.getElementType() != input.getElementType())
    return emitOpError("cos and sin must have the input's element type ")
           << input.getElementType() << ", got " << table.getElementType();
  if (table.getRank() < 1 || table.getRank() > input.getRank() ||
      !mergeDims(table.getShape().back(), d))
    return emitOpError("cos and sin must have at most the input's rank and "
                       "its innermost dimension, got ")
           << table << " for input " << input;
  FailureOr<SmallVector<int64_t>> shape =
      broadcastShapes(input.getShape(), table.getShape());
  if (failed(shape) || ArrayRef<int64_t>(*shape) != input.getShape())
    return emitOpError("cos and sin of shape ")
           << shapeToString(table.getShape())
           << " do not broadcast to the input "
           << "shape " << shapeToString(input.getShape());
  return success();
}

LogicalResult MatmulOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &inferred) {
  auto types = getRankedTensors(
      loc, {adaptor.getLhs().getType(), adaptor.getRhs().getType()});
  if (failed(types))
    return failure();
  auto [lhs, rhs] = std::pair((*types)[0], (*types)[1]);
  if (lhs.getElementType() != rhs.getElementType())
    return emitOptionalError(loc,
                             "operands must have the same element type, "
                             "got ",
                             lhs.getElementType(), " and ",
                             rhs.getElementType());
  int64_t rank = lhs.getRank();
  if (rank < 2 || rhs.getRank() < 2)
    return emitOptionalError(loc, "operands must have rank at least 2, got ",
                             rank, " and ", rhs.getRank());
  if (rhs.getRank() != 2 && rhs.getRank() != rank)
    return emitOptionalError(loc, "rhs must have rank 2 or the lhs rank ", rank,
                             ", got ", rhs.getRank());
  SmallVector<int64_t> shape;
  int64_t batchRank = rank - 2, rhsBatch = rhs.getRank() - 2;
  for (int64_t i = 0; i < batchRank; ++i) {
    std::optional<int64_t> dim =
        rhsBatch ? mergeDims(lhs.getDimSize(i), rhs.getDimSize(i))
                 : lhs.getDimSize(i);
    if (!dim)
      return emitOptionalError(loc, "batch dimension ", i,
                               " differs: ", lhs.getDimSize(i), " and ",
                               rhs.getDimSize(i));
    shape.push_back(*dim);
  }
  bool transposed = adaptor.getTransposeRhs();
  int64_t k = lhs.getDimSize(rank - 1);
  int64_t rhsK = rhs.getDimSize(rhsBatch + (transposed ? 1 : 0));
  int64_t n = rhs.getDimSize(rhsBatch + (transposed ? 0 : 1));
  if (!mergeDims(k, rhsK))
    return emitOptionalError(loc,
                             "contraction dimensions differ: lhs has K = ", k,
                             ", rhs has K = ", rhsK);
  shape.push_back(lhs.getDimSize(rank - 2));
  shape.push_back(n);
  inferred.push_back(RankedTensorType::get(shape, lhs.getElementType()));
  return success();
}

//===----------------------------------------------------------------------===//
// Attention
//===----------------------------------------------------------------------===//

double AttentionOp::getScaleValue() {
  if (std::optional<APFloat> scale = getScale())
    return scale->convertToDouble();
  return 1.0 /
         std::sqrt(static_cast<double>(getQuery().getType().getShape().back()));
}

int64_t AttentionOp::getGroupSize() {
  ArrayRef<int64_t> query = getQuery().getType().getShape();
  ArrayRef<int64_t> key = getKey().getType().getShape();
  if (query.size() < 3 || ShapedType::isDynamic(query[query.size() - 3]) ||
      ShapedType::isDynamic(key[key.size() - 3]) || key[key.size() - 3] == 0)
    return 1;
  return query[query.size() - 3] / key[key.size() - 3];
}

LogicalResult AttentionOp::verify() {
  RankedTensorType query = getQuery().getType(), key = getKey().getType(),
                   value = getValue().getType(), result = getResult().getType();
  Type element = query.getElementType();
  for (RankedTensorType type : {key, value, result})
    if (type.getElementType() != element)
      return emitOpError("query, key, value and result must have one element "
                         "type, got ")
             << query << ", " << key << ", " << value << " -> " << result;
  int64_t rank = query.getRank();
  if (rank < 2 || key.getRank() != rank || value.getRank() != rank ||
      result.getRank() != rank)
    return emitOpError("query, key, value and result must have one rank, at "
                       "least 2, got ")
           << rank << ", " << key.getRank() << ", " << value.getRank() << " -> "
           << result.getRank();
  int64_t d = query.getDimSize(rank - 1), dv = value.getDimSize(rank - 1);
  if (ShapedType::isDynamic(d) || ShapedType::isDynamic(dv))
    return emitOpError("head dimensions must be static, got query ")
           << shapeToString(query.getShape()) << " and value "
           << shapeToString(value.getShape());
  // The default scale is 1 / sqrt(D).
  if (d == 0)
    return emitOpError("head dimension must not be 0");
  if (!mergeDims(key.getDimSize(rank - 1), d))
    return emitOpError("key must have the query's head dimension ")
           << d << ", got " << shapeToString(key.getShape());
  if (!mergeDims(key.getDimSize(rank - 2), value.getDimSize(rank - 2)))
    return emitOpError("key and value must have one sequence length, got ")
           << shapeToString(key.getShape()) << " and "
           << shapeToString(value.getShape());
  SmallVector<int64_t> expected(query.getShape());
  for (int64_t i = 0; i + 3 < rank; ++i) {
    std::optional<int64_t> dim =
        mergeDims(query.getDimSize(i), key.getDimSize(i));
    if (dim)
      dim = mergeDims(*dim, value.getDimSize(i));
    if (dim)
      expected[i] = *dim;
    else
      return emitOpError("batch dimension ")
             << i << " differs: query " << shapeToString(query.getShape())
             << ", key " << shapeToString(key.getShape()) << ", value "
             << shapeToString(value.getShape());
  }
  if (rank >= 3) {
    int64_t hq = query.getDimSize(rank - 3), hk = key.getDimSize(rank - 3);
    if (!mergeDims(hk, value.getDimSize(rank - 3)))
      return emitOpError("key and value must have one head count, got ")
             << shapeToString(key.getShape()) << " and "
             << shapeToString(value.getShape());
    bool grouped = !ShapedType::isDynamic(hq) && !ShapedType::isDynamic(hk) &&
                   hk > 0 && hq % hk == 0;
    std::optional<int64_t> equal = mergeDims(hq, hk);
    if (!grouped && !equal)
      return emitOpError("query heads must be a multiple of the key heads "
                         "(equal where either is dynamic), got ")
             << shapeToString({hq}) << " and " << shapeToString({hk});
    if (!grouped)
      expected[rank - 3] = *equal;
  }
  expected.back() = dv;
  for (int64_t i = 0; i < rank; ++i)
    if (!mergeDims(expected[i], result.getDimSize(i)))
      return emitOpError("result must have shape ")
             << shapeToString(expected) << ", got "
             << shapeToString(result.getShape());
  if (Value mask = getMask()) {
    auto maskType = cast<RankedTensorType>(mask.getType());
    if (maskType.getElementType() != element &&
        !maskType.getElementType().isF32())
      return emitOpError("mask must be f32 or the operands' type ")
             << element << ", got " << maskType.getElementType();
    SmallVector<int64_t> scores(expected);
    scores.back() = key.getDimSize(rank - 2);
    int64_t offset = rank - maskType.getRank();
    // Each mask dim is 1 (broadcast) or the scores' (checked at run time
    // where either is dynamic).
    bool broadcasts =
        offset >= 0 &&
        llvm::all_of(llvm::enumerate(maskType.getShape()), [&](auto dim) {
          return dim.value() == 1 ||
                 mergeDims(dim.value(), scores[offset + dim.index()]);
        });
    if (!broadcasts)
      return emitOpError("mask of shape ")
             << shapeToString(maskType.getShape())
             << " does not broadcast to the scores' shape "
             << shapeToString(scores);
  }
  if (std::optional<APFloat> scale = getScale())
    if (!scale->isFinite())
      return emitOpError("scale must be finite");
  return success();
}

//===----------------------------------------------------------------------===//
// Data movement
//===----------------------------------------------------------------------===//

LogicalResult BroadcastToOp::verify() {
  RankedTensorType input = getInput().getType(), result = getResult().getType();
  if (input.getElementType() != result.getElementType())
    return emitOpError("must keep the element type ")
           << input.getElementType() << ", got " << result.getElementType();
  if (input.getRank() > result.getRank())
    return emitOpError("cannot broadcast rank ")
           << input.getRank() << " to the lower rank " << result.getRank();
  if (static_cast<int64_t>(getDynamicSizes().size()) !=
      static_cast<int64_t>(result.getNumDynamicDims()))
    return emitOpError("needs one size operand per dynamic result dimension ("
                       "expected ")
           << result.getNumDynamicDims() << ", got " << getDynamicSizes().size()
           << ")";
  int64_t lead = result.getRank() - input.getRank();
  for (int64_t i = 0; i < input.getRank(); ++i) {
    int64_t in = input.getDimSize(i), out = result.getDimSize(lead + i);
    if (in != 1 && !mergeDims(in, out))
      return emitOpError("cannot broadcast ")
             << shapeToString(input.getShape()) << " to "
             << shapeToString(result.getShape()) << ": dimension " << i
             << " is neither 1 nor equal";
  }
  return success();
}

bool mlir::molten::reshapeCountsCompatible(RankedTensorType input,
                                           RankedTensorType result) {
  // The product of the static dims; the dynamic ones are unknown factors.
  // A product past int64 is no tensor that can exist: nothing matches it
  // (and wrapped products would compare wrongly, or trap in `%`).
  auto staticCount = [](RankedTensorType t) -> std::optional<int64_t> {
    int64_t n = 1;
    for (int64_t d : t.getShape())
      if (!ShapedType::isDynamic(d) && llvm::MulOverflow(n, d, n))
        return std::nullopt;
    return n;
  };
  std::optional<int64_t> inCount = staticCount(input),
                         outCount = staticCount(result);
  if (!inCount || !outCount)
    return false;
  int64_t in = *inCount, out = *outCount;
  bool inStatic = input.hasStaticShape(), outStatic = result.hasStaticShape();
  if (inStatic && outStatic)
    return in == out;
  if (inStatic)
    return out != 0 && in % out == 0;
  if (outStatic)
    return in != 0 && out % in == 0;
  return true;
}

LogicalResult ReshapeOp::verify() {
  RankedTensorType input = getInput().getType(), result = getResult().getType();
  if (input.getElementType() != result.getElementType())
    return emitOpError("must keep the element type ")
           << input.getElementType() << ", got " << result.getElementType();
  if (result.getNumDynamicDims() > 1)
    return emitOpError("result may have at most one dynamic dimension, got ")
           << result;
  // With a static 0 beside it, the dynamic dim's size follows from nothing:
  // every size gives 0 elements.
  if (result.getNumDynamicDims() == 1 &&
      llvm::is_contained(result.getShape(), 0))
    return emitOpError("result ")
           << result << " has a dynamic dimension beside a 0: its size does "
           << "not follow from the element count";
  if (!reshapeCountsCompatible(input, result))
    return emitOpError("cannot reshape ")
           << shapeToString(input.getShape()) << " to "
           << shapeToString(result.getShape())
           << ": the element counts cannot match";
  return success();
}

LogicalResult TransposeOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &inferred) {
  auto input = dyn_cast<RankedTensorType>(adaptor.getInput().getType());
  if (!input)
    return emitOptionalError(loc, "input must be a ranked tensor");
  ArrayRef<int64_t> perm = adaptor.getPermutation();
  if ((int64_t)perm.size() != input.getRank())
    return emitOptionalError(loc, "permutation has ", perm.size(),
                             " entries for a tensor of rank ", input.getRank());
  SmallVector<bool> seen(perm.size(), false);
  SmallVector<int64_t> shape;
  for (int64_t p : perm) {
    if (p < 0 || p >= input.getRank() || seen[p])
      return emitOptionalError(loc, "permutation ", shapeToString(perm),
                               " is not a permutation of [0, ", input.getRank(),
                               ")");
    seen[p] = true;
    shape.push_back(input.getDimSize(p));
  }
  inferred.push_back(RankedTensorType::get(shape, input.getElementType()));
  return success();
}

LogicalResult SliceOp::inferReturnTypes(MLIRContext *,
                                        std::optional<Location> loc,
                                        Adaptor adaptor,
                                        SmallVectorImpl<Type> &inferred) {
  auto input = dyn_cast<RankedTensorType>(adaptor.getInput().getType());
  if (!input)
    return emitOptionalError(loc, "input must be a ranked tensor");
  ArrayRef<int64_t> offsets = adaptor.getOffsets(), sizes = adaptor.getSizes(),
                    strides = adaptor.getStrides();
  int64_t rank = input.getRank();
  if ((int64_t)offsets.size() != rank || (int64_t)sizes.size() != rank ||
      (int64_t)strides.size() != rank)
    return emitOptionalError(loc,
                             "offsets, sizes and strides need one entry "
                             "per dimension (",
                             rank, ")");
  SmallVector<int64_t> shape;
  for (int64_t d = 0; d < rank; ++d) {
    int64_t dim = input.getDimSize(d);
    if (sizes[d] == -1) {
      if (offsets[d] != 0 || strides[d] != 1)
        return emitOptionalError(loc, "dimension ", d,
                                 ": size -1 (whole dimension) needs offset 0 "
                                 "and stride 1");
      shape.push_back(dim);
      continue;
    }
    if (offsets[d] < 0 || sizes[d] < 1 || strides[d] < 1)
      return emitOptionalError(loc, "dimension ", d,
                               ": needs offset >= 0, size >= 1 and stride >= "
                               "1, got ",
                               offsets[d], ", ", sizes[d], ", ", strides[d]);
    if (ShapedType::isDynamic(dim))
      return emitOptionalError(loc, "dimension ", d,
                               " is dynamic: a slice must keep it whole "
                               "(size -1)");
    // Compare without overflow: the last index is offset + (size-1)*stride.
    if (offsets[d] >= dim ||
        (sizes[d] - 1) > (dim - 1 - offsets[d]) / strides[d])
      return emitOptionalError(loc, "dimension ", d, ": window (offset ",
                               offsets[d], ", size ", sizes[d], ", stride ",
                               strides[d], ") does not fit in size ", dim);
    shape.push_back(sizes[d]);
  }
  inferred.push_back(RankedTensorType::get(shape, input.getElementType()));
  return success();
}

LogicalResult ConcatOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &inferred) {
  auto types = getRankedTensors(loc, adaptor.getInputs().getTypes());
  if (failed(types))
    return failure();
  if (types->empty())
    return emitOptionalError(loc, "needs at least one input");
  RankedTensorType first = types->front();
  int64_t rank = first.getRank(), dim = adaptor.getDim();
  if (dim < 0 || dim >= rank)
    return emitOptionalError(loc, "dim ", dim,
                             " is out of range for tensors of rank ", rank);
  SmallVector<int64_t> shape(first.getShape());
  for (RankedTensorType type : llvm::drop_begin(*types)) {
    if (type.getRank() != rank ||
        type.getElementType() != first.getElementType())
      return emitOptionalError(loc,
                               "inputs must have the same rank and "
                               "element type, got ",
                               first, " and ", type);
    for (int64_t d = 0; d < rank; ++d) {
      int64_t size = type.getDimSize(d);
      if (d == dim) {
        if (ShapedType::isDynamic(shape[d]) || ShapedType::isDynamic(size))
          shape[d] = ShapedType::kDynamic;
        else if (llvm::AddOverflow(shape[d], size, shape[d]))
          return emitOptionalError(loc, "the size of concatenated dimension ",
                                   d, " overflows int64");
        continue;
      }
      std::optional<int64_t> merged = mergeDims(shape[d], size);
      if (!merged)
        return emitOptionalError(loc, "inputs differ in dimension ", d,
                                 " that is not concatenated: ", first, " and ",
                                 type);
      shape[d] = *merged;
    }
  }
  inferred.push_back(RankedTensorType::get(shape, first.getElementType()));
  return success();
}

//===----------------------------------------------------------------------===//
// Fused regions
//===----------------------------------------------------------------------===//

YieldOp FusedOp::getYield() {
  return cast<YieldOp>(getBody().front().getTerminator());
}

LogicalResult FusedOp::verify() {
  if (getNumResults() == 0)
    return emitOpError("must have at least one result");
  Block &body = getBody().front();
  if (body.getNumArguments() != getInputs().size())
    return emitOpError("body has ")
           << body.getNumArguments() << " arguments for " << getInputs().size()
           << " inputs";
  for (auto [i, input, arg] : llvm::enumerate(getInputs(), body.getArguments()))
    if (input.getType() != arg.getType())
      return emitOpError("input #")
             << i << " has type " << input.getType()
             << " but the body argument has type " << arg.getType();
  return success();
}

LogicalResult FusedOp::verifyRegions() {
  Block &body = getBody().front();
  if (body.empty() || !isa<YieldOp>(body.back()))
    return emitOpError("body must end with molten.yield");
  for (Operation &op : body.without_terminator()) {
    if (!isa_and_nonnull<MoltenDialect>(op.getDialect()) || isa<FusedOp>(op))
      return op.emitOpError("is not allowed in a molten.fused body (only "
                            "molten ops, not nested fused regions)");
  }
  if (!llvm::equal(getYield().getValues().getTypes(), getResultTypes()))
    return getYield().emitOpError("yields types that differ from the "
                                  "molten.fused results");
  HeroKind implied = inferHero(body);
  if (getHero() != implied)
    return emitOpError("has hero(")
           << stringifyHeroKind(getHero()) << ") but its body makes it hero("
           << stringifyHeroKind(implied) << ")";
  return verifyHeroContract();
}

/// Whether `value` is `op`'s result or computed from it in their block.
static bool computedFrom(Value value, Operation *op) {
  SmallVector<Value> work = {value};
  llvm::SmallPtrSet<Operation *, 16> seen;
  while (!work.empty()) {
    Operation *def = work.pop_back_val().getDefiningOp();
    if (!def || def->getBlock() != op->getBlock() || !seen.insert(def).second)
      continue;
    if (def == op)
      return true;
    llvm::append_range(work, def->getOperands());
  }
  return false;
}

/// What one kernel of each hero can write (the emitters rely on it; the
/// fusion planner forms only such regions).
LogicalResult FusedOp::verifyHeroContract() {
  Block &body = getBody().front();
  ValueRange yielded = getYield().getValues();
  auto shapeOf = [](Value v) {
    return cast<RankedTensorType>(v.getType()).getShape();
  };
  SmallVector<Operation *> reductions;
  SmallVector<MatmulOp, 2> matmuls;
  for (Operation &op : body.without_terminator()) {
    if (isa<ReductionOpInterface>(op))
      reductions.push_back(&op);
    if (auto m = dyn_cast<MatmulOp>(op))
      matmuls.push_back(m);
  }
  switch (getHero()) {
  case HeroKind::attention: {
    // The attention kernel computes nothing else (its inputs may only be
    // constants cloned in).
    int64_t computed =
        llvm::count_if(body.without_terminator(),
                       [](Operation &op) { return !isa<ConstantOp>(op); });
    if (computed != 1 || yielded.size() != 1 ||
        !yielded.front().getDefiningOp<AttentionOp>())
      return emitOpError("is an attention region, so it holds one "
                         "molten.attention and yields only its result");
    return success();
  }
  case HeroKind::loop:
    for (Value v : yielded)
      if (shapeOf(v) != shapeOf(yielded.front()))
        return emitOpError("is a loop, so its results must share one shape");
    return success();
  case HeroKind::matmul:
    if (matmuls.size() > 2)
      return emitOpError("holds ")
             << matmuls.size() << " matmuls; a kernel computes at most two";
    if (matmuls.size() == 2 && !areSiblingMatmuls(matmuls[0], matmuls[1]))
      return matmuls[1].emitOpError(
          "shares a kernel with another matmul, so it must be its sibling: "
          "the same lhs, an rhs of the same type and layout");
    if (matmuls.size() == 2 && computedFrom(matmuls[1].getRhs(), matmuls[0]))
      return matmuls[1].emitOpError(
          "reads its sibling's result: the kernel computes both at once");
    for (Value v : yielded)
      if (shapeOf(v) != matmuls.front().getType().getShape())
        return emitOpError("is a matmul, so its results must have the "
                           "matmul's shape");
    return success();
  case HeroKind::outer_reduction:
    for (Value v : yielded)
      if (v.getType() != reductions.back()->getResult(0).getType())
        return emitOpError("is an outer reduction, so it yields only values "
                           "of its reduction's result type");
    return success();
  case HeroKind::row_reduction: {
    ArrayRef<int64_t> space = shapeOf(reductions.front()->getOperand(0));
    int64_t k =
        cast<ReductionOpInterface>(reductions.front()).getReducedDims().size();
    for (Operation *r : reductions)
      if (shapeOf(r->getOperand(0)) != space ||
          (int64_t)cast<ReductionOpInterface>(r).getReducedDims().size() != k)
        return r->emitOpError("reduces other rows than the first reduction "
                              "of its row-reduction region");
    for (Value v : yielded)
      if (!isRowReductionResultShape(shapeOf(v), space, k))
        return emitOpError("is a row reduction, so its results are per "
                           "element or per row of its rows ")
               << shapeToString(space) << ", not of shape "
               << shapeToString(shapeOf(v));
    return success();
  }
  }
  llvm_unreachable("unknown hero kind");
}

HeroKind FusedOp::inferHero(Block &body) {
  HeroKind hero = HeroKind::loop;
  for (Operation &op : body.without_terminator()) {
    if (isa<MatmulOp>(op))
      return HeroKind::matmul;
    if (isa<AttentionOp>(op))
      return HeroKind::attention;
    if (isa<ReductionOpInterface>(op))
      hero = isInnermostReduction(&op) ? HeroKind::row_reduction
                                       : HeroKind::outer_reduction;
  }
  return hero;
}

#define GET_OP_CLASSES
#include "Molten/Dialect/Molten/IR/MoltenOps.cpp.inc"
