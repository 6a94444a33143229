//===- RowReductionEmitter.cpp - reductions over innermost rows ----------===//
//
// Part of the Molten project, under the Apache License v2.0.
//
//===----------------------------------------------------------------------===//
//
// A block per row (grid-stride over rows). The row of length L is split into
// chunks of W elements; thread t takes chunks t, t + T, t + 2T, ... When L is
// static and each thread has at most kMaxChunks chunks, the chunk loop is
// unrolled: every chunk's index is the same Value in every stage, so the
// evaluator's memo keeps the row in registers and the inputs are read once.
// Each reduction, in program order: per-thread partials (f32), a warp
// butterfly, shared memory across warps; then the epilogue computes each
// output from registers and writes it once. Lanes past the row's end read a
// clamped (valid) index and are masked out of partials and stores.
// Longer or dynamic rows use a runtime chunk loop and read the row again per
// stage (documented in docs/gpu.md).
//
//===----------------------------------------------------------------------===//

#include "Emitters.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "llvm/Support/MathExtras.h"

using namespace mlir;
using namespace mlir::molten;

/// Most chunks a thread keeps in registers.
static constexpr int64_t kMaxChunks = 16;

static StringRef kindOf(Operation *op) {
  if (isa<ReduceMaxOp>(op))
    return "max";
  if (isa<ReduceMinOp>(op))
    return "min";
  return "sum";
}

FailureOr<LaunchConfig> mlir::molten::emitRowReductionKernel(
    KernelContext &ctx, FusedOp region, ArrayRef<Value> outputs,
    Value scratch) {
  OpBuilder &b = ctx.b;
  Location loc = ctx.loc;
  SmallVector<Operation *> reductions;
  for (Operation &op : region.getBody().front())
    if (op.hasTrait<Reduction>())
      reductions.push_back(&op);
  Value rowInput = reductions.front()->getOperand(0);
  ArrayRef<int64_t> space =
      cast<RankedTensorType>(rowInput.getType()).getShape();
  int64_t rank = space.size();
  int64_t k = getReducedDims(reductions.front()).size();
  for (Operation *r : reductions)
    if (cast<RankedTensorType>(r->getOperand(0).getType()).getShape() != space ||
        (int64_t)getReducedDims(r).size() != k)
      return region.emitOpError("row reductions of one kernel must reduce "
                                "the same rows");

  // Lane width: 16 bytes of the widest element, if it divides the inner dim.
  int64_t bytes = 1;
  for (Type t : region.getBody().getArgumentTypes())
    if (auto tensor = dyn_cast<RankedTensorType>(t))
      bytes = std::max<int64_t>(
          bytes, storageType(tensor.getElementType()).getIntOrFloatBitWidth() / 8);
  for (Type t : region.getResultTypes())
    bytes = std::max<int64_t>(
        bytes, storageType(cast<RankedTensorType>(t).getElementType())
                       .getIntOrFloatBitWidth() / 8);
  int64_t width = 16 / bytes;
  if (ShapedType::isDynamic(space.back()) || space.back() % width != 0)
    width = 1;

  std::optional<int64_t> rowLength = 1;
  for (int64_t d : space.take_back(k))
    rowLength = ShapedType::isDynamic(d) || !rowLength ? std::nullopt
                                                       : std::optional(*rowLength * d);
  int64_t threads = 256, chunksPerThread = 0;
  if (rowLength) {
    int64_t chunks = *rowLength / width;
    threads = std::clamp<int64_t>(llvm::PowerOf2Ceil(llvm::divideCeil(chunks, 8)),
                                  32, 1024);
    chunksPerThread = llvm::divideCeil(chunks, threads);
  }
  bool unrolled = rowLength && chunksPerThread <= kMaxChunks;

  // Outputs: per element of the row space, or one per row.
  SmallVector<bool> perRow;
  for (Value v : region.getYield().getValues()) {
    ArrayRef<int64_t> shape = cast<RankedTensorType>(v.getType()).getShape();
    bool full = shape == space;
    bool row = (int64_t)shape.size() <= rank &&
               shape.take_front(rank - k) == space.take_front(rank - k) &&
               llvm::all_of(shape.drop_front(rank - k),
                            [](int64_t d) { return d == 1; });
    if (!full && !row)
      return region.emitOpError("row reduction output of shape is neither "
                                "per element nor per row");
    perRow.push_back(!full);
  }

  RegionEvaluator eval(ctx);
  SmallVector<Value> dims = ctx.dims(rowInput);
  ArrayRef<Value> outerDims = ArrayRef<Value>(dims).take_front(rank - k);
  ArrayRef<Value> innerDims = ArrayRef<Value>(dims).take_back(k);
  Value length = ctx.index(1);
  for (Value d : innerDims)
    length = arith::MulIOp::create(b, loc, length, d);
  Value rows = ctx.index(1);
  for (Value d : outerDims)
    rows = arith::MulIOp::create(b, loc, rows, d);
  Value lengthF32 = arith::UIToFPOp::create(
      b, loc, b.getF32Type(),
      arith::IndexCastOp::create(b, loc, b.getI64Type(), length));

  Value tid = gpu::ThreadIdOp::create(b, loc, gpu::Dimension::x);
  Value bid = gpu::BlockIdOp::create(b, loc, gpu::Dimension::x);
  Value gdim = gpu::GridDimOp::create(b, loc, gpu::Dimension::x);
  auto rowLoop = scf::ForOp::create(b, loc, bid, rows, gdim);
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(rowLoop.getBody());
  SmallVector<Value> outerIdx =
      ctx.delinearize(rowLoop.getInductionVar(), outerDims);
  Value lastStart = arith::SubIOp::create(b, loc, length, ctx.index(width));

  // Chunk c of this thread: its index in the row space and whether it lies
  // inside the row.
  auto chunk = [&](Value c) -> std::pair<SmallVector<Value>, Value> {
    Value j = arith::MulIOp::create(
        b, loc,
        arith::AddIOp::create(
            b, loc, arith::MulIOp::create(b, loc, c, ctx.index(threads)), tid),
        ctx.index(width));
    Value valid =
        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, j, length);
    Value clamped = arith::MinUIOp::create(b, loc, j, lastStart);
    SmallVector<Value> idx(outerIdx);
    llvm::append_range(idx, ctx.delinearize(clamped, innerDims));
    return {idx, valid};
  };
  SmallVector<std::pair<SmallVector<Value>, Value>> chunks;
  if (unrolled)
    for (int64_t c = 0; c < chunksPerThread; ++c)
      chunks.push_back(chunk(ctx.index(c)));
  Value loopChunks = arith::DivUIOp::create(
      b, loc,
      arith::AddIOp::create(b, loc, length, ctx.index(threads * width - 1)),
      ctx.index(threads * width));

  // Runs `body(idx, valid)` over this thread's chunks; in the runtime loop
  // the body's values do not outlive an iteration.
  auto forEachChunk = [&](auto body) -> LogicalResult {
    if (unrolled) {
      for (auto &[idx, valid] : chunks)
        if (failed(body(idx, valid)))
          return failure();
      return success();
    }
    auto loop = scf::ForOp::create(b, loc, ctx.index(0), loopChunks, ctx.index(1));
    OpBuilder::InsertionGuard g(b);
    b.setInsertionPointToStart(loop.getBody());
    auto [idx, valid] = chunk(loop.getInductionVar());
    LogicalResult result = body(idx, valid);
    eval.forget();
    return result;
  };

  SmallVector<Value> reducedIdx(outerIdx);
  for (int64_t i = 0; i < k; ++i)
    reducedIdx.push_back(ctx.index(0));

  for (Operation *red : reductions) {
    StringRef kind = kindOf(red);
    Value neutral = eval.splatF32(molten::neutral(kind), width);
    Value acc = neutral;
    auto accumulate = [&](Value partial, ArrayRef<Value> idx,
                          Value valid) -> FailureOr<Value> {
      FailureOr<Value> v = eval.eval(red->getOperand(0), idx, width);
      if (failed(v))
        return failure();
      Value masked = arith::SelectOp::create(b, loc, valid, eval.toF32(*v), neutral);
      return combine(b, loc, kind, partial, masked);
    };
    if (unrolled) {
      for (auto &[idx, valid] : chunks) {
        FailureOr<Value> next = accumulate(acc, idx, valid);
        if (failed(next))
          return failure();
        acc = *next;
      }
    } else {
      auto loop = scf::ForOp::create(b, loc, ctx.index(0), loopChunks,
                                     ctx.index(1), ValueRange{acc});
      OpBuilder::InsertionGuard g(b);
      b.setInsertionPointToStart(loop.getBody());
      auto [idx, valid] = chunk(loop.getInductionVar());
      FailureOr<Value> next = accumulate(loop.getRegionIterArgs()[0], idx, valid);
      eval.forget();
      if (failed(next))
        return failure();
      scf::YieldOp::create(b, loc, *next);
      b.setInsertionPointAfter(loop);
      acc = loop.getResult(0);
    }
    if (width > 1) {
      vector::CombiningKind combining =
          kind == "max"   ? vector::CombiningKind::MAXIMUMF
          : kind == "min" ? vector::CombiningKind::MINIMUMF
                          : vector::CombiningKind::ADD;
      acc = vector::ReductionOp::create(b, loc, combining, acc);
    }
    Value total = blockReduce(ctx, acc, kind, threads, scratch);
    if (isa<ReduceMeanOp>(red))
      total = arith::DivFOp::create(b, loc, total, lengthF32);
    Type element =
        cast<RankedTensorType>(red->getResult(0).getType()).getElementType();
    Value result = eval.fromF32(total, element);
    int64_t resultRank =
        cast<RankedTensorType>(red->getResult(0).getType()).getRank();
    eval.define(red->getResult(0),
                ArrayRef<Value>(reducedIdx).take_front(resultRank), 1, result);
  }

  // Epilogue: each output written once.
  Value isFirst = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, tid,
                                        ctx.index(0));
  for (auto [v, buffer, row] :
       llvm::zip(region.getYield().getValues(), outputs, perRow)) {
    if (row) {
      int64_t outRank = cast<RankedTensorType>(v.getType()).getRank();
      ArrayRef<Value> idx = ArrayRef<Value>(reducedIdx).take_front(outRank);
      FailureOr<Value> value = eval.eval(v, idx, 1);
      if (failed(value))
        return failure();
      auto ifOp = scf::IfOp::create(b, loc, isFirst, false);
      OpBuilder::InsertionGuard g(b);
      b.setInsertionPoint(ifOp.thenBlock()->getTerminator());
      eval.store(v, buffer, idx, 1, *value);
      continue;
    }
    LogicalResult stored = forEachChunk(
        [&](ArrayRef<Value> idx, Value valid) -> LogicalResult {
          FailureOr<Value> value = eval.eval(v, idx, width);
          if (failed(value))
            return failure();
          auto ifOp = scf::IfOp::create(b, loc, valid, false);
          OpBuilder::InsertionGuard g(b);
          b.setInsertionPoint(ifOp.thenBlock()->getTerminator());
          eval.store(v, buffer, idx, width, *value);
          return success();
        });
    if (failed(stored))
      return failure();
  }
  eval.forget();
  eval.forgetDefined();

  SmallVector<DimExpr> shape = ctx.shapes.getShape(rowInput);
  std::string rowsExpr =
      productExpr(ArrayRef<DimExpr>(shape).take_front(rank - k));
  return LaunchConfig{"max 1 min 8448 " + rowsExpr, threads};
}
