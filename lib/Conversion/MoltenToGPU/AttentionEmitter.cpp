//===- AttentionEmitter.cpp - attention on any GPU ------------------------===//
//
// Part of the Molten project, under the Apache License v2.0.
//
//===----------------------------------------------------------------------===//
//
// The portable attention kernel: a block of kAttentionThreads per query
// row, the keys in chunks of one per thread. Each chunk's scores go through
// an online softmax (running max and sum, the output rescaled when the max
// grows); the chunk's probabilities wait in shared memory while each thread
// accumulates its output columns over the chunk's values. Every operand is
// read through the region evaluator, so any element type, head dims, masks
// and layouts work. It is the fallback of the sm_90a flash kernel
// (HopperAttentionEmitter.cpp): correct everywhere, not fast.
//
//===----------------------------------------------------------------------===//

#include "Emitters.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

#include <limits>

using namespace mlir;
using namespace mlir::molten;

FailureOr<LaunchConfig>
mlir::molten::emitAttentionKernel(KernelContext &ctx, FusedOp region,
                                  ArrayRef<Value> outputs, Value scratch,
                                  Value probabilities) {
  OpBuilder &b = ctx.b;
  Location loc = ctx.loc;
  AttentionOp attention = attentionOf(region);
  Type f32 = b.getF32Type();
  auto f32Const = [&](double v) -> Value {
    return arith::ConstantOp::create(b, loc, f32,
                                     b.getF32FloatAttr(static_cast<float>(v)));
  };
  auto idx = [&](int64_t v) { return ctx.index(v); };
  Value negInf = f32Const(-std::numeric_limits<double>::infinity());
  Value zero = f32Const(0);

  SmallVector<Value> resultDims = ctx.dims(attention.getResult());
  int64_t rank = resultDims.size();
  SmallVector<Value> rowDims(resultDims.begin(), resultDims.end() - 1);
  Value rows = idx(1);
  for (Value d : rowDims)
    rows = arith::MulIOp::create(b, loc, rows, d);
  Value keys = ctx.dims(attention.getKey())[rank - 2];
  int64_t headDim = attention.getQuery().getType().getShape().back();
  int64_t valueDim = attention.getValue().getType().getShape().back();
  int64_t group = attention.getGroupSize();
  int64_t columnsPerThread = llvm::divideCeil(valueDim, kAttentionThreads);

  Value tid = gpu::ThreadIdOp::create(b, loc, gpu::Dimension::x);
  Value bid = gpu::BlockIdOp::create(b, loc, gpu::Dimension::x);
  Value blocks = gpu::GridDimOp::create(b, loc, gpu::Dimension::x);
  auto rowLoop = scf::ForOp::create(b, loc, bid, rows, blocks);
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(rowLoop.getBody());
  SmallVector<Value> rowIdx =
      ctx.delinearize(rowLoop.getInductionVar(), rowDims);
  Value query = rowIdx.back();
  // The key/value index of (batch..., head, key): the head of its group.
  auto kvIndex = [&](Value key, Value last) {
    SmallVector<Value> index(rowIdx.begin(), rowIdx.end() - 1);
    if (rank >= 3 && group > 1)
      index.back() = arith::DivUIOp::create(b, loc, index.back(), idx(group));
    index.append({key, last});
    return index;
  };
  // Causal: keys past the query are masked, so the loop stops there.
  Value end = keys;
  if (attention.getCausal())
    end = arith::MinUIOp::create(b, loc, keys,
                                 arith::AddIOp::create(b, loc, query, idx(1)));

  SmallVector<Value> init = {negInf, zero};
  init.append(columnsPerThread, zero);
  auto chunks =
      scf::ForOp::create(b, loc, idx(0), end, idx(kAttentionThreads), init);
  {
    OpBuilder::InsertionGuard g(b);
    b.setInsertionPointToStart(chunks.getBody());
    Value chunk = chunks.getInductionVar();
    Value runningMax = chunks.getRegionIterArgs()[0];
    Value runningSum = chunks.getRegionIterArgs()[1];
    Value key = arith::AddIOp::create(b, loc, chunk, tid);
    Value valid =
        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, key, end);
    // This thread's key's score, -inf past the end.
    auto ifValid = scf::IfOp::create(b, loc, TypeRange{f32}, valid, true);
    {
      OpBuilder::InsertionGuard gv(b);
      b.setInsertionPointToStart(ifValid.thenBlock());
      auto dot = scf::ForOp::create(b, loc, idx(0), idx(headDim), idx(1),
                                    ValueRange{zero});
      {
        OpBuilder::InsertionGuard gd(b);
        b.setInsertionPointToStart(dot.getBody());
        Value d = dot.getInductionVar();
        RegionEvaluator eval(ctx);
        SmallVector<Value> qIdx(rowIdx);
        qIdx.push_back(d);
        FailureOr<Value> q = eval.eval(attention.getQuery(), qIdx, 1);
        FailureOr<Value> k = eval.eval(attention.getKey(), kvIndex(key, d), 1);
        if (failed(q) || failed(k))
          return failure();
        Value product =
            arith::MulFOp::create(b, loc, eval.toF32(*q), eval.toF32(*k));
        scf::YieldOp::create(b, loc,
                             ValueRange{arith::AddFOp::create(
                                 b, loc, dot.getRegionIterArgs()[0], product)});
      }
      Value score = arith::MulFOp::create(b, loc, dot.getResult(0),
                                          f32Const(attention.getScaleValue()));
      if (Value mask = attention.getMask()) {
        RegionEvaluator eval(ctx);
        SmallVector<Value> scoreIdx(rowIdx);
        scoreIdx.push_back(key);
        FailureOr<Value> m =
            eval.eval(mask, eval.broadcastIndex(mask, scoreIdx), 1);
        if (failed(m))
          return failure();
        score = arith::AddFOp::create(b, loc, score, eval.toF32(*m));
      }
      scf::YieldOp::create(b, loc, ValueRange{score});
      b.setInsertionPointToStart(ifValid.elseBlock());
      scf::YieldOp::create(b, loc, ValueRange{negInf});
    }
    Value score = ifValid.getResult(0);
    Value chunkMax = blockReduce(ctx, score, vector::CombiningKind::MAXIMUMF,
                                 kAttentionThreads, scratch);
    Value newMax = arith::MaximumFOp::create(b, loc, runningMax, chunkMax);
    // While every score so far is -inf, subtract 0: exp(-inf - -inf) would
    // be NaN, and a fully masked row must end with a zero sum.
    Value isNegInf = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OEQ,
                                           newMax, negInf);
    Value shift = arith::SelectOp::create(b, loc, isNegInf, zero, newMax);
    Value p = math::ExpOp::create(b, loc,
                                  arith::SubFOp::create(b, loc, score, shift));
    Value rescale = math::ExpOp::create(
        b, loc, arith::SubFOp::create(b, loc, runningMax, shift));
    Value chunkSum = blockReduce(ctx, p, vector::CombiningKind::ADD,
                                 kAttentionThreads, scratch);
    Value newSum = arith::AddFOp::create(
        b, loc, arith::MulFOp::create(b, loc, runningSum, rescale), chunkSum);
    memref::StoreOp::create(b, loc, p, probabilities, ValueRange{tid});
    gpu::BarrierOp::create(b, loc);
    Value chunkKeys =
        arith::MinUIOp::create(b, loc, idx(kAttentionThreads),
                               arith::SubIOp::create(b, loc, end, chunk));
    SmallVector<Value> results = {newMax, newSum};
    for (int64_t c = 0; c < columnsPerThread; ++c) {
      Value column =
          arith::AddIOp::create(b, loc, tid, idx(c * kAttentionThreads));
      Value acc = arith::MulFOp::create(
          b, loc, chunks.getRegionIterArgs()[2 + c], rescale);
      Value inside = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult,
                                           column, idx(valueDim));
      auto ifInside = scf::IfOp::create(b, loc, TypeRange{f32}, inside, true);
      OpBuilder::InsertionGuard gi(b);
      b.setInsertionPointToStart(ifInside.thenBlock());
      auto sum = scf::ForOp::create(b, loc, idx(0), chunkKeys, idx(1),
                                    ValueRange{acc});
      {
        OpBuilder::InsertionGuard gs(b);
        b.setInsertionPointToStart(sum.getBody());
        Value t = sum.getInductionVar();
        RegionEvaluator eval(ctx);
        FailureOr<Value> v = eval.eval(
            attention.getValue(),
            kvIndex(arith::AddIOp::create(b, loc, chunk, t), column), 1);
        if (failed(v))
          return failure();
        Value weight =
            memref::LoadOp::create(b, loc, probabilities, ValueRange{t});
        scf::YieldOp::create(
            b, loc,
            ValueRange{arith::AddFOp::create(
                b, loc, sum.getRegionIterArgs()[0],
                arith::MulFOp::create(b, loc, weight, eval.toF32(*v)))});
      }
      scf::YieldOp::create(b, loc, sum.getResults());
      b.setInsertionPointToStart(ifInside.elseBlock());
      scf::YieldOp::create(b, loc, ValueRange{acc});
      results.push_back(ifInside.getResult(0));
    }
    // The probabilities are rewritten by the next chunk.
    gpu::BarrierOp::create(b, loc);
    scf::YieldOp::create(b, loc, results);
  }
  // A row with no key or only masked ones has a zero sum: zeros, or with
  // nan_if_masked NaN (0 / 0, as softmax gives).
  Value total = chunks.getResult(1);
  Value inverse = arith::DivFOp::create(b, loc, f32Const(1), total);
  if (!attention.getNanIfMasked()) {
    Value empty =
        arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OEQ, total, zero);
    inverse = arith::SelectOp::create(b, loc, empty, zero, inverse);
  }
  Value result = attention.getResult();
  Type element = attention.getType().getElementType();
  for (int64_t c = 0; c < columnsPerThread; ++c) {
    Value column =
        arith::AddIOp::create(b, loc, tid, idx(c * kAttentionThreads));
    Value inside = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult,
                                         column, idx(valueDim));
    auto ifInside = scf::IfOp::create(b, loc, inside, false);
    OpBuilder::InsertionGuard gi(b);
    b.setInsertionPointToStart(ifInside.thenBlock());
    RegionEvaluator eval(ctx);
    SmallVector<Value> outIdx(rowIdx);
    outIdx.push_back(column);
    Value out = arith::MulFOp::create(b, loc, chunks.getResult(2 + c), inverse);
    eval.store(result, outputs[0], outIdx, 1, eval.fromF32(out, element));
  }
  Sizes s(b.getContext());
  SmallVector<DimExpr> rowShape(ctx.shapes.getShape(result));
  rowShape.pop_back();
  SizeExprAttr rowCount = s.product(rowShape);
  return LaunchConfig{s.max(s(1), s.min(s(1 << 20), rowCount)),
                      kAttentionThreads};
}
