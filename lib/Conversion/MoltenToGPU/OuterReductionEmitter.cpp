//===- OuterReductionEmitter.cpp - reductions over outer dims ------------===//
//
// Part of the Molten project, under the Apache License v2.0.
//
//===----------------------------------------------------------------------===//
//
// A reduction that is not over the innermost dims (say, over the token dim)
// gets a kernel of its own: a thread per output element, a loop over the
// reduced elements, f32 accumulation. Adjacent threads read adjacent
// elements, so the loads coalesce.
//
//===----------------------------------------------------------------------===//

#include "Emitters.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

using namespace mlir;
using namespace mlir::molten;

FailureOr<LaunchConfig>
mlir::molten::emitOuterReductionKernel(KernelContext &ctx, FusedOp region,
                                       ArrayRef<Value> outputs) {
  OpBuilder &b = ctx.b;
  Location loc = ctx.loc;
  Operation *red = nullptr;
  region.getBody().walk([&](Operation *op) {
    if (isa<ReductionOpInterface>(op))
      red = op;
  });
  Value input = red->getOperand(0), result = red->getResult(0);
  // Every output has the reduction's result type: molten.fused's verifier
  // checked it.
  ValueRange yielded = region.getYield().getValues();
  ArrayRef<int64_t> dims = cast<ReductionOpInterface>(red).getReducedDims();
  vector::CombiningKind kind = combiningKindOf(red);
  SmallVector<Value> inDims = ctx.dims(input);
  int64_t inRank = inDims.size();
  bool keepdim = cast<RankedTensorType>(result.getType()).getRank() == inRank;
  SmallVector<Value> reducedSizes;
  Value count = ctx.index(1);
  for (int64_t d : dims) {
    reducedSizes.push_back(inDims[d]);
    count = arith::MulIOp::create(b, loc, count, inDims[d]);
  }

  RegionEvaluator eval(ctx);
  auto [gid, nthreads] = ctx.globalThread();
  Value numel = ctx.numElements(result);
  auto loop = scf::ForOp::create(b, loc, gid, numel, nthreads);
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(loop.getBody());
  SmallVector<Value> outIdx =
      ctx.delinearize(loop.getInductionVar(), ctx.dims(result));

  Value init = eval.splatF32(neutral(kind), 1);
  auto rLoop = scf::ForOp::create(b, loc, ctx.index(0), count, ctx.index(1),
                                  ValueRange{init});
  {
    OpBuilder::InsertionGuard g(b);
    b.setInsertionPointToStart(rLoop.getBody());
    SmallVector<Value> reduced =
        ctx.delinearize(rLoop.getInductionVar(), reducedSizes);
    // The input index: reduced dims from the loop, the others from the
    // output index (which skips them unless keepdim).
    SmallVector<Value> idx;
    int64_t out = 0, r = 0;
    for (int64_t d = 0; d < inRank; ++d) {
      if (llvm::is_contained(dims, d)) {
        idx.push_back(reduced[r++]);
        if (keepdim)
          ++out;
      } else {
        idx.push_back(outIdx[out++]);
      }
    }
    FailureOr<Value> v = eval.eval(input, idx, 1);
    eval.forget();
    if (failed(v))
      return failure();
    scf::YieldOp::create(
        b, loc,
        combine(b, loc, kind, rLoop.getRegionIterArgs()[0], eval.toF32(*v)));
  }
  Value total = rLoop.getResult(0);
  if (cast<ReductionOpInterface>(red).getReductionKind() == ReductionKind::mean)
    total = arith::DivFOp::create(
        b, loc, total,
        arith::UIToFPOp::create(
            b, loc, b.getF32Type(),
            arith::IndexCastOp::create(b, loc, b.getI64Type(), count)));
  eval.define(
      result, outIdx, 1,
      eval.fromF32(total,
                   cast<RankedTensorType>(result.getType()).getElementType()));
  if (failed(eval.storeAll(yielded, outputs, outIdx, 1)))
    return failure();
  eval.forget();
  eval.forgetDefined();
  Sizes s(ctx.b.getContext());
  SizeExprAttr elements = s.product(ctx.shapes.getShape(result));
  return LaunchConfig{s.max(s(1), s.min(s(65535), s.cdiv(elements, s(256)))),
                      256};
}
