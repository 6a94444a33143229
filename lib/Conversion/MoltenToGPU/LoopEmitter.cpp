//===- LoopEmitter.cpp - elementwise and data movement kernels -----------===//
//
// Part of the Molten project, under the Apache License v2.0.
//
//===----------------------------------------------------------------------===//
//
// A grid-stride loop over chunks of W consecutive output elements, W chosen
// so that the widest element type moves 16 bytes (4 x f32, 8 x bf16); each
// thread takes several chunks an iteration, all loaded before any store. In
// flat mode (every value has the output's shape: no broadcasting, no data
// movement) the tensors are walked as 1-D and a scalar loop does the tail;
// otherwise chunks follow the innermost dim, which W must divide (else
// W = 1).
//
//===----------------------------------------------------------------------===//

#include "Emitters.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

using namespace mlir;
using namespace mlir::molten;

/// Bytes a load of `type` (a scalar or a vector) brings in.
static int64_t loadedBytes(Type type) {
  auto vector = dyn_cast<VectorType>(type);
  Type element = vector ? vector.getElementType() : type;
  int64_t lanes = vector ? vector.getNumElements() : 1;
  return lanes * llvm::divideCeil(element.getIntOrFloatBitWidth(), 8);
}

/// Registers for the data of the loads in `block`, all in flight at once:
/// of an scf.if's two arms, the larger (one of them runs).
static int64_t loadRegisters(Block &block) {
  int64_t total = 0;
  for (Operation &op : block) {
    if (isa<vector::LoadOp, memref::LoadOp>(op)) {
      total += llvm::divideCeil(
          std::max<int64_t>(4, loadedBytes(op.getResult(0).getType())), 4);
    } else if (auto ifOp = dyn_cast<scf::IfOp>(op)) {
      int64_t arm = 0;
      for (Region *region : {&ifOp.getThenRegion(), &ifOp.getElseRegion()})
        if (!region->empty())
          arm = std::max(arm, loadRegisters(region->front()));
      total += arm;
    } else {
      for (Region &region : op.getRegions())
        for (Block &nested : region)
          total += loadRegisters(nested);
    }
  }
  return total;
}

/// Bytes per element of the widest tensor the region reads or writes.
static int64_t widestElementBytes(FusedOp region) {
  int64_t bytes = 1;
  auto account = [&](Type type) {
    if (auto tensor = dyn_cast<RankedTensorType>(type))
      bytes = std::max<int64_t>(
          bytes,
          storageType(tensor.getElementType()).getIntOrFloatBitWidth() / 8);
  };
  for (Value input : region.getInputs())
    account(input.getType());
  for (Type type : region.getResultTypes())
    account(type);
  return bytes;
}

FailureOr<LaunchConfig> mlir::molten::emitLoopKernel(KernelContext &ctx,
                                                     FusedOp region,
                                                     ArrayRef<Value> outputs,
                                                     const Tuning &tuning) {
  OpBuilder &b = ctx.b;
  Location loc = ctx.loc;
  ValueRange yielded = region.getYield().getValues();
  Value first = yielded[0];
  ArrayRef<int64_t> shape = cast<RankedTensorType>(first.getType()).getShape();
  // One shape for all outputs: molten.fused's verifier checked it.

  auto sameShape = [&](Value v) {
    return cast<RankedTensorType>(v.getType()).getShape() == shape;
  };
  bool flat =
      llvm::all_of(region.getBody().getArguments(), [&](BlockArgument a) {
        return !isa<RankedTensorType>(a.getType()) || sameShape(a);
      });
  region.getBody().walk([&](Operation *op) {
    if (isa<ConstantOp, YieldOp>(op))
      return;
    if (op->hasTrait<DataMovement>() ||
        !llvm::all_of(op->getResults(), sameShape))
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

  auto indexOf = [&](Value base) {
    return flat ? SmallVector<Value>{base}
                : ctx.delinearize(base, ctx.dims(first));
  };
  auto storeAll = [&](ArrayRef<Value> idx, ArrayRef<Value> values, int64_t w) {
    for (auto [v, buffer, value] : llvm::zip(yielded, outputs, values))
      eval.store(v, buffer, idx, w, value);
  };

  // Each iteration a thread takes U chunks, base + u * nthreads: each load
  // instruction stays coalesced across the warp. All U chunks are computed
  // before any is stored: an output may alias an input as far as the
  // compiler knows, so it would not move a load above an earlier store, and
  // the U loads would wait for each other.
  int64_t unroll = tuning.loopChunksPerThread;
  Value chunks = arith::DivUIOp::create(b, loc, numel, ctx.index(width));
  Value lastChunk = arith::SubIOp::create(b, loc, chunks, ctx.index(1));
  Value stride = arith::MulIOp::create(b, loc, nthreads, ctx.index(unroll));
  auto main = scf::ForOp::create(b, loc, gid, chunks, stride);
  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(main.getBody());
    SmallVector<SmallVector<Value>> indices, values;
    SmallVector<Value> valid;
    for (int64_t u = 0; u < unroll; ++u) {
      Value c = main.getInductionVar();
      if (u > 0)
        c = arith::AddIOp::create(
            b, loc, c, arith::MulIOp::create(b, loc, nthreads, ctx.index(u)));
      // Chunk 0 is inside by the loop bound; the others read a valid chunk
      // and store only when inside.
      valid.push_back(u == 0 ? Value()
                             : arith::CmpIOp::create(b, loc,
                                                     arith::CmpIPredicate::ult,
                                                     c, chunks));
      if (u > 0)
        c = arith::MinUIOp::create(b, loc, c, lastChunk);
      indices.push_back(
          indexOf(arith::MulIOp::create(b, loc, c, ctx.index(width))));
      SmallVector<Value> chunkValues;
      for (Value v : yielded) {
        FailureOr<Value> value = eval.eval(v, indices.back(), width);
        if (failed(value))
          return failure();
        chunkValues.push_back(*value);
      }
      values.push_back(chunkValues);
    }
    for (int64_t u = 0; u < unroll; ++u) {
      if (!valid[u]) {
        storeAll(indices[u], values[u], width);
        continue;
      }
      auto ifOp = scf::IfOp::create(b, loc, valid[u], false);
      OpBuilder::InsertionGuard g(b);
      b.setInsertionPoint(ifOp.thenBlock()->getTerminator());
      storeAll(indices[u], values[u], width);
    }
    eval.forget();
  }
  int64_t loadedRegisters = loadRegisters(*main.getBody());
  if (flat && width > 1) {
    // The last numel % width elements, one per thread.
    Value done = arith::MulIOp::create(b, loc, chunks, ctx.index(width));
    Value start = arith::AddIOp::create(b, loc, done, gid);
    auto tail = scf::ForOp::create(b, loc, start, numel, nthreads);
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(tail.getBody());
    SmallVector<Value> idx = indexOf(tail.getInductionVar());
    SmallVector<Value> tailValues;
    for (Value v : yielded) {
      FailureOr<Value> value = eval.eval(v, idx, 1);
      if (failed(value))
        return failure();
      tailValues.push_back(*value);
    }
    storeAll(idx, tailValues, 1);
    eval.forget();
  }

  // A block per loopBlockSize * U chunks, at most loopMaxBlocks (the loop
  // covers the rest); but for small inputs a block per loopBlockSize chunks,
  // up to one per multiprocessor, so that a decode-sized call is spread over
  // the GPU instead of waiting on one block's U chunks per thread.
  Sizes s(ctx.b.getContext());
  SizeExprAttr work = s.cdiv(s.product(ctx.shapes.getShape(first)), s(width));
  // The register floor: the loaded data and 24 more, for the 64-bit
  // addresses and the arithmetic beside it. Under it, ptxas issues a thread's
  // loads in several rounds; above it, fewer threads keep loads in flight
  // (both measured on RoPE, docs/benchmarks).
  SizeExprAttr grid =
      s.max(s(1), s.min(s(tuning.loopMaxBlocks),
                        s.max(s.cdiv(work, s(tuning.loopBlockSize * unroll)),
                              s.min(s.cdiv(work, s(tuning.loopBlockSize)),
                                    s(tuning.multiprocessors)))));
  return LaunchConfig{grid, tuning.loopBlockSize, loadedRegisters + 24};
}
