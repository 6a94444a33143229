//===- DecodeMatmulEmitter.cpp - matmuls of few rows, weight-streaming ---===//
//
// Part of the Molten project, under the Apache License v2.0.
//
//===----------------------------------------------------------------------===//
//
// A call of at most 16 rows (decode) reads each weight once and does little
// with it: its time is the weight bytes over the memory bandwidth. This
// kernel streams an [N, K] rhs from global memory straight into registers,
// 16 bytes a load and many loads in flight, and multiplies with mma.sync:
// the rhs is the A operand (16 of its rows a tile), the lhs rows the B
// operand (16 columns: two m16n8k16 products).
//
// A lane of an m16n8k16 product holds, of each A row it touches, columns
// 2t, 2t+1, 2t+8 and 2t+9 (t = lane % 4), and of its B column the same k.
// A 16-byte load holds 8 adjacent columns instead. The product sums over k,
// so any permutation of k applied to both operands gives the same sums:
// lane t's chunk of 8 columns (8t .. 8t+7 of a 32-column block) takes the
// places of 2t, 2t+1, 2t+8, 2t+9 in the block's first k16 product and of
// the same in the second, and its lhs chunk (the same 8 columns) likewise.
// Every load is a whole 16 bytes, and nothing moves between lanes.
//
// A block of kWarps warps takes 16 x `tiles` rhs rows; its warps split K,
// each taking a run of adjacent 32-column blocks an iteration (so that the
// block's loads cover whole lines), then add their partial products through
// shared memory in warp order (a fixed order: the same result every call),
// and the block evaluates the region's epilogue once on each result element.
// Rows past N and lhs rows past the call's read clamped addresses: they only
// feed result elements that are never stored.
//
//===----------------------------------------------------------------------===//

#include "Emitters.h"
#include "HopperKernel.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

using namespace mlir;
using namespace mlir::molten;

namespace {

constexpr int64_t kWarps = 8;
constexpr int64_t kThreads = kWarps * 32;
/// An mma tile's rows (m16) and the lhs rows a call may have (two n8).
constexpr int64_t kTileRows = 16;
constexpr int64_t kTokens = 16;
/// A 32-column block: a 16-byte chunk of 8 columns for each of 4 lanes.
constexpr int64_t kChunk = 8;
constexpr int64_t kBlockK = 4 * kChunk;
/// Rhs bytes a lane loads before it multiplies: with two blocks a
/// multiprocessor, 64 KB in flight.
constexpr int64_t kLoadBytes = 128;

class DecodeMatmulBuilder : public IndexArith {
public:
  DecodeMatmulBuilder(KernelContext &ctx, FusedOp region, int64_t tiles)
      : IndexArith(ctx), region(region), matmul(matmulOf(region)), tiles(tiles),
        unroll(std::max<int64_t>(1, kLoadBytes / (tiles * 2 * 16))),
        n(matmul.getType().getShape().back()),
        k(matmul.getLhs().getType().getShape().back()),
        element(matmul.getLhs().getType().getElementType()) {}

  LogicalResult build(ArrayRef<Value> outputs, Value scratch);

private:
  /// Adds the products of `unroll` blocks from column `kBase` (this lane's
  /// first) to `acc`; `guarded`: blocks at or past K count as zeros.
  void accumulate(Value kBase, bool guarded, SmallVectorImpl<Value> &acc);
  /// The 16 bytes at `offset` of `buffer` as 4 words; zeros unless `valid`
  /// (when given).
  SmallVector<Value> loadChunk(Value buffer, Value offset, Value valid);
  /// D = A B + C, one m16n8k16 product.
  SmallVector<Value> mma(ArrayRef<Value> a, ArrayRef<Value> bWords,
                         ArrayRef<Value> c);
  /// The accumulator of tile `tile`, lhs half `half`, register `reg`.
  static int64_t accIndex(int64_t tile, int64_t half, int64_t reg) {
    return (tile * 2 + half) * 4 + reg;
  }

  FusedOp region;
  MatmulOp matmul;
  int64_t tiles, unroll, n, k;
  Type element;
  Value rhs, lhs;
  /// Element offsets of this lane's rhs rows (g and g + 8 of each tile)
  /// and lhs rows (g and g + 8).
  SmallVector<Value> rhsRows, lhsRows;
};

} // namespace

SmallVector<Value> DecodeMatmulBuilder::loadChunk(Value buffer, Value offset,
                                                  Value valid) {
  Type stored = storageType(element);
  Value chunk =
      vector::LoadOp::create(b, loc, VectorType::get({kChunk}, stored), buffer,
                             ValueRange{offset}, false, llvm::MaybeAlign(16));
  auto wordsType = VectorType::get({4}, b.getI32Type());
  Value words = vector::BitCastOp::create(b, loc, wordsType, chunk);
  if (valid) {
    Value zero = arith::ConstantOp::create(
        b, loc, DenseElementsAttr::get(wordsType, b.getI32IntegerAttr(0)));
    words = arith::SelectOp::create(b, loc, valid, words, zero);
  }
  SmallVector<Value> result;
  for (int64_t i = 0; i < 4; ++i)
    result.push_back(vector::ExtractOp::create(b, loc, words, i));
  return result;
}

SmallVector<Value> DecodeMatmulBuilder::mma(ArrayRef<Value> a,
                                            ArrayRef<Value> bWords,
                                            ArrayRef<Value> c) {
  std::string type = element.isBF16() ? "bf16" : "f16";
  std::string text = "mma.sync.aligned.m16n8k16.row.col.f32." + type + "." +
                     type +
                     ".f32 {$0, $1, $2, $3}, {$4, $5, $6, $7}, {$8, $9}, "
                     "{$10, $11, $12, $13};";
  SmallVector<Value> operands(a);
  operands.append(bWords.begin(), bWords.end());
  operands.append(c.begin(), c.end());
  Type f32 = b.getF32Type();
  Type resultType = LLVM::LLVMStructType::getLiteral(b.getContext(),
                                                     SmallVector<Type>(4, f32));
  auto asmOp = LLVM::InlineAsmOp::create(
      b, loc, resultType, operands, text, "=f,=f,=f,=f,r,r,r,r,r,r,0,1,2,3",
      /*has_side_effects=*/false,
      /*is_align_stack=*/false, LLVM::tailcallkind::TailCallKind::None,
      LLVM::AsmDialectAttr::get(b.getContext(), LLVM::AsmDialect::AD_ATT),
      ArrayAttr());
  SmallVector<Value> d;
  for (int64_t i = 0; i < 4; ++i)
    d.push_back(LLVM::ExtractValueOp::create(b, loc, asmOp.getResult(0), i));
  return d;
}

void DecodeMatmulBuilder::accumulate(Value kBase, bool guarded,
                                     SmallVectorImpl<Value> &acc) {
  // Every load first, so that they are all in flight together.
  struct Block {
    SmallVector<SmallVector<Value>> rhsWords, lhsWords;
  };
  SmallVector<Block> blocks(unroll);
  for (int64_t u = 0; u < unroll; ++u) {
    Value column = add(kBase, idx(u * kBlockK));
    Value valid;
    if (guarded) {
      valid = ult(column, idx(k));
      column = min(column, idx(k - kChunk));
    }
    for (Value row : rhsRows)
      blocks[u].rhsWords.push_back(loadChunk(rhs, add(row, column), valid));
    for (Value row : lhsRows)
      blocks[u].lhsWords.push_back(loadChunk(lhs, add(row, column), valid));
  }
  for (const Block &block : blocks) {
    for (int64_t step = 0; step < 2; ++step) {
      for (int64_t tile = 0; tile < tiles; ++tile) {
        ArrayRef<Value> lo = block.rhsWords[2 * tile],
                        hi = block.rhsWords[2 * tile + 1];
        SmallVector<Value> a = {lo[2 * step], hi[2 * step], lo[2 * step + 1],
                                hi[2 * step + 1]};
        for (int64_t half = 0; half < 2; ++half) {
          ArrayRef<Value> x = block.lhsWords[half];
          SmallVector<Value> c(acc.begin() + accIndex(tile, half, 0),
                               acc.begin() + accIndex(tile, half, 4));
          SmallVector<Value> d = mma(a, {x[2 * step], x[2 * step + 1]}, c);
          llvm::copy(d, acc.begin() + accIndex(tile, half, 0));
        }
      }
    }
  }
}

LogicalResult DecodeMatmulBuilder::build(ArrayRef<Value> outputs,
                                         Value scratch) {
  rhs = ctx.inputBuffers[cast<BlockArgument>(matmul.getRhs()).getArgNumber()];
  lhs = ctx.inputBuffers[cast<BlockArgument>(matmul.getLhs()).getArgNumber()];
  int64_t blockRows = kTileRows * tiles;
  Value tid = gpu::ThreadIdOp::create(b, loc, gpu::Dimension::x);
  Value firstRow =
      mul(gpu::BlockIdOp::create(b, loc, gpu::Dimension::x), idx(blockRows));
  Value warp = div(tid, idx(32));
  Value lane = rem(tid, idx(32));
  Value group = div(lane, idx(4));
  Value quad = rem(lane, idx(4));
  SmallVector<Value> resultDims = ctx.dims(matmul.getResult());
  ArrayRef<Value> leadingDims = ArrayRef(resultDims).drop_back();
  Value calls = idx(1);
  for (Value d : leadingDims)
    calls = mul(calls, d);
  for (int64_t tile = 0; tile < tiles; ++tile)
    for (int64_t half = 0; half < 2; ++half) {
      Value row = add(firstRow, add(group, idx(tile * kTileRows + half * 8)));
      rhsRows.push_back(mul(min(row, idx(n - 1)), idx(k)));
    }
  for (int64_t half = 0; half < 2; ++half)
    lhsRows.push_back(
        mul(min(add(group, idx(half * 8)), sub(calls, idx(1))), idx(k)));

  // The warps' runs of blocks: whole iterations unguarded, the rest once
  // with each chunk checked against K (K is a multiple of 8: a chunk is
  // wholly in or out).
  int64_t perIteration = kWarps * unroll * kBlockK;
  Value laneColumn =
      add(mul(warp, idx(unroll * kBlockK)), mul(quad, idx(kChunk)));
  Value zero = arith::ConstantOp::create(b, loc, b.getF32FloatAttr(0));
  SmallVector<Value> acc(tiles * 2 * 4, zero);
  if (int64_t iterations = k / perIteration) {
    auto loop = scf::ForOp::create(
        b, loc, idx(0), idx(iterations * perIteration), idx(perIteration), acc);
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(loop.getBody());
    SmallVector<Value> carried(loop.getRegionIterArgs());
    // The loads in flight are kLoadBytes a lane: ptxas unrolling the loop
    // on its own would hoist more (and spill with four tiles).
    LLVM::InlineAsmOp::create(
        b, loc, TypeRange(), ValueRange(), ".pragma \"nounroll\";", "",
        /*has_side_effects=*/true, /*is_align_stack=*/false,
        LLVM::tailcallkind::TailCallKind::None,
        LLVM::AsmDialectAttr::get(b.getContext(), LLVM::AsmDialect::AD_ATT),
        ArrayAttr());
    accumulate(add(loop.getInductionVar(), laneColumn), false, carried);
    scf::YieldOp::create(b, loc, carried);
    acc.assign(loop.getResults().begin(), loop.getResults().end());
  }
  if (k % perIteration != 0)
    accumulate(add(idx(k / perIteration * perIteration), laneColumn), true,
               acc);

  // Partial products to shared memory, [warp][lhs row][rhs row] (reads
  // below take adjacent rhs rows), then each element's sum in warp order.
  auto slot = [&](Value w, Value token, Value row) {
    return add(mul(add(mul(w, idx(kTokens)), token), idx(blockRows)), row);
  };
  for (int64_t tile = 0; tile < tiles; ++tile)
    for (int64_t half = 0; half < 2; ++half)
      for (int64_t reg = 0; reg < 4; ++reg) {
        Value row = add(group, idx(tile * kTileRows + (reg / 2) * 8));
        Value token = add(mul(quad, idx(2)), idx(half * 8 + reg % 2));
        memref::StoreOp::create(b, loc, acc[accIndex(tile, half, reg)], scratch,
                                slot(warp, token, row));
      }
  gpu::BarrierOp::create(b, loc);

  RegionEvaluator eval(ctx);
  Type resultElement = matmul.getType().getElementType();
  for (int64_t i = 0; i < blockRows * kTokens / kThreads; ++i) {
    Value e = add(tid, idx(i * kThreads));
    Value token = div(e, idx(blockRows));
    Value row = rem(e, idx(blockRows));
    Value sum =
        memref::LoadOp::create(b, loc, scratch, slot(idx(0), token, row));
    for (int64_t w = 1; w < kWarps; ++w)
      sum = arith::AddFOp::create(
          b, loc, sum,
          memref::LoadOp::create(b, loc, scratch, slot(idx(w), token, row)));
    Value column = add(firstRow, row);
    auto inRange = scf::IfOp::create(
        b, loc, both(ult(column, idx(n)), ult(token, calls)), false);
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(&inRange.getThenRegion().front());
    SmallVector<Value> index = ctx.delinearize(token, leadingDims);
    index.push_back(column);
    // Dims of size 1 at index 0, the constant the evaluator's broadcasts
    // look the matmul up at.
    index = eval.broadcastIndex(matmul.getResult(), index);
    eval.define(matmul.getResult(), index, 1, eval.fromF32(sum, resultElement));
    for (auto [v, buffer] : llvm::zip(region.getYield().getValues(), outputs)) {
      FailureOr<Value> value = eval.eval(v, index, 1);
      if (failed(value))
        return failure();
      eval.store(v, buffer, index, 1, *value);
    }
    eval.forget();
    eval.forgetDefined();
  }
  return success();
}

bool mlir::molten::decodeMatmulSupported(FusedOp region) {
  MatmulOp matmul = matmulOf(region);
  return matmul.getTransposeRhs() && matmul.getRhs().getType().getRank() == 2 &&
         hopperMatmulHasSmallVariants(region);
}

int64_t mlir::molten::decodeMatmulTiles(FusedOp region,
                                        const HopperTuning &tuning) {
  if (tuning.decodeRows > 0)
    return tuning.decodeRows / kTileRows;
  // The fewest rows a block (most blocks in flight) with which the blocks
  // fit in one wave of two a multiprocessor: a second, partial wave would
  // leave most of the memory system idle.
  int64_t n = matmulOf(region).getType().getShape().back();
  for (int64_t tiles : {1, 2})
    if (static_cast<int64_t>(llvm::divideCeil(n, kTileRows * tiles)) <=
        2 * tuning.multiprocessors)
      return tiles;
  return 4;
}

int64_t mlir::molten::decodeMatmulScratch(int64_t tiles) {
  return kWarps * kTokens * kTileRows * tiles;
}

FailureOr<LaunchConfig>
mlir::molten::emitDecodeMatmulKernel(KernelContext &ctx, FusedOp region,
                                     ArrayRef<Value> outputs, Value scratch,
                                     const HopperTuning &tuning) {
  int64_t tiles = decodeMatmulTiles(region, tuning);
  DecodeMatmulBuilder builder(ctx, region, tiles);
  if (failed(builder.build(outputs, scratch)))
    return failure();
  Sizes s(ctx.b.getContext());
  int64_t n = matmulOf(region).getType().getShape().back();
  LaunchConfig launch{s(llvm::divideCeil(n, kTileRows * tiles)), kThreads};
  // The loads in flight and the accumulators: two blocks a multiprocessor.
  launch.registers = 128;
  return launch;
}
