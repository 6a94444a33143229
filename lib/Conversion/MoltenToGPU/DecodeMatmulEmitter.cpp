//===- DecodeMatmulEmitter.cpp - matmuls of few rows, weight-streaming ---===//
//
// Part of the Molten project, under the Apache License v2.0.
//
//===----------------------------------------------------------------------===//
//
// A call of at most 16 rows (decode) reads each weight once and does little
// with it: its time is the weight bytes over the memory bandwidth. This
// kernel streams the rhs from global memory straight into registers, 16
// bytes a load and many loads in flight, and multiplies with mma.sync
// (m16n8k16, f32 accumulators).
//
// A lane of an m16n8k16 product holds, of each A row it touches, k = 2t,
// 2t+1, 2t+8 and 2t+9 (t = lane % 4), and of its B column the same k. A
// 16-byte load holds 8 adjacent k instead. The product sums over k, so any
// permutation of k applied to both operands gives the same sums: lane t's
// chunk of 8 (8t .. 8t+7 of a 32-k block) takes the places of 2t, 2t+1,
// 2t+8, 2t+9 in the block's first k16 product and of the same in the
// second, and so do the other operand's values at those k.
//
// An [N, K] rhs is the A operand, 16 of its rows a tile, and the lhs rows
// the B operand (two n8 products for 16 rows): every load is a whole 16
// bytes of one row, and nothing moves between lanes. A [K, N] rhs is the B
// operand and the lhs rows the A operand: lane g = lane / 4 loads W
// columns (W = 8, 4 or 2: 16, 8 or 4 bytes) of each of its 8 rows of k,
// and the warp's 8W columns are permuted too: column g of the j-th n8
// product is column Wg + j, so that a lane's B fragment is element j of
// two of its rows, paired (a byte permute). Narrower loads make more
// column blocks where N is small, at the cost of shorter runs of a row.
//
// A block of kWarps warps takes a block of result columns and a range of K
// (all of it unless the column blocks are too few to fill the GPU); its
// warps split the range, each taking a run of adjacent 32-k blocks an
// iteration, then add their partial products through shared memory in warp
// order (a fixed order: the same result every call). The block evaluates
// the region's epilogue on each of its result elements, or, where K is
// split over blocks, stores the f32 sums to a workspace for the reduction
// kernel (emitHopperSplitReduceKernel), which adds the splits in order and
// evaluates it. Rows and columns past the operands' read clamped
// addresses: they only feed result elements that are never stored.
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
/// An mma tile's rows (m16) and the lhs rows a call may have (16).
constexpr int64_t kTileRows = 16;
constexpr int64_t kTokens = 16;
/// A 32-k block: a 16-byte chunk of 8 k for each of 4 lanes.
constexpr int64_t kChunk = 8;
constexpr int64_t kBlockK = 4 * kChunk;
/// Rhs bytes a lane loads before it multiplies: with two blocks a
/// multiprocessor, 64 KB in flight.
constexpr int64_t kLoadBytes = 128;
/// Registers a thread may take: those loads and the accumulators, with two
/// blocks a multiprocessor.
constexpr int64_t kRegisters = 128;

/// How a region's decode kernel divides the work.
struct DecodeShape {
  /// The rhs is [K, N].
  bool kn;
  /// The region holds two sibling matmuls ([N, K] only): a 16-row tile is
  /// 8 rows of each rhs at the same 8 result columns, so a lane's c0, c1
  /// are the first matmul's products and c2, c3 the second's.
  bool siblings = false;
  /// 16-row tiles of an [N, K] rhs a block, one after another (1 for
  /// [K, N]).
  int64_t tiles = 1;
  /// Columns of a [K, N] rhs a lane loads of each row of k (8, 4 or 2; a
  /// warp's columns are 8 lanes' loads; 0 for [N, K]).
  int64_t knWidth = 0;
  /// Result columns a block, and the blocks along N.
  int64_t columns, groups;
  /// 32-k blocks a lane loads before it multiplies.
  int64_t unroll;
  /// Blocks along K, and the k each takes (a multiple of an iteration).
  int64_t splits, splitK;

  int64_t perIteration() const { return kWarps * unroll * kBlockK; }
  /// Result columns of a 16-row tile of an [N, K] rhs.
  int64_t tileColumns() const { return siblings ? kTileRows / 2 : kTileRows; }
  /// Columns of a block's partial products in shared memory: each matmul's.
  int64_t scratchColumns() const { return siblings ? 2 * columns : columns; }
};

} // namespace

static DecodeShape decodeShape(FusedOp region, const HopperTuning &tuning) {
  MatmulOp matmul = matmulOf(region);
  int64_t n = matmul.getType().getShape().back();
  int64_t k = matmul.getLhs().getType().getShape().back();
  DecodeShape shape;
  shape.kn = !matmul.getTransposeRhs();
  shape.siblings = static_cast<bool>(siblingMatmulOf(region));
  // Two blocks a multiprocessor fit at once (kRegisters a thread).
  int64_t resident = 2 * tuning.multiprocessors;
  if (shape.kn) {
    // Narrower [K, N] blocks read shorter runs of each row of k; they were
    // no faster than 64 columns with K split (docs/gpu.md).
    shape.knWidth = tuning.decodeColumns / 8;
  } else if (tuning.decodeRows > 0) {
    shape.tiles = tuning.decodeRows / kTileRows;
  } else {
    // The fewest rows a block (most blocks in flight) whose blocks all fit
    // at once: a second, partial wave would leave most of the memory
    // system idle.
    shape.tiles = 4;
    for (int64_t tiles : {1, 2, 3})
      if (static_cast<int64_t>(
              llvm::divideCeil(n, shape.tileColumns() * tiles)) <= resident) {
        shape.tiles = tiles;
        break;
      }
  }
  shape.columns =
      shape.kn ? 8 * shape.knWidth : shape.tileColumns() * shape.tiles;
  shape.groups = llvm::divideCeil(n, shape.columns);
  // A lane's rhs bytes a 32-k block: W columns of 8 rows of k, or 8 k of
  // two rhs rows of one tile (a block's tiles run one after another, so
  // that each iteration reads long runs of few rows rather than short runs
  // of many).
  int64_t chunkBytes = 2 * kChunk * (shape.kn ? shape.knWidth : 2);
  shape.unroll = std::max<int64_t>(1, kLoadBytes / chunkBytes);
  // Too few column blocks to fill the GPU split K, each split at least an
  // iteration. Siblings are not split: the reduction kernel takes one sum.
  int64_t iterations = llvm::divideCeil(k, shape.perIteration());
  int64_t splits = shape.siblings ? 1
                                  : std::clamp<int64_t>(resident / shape.groups,
                                                        1, iterations);
  int64_t perSplit = llvm::divideCeil(iterations, splits);
  shape.splits = llvm::divideCeil(iterations, perSplit);
  shape.splitK = perSplit * shape.perIteration();
  return shape;
}

namespace {

class DecodeMatmulBuilder : public IndexArith {
public:
  DecodeMatmulBuilder(KernelContext &ctx, FusedOp region,
                      const DecodeShape &shape)
      : IndexArith(ctx), region(region), matmul(matmulOf(region)), shape(shape),
        n(matmul.getType().getShape().back()),
        k(matmul.getLhs().getType().getShape().back()),
        element(matmul.getLhs().getType().getElementType()) {}

  LogicalResult build(ArrayRef<Value> outputs, Value scratch, Value workspace);

private:
  /// Adds the products of `unroll` 32-k blocks from k `kBase` (this lane's
  /// first) of rhs tile `tile` to `acc` (that tile's accumulators); with
  /// `valid`, only where it holds (for each block, of its k) and the other
  /// blocks count as zeros.
  void accumulate(Value kBase, function_ref<Value(Value)> valid, int64_t tile,
                  SmallVectorImpl<Value> &acc);
  /// The `elements` (8, 4 or 2) at `offset` of `buffer` as words; zeros
  /// unless `valid` (when given).
  SmallVector<Value> loadChunk(Value buffer, Value offset, Value valid,
                               int64_t elements = kChunk);
  /// D = A B + C, one m16n8k16 product.
  SmallVector<Value> mma(ArrayRef<Value> a, ArrayRef<Value> bWords,
                         ArrayRef<Value> c);
  /// The low (`high` false) or high 16 bits of words x and y, paired.
  Value pair(Value x, Value y, bool high);
  /// Where accumulator `reg` of product `product` goes in a block's
  /// partial products: (lhs row, column; siblings: the second matmul's
  /// columns follow the first's).
  std::pair<Value, Value> accPlace(int64_t product, int64_t reg);

  FusedOp region;
  MatmulOp matmul;
  DecodeShape shape;
  int64_t n, k;
  Type element;
  Value lhs, group, quad;
  /// Element offsets of this lane's rhs rows (g and g + 8 of each tile) or,
  /// for a [K, N] rhs, of its first column in a row, each with its buffer
  /// (siblings: row g of the first rhs, g + 8 of the second); of its lhs
  /// rows (g and g + 8).
  SmallVector<Value> rhsRows, rhsBuffers, lhsRows;
};

} // namespace

SmallVector<Value> DecodeMatmulBuilder::loadChunk(Value buffer, Value offset,
                                                  Value valid,
                                                  int64_t elements) {
  Type stored = storageType(element);
  Value chunk = vector::LoadOp::create(
      b, loc, VectorType::get({elements}, stored), buffer, ValueRange{offset},
      false, llvm::MaybeAlign(2 * elements));
  int64_t numWords = elements / 2;
  auto wordsType = VectorType::get({numWords}, b.getI32Type());
  Value words = vector::BitCastOp::create(b, loc, wordsType, chunk);
  if (valid) {
    Value zero = arith::ConstantOp::create(
        b, loc, DenseElementsAttr::get(wordsType, b.getI32IntegerAttr(0)));
    words = arith::SelectOp::create(b, loc, valid, words, zero);
  }
  SmallVector<Value> result;
  for (int64_t i = 0; i < numWords; ++i)
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

Value DecodeMatmulBuilder::pair(Value x, Value y, bool high) {
  if (high)
    return arith::OrIOp::create(
        b, loc, arith::ShRUIOp::create(b, loc, x, i32(16)),
        arith::AndIOp::create(b, loc, y, i32(0xffff0000)));
  return arith::OrIOp::create(b, loc,
                              arith::AndIOp::create(b, loc, x, i32(0xffff)),
                              arith::ShLIOp::create(b, loc, y, i32(16)));
}

std::pair<Value, Value> DecodeMatmulBuilder::accPlace(int64_t product,
                                                      int64_t reg) {
  // c0, c1: row g, columns 2t and 2t + 1 of the product; c2, c3: row g + 8.
  Value row = add(group, idx((reg / 2) * 8));
  Value column = add(mul(quad, idx(2)), idx(reg % 2));
  if (shape.kn) // product j's column c is the block's column Wc + j
    return {row, add(mul(column, idx(shape.knWidth)), idx(product))};
  // [N, K]: product (tile, half): the rhs rows are the result's columns.
  int64_t tile = product / 2, half = product % 2;
  Value token = add(column, idx(half * 8));
  if (shape.siblings)
    return {token, add(group, idx((reg / 2) * shape.columns +
                                  tile * shape.tileColumns()))};
  return {token, add(row, idx(tile * kTileRows))};
}

void DecodeMatmulBuilder::accumulate(Value kBase,
                                     function_ref<Value(Value)> valid,
                                     int64_t tile,
                                     SmallVectorImpl<Value> &acc) {
  // Every load first, so that they are all in flight together.
  struct Block {
    SmallVector<SmallVector<Value>> rhsWords, lhsWords;
  };
  SmallVector<Block> blocks(shape.unroll);
  for (int64_t u = 0; u < shape.unroll; ++u) {
    Value column = add(kBase, idx(u * kBlockK));
    Value ok;
    if (valid) {
      ok = valid(column);
      column = min(column, idx(k - kChunk));
    }
    if (shape.kn) {
      Value base = mul(column, idx(n));
      for (int64_t r = 0; r < kChunk; ++r)
        blocks[u].rhsWords.push_back(
            loadChunk(rhsBuffers[0], add(add(base, idx(r * n)), rhsRows[0]), ok,
                      shape.knWidth));
    } else {
      for (int64_t half = 0; half < 2; ++half)
        blocks[u].rhsWords.push_back(
            loadChunk(rhsBuffers[2 * tile + half],
                      add(rhsRows[2 * tile + half], column), ok));
    }
    for (Value row : lhsRows)
      blocks[u].lhsWords.push_back(loadChunk(lhs, add(row, column), ok));
  }
  for (const Block &block : blocks) {
    for (int64_t step = 0; step < 2; ++step) {
      auto fragment = [&](ArrayRef<Value> lo, ArrayRef<Value> hi) {
        return SmallVector<Value>{lo[2 * step], hi[2 * step], lo[2 * step + 1],
                                  hi[2 * step + 1]};
      };
      auto product = [&](int64_t p, ArrayRef<Value> a, ArrayRef<Value> bw) {
        SmallVector<Value> d = mma(a, bw, ArrayRef<Value>(acc).slice(4 * p, 4));
        llvm::copy(d, acc.begin() + 4 * p);
      };
      if (shape.kn) {
        SmallVector<Value> a = fragment(block.lhsWords[0], block.lhsWords[1]);
        ArrayRef<SmallVector<Value>> rows = block.rhsWords;
        for (int64_t j = 0; j < shape.knWidth; ++j) {
          int64_t w = j / 2;
          bool high = j % 2;
          product(j, a,
                  {pair(rows[4 * step][w], rows[4 * step + 1][w], high),
                   pair(rows[4 * step + 2][w], rows[4 * step + 3][w], high)});
        }
        continue;
      }
      SmallVector<Value> a = fragment(block.rhsWords[0], block.rhsWords[1]);
      for (int64_t half = 0; half < 2; ++half) {
        ArrayRef<Value> x = block.lhsWords[half];
        product(half, a, {x[2 * step], x[2 * step + 1]});
      }
    }
  }
}

LogicalResult DecodeMatmulBuilder::build(ArrayRef<Value> outputs, Value scratch,
                                         Value workspace) {
  auto bufferOf = [&](Value operand) {
    return ctx.inputBuffers[cast<BlockArgument>(operand).getArgNumber()];
  };
  Value rhs = bufferOf(matmul.getRhs());
  MatmulOp sibling = siblingMatmulOf(region);
  Value siblingRhs = sibling ? bufferOf(sibling.getRhs()) : rhs;
  lhs = bufferOf(matmul.getLhs());
  Value tid = gpu::ThreadIdOp::create(b, loc, gpu::Dimension::x);
  Value blockId = gpu::BlockIdOp::create(b, loc, gpu::Dimension::x);
  Value split = idx(0), firstColumn = mul(blockId, idx(shape.columns));
  if (shape.splits > 1) {
    split = div(blockId, idx(shape.groups));
    firstColumn = mul(rem(blockId, idx(shape.groups)), idx(shape.columns));
  }
  Value warp = div(tid, idx(32));
  Value lane = rem(tid, idx(32));
  group = div(lane, idx(4));
  quad = rem(lane, idx(4));
  SmallVector<Value> resultDims = ctx.dims(matmul.getResult());
  ArrayRef<Value> leadingDims = ArrayRef(resultDims).drop_back();
  Value calls = idx(1);
  for (Value d : leadingDims)
    calls = mul(calls, d);
  if (shape.kn) {
    rhsRows.push_back(min(add(firstColumn, mul(group, idx(shape.knWidth))),
                          idx(n - shape.knWidth)));
    rhsBuffers.push_back(rhs);
  } else {
    for (int64_t tile = 0; tile < shape.tiles; ++tile)
      for (int64_t half = 0; half < 2; ++half) {
        int64_t offset = shape.siblings ? tile * shape.tileColumns()
                                        : tile * kTileRows + half * 8;
        Value row = add(firstColumn, add(group, idx(offset)));
        rhsRows.push_back(mul(min(row, idx(n - 1)), idx(k)));
        rhsBuffers.push_back(shape.siblings && half ? siblingRhs : rhs);
      }
  }
  for (int64_t half = 0; half < 2; ++half)
    lhsRows.push_back(
        mul(min(add(group, idx(half * 8)), sub(calls, idx(1))), idx(k)));

  // The warps' runs of 32-k blocks: whole iterations unguarded, the rest of
  // K once more with each chunk checked (K is a multiple of 8: a chunk is
  // wholly in or out), by the split whose range holds it.
  int64_t perIteration = shape.perIteration();
  int64_t fullEnd = k / perIteration * perIteration;
  Value laneK =
      add(mul(warp, idx(shape.unroll * kBlockK)), mul(quad, idx(kChunk)));
  Value kStart = idx(0), kEnd = idx(fullEnd);
  if (shape.splits > 1) {
    kStart = mul(split, idx(shape.splitK));
    kEnd = min(add(kStart, idx(shape.splitK)), kEnd);
  }
  Value zero = arith::ConstantOp::create(b, loc, b.getF32FloatAttr(0));
  // m16n8k16 products a tile: W n8 column groups ([K, N]) or the two
  // halves of the lhs rows ([N, K]).
  int64_t tileProducts = shape.kn ? shape.knWidth : 2;
  int64_t products = tileProducts * shape.tiles;
  SmallVector<Value> acc;
  for (int64_t tile = 0; tile < shape.tiles; ++tile) {
    SmallVector<Value> tileAcc(4 * tileProducts, zero);
    if (fullEnd > 0) {
      auto loop =
          scf::ForOp::create(b, loc, kStart, kEnd, idx(perIteration), tileAcc);
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(loop.getBody());
      SmallVector<Value> carried(loop.getRegionIterArgs());
      // The loads in flight are kLoadBytes a lane: ptxas unrolling the
      // loop on its own would hoist more (and spill).
      LLVM::InlineAsmOp::create(
          b, loc, TypeRange(), ValueRange(), ".pragma \"nounroll\";", "",
          /*has_side_effects=*/true, /*is_align_stack=*/false,
          LLVM::tailcallkind::TailCallKind::None,
          LLVM::AsmDialectAttr::get(b.getContext(), LLVM::AsmDialect::AD_ATT),
          ArrayAttr());
      accumulate(add(loop.getInductionVar(), laneK), nullptr, tile, carried);
      scf::YieldOp::create(b, loc, carried);
      tileAcc.assign(loop.getResults().begin(), loop.getResults().end());
    }
    if (fullEnd != k) {
      // Only the split whose range holds the rest reads it.
      auto tail = [&](SmallVectorImpl<Value> &values) {
        accumulate(
            add(idx(fullEnd), laneK),
            [&](Value column) { return ult(column, idx(k)); }, tile, values);
      };
      if (shape.splits == 1) {
        tail(tileAcc);
      } else {
        auto owner =
            scf::IfOp::create(b, loc, TypeRange(ValueRange(tileAcc)),
                              eq(split, idx(fullEnd / shape.splitK)), true);
        OpBuilder::InsertionGuard guard(b);
        b.setInsertionPointToStart(&owner.getThenRegion().front());
        SmallVector<Value> values(tileAcc);
        tail(values);
        scf::YieldOp::create(b, loc, values);
        b.setInsertionPointToStart(&owner.getElseRegion().front());
        scf::YieldOp::create(b, loc, tileAcc);
        tileAcc.assign(owner.getResults().begin(), owner.getResults().end());
      }
    }
    acc.append(tileAcc);
  }

  // Partial products to shared memory, [warp][lhs row][column] (the reads
  // below take adjacent columns), then each element's sum in warp order.
  int64_t columns = shape.columns;
  auto slot = [&](Value w, Value token, Value column) {
    return add(
        mul(add(mul(w, idx(kTokens)), token), idx(shape.scratchColumns())),
        column);
  };
  for (int64_t p = 0; p < products; ++p)
    for (int64_t reg = 0; reg < 4; ++reg) {
      auto [token, column] = accPlace(p, reg);
      memref::StoreOp::create(b, loc, acc[4 * p + reg], scratch,
                              slot(warp, token, column));
    }
  gpu::BarrierOp::create(b, loc);

  RegionEvaluator eval(ctx);
  Type resultElement = matmul.getType().getElementType();
  SmallVector<MatmulOp, 2> matmuls = matmulsOf(region);
  // Siblings' blocks of 8 or 24 columns have elements for part of the
  // threads' last pass.
  int64_t elements = columns * kTokens;
  int64_t passes = llvm::divideCeil(elements, kThreads);
  for (int64_t i = 0; i < passes; ++i) {
    Value e = add(tid, idx(i * kThreads));
    Value inBlock;
    if (elements % kThreads) {
      inBlock = ult(e, idx(elements));
      e = min(e, idx(elements - 1));
    }
    Value token = div(e, idx(columns));
    Value column = rem(e, idx(columns));
    SmallVector<Value, 2> sums;
    for (int64_t m = 0; m < static_cast<int64_t>(matmuls.size()); ++m) {
      Value at = add(column, idx(m * columns));
      Value sum =
          memref::LoadOp::create(b, loc, scratch, slot(idx(0), token, at));
      for (int64_t w = 1; w < kWarps; ++w)
        sum = arith::AddFOp::create(
            b, loc, sum,
            memref::LoadOp::create(b, loc, scratch, slot(idx(w), token, at)));
      sums.push_back(sum);
    }
    Value col = add(firstColumn, column);
    Value stored = both(ult(col, idx(n)), ult(token, calls));
    if (inBlock)
      stored = both(stored, inBlock);
    auto inRange = scf::IfOp::create(b, loc, stored, false);
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(&inRange.getThenRegion().front());
    if (shape.splits > 1) {
      // The split's sums, [split][rows][N] as the reduction reads them.
      Value offset =
          add(mul(split, mul(calls, idx(n))), add(mul(token, idx(n)), col));
      memref::StoreOp::create(b, loc, sums.front(), workspace, offset);
      continue;
    }
    SmallVector<Value> index = ctx.delinearize(token, leadingDims);
    index.push_back(col);
    // Dims of size 1 at index 0, the constant the evaluator's broadcasts
    // look the matmul up at.
    index = eval.broadcastIndex(matmul.getResult(), index);
    for (auto [m, sum] : llvm::zip(matmuls, sums))
      eval.define(m.getResult(), index, 1, eval.fromF32(sum, resultElement));
    if (failed(eval.storeAll(region.getYield().getValues(), outputs, index, 1)))
      return failure();
    eval.forget();
    eval.forgetDefined();
  }
  return success();
}

bool mlir::molten::decodeMatmulSupported(FusedOp region) {
  // Siblings of a [K, N] rhs take the tensor-core small variant: their
  // columns are the B operand's, permuted within a warp.
  MatmulOp matmul = matmulOf(region);
  return (!siblingMatmulOf(region) || matmul.getTransposeRhs()) &&
         matmul.getRhs().getType().getRank() == 2 &&
         hopperMatmulHasSmallVariants(region);
}

int64_t mlir::molten::decodeMatmulSplits(FusedOp region,
                                         const HopperTuning &tuning) {
  return decodeShape(region, tuning).splits;
}

int64_t mlir::molten::decodeMatmulScratch(FusedOp region,
                                          const HopperTuning &tuning) {
  return kWarps * kTokens * decodeShape(region, tuning).scratchColumns();
}

FailureOr<LaunchConfig> mlir::molten::emitDecodeMatmulKernel(
    KernelContext &ctx, FusedOp region, ArrayRef<Value> outputs, Value scratch,
    Value workspace, const HopperTuning &tuning) {
  DecodeShape shape = decodeShape(region, tuning);
  DecodeMatmulBuilder builder(ctx, region, shape);
  if (failed(builder.build(outputs, scratch, workspace)))
    return failure();
  Sizes s(ctx.b.getContext());
  // No blocks for a call of no rows: they would read lhs row 0.
  SmallVector<DimExpr> dims = ctx.shapes.getShape(matmulOf(region).getResult());
  SizeExprAttr anyRows =
      Sizes::min(s(1), s.product(ArrayRef(dims).drop_back()));
  LaunchConfig launch{Sizes::mul(s(shape.groups * shape.splits), anyRows),
                      kThreads};
  launch.registers = kRegisters;
  return launch;
}
