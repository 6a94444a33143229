//===- MatmulEmitter.cpp - matmul with an elementwise epilogue -----------===//
//
// Part of the Molten project, under the Apache License v2.0.
//
//===----------------------------------------------------------------------===//
//
// Correct for any batch, M, N, K and element type: a thread per output
// element (grid-stride), products accumulated in f32, the result rounded to
// the element type, then the epilogue evaluated at the same index and
// stored. Tensor cores and tiling are a later milestone (docs/gpu.md).
//
//===----------------------------------------------------------------------===//

#include "Emitters.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

using namespace mlir;
using namespace mlir::molten;

FailureOr<LaunchConfig>
mlir::molten::emitMatmulKernel(KernelContext &ctx, FusedOp region,
                               ArrayRef<Value> outputs) {
  OpBuilder &b = ctx.b;
  Location loc = ctx.loc;
  // Siblings share the lhs: each k step loads it once for both.
  SmallVector<MatmulOp, 2> matmuls = matmulsOf(region);
  MatmulOp matmul = matmuls.front();
  // Every output has the matmul's shape: molten.fused's verifier checked it.
  ValueRange yielded = region.getYield().getValues();

  RegionEvaluator eval(ctx);
  int64_t rank = matmul.getType().getRank();
  int64_t rhsRank = matmul.getRhs().getType().getRank();
  bool transposed = matmul.getTransposeRhs();
  Value kSize = ctx.dims(matmul.getLhs()).back();
  Type f32 = b.getF32Type();

  auto [gid, nthreads] = ctx.globalThread();
  Value numel = ctx.numElements(matmul.getResult());
  auto loop = scf::ForOp::create(b, loc, gid, numel, nthreads);
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(loop.getBody());
  SmallVector<Value> idx =
      ctx.delinearize(loop.getInductionVar(), ctx.dims(matmul.getResult()));
  Value m = idx[rank - 2], n = idx[rank - 1];
  SmallVector<Value> batch(idx.begin(), idx.end() - 2);

  // The operands are read through the evaluator, so a constant (or any
  // value the region computes) works as well as an input.
  Value zero = arith::ConstantOp::create(b, loc, f32, b.getF32FloatAttr(0));
  auto kLoop = scf::ForOp::create(b, loc, ctx.index(0), kSize, ctx.index(1),
                                  SmallVector<Value>(matmuls.size(), zero));
  {
    OpBuilder::InsertionGuard g(b);
    b.setInsertionPointToStart(kLoop.getBody());
    Value kk = kLoop.getInductionVar();
    SmallVector<Value> lhsIdx(batch);
    lhsIdx.append({m, kk});
    SmallVector<Value> rhsIdx;
    if (rhsRank == rank)
      rhsIdx.append(batch.begin(), batch.end());
    if (transposed)
      rhsIdx.append({n, kk});
    else
      rhsIdx.append({kk, n});
    FailureOr<Value> a = eval.eval(matmul.getLhs(), lhsIdx, 1);
    if (failed(a))
      return failure();
    SmallVector<Value, 2> sums;
    for (auto [op, sum] : llvm::zip(matmuls, kLoop.getRegionIterArgs())) {
      FailureOr<Value> w = eval.eval(op.getRhs(), rhsIdx, 1);
      if (failed(w))
        return failure();
      Value product =
          arith::MulFOp::create(b, loc, eval.toF32(*a), eval.toF32(*w));
      sums.push_back(arith::AddFOp::create(b, loc, sum, product));
    }
    eval.forget();
    scf::YieldOp::create(b, loc, sums);
  }
  for (auto [op, sum] : llvm::zip(matmuls, kLoop.getResults()))
    eval.define(op.getResult(), idx, 1,
                eval.fromF32(sum, op.getType().getElementType()));
  if (failed(eval.storeAll(yielded, outputs, idx, 1)))
    return failure();
  eval.forget();
  eval.forgetDefined();
  Sizes s(ctx.b.getContext());
  SizeExprAttr elements = s.product(ctx.shapes.getShape(matmul.getResult()));
  return LaunchConfig{s.max(s(1), s.min(s(65535), s.cdiv(elements, s(256)))),
                      256};
}
