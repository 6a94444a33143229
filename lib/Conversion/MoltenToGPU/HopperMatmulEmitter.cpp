//===- HopperMatmulEmitter.cpp - tensor-core matmul for sm_90a -----------===//
//
// Part of the Molten project, under the Apache License v2.0.
//
//===----------------------------------------------------------------------===//
//
// A matmul region on Hopper tensor cores (docs/gpu.md, "Tensor-core
// matmul"). The kernel is persistent and warp-specialised:
//
// - one producer warp streams 128 x BK tiles of the lhs and BN x BK tiles of
//   the rhs through TMA into a ring of shared-memory stages, each guarded by
//   a "full" mbarrier (the TMA transaction count) and an "empty" one (the
//   consumers' release);
// - two consumer warpgroups multiply each stage with wgmma (64 rows each,
//   f32 accumulators in registers), keeping one wgmma group in flight, and
//   evaluate the region's epilogue on the accumulator registers before
//   storing.
//
// Tiles are visited in groups of kGroupM row tiles so that the CTAs running
// at once share operand tiles in L2. The producer runs ahead into the next
// tile while the consumers run the epilogue.
//
// Operands are TMA tensor maps the runtime encodes per call (bundle
// `tensormaps`, docs/bundle.md); they reach the kernel as trailing
// parameters passed by value (molten-grid-constant-params).
//
//===----------------------------------------------------------------------===//

#include "Emitters.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/LLVMIR/NVVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

using namespace mlir;
using namespace mlir::molten;

namespace {
/// The kernel's fixed shape. BN is 128 or 256 (HopperTile::n).
constexpr int64_t kTileM = 128;
constexpr int64_t kTileK = 64; // one 128-byte swizzle row of 16-bit values
constexpr int64_t kStages = 4;
constexpr int64_t kConsumerWarps = 8; // two warpgroups of 64 rows
constexpr int64_t kProducerWarp = kConsumerWarps;
constexpr int64_t kThreads = (kConsumerWarps + 1) * 32;
constexpr int64_t kGroupM = 8;
/// wgmma's k for 16-bit inputs.
constexpr int64_t kMmaK = 16;
/// The 128-byte swizzle repeats every 8 rows of 128 bytes; stage buffers
/// start on such a boundary so that descriptors need no base offset.
constexpr int64_t kSwizzleAtom = 1024;
/// ptxas's register budget for kThreads threads on one multiprocessor.
constexpr int64_t kRegisters = 224;

/// A wgmma shared-memory matrix descriptor with the 128-byte swizzle.
constexpr uint64_t descriptorBits(uint64_t leadingBytes, uint64_t strideBytes) {
  return ((leadingBytes >> 4) << 16) | ((strideBytes >> 4) << 32) |
         (uint64_t(1) << 62);
}
} // namespace

std::optional<std::string> mlir::molten::hopperMatmulUnsupported(
    FusedOp region, StringRef chip) {
  if (chip != "sm_90a")
    return std::string("wgmma needs chip sm_90a");
  MatmulOp matmul;
  region.getBody().walk([&](MatmulOp op) { matmul = op; });
  Type lhsType = matmul.getLhs().getType().getElementType();
  Type rhsType = matmul.getRhs().getType().getElementType();
  if (lhsType != rhsType || !(lhsType.isBF16() || lhsType.isF16()))
    return std::string("operands are not both bf16 or both f16");
  // TMA reads the operands from memory: they must be region inputs.
  if (!isa<BlockArgument>(matmul.getLhs()) ||
      !isa<BlockArgument>(matmul.getRhs()))
    return std::string("an operand is computed in the region");
  // Tensor maps need 16-byte row pitches: K (and N for a [K, N] rhs) a
  // multiple of 8, known when compiling.
  int64_t k = matmul.getLhs().getType().getShape().back();
  if (ShapedType::isDynamic(k) || k == 0 || k % 8 != 0)
    return std::string("K is not a static non-zero multiple of 8");
  int64_t n = matmul.getType().getShape().back();
  if (!matmul.getTransposeRhs() && (ShapedType::isDynamic(n) || n % 8 != 0))
    return std::string("N of a [K, N] rhs is not a static multiple of 8");
  return std::nullopt;
}

namespace {
/// Builds the kernel body; one instance per kernel.
class HopperMatmulBuilder {
public:
  HopperMatmulBuilder(KernelContext &ctx, FusedOp region, MatmulOp matmul,
                      Value lhsMap, Value rhsMap)
      : ctx(ctx), b(ctx.b), loc(ctx.loc), region(region), matmul(matmul),
        lhsMap(lhsMap), rhsMap(rhsMap) {
    int64_t n = matmul.getType().getShape().back();
    tileN = !ShapedType::isDynamic(n) && n <= 128 ? 128 : 256;
    transposed = matmul.getTransposeRhs();
    int64_t k = matmul.getLhs().getType().getShape().back();
    kTiles = llvm::divideCeil(k, kTileK);
  }

  LogicalResult build(ArrayRef<Value> outputs);

  int64_t tileN;
  int64_t kTiles;
  bool transposed;

  int64_t stageBytes() const { return (kTileM + tileN) * kTileK * 2; }
  int64_t barrierOffset() const { return kStages * stageBytes(); }
  /// Dynamic shared memory: the stages, the barriers, and room to align.
  int64_t smemBytes() const {
    return barrierOffset() + 2 * kStages * 8 + kSwizzleAtom;
  }

private:
  Value idx(int64_t v) { return ctx.index(v); }
  Value i32(int64_t v) {
    return arith::ConstantOp::create(b, loc, b.getI32IntegerAttr(v));
  }
  Value i64(int64_t v) {
    return arith::ConstantOp::create(b, loc, b.getI64IntegerAttr(v));
  }
  Value toI32(Value v) {
    return arith::IndexCastOp::create(b, loc, b.getI32Type(), v);
  }
  Value add(Value x, Value y) { return arith::AddIOp::create(b, loc, x, y); }
  Value mul(Value x, Value y) { return arith::MulIOp::create(b, loc, x, y); }
  Value div(Value x, Value y) { return arith::DivUIOp::create(b, loc, x, y); }
  Value rem(Value x, Value y) { return arith::RemUIOp::create(b, loc, x, y); }
  Value eq(Value x, Value y) {
    return arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, x, y);
  }
  Value ult(Value x, Value y) {
    return arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, x, y);
  }
  Value ule(Value x, Value y) {
    return arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ule, x, y);
  }
  Value cdiv(Value x, int64_t y) { return div(add(x, idx(y - 1)), idx(y)); }
  /// A shared-memory pointer at `offset` bytes from the aligned base.
  Value sharedPtr(Value offset) {
    Value address = arith::IndexCastOp::create(b, loc, b.getI64Type(),
                                               add(smemBase, offset));
    return LLVM::IntToPtrOp::create(
        b, loc, LLVM::LLVMPointerType::get(b.getContext(), 3), address);
  }
  Value fullBarrier(Value stage) {
    return sharedPtr(add(idx(barrierOffset()), mul(stage, idx(8))));
  }
  Value emptyBarrier(Value stage) {
    return sharedPtr(
        add(idx(barrierOffset() + kStages * 8), mul(stage, idx(8))));
  }
  void waitParity(Value barrier, Value parity) {
    NVVM::MBarrierTryWaitParityOp::create(b, loc, barrier, toI32(parity),
                                          i32(10000000));
  }
  /// The wgmma descriptor of the matrix at shared `offset` bytes.
  Value descriptor(Value offset, uint64_t leadingBytes, uint64_t strideBytes) {
    Value address = arith::IndexCastOp::create(b, loc, b.getI64Type(),
                                               add(smemBase, offset));
    Value field = arith::ShRUIOp::create(
        b, loc, arith::AndIOp::create(b, loc, address, i64(0x3ffff)), i64(4));
    return arith::OrIOp::create(
        b, loc, field,
        i64(static_cast<int64_t>(descriptorBits(leadingBytes, strideBytes))));
  }

  /// The tile that the CTA's `i`-th turn works on: batch, first row, first
  /// column.
  struct Tile {
    Value batch, row, col;
  };
  Tile tileOf(Value i);
  void emitProducer(Value localTiles);
  LogicalResult emitConsumer(Value localTiles, Value warp, Value lane,
                             ArrayRef<Value> outputs);
  LogicalResult emitEpilogue(Value acc, const Tile &tile, Value warp,
                             Value lane, ArrayRef<Value> outputs);

  KernelContext &ctx;
  OpBuilder &b;
  Location loc;
  FusedOp region;
  MatmulOp matmul;
  Value lhsMap, rhsMap;
  Value smemBase;
  /// Sizes: rows, columns, batch count; tile counts.
  Value rows, cols, batches, rowTiles, colTiles, numTiles;
};
} // namespace

HopperMatmulBuilder::Tile HopperMatmulBuilder::tileOf(Value i) {
  Value bid = gpu::BlockIdOp::create(b, loc, gpu::Dimension::x);
  Value grid = gpu::GridDimOp::create(b, loc, gpu::Dimension::x);
  Value t = add(bid, mul(i, grid));
  Value perBatch = mul(rowTiles, colTiles);
  Value batch = div(t, perBatch);
  Value r = rem(t, perBatch);
  // Groups of kGroupM row tiles, column-major within the group.
  Value groupTiles = mul(idx(kGroupM), colTiles);
  Value firstRow = mul(div(r, groupTiles), idx(kGroupM));
  Value groupRows =
      arith::MinUIOp::create(b, loc, arith::SubIOp::create(b, loc, rowTiles,
                                                            firstRow),
                             idx(kGroupM));
  Value inGroup = rem(r, groupTiles);
  Value rowTile = add(firstRow, rem(inGroup, groupRows));
  Value colTile = div(inGroup, groupRows);
  return {batch, mul(rowTile, idx(kTileM)), mul(colTile, idx(tileN))};
}

void HopperMatmulBuilder::emitProducer(Value localTiles) {
  bool batchedRhs =
      matmul.getRhs().getType().getRank() == matmul.getType().getRank() &&
      matmul.getType().getRank() > 2;
  auto tiles = scf::ForOp::create(b, loc, idx(0), localTiles, idx(1));
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(tiles.getBody());
  Tile tile = tileOf(tiles.getInductionVar());
  Value rhsBatch = toI32(batchedRhs ? tile.batch : idx(0));
  Value lhsBatch = toI32(tile.batch);
  auto steps = scf::ForOp::create(b, loc, idx(0), idx(kTiles), idx(1));
  b.setInsertionPointToStart(steps.getBody());
  Value kt = steps.getInductionVar();
  Value it = add(mul(tiles.getInductionVar(), idx(kTiles)), kt);
  Value stage = rem(it, idx(kStages));
  Value parity = rem(div(it, idx(kStages)), idx(2));
  // A fresh barrier counts as having completed the phase before phase 0,
  // so the first pass over the ring does not wait.
  waitParity(emptyBarrier(stage),
             arith::XOrIOp::create(b, loc, parity, idx(1)));
  Value full = fullBarrier(stage);
  NVVM::MBarrierArriveExpectTxOp::create(b, loc, Type(), full,
                                         i32(stageBytes()),
                                         NVVM::MemScopeKind::CTA, false,
                                         Value());
  Value stageStart = mul(stage, idx(stageBytes()));
  Value k0 = toI32(mul(kt, idx(kTileK)));
  auto load = [&](Value map, Value offset, ValueRange coords) {
    // The shared::cluster form (the CTA-only one needs PTX 8.6): a CTA's
    // own shared address is a cluster address too.
    Value dst = LLVM::AddrSpaceCastOp::create(
        b, loc, LLVM::LLVMPointerType::get(b.getContext(), 7),
        sharedPtr(offset));
    NVVM::CpAsyncBulkTensorGlobalToSharedClusterOp::create(
        b, loc, dst, map, coords, full, ValueRange{}, Value(), Value(),
        NVVM::TMALoadMode::TILE, /*isCTAOnly=*/false, nullptr, Value());
  };
  load(lhsMap, stageStart, {k0, toI32(tile.row), lhsBatch});
  Value rhsStart = add(stageStart, idx(kTileM * kTileK * 2));
  if (transposed) {
    load(rhsMap, rhsStart, {k0, toI32(tile.col), rhsBatch});
    return;
  }
  // A [K, N] rhs: boxes of 64 columns (one swizzle row each).
  for (int64_t j = 0; j < tileN / 64; ++j)
    load(rhsMap, add(rhsStart, idx(j * 64 * kTileK * 2)),
         {toI32(add(tile.col, idx(64 * j))), k0, rhsBatch});
}

LogicalResult HopperMatmulBuilder::emitConsumer(Value localTiles, Value warp,
                                                Value lane,
                                                ArrayRef<Value> outputs) {
  MLIRContext *context = b.getContext();
  Type accType = LLVM::LLVMStructType::getLiteral(
      context, SmallVector<Type>(tileN / 2, b.getF32Type()));
  Value group = div(warp, idx(4));
  Value laneZero = eq(lane, idx(0));
  auto tiles = scf::ForOp::create(b, loc, idx(0), localTiles, idx(1));
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(tiles.getBody());
  Tile tile = tileOf(tiles.getInductionVar());
  Value zero = LLVM::ZeroOp::create(b, loc, accType);
  Value first = mul(tiles.getInductionVar(), idx(kTiles));
  auto steps =
      scf::ForOp::create(b, loc, idx(0), idx(kTiles), idx(1), ValueRange{zero});
  {
    OpBuilder::InsertionGuard g(b);
    b.setInsertionPointToStart(steps.getBody());
    Value kt = steps.getInductionVar();
    Value it = add(first, kt);
    Value stage = rem(it, idx(kStages));
    waitParity(fullBarrier(stage), rem(div(it, idx(kStages)), idx(2)));
    Value stageStart = mul(stage, idx(stageBytes()));
    // This warpgroup's 64 rows of the lhs tile, rows of 128 bytes.
    Value lhs = descriptor(add(stageStart, mul(group, idx(64 * kTileK * 2))),
                           16, kSwizzleAtom);
    Value rhsStart = add(stageStart, idx(kTileM * kTileK * 2));
    // [N, K]: K-major like the lhs. [K, N]: N-major, 64-column boxes of
    // kTileK rows (the leading offset), 8-row swizzle atoms (the stride).
    Value rhs = transposed
                    ? descriptor(rhsStart, 16, kSwizzleAtom)
                    : descriptor(rhsStart, 64 * kTileK * 2, kSwizzleAtom);
    int64_t rhsStep = transposed ? kMmaK * 2 : kMmaK * 128;
    NVVM::WgmmaFenceAlignedOp::create(b, loc);
    Type elem = matmul.getLhs().getType().getElementType();
    NVVM::WGMMATypes type =
        elem.isBF16() ? NVVM::WGMMATypes::bf16 : NVVM::WGMMATypes::f16;
    Value acc = steps.getRegionIterArgs()[0];
    for (int64_t kk = 0; kk < kTileK / kMmaK; ++kk) {
      Value a = arith::AddIOp::create(b, loc, lhs, i64(kk * kMmaK * 2 >> 4));
      Value w = arith::AddIOp::create(b, loc, rhs, i64(kk * rhsStep >> 4));
      acc = NVVM::WgmmaMmaAsyncOp::create(
          b, loc, accType, acc, a, w,
          NVVM::MMAShapeAttr::get(context, 64, tileN, kMmaK), type, type,
          NVVM::WGMMATypes::f32, NVVM::WGMMAScaleOut::one,
          NVVM::WGMMAScaleIn::one, NVVM::WGMMAScaleIn::one,
          NVVM::MMALayout::row,
          transposed ? NVVM::MMALayout::col : NVVM::MMALayout::row, nullptr);
    }
    NVVM::WgmmaGroupSyncAlignedOp::create(b, loc);
    // One group stays in flight: the previous step's is done, and its
    // stage goes back to the producer.
    NVVM::WgmmaWaitGroupSyncOp::create(b, loc, 1);
    Value release = arith::AndIOp::create(b, loc, laneZero,
                                          ult(idx(0), kt));
    auto ifRelease = scf::IfOp::create(b, loc, release, false);
    b.setInsertionPointToStart(ifRelease.thenBlock());
    Value previous = rem(add(it, idx(kStages - 1)), idx(kStages));
    NVVM::MBarrierArriveOp::create(b, loc, Type(), emptyBarrier(previous),
                                   Value());
    b.setInsertionPointAfter(ifRelease);
    scf::YieldOp::create(b, loc, ValueRange{acc});
  }
  NVVM::WgmmaWaitGroupSyncOp::create(b, loc, 0);
  auto ifRelease = scf::IfOp::create(b, loc, laneZero, false);
  {
    OpBuilder::InsertionGuard g(b);
    b.setInsertionPointToStart(ifRelease.thenBlock());
    Value last = rem(add(first, idx(kTiles - 1)), idx(kStages));
    NVVM::MBarrierArriveOp::create(b, loc, Type(), emptyBarrier(last),
                                   Value());
  }
  return emitEpilogue(steps.getResult(0), tile, warp, lane, outputs);
}

LogicalResult HopperMatmulBuilder::emitEpilogue(Value acc, const Tile &tile,
                                                Value warp, Value lane,
                                                ArrayRef<Value> outputs) {
  RegionEvaluator eval(ctx);
  ValueRange yielded = region.getYield().getValues();
  Type element = matmul.getType().getElementType();
  int64_t rank = matmul.getType().getRank();
  SmallVector<Value> batchIdx;
  if (rank > 2) {
    SmallVector<Value> dims = ctx.dims(matmul.getResult());
    dims.resize(rank - 2);
    batchIdx = ctx.delinearize(tile.batch, dims);
  }
  // The wgmma accumulator layout: in each warp's 16 rows, lane l holds
  // rows l/4 and l/4 + 8, columns 2(l%4) and 2(l%4) + 1 of every 8.
  Value rowBase = add(tile.row, add(mul(warp, idx(16)), div(lane, idx(4))));
  Value colBase = add(tile.col, mul(rem(lane, idx(4)), idx(2)));
  auto valueAt = [&](int64_t j, int64_t half, int64_t c) {
    return LLVM::ExtractValueOp::create(b, loc, acc, 4 * j + 2 * half + c);
  };
  auto store = [&](ArrayRef<Value> index, int64_t width,
                   Value product) -> LogicalResult {
    eval.define(matmul.getResult(), index, width,
                eval.fromF32(product, element));
    for (auto [v, buffer] : llvm::zip(yielded, outputs)) {
      FailureOr<Value> value = eval.eval(v, index, width);
      if (failed(value))
        return failure();
      eval.store(v, buffer, index, width, *value);
    }
    return success();
  };
  // A dim of static size 1 is indexed by the constant 0, as the evaluator
  // indexes it (memoised and defined values are keyed by index Values);
  // only in-bounds elements are stored, so the index is 0 anyway.
  ArrayRef<int64_t> shape = matmul.getType().getShape();
  auto indexOf = [&](Value row, Value col) {
    SmallVector<Value> index(batchIdx);
    index.push_back(shape[rank - 2] == 1 ? ctx.index(0) : row);
    index.push_back(shape[rank - 1] == 1 ? ctx.index(0) : col);
    return index;
  };
  // The two rows a thread holds.
  SmallVector<Value, 2> threadRows = {rowBase, add(rowBase, idx(8))};
  // Whole tiles store column pairs; edge tiles check each element.
  int64_t n = matmul.getType().getShape().back();
  bool pairs = !ShapedType::isDynamic(n) && n % 2 == 0;
  Value whole = arith::AndIOp::create(
      b, loc, ule(add(tile.row, idx(kTileM)), rows),
      ule(add(tile.col, idx(tileN)), cols));
  auto ifWhole = scf::IfOp::create(b, loc, whole, true);
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(ifWhole.thenBlock());
  for (int64_t j = 0; j < tileN / 8; ++j) {
    Value col = add(colBase, idx(8 * j));
    SmallVector<Value, 2> columns = {col, add(col, idx(1))};
    for (auto [half, row] : llvm::enumerate(threadRows)) {
      if (pairs) {
        Value product = vector::FromElementsOp::create(
            b, loc, VectorType::get({2}, b.getF32Type()),
            ValueRange{valueAt(j, half, 0), valueAt(j, half, 1)});
        if (failed(store(indexOf(row, col), 2, product)))
          return failure();
        continue;
      }
      for (auto [c, column] : llvm::enumerate(columns))
        if (failed(store(indexOf(row, column), 1, valueAt(j, half, c))))
          return failure();
    }
  }
  eval.forget();
  eval.forgetDefined();
  b.setInsertionPointToStart(ifWhole.elseBlock());
  for (int64_t j = 0; j < tileN / 8; ++j) {
    Value col = add(colBase, idx(8 * j));
    for (int64_t c = 0; c < 2; ++c) {
      Value column = add(col, idx(c));
      for (auto [half, row] : llvm::enumerate(threadRows)) {
        Value inside = arith::AndIOp::create(b, loc, ult(row, rows),
                                             ult(column, cols));
        auto ifInside = scf::IfOp::create(b, loc, inside, false);
        OpBuilder::InsertionGuard g(b);
        b.setInsertionPointToStart(ifInside.thenBlock());
        if (failed(store(indexOf(row, column), 1, valueAt(j, half, c))))
          return failure();
        eval.forget();
        eval.forgetDefined();
      }
    }
  }
  return success();
}

LogicalResult HopperMatmulBuilder::build(ArrayRef<Value> outputs) {
  Value result = matmul.getResult();
  SmallVector<Value> dims = ctx.dims(result);
  int64_t rank = dims.size();
  rows = dims[rank - 2];
  cols = dims[rank - 1];
  batches = idx(1);
  for (int64_t d = 0; d < rank - 2; ++d)
    batches = mul(batches, dims[d]);
  rowTiles = cdiv(rows, kTileM);
  colTiles = cdiv(cols, tileN);
  numTiles = mul(batches, mul(rowTiles, colTiles));

  // The aligned base of dynamic shared memory (a shared-window address).
  auto smemType = MemRefType::get(
      {ShapedType::kDynamic}, b.getI8Type(), MemRefLayoutAttrInterface{},
      gpu::AddressSpaceAttr::get(b.getContext(),
                                 gpu::AddressSpace::Workgroup));
  Value smem = gpu::DynamicSharedMemoryOp::create(b, loc, smemType);
  Value raw = memref::ExtractAlignedPointerAsIndexOp::create(b, loc, smem);
  smemBase = arith::AndIOp::create(b, loc, add(raw, idx(kSwizzleAtom - 1)),
                                   idx(-kSwizzleAtom));

  Value tid = gpu::ThreadIdOp::create(b, loc, gpu::Dimension::x);
  Value warp = div(tid, idx(32));
  Value lane = rem(tid, idx(32));
  auto ifInit = scf::IfOp::create(b, loc, eq(tid, idx(0)), false);
  {
    OpBuilder::InsertionGuard g(b);
    b.setInsertionPointToStart(ifInit.thenBlock());
    for (int64_t s = 0; s < kStages; ++s) {
      NVVM::MBarrierInitOp::create(b, loc, fullBarrier(idx(s)), i32(1),
                                   Value());
      NVVM::MBarrierInitOp::create(b, loc, emptyBarrier(idx(s)),
                                   i32(kConsumerWarps), Value());
    }
    // The TMA unit (the async proxy) sees the initialised barriers.
    NVVM::FenceMbarrierInitOp::create(b, loc);
  }
  gpu::BarrierOp::create(b, loc);

  Value bid = gpu::BlockIdOp::create(b, loc, gpu::Dimension::x);
  Value grid = gpu::GridDimOp::create(b, loc, gpu::Dimension::x);
  Value localTiles =
      div(add(arith::SubIOp::create(b, loc, numTiles, bid),
              arith::SubIOp::create(b, loc, grid, idx(1))),
          grid);
  Value producer = arith::AndIOp::create(b, loc, eq(warp, idx(kProducerWarp)),
                                         eq(lane, idx(0)));
  auto ifProducer = scf::IfOp::create(b, loc, producer, false);
  {
    OpBuilder::InsertionGuard g(b);
    b.setInsertionPointToStart(ifProducer.thenBlock());
    emitProducer(localTiles);
  }
  auto ifConsumer =
      scf::IfOp::create(b, loc, ult(warp, idx(kConsumerWarps)), false);
  OpBuilder::InsertionGuard g(b);
  b.setInsertionPointToStart(ifConsumer.thenBlock());
  return emitConsumer(localTiles, warp, lane, outputs);
}

FailureOr<LaunchConfig> mlir::molten::emitHopperMatmulKernel(
    KernelContext &ctx, gpu::GPUFuncOp kernel, FusedOp region,
    ArrayRef<Value> outputs) {
  MatmulOp matmul;
  region.getBody().walk([&](MatmulOp op) { matmul = op; });
  ArrayRef<int64_t> shape = matmul.getType().getShape();
  for (Value v : region.getYield().getValues())
    if (cast<RankedTensorType>(v.getType()).getShape() != shape)
      return region.emitOpError("matmul kernel outputs must have the matmul's "
                                "shape");
  // The two tensor maps come last (bundle `tensormaps`), passed by value.
  Type ptr = LLVM::LLVMPointerType::get(ctx.b.getContext());
  unsigned first = kernel.getNumArguments();
  if (failed(kernel.insertArgument(first, ptr, {}, ctx.loc)) ||
      failed(kernel.insertArgument(first + 1, ptr, {}, ctx.loc)))
    return failure();
  kernel->setAttr(kTensorMapCountAttr, ctx.b.getI64IntegerAttr(2));
  Block &entry = kernel.getBody().front();
  HopperMatmulBuilder builder(ctx, region, matmul, entry.getArgument(first),
                              entry.getArgument(first + 1));
  if (failed(builder.build(outputs)))
    return failure();

  // Tensor-map views: [batch, rows, K] for the lhs, [batch, N, K] or
  // [batch, K, N] for the rhs (batch 1 when it has none).
  auto view = [&](Value operand, int64_t boxRows, int64_t boxCols) {
    SmallVector<DimExpr> dims = ctx.shapes.getShape(operand);
    LaunchConfig::TensorMap map;
    map.input = cast<BlockArgument>(operand).getArgNumber();
    map.dims = {productExpr(ArrayRef(dims).drop_back(2)), dims[dims.size() - 2].str(),
                dims.back().str()};
    map.box = {1, boxRows, boxCols};
    map.swizzle = 128;
    return map;
  };
  LaunchConfig launch;
  launch.tensorMaps.push_back(view(matmul.getLhs(), kTileM, kTileK));
  launch.tensorMaps.push_back(
      builder.transposed ? view(matmul.getRhs(), builder.tileN, kTileK)
                         : view(matmul.getRhs(), kTileK, 64));
  SmallVector<DimExpr> dims = ctx.shapes.getShape(matmul.getResult());
  std::string tiles = "* " + productExpr(ArrayRef(dims).drop_back(2)) +
                      " * cdiv " +
                      dims[dims.size() - 2].str() + " " +
                      std::to_string(kTileM) + " cdiv " + dims.back().str() +
                      " " + std::to_string(builder.tileN);
  launch.grid = "min " + std::to_string(kMultiprocessors) + " " + tiles;
  launch.block = kThreads;
  launch.registers = kRegisters;
  launch.smem = builder.smemBytes();
  return launch;
}
