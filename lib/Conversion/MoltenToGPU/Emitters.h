//===- Emitters.h - one emitter per region hero -----------------*- C++ -*-===//
//
// Part of the Molten project, under the Apache License v2.0.
//
//===----------------------------------------------------------------------===//
//
// Each emitter fills in the body of a gpu.func for one molten.fused region
// and says how to launch it. Grid sizes are size expressions over the
// function's size symbols (#molten.size, docs/bundle.md).
//
//===----------------------------------------------------------------------===//

#ifndef MOLTEN_LIB_CONVERSION_MOLTENTOGPU_EMITTERS_H
#define MOLTEN_LIB_CONVERSION_MOLTENTOGPU_EMITTERS_H

#include "KernelBuilder.h"

namespace mlir::molten {

struct LaunchConfig {
  /// Blocks along x; y and z are at the end, so that the emitters'
  /// positional initialisers keep working.
  SizeExprAttr grid;
  int64_t block;
  /// Registers a thread needs at least (a row reduction: the row values it
  /// holds, and the rest; a loop kernel: room for an iteration's loads);
  /// min-threads-per-sm does not cap it lower (a floor no block of this size
  /// can have leaves the registers uncapped). 0: no such floor.
  int64_t registers = 0;
  /// A row reduction's row count (an expression), when a variant built with
  /// Tuning::fewRows would serve calls of at most Tuning::multiprocessors
  /// rows better (a row a block, no more blocks than multiprocessors).
  SizeExprAttr fewRowsVariantRows;
  /// A row reduction that loops over its rows' chunks (not held in
  /// registers).
  bool looped = false;
  /// Dynamic shared memory, bytes.
  int64_t smem = 0;
  /// A persistent kernel's work units (tiles, times splits), which its
  /// CTAs take in turn; null for other kernels.
  SizeExprAttr units;
  /// A TMA tensor map of a region input, passed by value after the symbols
  /// (bundle `tensormaps`, docs/bundle.md).
  struct TensorMap {
    /// The region input (block argument number).
    unsigned input;
    /// The view of its data, outermost dim first.
    SmallVector<SizeExprAttr> dims;
    SmallVector<int64_t> box;
    /// Swizzle span in bytes (0: none).
    int64_t swizzle;
  };
  SmallVector<TensorMap> tensorMaps;
  /// Blocks along y and z (null: 1). The plan's row-range factor
  /// multiplies x only, which is enough to launch nothing out of range.
  SizeExprAttr gridY, gridZ;
};

/// How much work a thread and a block take: convert-molten-to-gpu's options,
/// checked by the pass.
struct Tuning {
  /// The target's multiprocessors (#molten.target): persistent and split-K
  /// grids, and the row counts of few-rows variants, are sized by it.
  int64_t multiprocessors;
  int64_t loopChunksPerThread;
  int64_t rowElementsPerThread;
  int64_t prefetchElementsPerThread;
  int64_t blockSize;
  int64_t loopMaxBlocks;
  int64_t rowMaxBlocks;
  int64_t minThreadsPerSM;
  /// minThreadsPerSM for row reductions with only 16-bit float results.
  int64_t narrowMinThreadsPerSM;
  int64_t loopMinThreadsPerSM;
  int64_t loopBlockSize;
  /// Row reductions loop over static rows of this many bytes or more rather
  /// than holding them in registers, with at most loopedRowThreads threads a
  /// row.
  int64_t loopedRowBytes;
  int64_t loopedRowThreads;
  /// Build a row reduction's few-rows variant: half the elements a thread,
  /// twice the threads a row, and every input the outputs read (weights
  /// too) loaded with the row, for latency rather than throughput.
  bool fewRows = false;
};

/// Elementwise and data movement: a grid-stride loop over the outputs,
/// several 16-byte chunks per thread loaded before any is stored, a scalar
/// tail in flat mode.
FailureOr<LaunchConfig> emitLoopKernel(KernelContext &ctx, FusedOp region,
                                       ArrayRef<Value> outputs,
                                       const Tuning &tuning);

/// Reductions over the innermost dims: a group of threads per row (a few
/// lanes of a warp for short rows, up to a block for long ones), the row in
/// registers, warp shuffles then shared memory (`scratch`).
FailureOr<LaunchConfig> emitRowReductionKernel(KernelContext &ctx,
                                               FusedOp region,
                                               ArrayRef<Value> outputs,
                                               Value scratch,
                                               const Tuning &tuning);

/// The (last) op of type OpTy in `region`: its hero.
template <typename OpTy> OpTy heroOf(FusedOp region) {
  OpTy hero;
  region.getBody().walk([&](OpTy op) { hero = op; });
  return hero;
}

/// The matmuls of a matmul region in body order: one, or two siblings
/// (areSiblingMatmuls; molten.fused's verifier checked it).
inline SmallVector<MatmulOp, 2> matmulsOf(FusedOp region) {
  SmallVector<MatmulOp, 2> matmuls;
  region.getBody().walk([&](MatmulOp op) { matmuls.push_back(op); });
  return matmuls;
}
/// The first matmul of a matmul region; a sibling has its shapes and types.
inline MatmulOp matmulOf(FusedOp region) { return matmulsOf(region).front(); }
/// The second matmul of a region of siblings, else null.
inline MatmulOp siblingMatmulOf(FusedOp region) {
  SmallVector<MatmulOp, 2> matmuls = matmulsOf(region);
  return matmuls.size() == 2 ? matmuls.back() : MatmulOp();
}

/// A matmul (or two siblings) and its elementwise epilogue: a thread per
/// output element, f32 accumulation, the epilogue applied before the store.
FailureOr<LaunchConfig> emitMatmulKernel(KernelContext &ctx, FusedOp region,
                                         ArrayRef<Value> outputs);

/// Why the tensor-core matmul kernel cannot serve `region` on `chip`, or
/// nothing when it can.
std::optional<std::string> hopperMatmulUnsupported(FusedOp region,
                                                   StringRef chip);

/// The tensor-core kernel's variants (HopperMatmulEmitter.cpp says more):
/// - Large: 128x256 tiles, the two consumer warpgroups 64 rows each;
/// - Clustered: Large in clusters of two CTAs on adjacent row tiles, which
///   share each rhs tile (TMA multicast);
/// - PingPong: 64x256 tiles, the consumer warpgroups take alternate tiles,
///   so that one's epilogue overlaps the other's products;
/// - Medium: 128x128 tiles (twice the tiles of Large: more CTAs busy);
/// - Small (up to 16 rows) and Small128 (up to 128): one row tile of 64 or
///   128 rows and columns narrow enough for about a tile per multiprocessor
///   (all of them stream weights; at least 128 wide for Small128, as each
///   column tile reads all the rows); K split over CTAs into a workspace
///   only where those tiles are too few;
/// - Decode (up to 16 rows, an rhs shared by every batch): no tensor-core
///   tiles but mma.sync on weights loaded straight into registers
///   (DecodeMatmulEmitter.cpp), in place of Small.
enum class HopperVariant {
  Large,
  Clustered,
  PingPong,
  Medium,
  Small,
  Small128,
  Decode
};

/// The GPU and tuning the tensor-core kernels' shapes follow.
struct HopperTuning {
  int64_t multiprocessors;
  /// The Small variant's narrowest column tile (0: its default), and the
  /// Small128 variant's.
  int64_t smallMinTileN, small128MinTileN;
  /// Dynamic shared memory a block may take, bytes.
  int64_t sharedMemory;
  /// Which 128-row kernels of many rows evaluate epilogues in warps of
  /// their own, from products staged in shared memory
  /// (matmul-epilogue-warps): -1 the large kernel at long K, 0 none, 1
  /// both the large and the medium kernel.
  int64_t epilogueWarps = -1;
  /// The large variant's stages (0: as many as fit).
  int64_t largeStages = 0;
  /// The Small variant's busy share of the multiprocessors, percent,
  /// below which it splits K.
  int64_t smallBusyPercent = 85;
  /// With epilogue warps, the columns of a tile staged for them (0: all);
  /// the consumers evaluate the others' epilogue (matmul-staged-columns).
  int64_t stagedColumns = 0;
  /// The decode kernel's rhs rows a block (matmul-decode-rows): 0 its
  /// default, -1 none (the Small variant serves those calls).
  int64_t decodeRows = 0;
  /// The decode kernel's result columns a block for a [K, N] rhs
  /// (matmul-decode-columns).
  int64_t decodeColumns = 64;
  /// The row tiles of a group, the CTAs' order over the tiles
  /// (matmul-group-rows).
  int64_t groupRows = 8;
  /// The consumers release each stage after its own wgmma
  /// (matmul-early-release).
  bool earlyRelease = false;
};

/// Row counts up to which the small variants serve a call.
constexpr int64_t kHopperSmallRows = 16;
constexpr int64_t kHopperSmall128Rows = 128;

/// Whether the medium variant (128x128 tiles) can serve calls: N is static
/// and over 128 (for N <= 128 every variant but the small ones takes
/// 128x128 tiles).
bool hopperMatmulHasMediumVariant(FusedOp region);

/// The row count up to which the medium variant serves a call when the
/// plan does not choose it by rounds (the ping-pong and clustered large
/// kernels): while its 128x128 tiles fit in one wave (a tile per
/// multiprocessor). 0 (never) without a medium variant.
int64_t hopperMatmulMediumRows(FusedOp region, int64_t multiprocessors);

/// Whether few rows get the small variants: N is static (they pick their
/// column tiles by it).
bool hopperMatmulHasSmallVariants(FusedOp region);

/// Whether N is static and at most 128 (see hopperMatmulMediumRows).
bool hopperMatmulNarrow(FusedOp region);

/// How many CTAs a variant splits K over (1: no workspace, no reduction
/// kernel). Only the small variants split.
int64_t hopperMatmulSplits(FusedOp region, HopperVariant variant,
                           const HopperTuning &tuning);

/// A matmul and its elementwise epilogue on sm_90a tensor cores: TMA,
/// wgmma, a persistent warp-specialised kernel (HopperMatmulEmitter.cpp).
/// Appends the two tensor-map parameters to `kernel`. With K split, the
/// kernel writes f32 partial sums to `workspace` ([splits, elements]).
FailureOr<LaunchConfig>
emitHopperMatmulKernel(KernelContext &ctx, gpu::GPUFuncOp kernel,
                       FusedOp region, ArrayRef<Value> outputs,
                       HopperVariant variant, Value workspace,
                       const HopperTuning &tuning);

/// Adds a split kernel's partial sums in split order and stores the
/// region's results.
FailureOr<LaunchConfig>
emitHopperSplitReduceKernel(KernelContext &ctx, FusedOp region,
                            ArrayRef<Value> outputs, Value workspace,
                            HopperVariant variant, const HopperTuning &tuning);

/// Whether the decode kernel can serve the region's calls of at most
/// kHopperSmallRows rows (an rhs of rank 2, N static; the tensor-core
/// kernel's conditions hold).
bool decodeMatmulSupported(FusedOp region);

/// How many blocks the decode kernel splits K over (1: no workspace, no
/// reduction kernel).
int64_t decodeMatmulSplits(FusedOp region, const HopperTuning &tuning);

/// The f32 elements of the decode kernel's shared scratch (the warps'
/// partial products).
int64_t decodeMatmulScratch(FusedOp region, const HopperTuning &tuning);

/// Few rows (DecodeMatmulEmitter.cpp): each warp streams 16-byte chunks of
/// the rhs into registers and multiplies them with mma.sync; a block's
/// warps split its range of K and add up through `scratch`
/// (memref<decodeMatmulScratch x f32, workgroup>) in a fixed order before
/// the epilogue, or, with K split over blocks, write f32 sums to
/// `workspace` ([splits, elements]) for emitHopperSplitReduceKernel.
FailureOr<LaunchConfig> emitDecodeMatmulKernel(KernelContext &ctx,
                                               FusedOp region,
                                               ArrayRef<Value> outputs,
                                               Value scratch, Value workspace,
                                               const HopperTuning &tuning);

/// The attention of an attention region.
inline AttentionOp attentionOf(FusedOp region) {
  return heroOf<AttentionOp>(region);
}

/// Threads of the portable attention kernel's blocks (one per key of a
/// chunk).
constexpr int64_t kAttentionThreads = 128;

/// Attention on any GPU (AttentionEmitter.cpp): a block per query row, an
/// online softmax over chunks of keys; `scratch` (memref<32xf32, workgroup>)
/// for block reductions and `probabilities` (memref<kAttentionThreads x f32,
/// workgroup>) for a chunk's weights.
FailureOr<LaunchConfig> emitAttentionKernel(KernelContext &ctx, FusedOp region,
                                            ArrayRef<Value> outputs,
                                            Value scratch, Value probabilities);

/// Why the sm_90a flash-attention kernel cannot serve `region` on `chip`
/// with `sharedMemory` bytes a block, or nothing when it can.
std::optional<std::string> hopperAttentionUnsupported(FusedOp region,
                                                      StringRef chip,
                                                      int64_t sharedMemory);

/// Attention on sm_90a tensor cores (HopperAttentionEmitter.cpp): TMA,
/// wgmma for both products, the online softmax in registers. Appends the
/// query, key and value tensor-map parameters to `kernel`. With a
/// `workspace` (f32, attentionSplitWorkspace elements), the split-KV
/// kernel for few query rows: a CTA per key/value head and range of
/// keys, its rows the group's query heads' rows, its
/// unnormalised output, row max and sum written to the workspace for
/// emitAttentionCombineKernel.
FailureOr<LaunchConfig> emitHopperAttentionKernel(KernelContext &ctx,
                                                  gpu::GPUFuncOp kernel,
                                                  FusedOp region,
                                                  ArrayRef<Value> outputs,
                                                  Value workspace);

/// The split kernel's workspace size (f32 elements).
SizeExprAttr attentionSplitWorkspace(const ShapeSymbols &shapes,
                                     FusedOp region);

/// Query rows (per head) up to which the split kernel serves a call: a
/// group's heads' rows fit in its 128-row tile.
int64_t attentionSplitRows(FusedOp region);

/// Combines the split kernel's partial results, in split order.
FailureOr<LaunchConfig> emitAttentionCombineKernel(KernelContext &ctx,
                                                   FusedOp region,
                                                   ArrayRef<Value> outputs,
                                                   Value workspace);

/// A reduction over outer dims: a thread per output element.
FailureOr<LaunchConfig> emitOuterReductionKernel(KernelContext &ctx,
                                                 FusedOp region,
                                                 ArrayRef<Value> outputs);

} // namespace mlir::molten

#endif // MOLTEN_LIB_CONVERSION_MOLTENTOGPU_EMITTERS_H
