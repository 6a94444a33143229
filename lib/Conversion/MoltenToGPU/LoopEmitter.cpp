//===- LoopEmitter.cpp - elementwise and data movement kernels -----------===//
//
// Part of the Molten project, under the Apache License v2.0.
//
//===----------------------------------------------------------------------===//
//
// A grid-stride loop over chunks of W consecutive output elements, W chosen
// so that the widest element type moves 16 bytes (4 x f32, 8 x bf16). In
// flat mode (every value has the output's shape: no broadcasting, no data
// movement) the tensors are walked as 1-D and a scalar loop does the tail;
// otherwise chunks follow the innermost dim, which W must divide (else
// W = 1).
//
//===----------------------------------------------------------------------===//

#include "Emitters.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

using namespace mlir;
using namespace mlir::molten;

std::string mlir::molten::productExpr(ArrayRef<DimExpr> dims) {
  int64_t constant = 1;
  std::string expr;
  for (const DimExpr &d : dims) {
    if (d.isConstant()) {
      constant *= d.value;
      continue;
    }
    expr = expr.empty() ? d.str() : "* " + expr + " " + d.str();
  }
  if (expr.empty())
    return std::to_string(constant);
  if (constant != 1)
    expr = "* " + expr + " " + std::to_string(constant);
  return expr;
}

/// Bytes per element of the widest tensor the region reads or writes.
static int64_t widestElementBytes(FusedOp region) {
  int64_t bytes = 1;
  auto account = [&](Type type) {
    if (auto tensor = dyn_cast<RankedTensorType>(type))
      bytes = std::max<int64_t>(
          bytes, storageType(tensor.getElementType()).getIntOrFloatBitWidth() / 8);
  };
  for (Value input : region.getInputs())
    account(input.getType());
  for (Type type : region.getResultTypes())
    account(type);
  return bytes;
}

FailureOr<LaunchConfig> mlir::molten::emitLoopKernel(KernelContext &ctx,
                                                     FusedOp region,
                                                     ArrayRef<Value> outputs) {
  OpBuilder &b = ctx.b;
  Location loc = ctx.loc;
  ValueRange yielded = region.getYield().getValues();
  Value first = yielded[0];
  ArrayRef<int64_t> shape = cast<RankedTensorType>(first.getType()).getShape();
  for (Value v : yielded)
    if (cast<RankedTensorType>(v.getType()).getShape() != shape)
      return region.emitOpError("loop kernel outputs must share one shape");

  auto sameShape = [&](Value v) {
    return cast<RankedTensorType>(v.getType()).getShape() == shape;
  };
  bool flat = llvm::all_of(region.getBody().getArguments(),
                           [&](BlockArgument a) {
                             return !isa<RankedTensorType>(a.getType()) ||
                                    sameShape(a);
                           });
  region.getBody().walk([&](Operation *op) {
    if (isa<ConstantOp, YieldOp>(op))
      return;
    if (op->hasTrait<DataMovement>() || !llvm::all_of(op->getResults(), sameShape))
      flat = false;
  });

  int64_t width = 16 / widestElementBytes(region);
  std::optional<int64_t> inner = innerSize(first);
  if (!flat && (!inner || *inner % width != 0))
    width = 1;

  Value numel = ctx.numElements(first);
  ctx.flat = flat;
  RegionEvaluator eval(ctx);
  auto [gid, nthreads] = ctx.globalThread();

  auto emitChunk = [&](Value base, int64_t w) -> LogicalResult {
    SmallVector<Value> idx =
        flat ? SmallVector<Value>{base} : ctx.delinearize(base, ctx.dims(first));
    for (auto [v, buffer] : llvm::zip(yielded, outputs)) {
      FailureOr<Value> value = eval.eval(v, idx, w);
      if (failed(value))
        return failure();
      eval.store(v, buffer, idx, w, *value);
    }
    eval.forget();
    return success();
  };

  Value chunks = arith::DivUIOp::create(b, loc, numel, ctx.index(width));
  auto main = scf::ForOp::create(b, loc, gid, chunks, nthreads);
  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(main.getBody());
    Value base = arith::MulIOp::create(b, loc, main.getInductionVar(),
                                       ctx.index(width));
    if (failed(emitChunk(base, width)))
      return failure();
  }
  if (flat && width > 1) {
    // The last numel % width elements, one per thread.
    Value done = arith::MulIOp::create(b, loc, chunks, ctx.index(width));
    Value start = arith::AddIOp::create(b, loc, done, gid);
    auto tail = scf::ForOp::create(b, loc, start, numel, nthreads);
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(tail.getBody());
    if (failed(emitChunk(tail.getInductionVar(), 1)))
      return failure();
  }

  // Enough blocks to fill the GPU a few times over; the loop covers the rest.
  std::string elements = productExpr(ctx.shapes.getShape(first));
  std::string work = "cdiv " + elements + " " + std::to_string(width);
  return LaunchConfig{"max 1 min 2112 cdiv " + work + " 256", 256};
}
