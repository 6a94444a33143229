//===- RowReductionEmitter.cpp - reductions over innermost rows ----------===//
//
// Part of the Molten project, under the Apache License v2.0.
//
//===----------------------------------------------------------------------===//
//
// R rows per block, T threads per row (T a power of two: a few lanes of a
// warp for short rows, up to a whole block for long ones; R = 1 when T
// is over a warp, else R * T = blockSize). The row of
// length L is split into chunks of W elements (16 bytes); lane t of a row
// takes chunks t, t + T, t + 2T, ... T is the smallest that leaves each lane
// about rowElementsPerThread elements. When L is static and a lane has at most
// kMaxChunks chunks, the chunk loop is unrolled: every chunk's index is the
// same Value in every stage, so the evaluator's memo keeps the row in
// registers and the inputs are read once; the other inputs the outputs read
// elementwise (a norm's weight, a gate) are loaded up front, with the row,
// so that no load waits for the reductions, while the registers allow
// (prefetchElementsPerThread); broadcast weights are not (L2 serves them).
// Each reduction, in program order: per-thread partials (f32), a butterfly
// over the row's lanes, shared memory across warps when T > 32; then the
// epilogue computes every output chunk from registers and only then stores
// them (a store may alias a later load as far as the compiler knows, which
// would serialise the loads); outputs that need no reduction may be stored
// before the reductions instead, once every row-shaped input is loaded. Lanes
// past the row's end, and rows past the last, read a clamped (valid) index and
// are masked out of partials and stores. Rows of Tuning::loopedRowBytes or
// more, and rows of dynamic length, use a runtime loop of a few chunks an
// iteration and read the row again per stage (documented in docs/gpu.md).
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

/// Most chunks a thread of a looped row loads in one iteration.
static constexpr int64_t kMaxLoopStep = 4;

/// Registers of a row-reduction thread besides the row values it holds
/// (indices, partials, the epilogue's temporaries), for the register cap.
static constexpr int64_t kOtherRegisters = 32;

/// Registers a thread holding a row needs besides the row's values, as
/// ptxas allocates them (113 for 64 values of a bf16 row; with 96 it spills).
static constexpr int64_t kResidentMargin = 48;

/// Registers a thread may use in a block of `threads` (a multiprocessor's
/// four partitions hold 16384 each, shared by their warps, 8 at a time).
static int64_t maxRegisters(int64_t threads) {
  int64_t warpsPerPartition =
      llvm::divideCeil(llvm::divideCeil(threads, 32), 4);
  return std::min<int64_t>(255, 16384 / (warpsPerPartition * 32) / 8 * 8);
}

/// Adds to `sources` the values `v` is computed from through elementwise
/// ops, `v` included.
static void elementwiseSources(Value v, llvm::SmallPtrSetImpl<Value> &sources) {
  SmallVector<Value> work{v};
  while (!work.empty()) {
    Value w = work.pop_back_val();
    if (!sources.insert(w).second)
      continue;
    if (Operation *op = w.getDefiningOp())
      if (op->hasTrait<Elementwise>())
        llvm::append_range(work, op->getOperands());
  }
}

/// The inputs with the shape of the row space (with `broadcastToo`, of any
/// shape) that the region reads other than through its reductions (those
/// the prefetch loads).
static int64_t countOtherInputs(FusedOp region,
                                ArrayRef<Operation *> reductions,
                                ArrayRef<int64_t> space, bool broadcastToo) {
  llvm::SmallPtrSet<Value, 8> reduced;
  for (Operation *r : reductions)
    elementwiseSources(r->getOperand(0), reduced);
  int64_t count = 0;
  for (BlockArgument arg : region.getBody().getArguments())
    if (auto type = dyn_cast<RankedTensorType>(arg.getType()))
      if ((broadcastToo || type.getShape() == space) &&
          !reduced.contains(arg) && !arg.use_empty())
        ++count;
  return count;
}

/// Whether `v` (a value of a fused region's body) is computed from a
/// reduction.
static bool dependsOnReduction(Value v) {
  SmallVector<Operation *> work;
  DenseSet<Operation *> seen;
  if (Operation *op = v.getDefiningOp())
    work.push_back(op);
  while (!work.empty()) {
    Operation *op = work.pop_back_val();
    if (!seen.insert(op).second)
      continue;
    if (isa<ReductionOpInterface>(op))
      return true;
    for (Value operand : op->getOperands())
      if (Operation *def = operand.getDefiningOp())
        work.push_back(def);
  }
  return false;
}

namespace {
/// How a row reduction kernel lays out its work, chosen from the shapes and
/// the tuning alone, before any IR is emitted.
struct RowReductionConfig {
  /// Elements a lane loads or stores at a time (a chunk).
  int64_t width;
  /// Threads a row, rows a block, and their product.
  int64_t rowThreads, rowsPerBlock, threads;
  /// Chunks a thread holds when the row stays in registers.
  int64_t chunksPerThread;
  /// Chunks a thread takes an iteration when the kernel loops over the row.
  int64_t loopStep;
  /// Values a thread holds across the reductions (f32 registers).
  int64_t held;
  /// The other row-shaped inputs are loaded with the row.
  bool prefetchOthers;
  /// The row stays in registers (chunksPerThread chunks a thread) rather
  /// than being looped over.
  bool unrolled;
};
} // namespace

static RowReductionConfig
configureRowReduction(FusedOp region, ArrayRef<Operation *> reductions,
                      ArrayRef<int64_t> space, int64_t k,
                      const Tuning &tuning) {
  // Lane width: 16 bytes of the widest element loaded or stored a chunk at
  // a time (not per-row outputs: one value a row), if it divides the inner
  // dim.
  int64_t bytes = 1;
  for (Type t : region.getBody().getArgumentTypes())
    if (auto tensor = dyn_cast<RankedTensorType>(t))
      bytes = std::max<int64_t>(
          bytes,
          storageType(tensor.getElementType()).getIntOrFloatBitWidth() / 8);
  for (Type t : region.getResultTypes())
    if (cast<RankedTensorType>(t).getShape() == space)
      bytes = std::max<int64_t>(
          bytes, storageType(cast<RankedTensorType>(t).getElementType())
                         .getIntOrFloatBitWidth() /
                     8);
  int64_t width = 16 / bytes;
  if (ShapedType::isDynamic(space.back()) || space.back() % width != 0)
    width = 1;

  std::optional<int64_t> rowLength = 1;
  for (int64_t d : space.take_back(k))
    rowLength = ShapedType::isDynamic(d) || !rowLength
                    ? std::nullopt
                    : std::optional(*rowLength * d);
  int64_t others = countOtherInputs(region, reductions, space, tuning.fewRows);
  int64_t rowThreads = 256, chunksPerThread = 0, rowsPerBlock = 1, loopStep = 2;
  // Values a thread holds across the reductions (f32 registers), and whether
  // the other row-shaped inputs are loaded with the row (see below).
  int64_t held = 0;
  bool prefetchOthers = false;
  if (rowLength) {
    int64_t chunks = std::max<int64_t>(1, *rowLength / width);
    // Rows of 8192 elements or more: twice the elements per thread (fewer
    // threads per row measured faster there, docs/benchmarks/README.md).
    int64_t elements =
        tuning.rowElementsPerThread * (*rowLength >= 8192 ? 2 : 1);
    if (tuning.fewRows)
      elements = std::max<int64_t>(1, elements / 2);
    int64_t target = std::max<int64_t>(1, elements / width);
    rowThreads = llvm::divideCeil(chunks, target);
    // Within a warp, a power of two of lanes so that rows tile the warp;
    // beyond, whole warps (5120 f32 takes 160 threads of 8 chunks, not 256
    // of 5 with idle lanes), at most 1024.
    rowThreads = rowThreads <= 32
                     ? (int64_t)llvm::PowerOf2Ceil(rowThreads)
                     : std::min<int64_t>(llvm::alignTo(rowThreads, 32), 1024);
    chunksPerThread = llvm::divideCeil(chunks, rowThreads);
    if (rowThreads <= 32)
      rowsPerBlock = std::max<int64_t>(1, tuning.blockSize / rowThreads);
    // Long rows (loopedRowBytes and up), and rows whose share would not fit
    // a thread's registers at this block size, are not kept in registers: a
    // loop takes loopStep chunks per thread per iteration and later stages
    // read the row again (from L2). Held in registers, a long row leaves
    // too few threads per SM, or spills.
    int64_t perThread = chunksPerThread * width;
    prefetchOthers =
        perThread * (1 + others) <= tuning.prefetchElementsPerThread;
    held = perThread * (prefetchOthers ? 1 + others : 1);
    if (*rowLength * bytes >= tuning.loopedRowBytes ||
        held + kResidentMargin > maxRegisters(rowThreads * rowsPerBlock)) {
      // Up to kMaxLoopStep chunks an iteration, while the loads of one
      // iteration stay within 32 values (spills past); threads for two
      // iterations each, at most loopedRowThreads (more iterations a thread
      // measured slower, docs/benchmarks), at least 64; then no more chunks
      // an iteration than two iterations need.
      loopStep = kMaxLoopStep;
      while (loopStep > 1 && loopStep * width * (1 + others) > 32)
        loopStep /= 2;
      rowThreads = std::clamp<int64_t>(
          llvm::alignTo(llvm::divideCeil(chunks, 2 * loopStep), 32), 64,
          tuning.loopedRowThreads);
      loopStep = std::clamp<int64_t>(llvm::divideCeil(chunks, 2 * rowThreads),
                                     1, loopStep);
      rowsPerBlock = 1;
      chunksPerThread = 0;
      rowLength.reset();
    }
  }
  int64_t threads = rowThreads * rowsPerBlock;
  bool unrolled = rowLength && chunksPerThread <= kMaxChunks;
  if (!unrolled) {
    held = loopStep * width;
    prefetchOthers = false;
  }

  return {width,    rowThreads, rowsPerBlock,   threads, chunksPerThread,
          loopStep, held,       prefetchOthers, unrolled};
}

namespace {
/// A thread's chunk of its row: the index in the row space, and whether it
/// lies inside the row.
struct Chunk {
  SmallVector<Value> idx;
  Value valid;
};

/// Builds a row-reduction kernel body, phase by phase: the rows a thread
/// walks, the early loads and stores, each reduction, the epilogue.
class RowReductionBuilder {
public:
  RowReductionBuilder(KernelContext &ctx, FusedOp region,
                      ArrayRef<Value> outputs, Value scratch,
                      const Tuning &tuning)
      : ctx(ctx), b(ctx.b), loc(ctx.loc), region(region), outputs(outputs),
        scratch(scratch), tuning(tuning), eval(ctx) {}

  FailureOr<LaunchConfig> build();

private:
  /// The loop over the thread's groups of rows; leaves the builder inside
  /// it, with `row`, `outerIdx` and the chunks set.
  void beginRowLoop();
  /// Chunk `c` of this thread.
  Chunk chunk(Value c);
  /// `cond` and the row's validity (rows past the last compute, but store
  /// nothing).
  Value andRowValid(Value cond);
  /// A runtime loop over this thread's chunks (rows not kept in registers),
  /// loopStep chunks per iteration (past the row's end: masked); `body(acc,
  /// chunks)` returns the values it carries to the next iteration, and no
  /// other value outlives an iteration.
  FailureOr<SmallVector<Value>> forEachChunks(
      ValueRange init,
      function_ref<FailureOr<SmallVector<Value>>(ValueRange, ArrayRef<Chunk>)>
          body);
  void storeIf(Value cond, Value v, Value buffer, ArrayRef<Value> idx,
               int64_t width, Value value);
  /// Output v at each of `at`'s chunks: every value computed, then stored
  /// (inside the row only).
  LogicalResult computeThenStore(Value v, Value buffer, ArrayRef<Chunk> at);
  /// Loads the inputs the per-element outputs read elementwise with the row.
  void prefetchOthers();
  /// Per-element outputs that need no reduction, stored before the first
  /// reduction; sets storedEarly.
  LogicalResult storeEarlyOutputs();
  /// One reduction: its row total, defined for the epilogue.
  LogicalResult reduce(Operation *red);
  /// Each output written once, every value computed before the first store.
  LogicalResult storeOutputs();
  LaunchConfig launchConfig();

  KernelContext &ctx;
  OpBuilder &b;
  Location loc;
  FusedOp region;
  ArrayRef<Value> outputs;
  Value scratch;
  const Tuning &tuning;
  RegionEvaluator eval;

  SmallVector<Operation *> reductions;
  Value rowInput;
  /// The row space (the reductions' input shape), its rank, and the number
  /// of reduced (innermost) dims.
  ArrayRef<int64_t> space;
  int64_t rank = 0, k = 0;
  RowReductionConfig config;
  /// Per output: one value a row (else one per element).
  SmallVector<bool> perRow;
  SmallVector<bool> storedEarly;
  ArrayRef<Value> outerDims, innerDims;
  SmallVector<Value> dims;
  Value length, rows, lengthF32, lane, rowValid, lastStart, loopChunks;
  SmallVector<Value> outerIdx, reducedIdx;
  /// The thread's chunks when the row is held in registers (unrolled).
  SmallVector<Chunk> chunks;
};
} // namespace

FailureOr<LaunchConfig> RowReductionBuilder::build() {
  for (Operation &op : region.getBody().front())
    if (isa<ReductionOpInterface>(op))
      reductions.push_back(&op);
  rowInput = reductions.front()->getOperand(0);
  space = cast<RankedTensorType>(rowInput.getType()).getShape();
  rank = space.size();
  k = cast<ReductionOpInterface>(reductions.front()).getReducedDims().size();
  // molten.fused's verifier checked the hero's contract: every reduction
  // reduces these rows, and every result is per element or per row.
  config = configureRowReduction(region, reductions, space, k, tuning);
  for (Value v : region.getYield().getValues())
    perRow.push_back(cast<RankedTensorType>(v.getType()).getShape() != space);

  dims = ctx.dims(rowInput);
  outerDims = ArrayRef<Value>(dims).take_front(rank - k);
  innerDims = ArrayRef<Value>(dims).take_back(k);
  length = ctx.index(1);
  for (Value d : innerDims)
    length = arith::MulIOp::create(b, loc, length, d);
  rows = ctx.index(1);
  for (Value d : outerDims)
    rows = arith::MulIOp::create(b, loc, rows, d);
  lengthF32 = arith::UIToFPOp::create(
      b, loc, b.getF32Type(),
      arith::IndexCastOp::create(b, loc, b.getI64Type(), length));

  OpBuilder::InsertionGuard guard(b);
  beginRowLoop();
  if (config.prefetchOthers)
    prefetchOthers();
  if (failed(storeEarlyOutputs()))
    return failure();
  for (Operation *red : reductions)
    if (failed(reduce(red)))
      return failure();
  if (failed(storeOutputs()))
    return failure();
  return launchConfig();
}

void RowReductionBuilder::beginRowLoop() {
  int64_t rowThreads = config.rowThreads, rowsPerBlock = config.rowsPerBlock,
          width = config.width;
  // Thread tid works on row tid / T of its block's group of R rows, as lane
  // tid % T. The loop over groups is uniform across the block (shuffles and
  // barriers need every lane); a row past the last computes on the last row
  // and stores nothing.
  Value tid = gpu::ThreadIdOp::create(b, loc, gpu::Dimension::x);
  lane = arith::RemUIOp::create(b, loc, tid, ctx.index(rowThreads));
  Value rowInGroup = arith::DivUIOp::create(b, loc, tid, ctx.index(rowThreads));
  Value bid = gpu::BlockIdOp::create(b, loc, gpu::Dimension::x);
  Value gdim = gpu::GridDimOp::create(b, loc, gpu::Dimension::x);
  Value groups = arith::DivUIOp::create(
      b, loc, arith::AddIOp::create(b, loc, rows, ctx.index(rowsPerBlock - 1)),
      ctx.index(rowsPerBlock));
  auto rowLoop = scf::ForOp::create(b, loc, bid, groups, gdim);
  b.setInsertionPointToStart(rowLoop.getBody());
  Value row = rowLoop.getInductionVar();
  if (rowsPerBlock > 1) {
    row = arith::AddIOp::create(
        b, loc, arith::MulIOp::create(b, loc, row, ctx.index(rowsPerBlock)),
        rowInGroup);
    rowValid =
        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, row, rows);
    row = arith::MinUIOp::create(
        b, loc, row, arith::SubIOp::create(b, loc, rows, ctx.index(1)));
  }
  outerIdx = ctx.delinearize(row, outerDims);
  lastStart = arith::SubIOp::create(b, loc, length, ctx.index(width));
  if (config.unrolled)
    for (int64_t c = 0; c < config.chunksPerThread; ++c)
      chunks.push_back(chunk(ctx.index(c)));
  loopChunks = arith::DivUIOp::create(
      b, loc,
      arith::AddIOp::create(b, loc, length, ctx.index(rowThreads * width - 1)),
      ctx.index(rowThreads * width));
  reducedIdx.assign(outerIdx.begin(), outerIdx.end());
  for (int64_t i = 0; i < k; ++i)
    reducedIdx.push_back(ctx.index(0));
}

Chunk RowReductionBuilder::chunk(Value c) {
  Value j = arith::MulIOp::create(
      b, loc,
      arith::AddIOp::create(
          b, loc,
          arith::MulIOp::create(b, loc, c, ctx.index(config.rowThreads)), lane),
      ctx.index(config.width));
  Value valid =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, j, length);
  Value clamped = arith::MinUIOp::create(b, loc, j, lastStart);
  SmallVector<Value> idx(outerIdx);
  llvm::append_range(idx, ctx.delinearize(clamped, innerDims));
  return {idx, valid};
}

Value RowReductionBuilder::andRowValid(Value cond) {
  return rowValid ? arith::AndIOp::create(b, loc, cond, rowValid).getResult()
                  : cond;
}

FailureOr<SmallVector<Value>> RowReductionBuilder::forEachChunks(
    ValueRange init,
    function_ref<FailureOr<SmallVector<Value>>(ValueRange, ArrayRef<Chunk>)>
        body) {
  auto loop = scf::ForOp::create(b, loc, ctx.index(0), loopChunks,
                                 ctx.index(config.loopStep), init);
  OpBuilder::InsertionGuard g(b);
  // Without carried values the builder has added the terminator already.
  bool hasYield = init.empty();
  if (hasYield)
    b.setInsertionPoint(loop.getBody()->getTerminator());
  else
    b.setInsertionPointToStart(loop.getBody());
  SmallVector<Chunk> step;
  for (int64_t u = 0; u < config.loopStep; ++u)
    step.push_back(chunk(
        arith::AddIOp::create(b, loc, loop.getInductionVar(), ctx.index(u))));
  FailureOr<SmallVector<Value>> next = body(loop.getRegionIterArgs(), step);
  eval.forget();
  if (failed(next))
    return failure();
  if (!hasYield)
    scf::YieldOp::create(b, loc, *next);
  return SmallVector<Value>(loop.getResults());
}

void RowReductionBuilder::storeIf(Value cond, Value v, Value buffer,
                                  ArrayRef<Value> idx, int64_t width,
                                  Value value) {
  auto ifOp = scf::IfOp::create(b, loc, cond, false);
  OpBuilder::InsertionGuard g(b);
  b.setInsertionPoint(ifOp.thenBlock()->getTerminator());
  eval.store(v, buffer, idx, width, value);
}

LogicalResult RowReductionBuilder::computeThenStore(Value v, Value buffer,
                                                    ArrayRef<Chunk> at) {
  SmallVector<Value> values;
  for (const Chunk &c : at) {
    FailureOr<Value> value = eval.eval(v, c.idx, config.width);
    if (failed(value))
      return failure();
    values.push_back(*value);
  }
  for (auto [c, value] : llvm::zip(at, values))
    storeIf(andRowValid(c.valid), v, buffer, c.idx, config.width, value);
  return success();
}

void RowReductionBuilder::prefetchOthers() {
  // The inputs the per-element outputs read elementwise, loaded with the
  // row before the first reduction: those of the row's shape (a gate, a
  // residual), which come from memory. A broadcast weight is in L2, and
  // loading it early costs registers for little, except in the few-rows
  // variant, where the wait for it after the reductions is the call's
  // latency.
  auto loadedEarly = [&](BlockArgument arg) {
    return tuning.fewRows ||
           cast<RankedTensorType>(arg.getType()).getShape() == space;
  };
  for (auto [v, row] : llvm::zip(region.getYield().getValues(), perRow))
    if (!row)
      for (const Chunk &c : chunks)
        eval.prefetch(v, c.idx, config.width, loadedEarly);
}

LogicalResult RowReductionBuilder::storeEarlyOutputs() {
  storedEarly.assign(outputs.size(), false);
  // Per-element outputs that need no reduction (a residual sum), when the
  // row and the other inputs are loaded already: computed and stored before
  // the first reduction, so that their stores drain while the block reduces
  // (the few-rows variant's latency), not after. Every input of the row's
  // shape is loaded first (an output may be written in place over one: each
  // chunk is read before it is written, as in the epilogue); so only where
  // each is one the first reduction reads or a prefetched other (an input
  // only a later reduction reads would hold registers across the first),
  // read at the thread's own chunks (no data movement).
  llvm::SmallPtrSet<Value, 8> firstReads, laterReads;
  elementwiseSources(reductions.front()->getOperand(0), firstReads);
  for (Operation *r : ArrayRef<Operation *>(reductions).drop_front())
    elementwiseSources(r->getOperand(0), laterReads);
  SmallVector<BlockArgument> rowInputs;
  bool storeEarly = config.unrolled && config.prefetchOthers &&
                    !region.getBody()
                         .walk([](Operation *op) {
                           return op->hasTrait<DataMovement>()
                                      ? WalkResult::interrupt()
                                      : WalkResult::advance();
                         })
                         .wasInterrupted();
  for (BlockArgument arg : region.getBody().getArguments()) {
    auto type = dyn_cast<RankedTensorType>(arg.getType());
    if (!type || arg.use_empty() || type.getShape() != space)
      continue;
    rowInputs.push_back(arg);
    if (!firstReads.contains(arg) && laterReads.contains(arg))
      storeEarly = false;
  }
  for (auto [i, v, buffer, row] :
       llvm::enumerate(region.getYield().getValues(), outputs, perRow)) {
    if (!storeEarly || row || dependsOnReduction(v))
      continue;
    for (BlockArgument arg : rowInputs)
      for (const Chunk &c : chunks)
        if (failed(eval.eval(arg, c.idx, config.width)))
          return failure();
    if (failed(computeThenStore(v, buffer, chunks)))
      return failure();
    storedEarly[i] = true;
  }
  return success();
}

LogicalResult RowReductionBuilder::reduce(Operation *red) {
  int64_t width = config.width;
  vector::CombiningKind kind = combiningKindOf(red);
  Value neutral = eval.splatF32(molten::neutral(kind), width);
  Value acc = neutral;
  auto accumulate = [&](Value partial, const Chunk &c) -> FailureOr<Value> {
    FailureOr<Value> v = eval.eval(red->getOperand(0), c.idx, width);
    if (failed(v))
      return failure();
    Value masked =
        arith::SelectOp::create(b, loc, c.valid, eval.toF32(*v), neutral);
    return combine(b, loc, kind, partial, masked);
  };
  if (config.unrolled) {
    for (const Chunk &c : chunks) {
      FailureOr<Value> next = accumulate(acc, c);
      if (failed(next))
        return failure();
      acc = *next;
    }
  } else {
    FailureOr<SmallVector<Value>> total = forEachChunks(
        ValueRange{acc},
        [&](ValueRange partial,
            ArrayRef<Chunk> step) -> FailureOr<SmallVector<Value>> {
          Value sum = partial[0];
          for (const Chunk &c : step) {
            FailureOr<Value> next = accumulate(sum, c);
            if (failed(next))
              return failure();
            sum = *next;
          }
          return SmallVector<Value>{sum};
        });
    if (failed(total))
      return failure();
    acc = (*total)[0];
  }
  if (width > 1)
    acc = vector::ReductionOp::create(b, loc, kind, acc);
  Value total = blockReduce(ctx, acc, kind, config.rowThreads, scratch);
  if (cast<ReductionOpInterface>(red).getReductionKind() == ReductionKind::mean)
    total = arith::DivFOp::create(b, loc, total, lengthF32);
  auto resultType = cast<RankedTensorType>(red->getResult(0).getType());
  Value result = eval.fromF32(total, resultType.getElementType());
  eval.define(red->getResult(0),
              ArrayRef<Value>(reducedIdx).take_front(resultType.getRank()), 1,
              result);
  return success();
}

LogicalResult RowReductionBuilder::storeOutputs() {
  int64_t width = config.width;
  Value isFirst = andRowValid(arith::CmpIOp::create(
      b, loc, arith::CmpIPredicate::eq, lane, ctx.index(0)));
  struct PendingStore {
    Value cond, v, buffer;
    SmallVector<Value> idx;
    int64_t width;
    Value value;
  };
  SmallVector<PendingStore> pending;
  for (auto [v, buffer, row, early] :
       llvm::zip(region.getYield().getValues(), outputs, perRow, storedEarly)) {
    if (early)
      continue;
    if (row) {
      int64_t outRank = cast<RankedTensorType>(v.getType()).getRank();
      ArrayRef<Value> idx = ArrayRef<Value>(reducedIdx).take_front(outRank);
      FailureOr<Value> value = eval.eval(v, idx, 1);
      if (failed(value))
        return failure();
      pending.push_back(
          {isFirst, v, buffer, SmallVector<Value>(idx), 1, *value});
      continue;
    }
    if (!config.unrolled) {
      // Each iteration computes its chunks, then stores them.
      FailureOr<SmallVector<Value>> stored = forEachChunks(
          ValueRange{},
          [&](ValueRange,
              ArrayRef<Chunk> step) -> FailureOr<SmallVector<Value>> {
            if (failed(computeThenStore(v, buffer, step)))
              return failure();
            return SmallVector<Value>{};
          });
      if (failed(stored))
        return failure();
      continue;
    }
    for (const Chunk &c : chunks) {
      FailureOr<Value> value = eval.eval(v, c.idx, width);
      if (failed(value))
        return failure();
      pending.push_back(
          {andRowValid(c.valid), v, buffer, c.idx, width, *value});
    }
  }
  for (PendingStore &p : pending)
    storeIf(p.cond, p.v, p.buffer, p.idx, p.width, p.value);
  eval.forget();
  eval.forgetDefined();
  return success();
}

LaunchConfig RowReductionBuilder::launchConfig() {
  SmallVector<DimExpr> shape = ctx.shapes.getShape(rowInput);
  Sizes s(ctx.b.getContext());
  SizeExprAttr rowsExpr =
      s.product(ArrayRef<DimExpr>(shape).take_front(rank - k));
  LaunchConfig launch{
      s.max(s(1), s.min(s(tuning.rowMaxBlocks),
                        s.cdiv(rowsExpr, s(config.rowsPerBlock)))),
      config.threads, config.held + kOtherRegisters};
  // A row a block, held in registers: few rows leave most multiprocessors
  // idle and each row's latency is the call's; twice the threads a row and
  // the weights loaded early shorten it.
  if (!tuning.fewRows && config.unrolled && config.rowsPerBlock == 1 &&
      config.rowThreads <= 512 && config.chunksPerThread > 1)
    launch.fewRowsVariantRows = rowsExpr;
  launch.looped = !config.unrolled;
  return launch;
}

FailureOr<LaunchConfig>
mlir::molten::emitRowReductionKernel(KernelContext &ctx, FusedOp region,
                                     ArrayRef<Value> outputs, Value scratch,
                                     const Tuning &tuning) {
  return RowReductionBuilder(ctx, region, outputs, scratch, tuning).build();
}
