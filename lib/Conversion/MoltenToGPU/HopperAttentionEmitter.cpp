//===- HopperAttentionEmitter.cpp - flash attention for sm_90a ------------===//
//
// Part of the Molten project, under the Apache License v2.0.
//
//===----------------------------------------------------------------------===//
//
// Attention on Hopper tensor cores (docs/gpu.md, "Attention"),
// the scores never leaving registers. A CTA takes kBlockQ query rows of one
// head:
//
// - one thread of a producer warpgroup loads the query tile once, then
//   streams kBlockKV-key tiles of K and V through TMA into two-stage rings
//   (full/empty mbarriers per stage, as in the matmul kernel);
// - each of two consumer warpgroups owns 64 query rows: S = Q K^T by wgmma
//   from shared memory, then an online softmax on the accumulator registers
//   (running row max and sum, exp2 with the scale folded in, the output
//   rescaled when the max grows), then O += P V by wgmma with P straight
//   from registers: the f32 accumulator layout of S is, pair by pair, the
//   16-bit A-operand layout of the next product.
//
// Causal CTAs stop at the diagonal and mask only the tiles that cross it;
// tails (keys past Skv) are masked in the last tile; query rows past Sq are
// loaded as zeros (TMA) and not stored. A query head reads key/value head
// head / group (GQA). The output is divided by the row sum at the end; a
// row with no unmasked key is 0.
//
// Split mode (decode, few query rows): a CTA takes a key/value head's
// group of query heads' rows and a range of key tiles, and writes its
// unnormalised rows, maxima and sums to a workspace; a combine kernel adds
// the splits in order.
//
//===----------------------------------------------------------------------===//

#include "Emitters.h"
#include "HopperKernel.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/LLVMIR/NVVMDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

#include <cmath>
#include <limits>

using namespace mlir;
using namespace mlir::molten;

/// Query rows of a CTA: 64 per consumer warpgroup.
static constexpr int64_t kBlockQ = 128;
/// Keys of a K/V tile (the n of the first product, the k of the second).
static constexpr int64_t kBlockKV = 128;
static constexpr int64_t kStages = 2;
/// A TMA box: kBlockQ (or kBlockKV) rows of one 128-byte swizzle row.
static constexpr int64_t kBoxBytes = 128 * kHopperTileK * 2;
static_assert(kBlockQ == 128 && kBlockKV == 128, "boxes are 128 rows");
/// Key tiles a CTA of the split-KV decode kernel takes.
static constexpr int64_t kSplitTiles = 4;

/// Shared memory: the query tile, the K and V stages, the barriers.
struct AttentionLayout {
  int64_t headDim, valueDim;
  int64_t queryBytes() const { return kBlockQ * headDim * 2; }
  int64_t keyBytes() const { return kBlockKV * headDim * 2; }
  int64_t valueBytes() const { return kBlockKV * valueDim * 2; }
  int64_t keysOffset() const { return queryBytes(); }
  int64_t valuesOffset() const { return keysOffset() + kStages * keyBytes(); }
  int64_t barriersOffset() const {
    return valuesOffset() + kStages * valueBytes();
  }
  /// Query full, then per stage K full, K empty, V full, V empty.
  int64_t barrierCount() const { return 1 + 4 * kStages; }
  int64_t smemBytes() const {
    return barriersOffset() + barrierCount() * 8 + kHopperSwizzleAtom;
  }
};

std::optional<std::string>
mlir::molten::hopperAttentionUnsupported(FusedOp region, StringRef chip,
                                         int64_t sharedMemory) {
  if (chip != "sm_90a")
    return std::string("wgmma needs chip sm_90a");
  AttentionOp attention = attentionOf(region);
  Type element = attention.getQuery().getType().getElementType();
  if (!element.isBF16() && !element.isF16())
    return std::string("operands are not bf16 or f16");
  if (attention.getMask())
    return std::string("a mask operand");
  if (attention.getNanIfMasked())
    return std::string("nan_if_masked");
  for (Value operand :
       {attention.getQuery(), attention.getKey(), attention.getValue()})
    if (!isa<BlockArgument>(operand))
      return std::string("an operand is computed in the region");
  int64_t headDim = attention.getQuery().getType().getShape().back();
  int64_t valueDim = attention.getValue().getType().getShape().back();
  for (int64_t d : {headDim, valueDim})
    if (d != 64 && d != 128)
      return std::string("head dims other than 64 and 128");
  if (AttentionLayout{headDim, valueDim}.smemBytes() > sharedMemory)
    return std::string("tiles exceed the shared memory");
  return std::nullopt;
}

namespace {
class AttentionBuilder : public HopperKernelBuilder {
public:
  AttentionBuilder(KernelContext &ctx, AttentionOp attention, Value queryMap,
                   Value keyMap, Value valueMap, Value workspace)
      : HopperKernelBuilder(ctx), attention(attention), queryMap(queryMap),
        keyMap(keyMap), valueMap(valueMap), workspace(workspace) {
    layout.headDim = attention.getQuery().getType().getShape().back();
    layout.valueDim = attention.getValue().getType().getShape().back();
    group = attention.getGroupSize();
  }

  LogicalResult build(Value output);

private:
  Value barrier(int64_t index) {
    return sharedPtr(idx(layout.barriersOffset() + 8 * index));
  }
  Value queryFull() { return barrier(0); }
  /// Barrier `kind` (0 K full, 1 K empty, 2 V full, 3 V empty) of `stage`.
  Value stageBarrier(int64_t kind, Value stage) {
    return sharedPtr(add(idx(layout.barriersOffset() + 8 + 8 * kStages * kind),
                         mul(stage, idx(8))));
  }
  Value f32(double v) {
    return arith::ConstantOp::create(b, loc, b.getF32Type(),
                                     b.getF32FloatAttr(static_cast<float>(v)));
  }
  Value exp2(Value x) {
    return LLVM::CallIntrinsicOp::create(
               b, loc, b.getF32Type(),
               b.getStringAttr("llvm.nvvm.ex2.approx.ftz.f32"), ValueRange{x})
        ->getResult(0);
  }
  Value fmax(Value x, Value y) {
    return arith::MaximumFOp::create(b, loc, x, y);
  }
  /// The sum or max over the four lanes of a quad (a row's lanes).
  Value quadReduce(Value v, bool isMax) {
    for (int64_t m : {1, 2}) {
      Value other =
          gpu::ShuffleOp::create(b, loc, v, m, 32, gpu::ShuffleMode::XOR)
              .getShuffleResult();
      v = isMax ? fmax(v, other)
                : Value(arith::AddFOp::create(b, loc, v, other));
    }
    return v;
  }

  /// A CTA's work: the query map's outer coordinate (a query head, or
  /// packed, a key/value head) and first row, the key/value head, the key
  /// tiles, and (split) the split's index.
  struct Work {
    Value queryHead, q0, kvHead, firstTile, numTiles, split;
  };
  Work workOf(Value x);
  void emitProducer(const Work &work);
  LogicalResult emitConsumer(Value warp, Value lane, const Work &work,
                             Value output);
  /// The end: O / sum into the output, or (split) O, max and sum of the
  /// split's rows into the workspace.
  void storeRows(ArrayRef<Value> rows, ArrayRef<Value> maxes,
                 ArrayRef<Value> sums, ArrayRef<Value> out, Value colInBlock,
                 const Work &work, Value output);
  /// S = Q K^T of one warpgroup (64 rows) and stage.
  SmallVector<Value> scores(Value group, Value stage);
  /// O += P V, P as 16-bit pairs in registers (4 per k-step of 16 keys).
  SmallVector<Value> accumulate(ArrayRef<Value> acc, ArrayRef<Value> pairs,
                                Value stage);
  /// `values` through an empty asm that claims to change them: nothing that
  /// reads them moves above it, hence above the wgmma wait before it (the
  /// registers are written asynchronously until then).
  SmallVector<Value> fenceOperands(ArrayRef<Value> values);

  AttentionOp attention;
  Value queryMap, keyMap, valueMap;
  AttentionLayout layout;
  /// Split-KV decode (AttentionSplit): the workspace of partial results.
  Value workspace;
  /// Sizes: query rows and keys per head, query heads per key/value head.
  Value queries, keys;
  int64_t group = 1;
};
} // namespace

void AttentionBuilder::emitProducer(const Work &work) {
  Value full = queryFull();
  NVVM::MBarrierArriveExpectTxOp::create(
      b, loc, Type(), full, i32(layout.queryBytes()), NVVM::MemScopeKind::CTA,
      false, Value());
  for (int64_t c = 0; c < layout.headDim / kHopperTileK; ++c)
    loadTile(queryMap, idx(c * kBoxBytes),
             {i32(c * kHopperTileK), toI32(work.q0), toI32(work.queryHead)},
             full);
  auto blocks = scf::ForOp::create(b, loc, idx(0), work.numTiles, idx(1));
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(blocks.getBody());
  Value n = blocks.getInductionVar();
  Value stage = rem(n, idx(kStages));
  // A fresh barrier counts as having completed the phase before phase 0.
  Value freeParity =
      arith::XOrIOp::create(b, loc, rem(div(n, idx(kStages)), idx(2)), idx(1));
  Value kv0 = toI32(mul(add(work.firstTile, n), idx(kBlockKV)));
  Value bhKV = work.kvHead;
  auto loadStage = [&](int64_t fullKind, int64_t emptyKind, Value map,
                       int64_t base, int64_t bytes, int64_t dim) {
    waitParity(stageBarrier(emptyKind, stage), freeParity);
    Value stageFull = stageBarrier(fullKind, stage);
    NVVM::MBarrierArriveExpectTxOp::create(b, loc, Type(), stageFull,
                                           i32(bytes), NVVM::MemScopeKind::CTA,
                                           false, Value());
    Value start = add(idx(base), mul(stage, idx(bytes)));
    for (int64_t c = 0; c < dim / kHopperTileK; ++c)
      loadTile(map, add(start, idx(c * kBoxBytes)),
               {i32(c * kHopperTileK), kv0, toI32(bhKV)}, stageFull);
  };
  loadStage(0, 1, keyMap, layout.keysOffset(), layout.keyBytes(),
            layout.headDim);
  loadStage(2, 3, valueMap, layout.valuesOffset(), layout.valueBytes(),
            layout.valueDim);
}

SmallVector<Value> AttentionBuilder::scores(Value group, Value stage) {
  MLIRContext *context = b.getContext();
  Type accType = LLVM::LLVMStructType::getLiteral(
      context, SmallVector<Type>(kBlockKV / 2, b.getF32Type()));
  NVVM::WGMMATypes type =
      attention.getQuery().getType().getElementType().isBF16()
          ? NVVM::WGMMATypes::bf16
          : NVVM::WGMMATypes::f16;
  // The warpgroup's 64 query rows of each 64-column box (rows of 128
  // bytes), and the stage's keys, K-major like the query.
  Value queryRows = mul(group, idx(64 * 128));
  Value keys =
      add(idx(layout.keysOffset()), mul(stage, idx(layout.keyBytes())));
  Value acc = LLVM::ZeroOp::create(b, loc, accType);
  NVVM::WgmmaFenceAlignedOp::create(b, loc);
  for (int64_t c = 0; c < layout.headDim / kHopperTileK; ++c) {
    Value a =
        descriptor(add(idx(c * kBoxBytes), queryRows), 16, kHopperSwizzleAtom);
    Value w = descriptor(add(keys, idx(c * kBoxBytes)), 16, kHopperSwizzleAtom);
    for (int64_t kk = 0; kk < kHopperTileK / kHopperMmaK; ++kk) {
      Value step = i64(kk * kHopperMmaK * 2 >> 4);
      acc = NVVM::WgmmaMmaAsyncOp::create(
          b, loc, accType, acc, arith::AddIOp::create(b, loc, a, step),
          arith::AddIOp::create(b, loc, w, step),
          NVVM::MMAShapeAttr::get(context, 64, kBlockKV, kHopperMmaK), type,
          type, NVVM::WGMMATypes::f32, NVVM::WGMMAScaleOut::one,
          NVVM::WGMMAScaleIn::one, NVVM::WGMMAScaleIn::one,
          NVVM::MMALayout::row, NVVM::MMALayout::col, nullptr);
    }
  }
  NVVM::WgmmaGroupSyncAlignedOp::create(b, loc);
  NVVM::WgmmaWaitGroupSyncOp::create(b, loc, 0);
  SmallVector<Value> values;
  for (int64_t e = 0; e < kBlockKV / 2; ++e)
    values.push_back(LLVM::ExtractValueOp::create(b, loc, acc, e));
  return fenceOperands(values);
}

SmallVector<Value> AttentionBuilder::accumulate(ArrayRef<Value> acc,
                                                ArrayRef<Value> pairs,
                                                Value stage) {
  // wgmma with A in registers, which NVVM's op does not take: inline PTX.
  // V is [keys, Dv]: N-major boxes of 64 columns (transposed B), the boxes
  // kBlockKV * 128 bytes apart, 16 keys a k-step.
  int64_t n = layout.valueDim;
  Type elem = attention.getQuery().getType().getElementType();
  std::string shape = "m64n" + std::to_string(n) + "k16.f32." +
                      (elem.isBF16() ? "bf16.bf16" : "f16.f16");
  int64_t count = n / 2;
  std::string text = "wgmma.mma_async.sync.aligned." + shape + " {";
  for (int64_t i = 0; i < count; ++i)
    text += (i ? ", $" : "$") + std::to_string(i);
  text += "}, {$" + std::to_string(count) + ", $" + std::to_string(count + 1) +
          ", $" + std::to_string(count + 2) + ", $" +
          std::to_string(count + 3) + "}, $" + std::to_string(count + 4) +
          ", p, 1, 1, 1;";
  // scale-d is a predicate (accumulate).
  text = "{\n.reg .pred p;\nsetp.ne.b32 p, 1, 0;\n" + text + "\n}";
  std::string constraints;
  for (int64_t i = 0; i < count; ++i)
    constraints += "=f,";
  constraints += "r,r,r,r,l";
  for (int64_t i = 0; i < count; ++i)
    constraints += "," + std::to_string(i);
  Type accType = LLVM::LLVMStructType::getLiteral(
      b.getContext(), SmallVector<Type>(count, b.getF32Type()));
  Value values =
      add(idx(layout.valuesOffset()), mul(stage, idx(layout.valueBytes())));
  Value v = descriptor(values, kBlockKV * 128, kHopperSwizzleAtom);
  SmallVector<Value> current(acc);
  NVVM::WgmmaFenceAlignedOp::create(b, loc);
  for (int64_t kk = 0; kk < kBlockKV / kHopperMmaK; ++kk) {
    SmallVector<Value> operands(pairs.slice(4 * kk, 4));
    operands.push_back(
        arith::AddIOp::create(b, loc, v, i64(kk * kHopperMmaK * 128 >> 4)));
    operands.append(current);
    auto mma = LLVM::InlineAsmOp::create(
        b, loc, accType, operands, text, constraints,
        /*has_side_effects=*/true, /*is_align_stack=*/false,
        LLVM::tailcallkind::TailCallKind::None,
        LLVM::AsmDialectAttr::get(b.getContext(), LLVM::AsmDialect::AD_ATT),
        ArrayAttr());
    for (int64_t e = 0; e < count; ++e)
      current[e] = LLVM::ExtractValueOp::create(b, loc, mma.getResult(0), e);
  }
  NVVM::WgmmaGroupSyncAlignedOp::create(b, loc);
  NVVM::WgmmaWaitGroupSyncOp::create(b, loc, 0);
  return fenceOperands(current);
}

SmallVector<Value> AttentionBuilder::fenceOperands(ArrayRef<Value> values) {
  std::string constraints;
  for (size_t i = 0; i < values.size(); ++i)
    constraints += "=f,";
  for (size_t i = 0; i < values.size(); ++i)
    constraints += (i ? "," : "") + std::to_string(i);
  Type type = LLVM::LLVMStructType::getLiteral(
      b.getContext(), SmallVector<Type>(values.size(), b.getF32Type()));
  auto fence = LLVM::InlineAsmOp::create(
      b, loc, type, values, "", constraints, /*has_side_effects=*/true,
      /*is_align_stack=*/false, LLVM::tailcallkind::TailCallKind::None,
      LLVM::AsmDialectAttr::get(b.getContext(), LLVM::AsmDialect::AD_ATT),
      ArrayAttr());
  SmallVector<Value> fenced;
  for (size_t i = 0; i < values.size(); ++i)
    fenced.push_back(LLVM::ExtractValueOp::create(b, loc, fence.getResult(0),
                                                  static_cast<int64_t>(i)));
  return fenced;
}

LogicalResult AttentionBuilder::emitConsumer(Value warp, Value lane,
                                             const Work &work, Value output) {
  Value group = div(warp, idx(4));
  Value laneZero = eq(lane, idx(0));
  Value quad = rem(lane, idx(4));
  // The accumulator layout: lane l of warp w holds rows 16 (w % 4) + l / 4
  // and 8 more of its warpgroup's 64, columns 2 (l % 4) + {0, 1} of every 8.
  Value rowInTile =
      add(add(mul(group, idx(64)), mul(rem(warp, idx(4)), idx(16))),
          div(lane, idx(4)));
  // The tile's rows: query rows from q0, or (split) the group's heads'
  // query rows one after the other; `positions` are their query indices.
  SmallVector<Value, 2> rows = {add(work.q0, rowInTile),
                                add(work.q0, add(rowInTile, idx(8)))};
  SmallVector<Value, 2> positions(rows);
  if (workspace)
    for (Value &p : positions)
      p = rem(p, queries);
  Value colInBlock = mul(quad, idx(2));
  double scaleLog2 = attention.getScaleValue() * M_LOG2E;
  Value scale = f32(scaleLog2);
  Value negInf = f32(-std::numeric_limits<double>::infinity());
  Value zero = f32(0);
  bool causal = attention.getCausal();
  int64_t outCount = layout.valueDim / 2;

  waitParity(queryFull(), idx(0));
  // Carried: the two rows' max and partial sum, then the output.
  SmallVector<Value> init = {negInf, negInf, zero, zero};
  init.append(outCount, zero);
  auto blocks = scf::ForOp::create(b, loc, idx(0), work.numTiles, idx(1), init);
  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(blocks.getBody());
    Value n = blocks.getInductionVar();
    ValueRange carried = blocks.getRegionIterArgs();
    Value stage = rem(n, idx(kStages));
    Value parity = rem(div(n, idx(kStages)), idx(2));
    Value kv0 = mul(add(work.firstTile, n), idx(kBlockKV));
    waitParity(stageBarrier(0, stage), parity);
    SmallVector<Value> s = scores(group, stage);
    auto ifRelease = scf::IfOp::create(b, loc, laneZero, false);
    {
      OpBuilder::InsertionGuard g(b);
      b.setInsertionPointToStart(ifRelease.thenBlock());
      NVVM::MBarrierArriveOp::create(b, loc, Type(), stageBarrier(1, stage),
                                     Value());
    }
    // Masks, only where a tile crosses the end of the keys or (causal) the
    // CTA's first query row.
    Value crossesEnd = ult(keys, add(kv0, idx(kBlockKV)));
    Value needsMask = crossesEnd;
    if (causal)
      needsMask = arith::OrIOp::create(
          b, loc, needsMask,
          workspace ? Value(arith::ConstantIntOp::create(b, loc, 1, 1))
                    : ult(work.q0, add(kv0, idx(kBlockKV - 1))));
    SmallVector<Type> types(s.size(), b.getF32Type());
    auto ifMask = scf::IfOp::create(b, loc, types, needsMask, true);
    {
      OpBuilder::InsertionGuard g(b);
      b.setInsertionPointToStart(ifMask.thenBlock());
      SmallVector<Value> masked(s);
      for (int64_t j = 0; j < kBlockKV / 8; ++j)
        for (int64_t c = 0; c < 2; ++c) {
          Value key = add(kv0, add(colInBlock, idx(8 * j + c)));
          Value outside = ule(keys, key);
          for (int64_t half = 0; half < 2; ++half) {
            Value drop = outside;
            if (causal)
              drop =
                  arith::OrIOp::create(b, loc, drop, ult(positions[half], key));
            Value &e = masked[4 * j + 2 * half + c];
            e = arith::SelectOp::create(b, loc, drop, negInf, e);
          }
        }
      scf::YieldOp::create(b, loc, masked);
      b.setInsertionPointToStart(ifMask.elseBlock());
      scf::YieldOp::create(b, loc, s);
    }
    s.assign(ifMask.getResults().begin(), ifMask.getResults().end());

    SmallVector<Value> next(carried.begin(), carried.end());
    SmallVector<Value, 2> rescale(2);
    SmallVector<Value, 2> shift(2);
    for (int64_t half = 0; half < 2; ++half) {
      Value rowMax = carried[half];
      Value tileMax = negInf;
      for (int64_t j = 0; j < kBlockKV / 8; ++j)
        for (int64_t c = 0; c < 2; ++c)
          tileMax = fmax(tileMax, s[4 * j + 2 * half + c]);
      Value newMax = fmax(rowMax, quadReduce(tileMax, /*isMax=*/true));
      // While every score is -inf, shift by 0: -inf - -inf would be NaN.
      Value none = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OEQ,
                                         newMax, negInf);
      Value safe = arith::SelectOp::create(b, loc, none, zero, newMax);
      shift[half] = arith::MulFOp::create(b, loc, safe, scale);
      rescale[half] = exp2(arith::SubFOp::create(
          b, loc, arith::MulFOp::create(b, loc, rowMax, scale), shift[half]));
      next[half] = newMax;
    }
    // p = 2^(s scale log2(e) - max scale log2(e)), one fma and one ex2.
    SmallVector<Value, 2> sums = {
        arith::MulFOp::create(b, loc, carried[2], rescale[0]),
        arith::MulFOp::create(b, loc, carried[3], rescale[1])};
    for (int64_t e = 0; e < kBlockKV / 2; ++e) {
      int64_t half = (e / 2) % 2;
      Value scaled = math::FmaOp::create(
          b, loc, s[e], scale, arith::NegFOp::create(b, loc, shift[half]));
      s[e] = exp2(scaled);
      sums[half] = arith::AddFOp::create(b, loc, sums[half], s[e]);
    }
    next[2] = sums[0];
    next[3] = sums[1];
    SmallVector<Value> out(carried.begin() + 4, carried.end());
    for (int64_t e = 0; e < outCount; ++e)
      out[e] = arith::MulFOp::create(b, loc, out[e], rescale[(e / 2) % 2]);
    // P as 16-bit pairs: register e/2 holds elements e and e + 1, the lower
    // column in the low half.
    Type elem = attention.getQuery().getType().getElementType();
    SmallVector<Value> pairs;
    for (int64_t e = 0; e < kBlockKV / 2; e += 2) {
      Value pair = vector::FromElementsOp::create(
          b, loc, VectorType::get({2}, b.getF32Type()),
          ValueRange{s[e], s[e + 1]});
      Value narrow =
          arith::TruncFOp::create(b, loc, VectorType::get({2}, elem), pair);
      pairs.push_back(LLVM::BitcastOp::create(b, loc, b.getI32Type(), narrow));
    }
    waitParity(stageBarrier(2, stage), parity);
    out = accumulate(out, pairs, stage);
    auto ifReleaseV = scf::IfOp::create(b, loc, laneZero, false);
    {
      OpBuilder::InsertionGuard g(b);
      b.setInsertionPointToStart(ifReleaseV.thenBlock());
      NVVM::MBarrierArriveOp::create(b, loc, Type(), stageBarrier(3, stage),
                                     Value());
    }
    for (int64_t e = 0; e < outCount; ++e)
      next[4 + e] = out[e];
    scf::YieldOp::create(b, loc, next);
  }

  SmallVector<Value> out(blocks.getResults().begin() + 4,
                         blocks.getResults().end());
  storeRows(rows, {blocks.getResult(0), blocks.getResult(1)},
            {blocks.getResult(2), blocks.getResult(3)}, out, colInBlock, work,
            output);
  return success();
}

void AttentionBuilder::storeRows(ArrayRef<Value> rows, ArrayRef<Value> maxes,
                                 ArrayRef<Value> sums, ArrayRef<Value> out,
                                 Value colInBlock, const Work &work,
                                 Value output) {
  Value zero = f32(0);
  Type elem = attention.getType().getElementType();
  Value quad = div(colInBlock, idx(2));
  // Split: rows of (Dv + 2) floats, O then the max and the sum, a block of
  // group x queries rows per (key/value head, split).
  int64_t stride = layout.valueDim + 2;
  Value validRows = workspace ? mul(idx(group), queries) : queries;
  Value splits = workspace ? cdiv(cdiv(keys, kBlockKV), kSplitTiles) : Value();
  for (int64_t half = 0; half < 2; ++half) {
    Value total = quadReduce(sums[half], /*isMax=*/false);
    auto ifRow = scf::IfOp::create(b, loc, ult(rows[half], validRows), false);
    OpBuilder::InsertionGuard g(b);
    b.setInsertionPointToStart(ifRow.thenBlock());
    if (workspace) {
      Value block = add(mul(work.kvHead, splits), work.split);
      Value rowStart = mul(add(mul(block, validRows), rows[half]), idx(stride));
      for (int64_t j = 0; j < layout.valueDim / 8; ++j) {
        Value pair = vector::FromElementsOp::create(
            b, loc, VectorType::get({2}, b.getF32Type()),
            ValueRange{out[4 * j + 2 * half], out[4 * j + 2 * half + 1]});
        vector::StoreOp::create(
            b, loc, pair, workspace,
            ValueRange{add(rowStart, add(colInBlock, idx(8 * j)))}, false,
            llvm::MaybeAlign(8));
      }
      auto ifFirst = scf::IfOp::create(b, loc, eq(quad, idx(0)), false);
      OpBuilder::InsertionGuard gf(b);
      b.setInsertionPointToStart(ifFirst.thenBlock());
      Value stats = vector::FromElementsOp::create(
          b, loc, VectorType::get({2}, b.getF32Type()),
          ValueRange{maxes[half], total});
      vector::StoreOp::create(b, loc, stats, workspace,
                              ValueRange{add(rowStart, idx(layout.valueDim))},
                              false, llvm::MaybeAlign(8));
      continue;
    }
    Value empty =
        arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OEQ, total, zero);
    Value inverse = arith::SelectOp::create(
        b, loc, empty, zero, arith::DivFOp::create(b, loc, f32(1), total));
    Value rowStart = mul(add(mul(work.queryHead, queries), rows[half]),
                         idx(layout.valueDim));
    for (int64_t j = 0; j < layout.valueDim / 8; ++j) {
      Value pair = vector::FromElementsOp::create(
          b, loc, VectorType::get({2}, b.getF32Type()),
          ValueRange{
              arith::MulFOp::create(b, loc, out[4 * j + 2 * half], inverse),
              arith::MulFOp::create(b, loc, out[4 * j + 2 * half + 1],
                                    inverse)});
      Value narrow =
          arith::TruncFOp::create(b, loc, VectorType::get({2}, elem), pair);
      vector::StoreOp::create(
          b, loc, narrow, output,
          ValueRange{add(rowStart, add(colInBlock, idx(8 * j)))}, false,
          llvm::MaybeAlign(4));
    }
  }
}

AttentionBuilder::Work AttentionBuilder::workOf(Value x) {
  SmallVector<Value> qDims = ctx.dims(attention.getQuery());
  int64_t rank = qDims.size();
  Value keyTiles = cdiv(keys, kBlockKV);
  if (workspace) {
    // Split: x = key/value head * splits + split; the CTA's rows are the
    // group's query heads' rows, kSplitTiles key tiles of them.
    Value splits = cdiv(keyTiles, kSplitTiles);
    Value head = div(x, splits), split = rem(x, splits);
    Value first = mul(split, idx(kSplitTiles));
    return {
        head, idx(0), head, first, min(idx(kSplitTiles), sub(keyTiles, first)),
        split};
  }
  // x = head * tiles + r, the tiles of a head consecutive (their CTAs share
  // K and V in L2), the last (longest when causal) first.
  Value tiles = cdiv(queries, kBlockQ);
  Value bh = div(x, tiles);
  Value q0 = mul(sub(sub(tiles, idx(1)), rem(x, tiles)), idx(kBlockQ));
  Value bhKV = bh;
  if (rank >= 3) {
    Value heads = qDims[rank - 3];
    Value kvHeads = ctx.dims(attention.getKey())[rank - 3];
    bhKV = add(mul(div(bh, heads), kvHeads), div(rem(bh, heads), idx(group)));
  }
  Value numTiles = attention.getCausal()
                       ? min(keyTiles, cdiv(add(q0, idx(kBlockQ)), kBlockKV))
                       : keyTiles;
  return {bh, q0, bhKV, idx(0), numTiles, Value()};
}

LogicalResult AttentionBuilder::build(Value output) {
  alignSharedBase();
  Value tid = gpu::ThreadIdOp::create(b, loc, gpu::Dimension::x);
  Value warp = div(tid, idx(32));
  Value lane = rem(tid, idx(32));

  SmallVector<Value> qDims = ctx.dims(attention.getQuery());
  int64_t rank = qDims.size();
  queries = qDims[rank - 2];
  keys = ctx.dims(attention.getKey())[rank - 2];
  Work work = workOf(gpu::BlockIdOp::create(b, loc, gpu::Dimension::x));

  auto ifInit = scf::IfOp::create(b, loc, eq(tid, idx(0)), false);
  {
    OpBuilder::InsertionGuard g(b);
    b.setInsertionPointToStart(ifInit.thenBlock());
    NVVM::MBarrierInitOp::create(b, loc, queryFull(), i32(1), Value());
    for (int64_t s = 0; s < kStages; ++s)
      for (int64_t kind = 0; kind < 4; ++kind)
        NVVM::MBarrierInitOp::create(b, loc, stageBarrier(kind, idx(s)),
                                     i32(kind % 2 ? kHopperConsumerWarps : 1),
                                     Value());
    NVVM::FenceMbarrierInitOp::create(b, loc);
  }
  gpu::BarrierOp::create(b, loc);

  auto ifProducer =
      scf::IfOp::create(b, loc, ule(idx(kHopperConsumerWarps), warp),
                        /*withElseRegion=*/true);
  {
    OpBuilder::InsertionGuard g(b);
    b.setInsertionPointToStart(ifProducer.thenBlock());
    NVVM::SetMaxRegisterOp::create(b, loc, kHopperProducerRegisters,
                                   NVVM::SetMaxRegisterAction::decrease);
    Value issuer = both(eq(warp, idx(kHopperConsumerWarps)), eq(lane, idx(0)));
    auto ifIssuer = scf::IfOp::create(b, loc, issuer, false);
    b.setInsertionPointToStart(ifIssuer.thenBlock());
    emitProducer(work);
  }
  OpBuilder::InsertionGuard g(b);
  b.setInsertionPointToStart(ifProducer.elseBlock());
  NVVM::SetMaxRegisterOp::create(b, loc, kHopperConsumerRegisters,
                                 NVVM::SetMaxRegisterAction::increase);
  return emitConsumer(warp, lane, work, output);
}

/// The product of the query's dims before the heads, times the key/value
/// heads: the split kernel's work is per key/value head.
static SizeExprAttr kvHeadCount(const ShapeSymbols &shapes,
                                AttentionOp attention) {
  Sizes s(attention.getContext());
  SmallVector<DimExpr> dims = shapes.getShape(attention.getKey());
  return s.product(ArrayRef(dims).drop_back(2));
}

/// The split kernel's splits: kSplitTiles key tiles each.
static SizeExprAttr splitCount(const ShapeSymbols &shapes,
                               AttentionOp attention) {
  Sizes s(attention.getContext());
  SmallVector<DimExpr> dims = shapes.getShape(attention.getKey());
  return s.cdiv(s.dim(dims[dims.size() - 2]), s(kBlockKV * kSplitTiles));
}

int64_t mlir::molten::attentionSplitRows(FusedOp region) {
  return std::min<int64_t>(16, kBlockQ / attentionOf(region).getGroupSize());
}

SizeExprAttr mlir::molten::attentionSplitWorkspace(const ShapeSymbols &shapes,
                                                   FusedOp region) {
  AttentionOp attention = attentionOf(region);
  Sizes s(attention.getContext());
  SmallVector<DimExpr> q = shapes.getShape(attention.getQuery());
  int64_t dv = attention.getValue().getType().getShape().back();
  // Per key/value head and split: group x queries rows of Dv + 2 floats.
  return s.mul(
      s.mul(kvHeadCount(shapes, attention), splitCount(shapes, attention)),
      s.mul(s(attention.getGroupSize() * (dv + 2)), s.dim(q[q.size() - 2])));
}

FailureOr<LaunchConfig> mlir::molten::emitHopperAttentionKernel(
    KernelContext &ctx, gpu::GPUFuncOp kernel, FusedOp region,
    ArrayRef<Value> outputs, Value workspace) {
  AttentionOp attention = attentionOf(region);
  // The three tensor maps (query, key, value) come last, passed by value.
  Type ptr = LLVM::LLVMPointerType::get(ctx.b.getContext());
  unsigned first = kernel.getNumArguments();
  for (unsigned i = 0; i < 3; ++i)
    if (failed(kernel.insertArgument(first + i, ptr, {}, ctx.loc)))
      return failure();
  kernel->setAttr(kTensorMapCountAttrName, ctx.b.getI64IntegerAttr(3));
  Block &entry = kernel.getBody().front();
  AttentionBuilder builder(ctx, attention, entry.getArgument(first),
                           entry.getArgument(first + 1),
                           entry.getArgument(first + 2), workspace);
  if (failed(builder.build(outputs[0])))
    return failure();

  // Tensor-map views [batch x heads, rows, head dim], boxes of 128 rows of
  // 64 columns. Split, the query is [batch x key/value heads, group x
  // rows, head dim]: a group's heads are consecutive.
  Sizes s(ctx.b.getContext());
  int64_t group = attention.getGroupSize();
  auto view = [&](Value operand, bool packed) {
    SmallVector<DimExpr> dims = ctx.shapes.getShape(operand);
    LaunchConfig::TensorMap map;
    map.input = cast<BlockArgument>(operand).getArgNumber();
    SizeExprAttr rows = s.dim(dims[dims.size() - 2]);
    SizeExprAttr outer = s.product(ArrayRef(dims).drop_back(2));
    if (packed && group > 1) {
      outer = kvHeadCount(ctx.shapes, attention);
      rows = s.mul(s(group), rows);
    }
    map.dims = {outer, rows, s.dim(dims.back())};
    map.box = {1, 128, kHopperTileK};
    map.swizzle = 128;
    return map;
  };
  LaunchConfig launch;
  launch.tensorMaps.push_back(view(attention.getQuery(), bool(workspace)));
  launch.tensorMaps.push_back(view(attention.getKey(), false));
  launch.tensorMaps.push_back(view(attention.getValue(), false));
  SmallVector<DimExpr> dims = ctx.shapes.getShape(attention.getQuery());
  launch.grid = workspace
                    ? s.mul(kvHeadCount(ctx.shapes, attention),
                            splitCount(ctx.shapes, attention))
                    : s.mul(s.product(ArrayRef(dims).drop_back(2)),
                            s.cdiv(s.dim(dims[dims.size() - 2]), s(kBlockQ)));
  launch.block = kHopperThreads;
  launch.registers = kHopperLaunchRegisters;
  AttentionLayout layout{attention.getQuery().getType().getShape().back(),
                         attention.getValue().getType().getShape().back()};
  launch.smem = layout.smemBytes();
  return launch;
}

FailureOr<LaunchConfig>
mlir::molten::emitAttentionCombineKernel(KernelContext &ctx, FusedOp region,
                                         ArrayRef<Value> outputs,
                                         Value workspace) {
  // A thread per output element: the splits' maxima, then their outputs
  // and sums rescaled to the largest, added in split order.
  OpBuilder &b = ctx.b;
  Location loc = ctx.loc;
  AttentionOp attention = attentionOf(region);
  auto idx = [&](int64_t v) { return ctx.index(v); };
  auto f32 = [&](double v) -> Value {
    return arith::ConstantOp::create(b, loc, b.getF32Type(),
                                     b.getF32FloatAttr(static_cast<float>(v)));
  };
  int64_t dv = attention.getValue().getType().getShape().back();
  int64_t stride = dv + 2;
  int64_t group = attention.getGroupSize();
  SmallVector<Value> qDims = ctx.dims(attention.getQuery());
  int64_t rank = qDims.size();
  Value queries = qDims[rank - 2];
  Value keys = ctx.dims(attention.getKey())[rank - 2];
  Value splits = arith::DivUIOp::create(
      b, loc,
      arith::AddIOp::create(b, loc, keys, idx(kBlockKV * kSplitTiles - 1)),
      idx(kBlockKV * kSplitTiles));
  Value numel = ctx.numElements(attention.getResult());
  auto [gid, nthreads] = ctx.globalThread();
  auto loop = scf::ForOp::create(b, loc, gid, numel, nthreads);
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(loop.getBody());
  Value i = loop.getInductionVar();
  // i = (query head, query row, column); the key/value head's block holds
  // the group's heads' rows in order.
  Value col = arith::RemUIOp::create(b, loc, i, idx(dv));
  Value row = arith::DivUIOp::create(b, loc, i, idx(dv));
  Value bh = arith::DivUIOp::create(b, loc, row, queries);
  Value q = arith::RemUIOp::create(b, loc, row, queries);
  Value kvHead = arith::DivUIOp::create(b, loc, bh, idx(group));
  Value packedRow = arith::AddIOp::create(
      b, loc,
      arith::MulIOp::create(
          b, loc, arith::RemUIOp::create(b, loc, bh, idx(group)), queries),
      q);
  Value blockRows = arith::MulIOp::create(b, loc, idx(group), queries);
  auto rowOffset = [&](Value split) {
    Value block = arith::AddIOp::create(
        b, loc, arith::MulIOp::create(b, loc, kvHead, splits), split);
    return arith::MulIOp::create(
        b, loc,
        arith::AddIOp::create(
            b, loc, arith::MulIOp::create(b, loc, block, blockRows), packedRow),
        idx(stride));
  };
  Value negInf = f32(-std::numeric_limits<double>::infinity());
  auto maxLoop =
      scf::ForOp::create(b, loc, idx(0), splits, idx(1), ValueRange{negInf});
  {
    OpBuilder::InsertionGuard g(b);
    b.setInsertionPointToStart(maxLoop.getBody());
    Value m = memref::LoadOp::create(
        b, loc, workspace,
        ValueRange{arith::AddIOp::create(
            b, loc, rowOffset(maxLoop.getInductionVar()), idx(dv))});
    scf::YieldOp::create(b, loc,
                         ValueRange{arith::MaximumFOp::create(
                             b, loc, maxLoop.getRegionIterArgs()[0], m)});
  }
  Value top = maxLoop.getResult(0);
  Value none =
      arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OEQ, top, negInf);
  Value shift = arith::SelectOp::create(b, loc, none, f32(0), top);
  double scale = attention.getScaleValue();
  Value zero = f32(0);
  auto sumLoop = scf::ForOp::create(b, loc, idx(0), splits, idx(1),
                                    ValueRange{zero, zero});
  {
    OpBuilder::InsertionGuard g(b);
    b.setInsertionPointToStart(sumLoop.getBody());
    Value offset = rowOffset(sumLoop.getInductionVar());
    Value o = memref::LoadOp::create(
        b, loc, workspace,
        ValueRange{arith::AddIOp::create(b, loc, offset, col)});
    Value m = memref::LoadOp::create(
        b, loc, workspace,
        ValueRange{arith::AddIOp::create(b, loc, offset, idx(dv))});
    Value l = memref::LoadOp::create(
        b, loc, workspace,
        ValueRange{arith::AddIOp::create(b, loc, offset, idx(dv + 1))});
    // The splits scaled their exponentials by their own max (in units of
    // the scores before `scale`).
    Value weight = math::ExpOp::create(
        b, loc,
        arith::MulFOp::create(b, loc, arith::SubFOp::create(b, loc, m, shift),
                              f32(scale)));
    ValueRange acc = sumLoop.getRegionIterArgs();
    scf::YieldOp::create(
        b, loc,
        ValueRange{
            arith::AddFOp::create(b, loc, acc[0],
                                  arith::MulFOp::create(b, loc, o, weight)),
            arith::AddFOp::create(b, loc, acc[1],
                                  arith::MulFOp::create(b, loc, l, weight))});
  }
  Value total = sumLoop.getResult(1);
  Value empty =
      arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OEQ, total, zero);
  Value value = arith::SelectOp::create(
      b, loc, empty, zero,
      arith::DivFOp::create(b, loc, sumLoop.getResult(0), total));
  Value narrow = arith::TruncFOp::create(
      b, loc, attention.getType().getElementType(), value);
  memref::StoreOp::create(b, loc, narrow, outputs[0], ValueRange{i});
  Sizes s(b.getContext());
  SizeExprAttr elements = s.product(ctx.shapes.getShape(attention.getResult()));
  return LaunchConfig{s.max(s(1), s.min(s(65535), s.cdiv(elements, s(256)))),
                      256};
}
