//===- ShapeSymbols.cpp - dynamic sizes as symbols -----------------------===//
//
// Part of the Molten project, under the Apache License v2.0.
//
//===----------------------------------------------------------------------===//

#include "ShapeSymbols.h"

#include "Molten/Dialect/Molten/IR/MoltenOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "llvm/ADT/STLExtras.h"

#include <numeric>

using namespace mlir;
using namespace mlir::molten;

int64_t ShapeSymbols::find(int64_t s) const {
  while (parent[s] != s)
    s = parent[s];
  return s;
}

DimExpr ShapeSymbols::resolve(DimExpr d) const {
  if (d.isConstant())
    return d;
  int64_t root = find(d.sym);
  if (bound[root])
    return DimExpr::constant(*bound[root] * d.mul / d.div);
  return {root, d.mul, d.div, 0};
}

LogicalResult ShapeSymbols::unify(DimExpr a, DimExpr b, Operation *op) {
  a = resolve(a);
  b = resolve(b);
  if (a == b)
    return success();
  if (a.isConstant() && b.isConstant())
    return op->emitOpError("sizes ")
           << a.value << " and " << b.value << " must be equal";
  if (a.isConstant())
    std::swap(a, b);
  if (b.isConstant()) {
    // sym * mul / div == value
    if ((b.value * a.div) % a.mul != 0)
      return op->emitOpError("a dynamic size cannot equal ") << b.value;
    bound[a.sym] = b.value * a.div / a.mul;
    return success();
  }
  if (!a.isBareSymbol() || !b.isBareSymbol())
    return op->emitOpError("the GPU path cannot relate two differently "
                           "scaled dynamic sizes");
  parent[b.sym] = a.sym;
  return success();
}

/// The type's shape (types are uniqued: the array outlives every use here).
static ArrayRef<int64_t> staticShape(Value v) {
  return cast<RankedTensorType>(v.getType()).getShape();
}

static SmallVector<DimExpr> constantShape(ArrayRef<int64_t> dims) {
  SmallVector<DimExpr> shape;
  for (int64_t d : dims)
    shape.push_back(DimExpr::constant(d));
  return shape;
}

void ShapeSymbols::set(Value v, SmallVector<DimExpr> shape) {
  assert((int64_t)shape.size() ==
             cast<RankedTensorType>(v.getType()).getRank() &&
         "a size per dim");
  shapes[v] = std::move(shape);
}

LogicalResult ShapeSymbols::visit(Operation *op) {
  if (auto fused = dyn_cast<FusedOp>(op)) {
    for (auto [input, arg] :
         llvm::zip(fused.getInputs(), fused.getBody().getArguments()))
      if (auto it = shapes.find(input); it != shapes.end()) {
        SmallVector<DimExpr> shape = it->second; // the insert may rehash
        shapes[arg] = std::move(shape);
      }
    for (Operation &inner : fused.getBody().front().without_terminator())
      if (failed(visit(&inner)))
        return failure();
    for (auto [result, yielded] :
         llvm::zip(fused.getResults(), fused.getYield().getValues())) {
      SmallVector<DimExpr> shape = shapes.lookup(yielded);
      shapes[result] = std::move(shape);
    }
    return success();
  }
  if (auto dim = dyn_cast<tensor::DimOp>(op)) {
    std::optional<int64_t> index = dim.getConstantIndex();
    auto it = shapes.find(dim.getSource());
    if (!index || it == shapes.end())
      return op->emitOpError("the GPU path needs a constant dim index");
    DimExpr size = it->second[*index];
    shapes[dim.getResult()] = {size};
    return success();
  }
  if (isa<arith::ConstantOp, func::ReturnOp, YieldOp>(op))
    return success();
  // Every tensor operand was sized by the op that made it (or is an
  // argument); anything else is a value the GPU path does not know.
  for (Value operand : op->getOperands())
    if (isa<RankedTensorType>(operand.getType()) && !shapes.count(operand))
      return op->emitOpError("uses a tensor the GPU path has no size for");
  if (!isa<MoltenDialect>(op->getDialect()))
    return op->emitOpError("is not supported by the GPU path");

  if (auto constant = dyn_cast<ConstantOp>(op)) {
    set(constant, constantShape(staticShape(constant)));
    return success();
  }
  if (op->hasTrait<Elementwise>())
    return visitElementwise(op);
  if (isa<ReductionOpInterface>(op))
    return visitReduction(op);
  if (auto matmul = dyn_cast<MatmulOp>(op))
    return visitMatmul(matmul);
  if (auto attention = dyn_cast<AttentionOp>(op))
    return visitAttention(attention);
  if (auto reshape = dyn_cast<ReshapeOp>(op))
    return visitReshape(reshape);
  if (auto transpose = dyn_cast<TransposeOp>(op))
    return visitTranspose(transpose);
  if (auto slice = dyn_cast<SliceOp>(op))
    return visitSlice(slice);
  if (auto concat = dyn_cast<ConcatOp>(op))
    return visitConcat(concat);
  if (auto broadcast = dyn_cast<BroadcastToOp>(op))
    return visitBroadcastTo(broadcast);
  // Composites keep their input's shape; whether an emitter can take them
  // is decided later.
  if (op->getNumResults() == 1 && op->getNumOperands() >= 1 &&
      op->getResult(0).getType() == op->getOperand(0).getType()) {
    set(op->getResult(0), shapes.lookup(op->getOperand(0)));
    return success();
  }
  return op->emitOpError("has no size rule in the GPU path");
}

LogicalResult ShapeSymbols::visitElementwise(Operation *op) {
  // Broadcast, aligned at the innermost dim: every operand dim that does
  // not expand (not statically 1) must equal the result's.
  ArrayRef<int64_t> resultType =
      cast<RankedTensorType>(op->getResult(0).getType()).getShape();
  int64_t rank = resultType.size();
  SmallVector<DimExpr> result;
  for (int64_t i = 0; i < rank; ++i) {
    std::optional<DimExpr> dim;
    for (Value operand : op->getOperands()) {
      ArrayRef<int64_t> type = staticShape(operand);
      int64_t pos = i - (rank - (int64_t)type.size());
      if (pos < 0 || type[pos] == 1)
        continue;
      const SmallVector<DimExpr> &operandShape = shapes.find(operand)->second;
      if (pos >= (int64_t)operandShape.size())
        return op->emitOpError("internal: operand rank ")
               << operandShape.size();
      DimExpr d = operandShape[pos];
      if (!dim)
        dim = d;
      else if (failed(unify(*dim, d, op)))
        return failure();
    }
    result.push_back(dim ? resolve(*dim) : DimExpr::constant(1));
  }
  set(op->getResult(0), result);
  return success();
}

LogicalResult ShapeSymbols::visitReduction(Operation *op) {
  SmallVector<DimExpr> input = shapes.lookup(op->getOperand(0));
  ArrayRef<int64_t> resultType = staticShape(op->getResult(0));
  // The result keeps the unreduced dims in order; keepdim leaves 1s.
  ArrayRef<int64_t> dims = cast<ReductionOpInterface>(op).getReducedDims();
  bool keepdim = resultType.size() == input.size();
  SmallVector<DimExpr> result;
  for (auto [d, expr] : llvm::enumerate(input)) {
    if (!llvm::is_contained(dims, (int64_t)d))
      result.push_back(expr);
    else if (keepdim)
      result.push_back(DimExpr::constant(1));
  }
  set(op->getResult(0), result);
  return success();
}

LogicalResult ShapeSymbols::visitMatmul(MatmulOp matmul) {
  Operation *op = matmul;
  SmallVector<DimExpr> lhs = shapes.lookup(matmul.getLhs()),
                       rhs = shapes.lookup(matmul.getRhs());
  int64_t rank = lhs.size(), rhsBatch = rhs.size() - 2;
  bool t = matmul.getTransposeRhs();
  if (failed(unify(lhs[rank - 1], rhs[rhsBatch + (t ? 1 : 0)], op)))
    return failure();
  SmallVector<DimExpr> result(lhs.begin(), lhs.end() - 1);
  for (int64_t i = 0; i < rhsBatch; ++i)
    if (failed(unify(lhs[i], rhs[i], op)))
      return failure();
  result.push_back(rhs[rhsBatch + (t ? 0 : 1)]);
  for (DimExpr &d : result)
    d = resolve(d);
  set(matmul, result);
  return success();
}

LogicalResult ShapeSymbols::visitAttention(AttentionOp attention) {
  Operation *op = attention;
  SmallVector<DimExpr> q = shapes.lookup(attention.getQuery()),
                       k = shapes.lookup(attention.getKey()),
                       v = shapes.lookup(attention.getValue());
  int64_t rank = q.size();
  // Batch dims (and heads, without grouping) are shared; the verifier
  // made grouped head counts static.
  int64_t shared = attention.getGroupSize() == 1 ? rank - 2 : rank - 3;
  for (int64_t i = 0; i < shared; ++i)
    if (failed(unify(q[i], k[i], op)) || failed(unify(q[i], v[i], op)))
      return failure();
  if (rank >= 3 && failed(unify(k[rank - 3], v[rank - 3], op)))
    return failure();
  if (failed(unify(k[rank - 2], v[rank - 2], op)) ||
      failed(unify(q[rank - 1], k[rank - 1], op)))
    return failure();
  if (Value mask = attention.getMask()) {
    // The mask broadcasts to the scores [..., Hq, Sq, Skv].
    SmallVector<DimExpr> scores(q);
    scores.back() = k[rank - 2];
    ArrayRef<int64_t> type = staticShape(mask);
    const SmallVector<DimExpr> &m = shapes.find(mask)->second;
    int64_t offset = rank - type.size();
    for (auto [i, size] : llvm::enumerate(type))
      if (size != 1 && failed(unify(scores[offset + i], m[i], op)))
        return failure();
  }
  SmallVector<DimExpr> result(q);
  result.back() = v[rank - 1];
  for (DimExpr &d : result)
    d = resolve(d);
  set(attention, result);
  return success();
}

LogicalResult ShapeSymbols::visitReshape(ReshapeOp reshape) {
  Operation *op = reshape;
  SmallVector<DimExpr> input = shapes.lookup(reshape.getInput());
  ArrayRef<int64_t> inType = staticShape(reshape.getInput());
  ArrayRef<int64_t> outType = reshape.getType().getShape();
  SmallVector<DimExpr> result = constantShape(outType);
  int64_t dynamicOut = llvm::count(outType, ShapedType::kDynamic);
  if (dynamicOut == 0) {
    set(reshape, result);
    return success();
  }
  SmallVector<DimExpr> dynamicIn;
  int64_t pIn = 1, pOut = 1;
  for (auto [t, e] : llvm::zip(inType, input)) {
    if (ShapedType::isDynamic(t))
      dynamicIn.push_back(resolve(e));
    else
      pIn *= t;
  }
  for (int64_t t : outType)
    if (!ShapedType::isDynamic(t))
      pOut *= t;
  if (dynamicIn.size() != 1 || dynamicIn[0].isConstant())
    return op->emitOpError("the GPU path reshapes tensors with exactly one "
                           "dynamic dim");
  DimExpr e = dynamicIn[0];
  int64_t mul = e.mul * pIn, div = e.div * pOut;
  int64_t g = std::gcd(mul, div);
  DimExpr scaled{e.sym, mul / g, div / g, 0};
  for (auto [i, t] : llvm::enumerate(outType))
    if (ShapedType::isDynamic(t))
      result[i] = scaled;
  set(reshape, result);
  return success();
}

LogicalResult ShapeSymbols::visitTranspose(TransposeOp transpose) {
  SmallVector<DimExpr> input = shapes.lookup(transpose.getInput()), result;
  for (int64_t p : transpose.getPermutation())
    result.push_back(input[p]);
  set(transpose, result);
  return success();
}

LogicalResult ShapeSymbols::visitSlice(SliceOp slice) {
  SmallVector<DimExpr> input = shapes.lookup(slice.getInput()), result;
  for (auto [d, size] : llvm::enumerate(slice.getSizes()))
    result.push_back(size == -1 ? input[d] : DimExpr::constant(size));
  set(slice, result);
  return success();
}

LogicalResult ShapeSymbols::visitConcat(ConcatOp concat) {
  Operation *op = concat;
  int64_t dim = concat.getDim();
  SmallVector<DimExpr> result = shapes.lookup(concat.getInputs()[0]);
  for (Value input : concat.getInputs().drop_front()) {
    SmallVector<DimExpr> shape = shapes.lookup(input);
    for (auto [d, e] : llvm::enumerate(shape)) {
      if ((int64_t)d != dim) {
        if (failed(unify(result[d], e, op)))
          return failure();
        continue;
      }
      DimExpr a = resolve(result[d]), b = resolve(e);
      if (!a.isConstant() || !b.isConstant())
        return op->emitOpError("the GPU path concatenates along static "
                               "dims only");
      result[d] = DimExpr::constant(a.value + b.value);
    }
  }
  for (DimExpr &d : result)
    d = resolve(d);
  set(concat, result);
  return success();
}

LogicalResult ShapeSymbols::visitBroadcastTo(BroadcastToOp broadcast) {
  Operation *op = broadcast;
  ArrayRef<int64_t> outType = broadcast.getType().getShape();
  SmallVector<DimExpr> result = constantShape(outType);
  auto sizes = broadcast.getDynamicSizes();
  int64_t next = 0;
  for (auto [i, t] : llvm::enumerate(outType)) {
    if (!ShapedType::isDynamic(t))
      continue;
    auto it = shapes.find(sizes[next++]);
    if (it == shapes.end())
      return op->emitOpError("the GPU path takes a dynamic broadcast size "
                             "from tensor.dim of a tensor it knows");
    result[i] = it->second[0];
  }
  SmallVector<DimExpr> input = shapes.lookup(broadcast.getInput());
  ArrayRef<int64_t> inType = staticShape(broadcast.getInput());
  int64_t lead = outType.size() - inType.size();
  for (auto [i, t] : llvm::enumerate(inType))
    if (t != 1 && failed(unify(input[i], result[lead + i], op)))
      return failure();
  for (DimExpr &d : result)
    d = resolve(d);
  set(broadcast, result);
  return success();
}

FailureOr<ShapeSymbols> ShapeSymbols::analyze(func::FuncOp func) {
  ShapeSymbols s;
  for (BlockArgument arg : func.getArguments()) {
    auto type = dyn_cast<RankedTensorType>(arg.getType());
    if (!type)
      continue;
    SmallVector<DimExpr> shape;
    for (int64_t d : type.getShape()) {
      if (!ShapedType::isDynamic(d)) {
        shape.push_back(DimExpr::constant(d));
        continue;
      }
      s.parent.push_back(s.parent.size());
      s.bound.push_back(std::nullopt);
      shape.push_back(DimExpr::symbol(s.parent.size() - 1));
    }
    s.shapes[arg] = shape;
  }
  for (Operation &op : func.getBody().front())
    if (failed(s.visit(&op)))
      return failure();
  // Number the surviving symbols in order of appearance in the arguments,
  // which is the order in which the runtime binds them.
  s.renumbered.assign(s.parent.size(), -1);
  for (BlockArgument arg : func.getArguments())
    for (DimExpr d : s.shapes.lookup(arg)) {
      DimExpr r = s.resolve(d);
      if (!r.isConstant() && s.renumbered[r.sym] < 0)
        s.renumbered[r.sym] = s.numSymbols++;
    }
  return s;
}

SmallVector<DimExpr> ShapeSymbols::getShape(Value value) const {
  SmallVector<DimExpr> shape;
  for (DimExpr d : shapes.lookup(value)) {
    DimExpr r = resolve(d);
    if (!r.isConstant())
      r.sym = renumbered[r.sym];
    shape.push_back(r);
  }
  return shape;
}
