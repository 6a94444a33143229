//===- HopperMatmulEmitter.cpp - tensor-core matmul for sm_90a -----------===//
//
// Part of the Molten project, under the Apache License v2.0.
//
//===----------------------------------------------------------------------===//
//
// A matmul region on Hopper tensor cores (docs/gpu.md, "Tensor-core
// matmul"). The kernel is persistent and warp-specialised:
//
// - one thread of a producer warpgroup streams BM x 64 tiles of the lhs and
//   BN x 64 tiles of the rhs through TMA into a ring of shared-memory
//   stages, each guarded by a "full" mbarrier (the TMA transaction count)
//   and an "empty" one (the consumers' release);
// - two consumer warpgroups multiply each stage with wgmma (f32
//   accumulators in registers), keeping one wgmma group in flight, and
//   evaluate the region's epilogue on the accumulator registers before
//   storing.
//
// Tiles are visited in groups of row tiles (matmul-group-rows) so that the CTAs
// running at once share operand tiles in L2. The producer runs ahead into the
// next tile while the consumers run the epilogue. The producer warpgroup gives
// its registers to the consumers (setmaxnreg).
//
// Few rows (decode) are bound by reading the weights: the small variants
// (up to 16 rows: 64-row tiles loading 16 lhs rows, the warpgroups split
// the columns; up to 128: 128-row tiles) take column tiles narrow enough
// that the whole GPU streams the weights, and split K over several CTAs
// where they are still too few; each split writes f32 partial sums to a
// workspace, and a second kernel adds them in a fixed order and evaluates
// the epilogue once.
//
// Operands are TMA tensor maps the runtime encodes per call (bundle
// `tensormaps`, docs/bundle.md); they reach the kernel as trailing
// parameters passed by value (molten-grid-constant-params).
//
//===----------------------------------------------------------------------===//

#include "Emitters.h"
#include "HopperKernel.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/LLVMIR/NVVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

using namespace mlir;
using namespace mlir::molten;

static constexpr int64_t kTileK = kHopperTileK;
static constexpr int64_t kConsumerWarps = kHopperConsumerWarps;
static constexpr int64_t kProducerWarp = kConsumerWarps;
static constexpr int64_t kThreads = kHopperThreads;
static constexpr int64_t kLaunchRegisters = kHopperLaunchRegisters;
static constexpr int64_t kConsumerRegisters = kHopperConsumerRegisters;
static constexpr int64_t kProducerRegisters = kHopperProducerRegisters;
/// With epilogue warps (HopperConfig::epilogueWarps) the producer
/// warpgroup's other three warps evaluate epilogues, kEpilogueUnroll chunks
/// at a time, and need registers too (the consumers hold 128 accumulators
/// and, without an epilogue, need fewer).
static constexpr int64_t kStagingConsumerRegisters = 184;
static constexpr int64_t kEpilogueWarpRegisters = 136;
static_assert(2 * kStagingConsumerRegisters + kEpilogueWarpRegisters <=
              3 * kLaunchRegisters);
/// Where the consumers also evaluate the epilogue of the columns they do not
/// stage (HopperConfig::stagedColumns), they need more (at 184 a scale
/// epilogue spilled), and the epilogue warps, with half the chunks, fewer.
static constexpr int64_t kSplitConsumerRegisters = 200;
static constexpr int64_t kSplitEpilogueWarpRegisters = 104;
static_assert(2 * kSplitConsumerRegisters + kSplitEpilogueWarpRegisters <=
              3 * kLaunchRegisters);
static constexpr int64_t kEpilogueThreads = kThreads - (kProducerWarp + 1) * 32;
/// Chunks of 8 results each epilogue thread has in flight at once.
static constexpr int64_t kEpilogueUnroll = 4;
/// The 32-column groups of a consumer's epilogue whose row-invariant inputs
/// are loaded before the products are ready.
static constexpr int64_t kPrefetchedOctets = 4;
static constexpr int64_t kMmaK = kHopperMmaK;
static constexpr int64_t kSwizzleAtom = kHopperSwizzleAtom;

namespace {
/// The shape of one kernel variant.
struct HopperConfig {
  /// 128: each consumer warpgroup takes 64 rows. 64: each takes half the
  /// columns, or (pingPong) whole tiles.
  int64_t tileM;
  int64_t tileN;
  int64_t stages;
  /// K is split over this many CTAs (partial sums to a workspace).
  int64_t splits;
  /// The consumer warpgroups take alternate tiles: while one evaluates its
  /// epilogue, the other's wgmma keep the tensor cores busy.
  bool pingPong = false;
  /// CTAs of a cluster, on adjacent row tiles of one column tile: each loads
  /// 1/cluster of the rhs tile and multicasts it to all, which divides the
  /// rhs bytes read from L2 by `cluster`.
  int64_t cluster = 1;
  /// The lhs rows each stage loads (rows past them stay zero): tileM, or
  /// for few rows as many as a call can have.
  int64_t lhsRows = 0;
  /// The consumers leave each tile's products, rounded to 16 bits, in a
  /// shared-memory staging buffer and go on to the next tile; the producer
  /// warpgroup's other warps evaluate the epilogue from there.
  bool epilogueWarps = false;
  /// With epilogueWarps, the columns of each tile, from its first, that are
  /// staged (a multiple of 64): the consumers evaluate the epilogue of the
  /// others themselves meanwhile, which splits the work between the two.
  int64_t stagedColumns = 0;
  /// Tiles are visited in groups of this many row tiles (clusters' units),
  /// column-major within a group.
  int64_t groupRows = 8;
  /// The consumers wait for each k-step's wgmma before the next and release
  /// its stage then, instead of keeping one step in flight.
  bool earlyRelease = false;
  /// The region holds two sibling matmuls (one lhs; a gated MLP's gate and
  /// up projections). Each warpgroup's mmaN columns are the first matmul's
  /// mmaN / 2 columns and then the second's at the same result columns,
  /// so a thread holds both products of each result element it stores; a
  /// tile covers tileN / 2 result columns.
  bool siblings = false;
  /// epilogueWarps with the consumers evaluating part of the epilogue.
  bool splitEpilogue() const { return epilogueWarps && stagedColumns < mmaN(); }

  int64_t loadedLhsRows() const { return lhsRows ? lhsRows : tileM; }
  /// The bytes TMA writes into a stage (its full barrier's count).
  int64_t stageLoadBytes() const {
    return (loadedLhsRows() + tileN) * kTileK * 2;
  }
  /// The columns of one warpgroup's wgmma: its part of a tile's 64 rows.
  int64_t mmaN() const { return tileM == 128 || pingPong ? tileN : tileN / 2; }
  /// The result columns of a tile and of one warpgroup's wgmma.
  int64_t resultTileN() const { return siblings ? tileN / 2 : tileN; }
  int64_t resultMmaN() const { return siblings ? mmaN() / 2 : mmaN(); }
  /// The warps that multiply each stage and release it (in every CTA of the
  /// cluster: a stage holds rhs rows the others loaded).
  int64_t stageConsumerWarps() const {
    return (pingPong ? kConsumerWarps / 2 : kConsumerWarps) * cluster;
  }
  int64_t stageBytes() const { return (tileM + tileN) * kTileK * 2; }
  /// The staged columns of a tile as 16-bit products, rows of
  /// stagedColumns * 2 bytes (epilogueWarps).
  int64_t stagingBytes() const {
    return epilogueWarps ? tileM * stagedColumns * 2 : 0;
  }
  int64_t stagingOffset() const { return stages * stageBytes(); }
  int64_t barrierOffset() const { return stagingOffset() + stagingBytes(); }
  /// The ring's full and empty barriers, and the staging buffer's.
  int64_t barrierCount() const { return 2 * stages + (epilogueWarps ? 2 : 0); }
  /// Dynamic shared memory: the stages, the staging buffer, the barriers,
  /// and room to align.
  int64_t smemBytes() const {
    return barrierOffset() + barrierCount() * 8 + kSwizzleAtom;
  }
};
} // namespace

/// Results are stored as column pairs when N is static and even.
static bool storesPairs(MatmulOp matmul) {
  int64_t n = matmul.getType().getShape().back();
  return !ShapedType::isDynamic(n) && n % 2 == 0;
}

/// Whole tiles of 16-bit results are stored 8 columns a lane (16 bytes)
/// when N is a static multiple of 8 and a warpgroup's columns come in
/// blocks of 32 (four lanes' pairs of four 8-column blocks). Pairs of f32
/// (a split's partial sums, f32 results) already fill whole sectors.
static bool storesOctets(FusedOp region, MatmulOp matmul, int64_t mmaN) {
  int64_t n = matmul.getType().getShape().back();
  return !ShapedType::isDynamic(n) && n % 8 == 0 && mmaN % 32 == 0 &&
         llvm::all_of(region.getYield().getValues(), [](Value v) {
           return getElementTypeOrSelf(v.getType()).getIntOrFloatBitWidth() ==
                  16;
         });
}

static int64_t kTilesOf(MatmulOp matmul) {
  return llvm::divideCeil(matmul.getLhs().getType().getShape().back(), kTileK);
}

/// The product of the static batch dims (dynamic ones count once).
static int64_t staticBatchTiles(MatmulOp matmul) {
  int64_t tiles = 1;
  for (int64_t d : matmul.getType().getShape().drop_back(2))
    if (!ShapedType::isDynamic(d))
      tiles *= std::max<int64_t>(d, 1);
  return tiles;
}

/// Few rows (decode) are bound by reading the weights once: every
/// multiprocessor should stream its share, and as many stages as fit keep
/// bytes in flight. K is split over enough CTAs for about one per
/// multiprocessor. Where `balance`, the column tiles are the narrowest
/// (from `minTileN`) that keep most multiprocessors busy
/// (HopperTuning::smallBusyPercent)
/// without a split, whose workspace and reduction kernel cost time; else
/// the narrowest that do with one; else the busiest. Without `balance`
/// (for up to 128 rows, where the workspace of splits x rows x N floats
/// costs more than idle multiprocessors), the narrowest whose tiles fit in
/// one round, split to fill the rest. Each column tile reads all the rows
/// of the lhs, so more rows need wider tiles (the caller's `minTileN`).
/// Columns come in multiples of 16 for an [N, K] rhs (each warpgroup's
/// wgmma n a multiple of 8), of 64 for a [K, N] one (its TMA boxes are 64
/// columns wide), of 128 where the warpgroups split those (64-row tiles).
/// Not for a dynamic N: the workspace holds `splits` copies of the result,
/// and their size would be unbounded.
static HopperConfig smallConfig(MatmulOp matmul, bool siblings, int64_t tileM,
                                int64_t lhsRows, int64_t minTileN, bool balance,
                                const HopperTuning &tuning) {
  int64_t multiprocessors = tuning.multiprocessors;
  auto withStages = [&](int64_t tileN, int64_t splits) {
    HopperConfig config{tileM, tileN, 1, splits};
    config.lhsRows = lhsRows;
    config.siblings = siblings;
    while ((config.stages + 1) * (config.stageBytes() + 16) + kSwizzleAtom <=
           tuning.sharedMemory)
      ++config.stages;
    return config;
  };
  int64_t n = matmul.getType().getShape().back();
  if (ShapedType::isDynamic(n))
    return withStages(256, 1);
  int64_t batchTiles = staticBatchTiles(matmul);
  int64_t quantum = matmul.getTransposeRhs() ? 16 : tileM == 64 ? 128 : 64;
  // Siblings: each half of a warpgroup's columns keeps those rules.
  int64_t perTile = siblings ? 2 : 1;
  quantum *= perTile;
  int64_t kTiles = kTilesOf(matmul);
  struct Choice {
    int64_t tileN, tiles, splits;
    /// The multiprocessors' busy fraction over the waves the CTAs take.
    double busy;
  };
  SmallVector<Choice> choices;
  for (int64_t tileN = llvm::alignTo(std::max(quantum, minTileN), quantum);
       tileN <= 256; tileN += quantum) {
    int64_t tiles = llvm::divideCeil(n * perTile, tileN) * batchTiles;
    // Each split at least one k-tile. Siblings are not split: their
    // epilogue needs both sums, which the reduction kernel does not take.
    int64_t splits =
        siblings ? 1 : std::clamp<int64_t>(multiprocessors / tiles, 1, kTiles);
    splits = llvm::divideCeil(kTiles, llvm::divideCeil(kTiles, splits));
    int64_t ctas = tiles * splits;
    double busy = double(ctas) / double(llvm::alignTo(ctas, multiprocessors));
    choices.push_back({tileN, tiles, splits, busy});
  }
  if (!balance) {
    const Choice *oneRound = llvm::find_if(
        choices, [&](const Choice &c) { return c.tiles <= multiprocessors; });
    const Choice &pick = oneRound == choices.end() ? choices.back() : *oneRound;
    return withStages(pick.tileN, pick.splits);
  }
  double minBusy = double(tuning.smallBusyPercent) / 100.0;
  const Choice *pick = llvm::find_if(choices, [&](const Choice &c) {
    return c.splits == 1 && c.busy >= minBusy;
  });
  if (pick == choices.end())
    pick = llvm::find_if(choices,
                         [&](const Choice &c) { return c.busy >= minBusy; });
  if (pick == choices.end())
    pick = llvm::max_element(choices, [](const Choice &x, const Choice &y) {
      return x.busy < y.busy;
    });
  return withStages(pick->tileN, pick->splits);
}

/// The variant `region` gets for `variant`: siblings take the large kernel
/// for the clustered one, where a CTA's part of the rhs tile would be one
/// matmul's.
static HopperVariant variantFor(FusedOp region, HopperVariant variant) {
  return variant == HopperVariant::Clustered && siblingMatmulOf(region)
             ? HopperVariant::Large
             : variant;
}

static HopperConfig configFor(FusedOp region, HopperVariant variant,
                              const HopperTuning &tuning) {
  MatmulOp matmul = matmulOf(region);
  bool siblings = static_cast<bool>(siblingMatmulOf(region));
  variant = variantFor(region, variant);
  // Small: the lhs loads only the rows a call can have. The tile's other
  // rows only feed products that are never stored; they are zeroed once
  // so that wgmma reads defined values. Its tiles are
  // at least 64 columns wide by default: with less than 8 KB of weights a
  // stage, the consumers' per-stage wait on wgmma, not memory, sets the
  // pace (docs/gpu.md).
  if (variant == HopperVariant::Small)
    return smallConfig(matmul, siblings, 64, kHopperSmallRows,
                       tuning.smallMinTileN ? tuning.smallMinTileN : 64,
                       /*balance=*/true, tuning);
  if (variant == HopperVariant::Small128)
    return smallConfig(matmul, siblings, 128, 128, tuning.small128MinTileN,
                       /*balance=*/false, tuning);
  int64_t n = matmul.getType().getShape().back();
  bool narrow = !ShapedType::isDynamic(n) && n <= 128;
  // Stages: as many as fit in shared memory with the barriers (227 KB).
  HopperConfig config{};
  if (variant == HopperVariant::Medium || narrow) {
    config = {128, 128, 6, 1};
  } else if (variant == HopperVariant::Large) {
    config = {128, 256, tuning.largeStages ? tuning.largeStages : 4, 1};
  } else if (variant == HopperVariant::Clustered) {
    config = {128, 256, 4, 1, /*pingPong=*/false, /*cluster=*/2};
  } else {
    assert(variant == HopperVariant::PingPong && "unknown variant");
    config = {64, 256, 5, 1, /*pingPong=*/true};
  }
  config.siblings = siblings;
  return config;
}

/// The shortest K at which the large kernel hands whole epilogues to warps
/// of their own by default: at K = 768 each tile's products take too few
/// steps to hide them (measured slower; docs/gpu.md). At shorter K the
/// consumers keep the epilogue of all but the first kShortKStagedColumns
/// columns (measured faster at K = 768 than either whole way).
constexpr int64_t kEpilogueWarpsMinK = 2048;
constexpr int64_t kShortKStagedColumns = 128;

/// The 128-row kernels of many rows hand their epilogues to warps of their
/// own (HopperConfig::epilogueWarps) where `matmul-epilogue-warps` asks for
/// it (by default the large kernel at long K), the products are 16-bit
/// values and the results are stored 8 columns at a time; the staging
/// buffer takes the place of a stage or more.
static void useEpilogueWarps(HopperConfig &config, FusedOp region,
                             MatmulOp matmul, HopperVariant variant,
                             const HopperTuning &tuning) {
  // K is static: hopperMatmulUnsupported refuses a dynamic one.
  int64_t k = matmul.getLhs().getType().getShape().back();
  bool wanted =
      tuning.epilogueWarps > 0
          ? variant == HopperVariant::Large || variant == HopperVariant::Medium
          : tuning.epilogueWarps < 0 && variant == HopperVariant::Large;
  // At short K by default the consumers keep part of the epilogue; a tile
  // no wider than that part keeps all of it.
  bool shortKDefault = tuning.epilogueWarps < 0 && !tuning.stagedColumns &&
                       k < kEpilogueWarpsMinK;
  if (shortKDefault && config.tileN <= kShortKStagedColumns)
    return;
  int64_t columns = tuning.stagedColumns ? tuning.stagedColumns
                    : shortKDefault      ? kShortKStagedColumns
                                         : config.tileN;
  // Siblings stage whole tiles: the epilogue of a result column needs
  // both halves of a warpgroup's columns.
  if (!wanted || config.tileM != 128 || config.splits != 1 ||
      (config.siblings && columns < config.tileN) ||
      matmul.getType().getElementType().getIntOrFloatBitWidth() != 16 ||
      !storesOctets(region, matmul, config.resultMmaN()))
    return;
  HopperConfig staged = config;
  staged.epilogueWarps = true;
  staged.stagedColumns = std::min(columns, config.tileN);
  while (staged.stages > 2 && staged.smemBytes() > tuning.sharedMemory)
    --staged.stages;
  if (staged.smemBytes() <= tuning.sharedMemory)
    config = staged;
}

bool mlir::molten::hopperMatmulHasSmallVariants(FusedOp region) {
  return !ShapedType::isDynamic(matmulOf(region).getType().getShape().back());
}

bool mlir::molten::hopperMatmulNarrow(FusedOp region) {
  int64_t n = matmulOf(region).getType().getShape().back();
  return !ShapedType::isDynamic(n) && n <= 128;
}

bool mlir::molten::hopperMatmulHasMediumVariant(FusedOp region) {
  int64_t n = matmulOf(region).getType().getShape().back();
  return !ShapedType::isDynamic(n) && !hopperMatmulNarrow(region);
}

int64_t mlir::molten::hopperMatmulMediumRows(FusedOp region,
                                             int64_t multiprocessors) {
  if (!hopperMatmulHasMediumVariant(region))
    return 0;
  MatmulOp matmul = matmulOf(region);
  int64_t n = matmul.getType().getShape().back();
  // 128x128 tiles run slower than 128x256 ones (more operand traffic for
  // the same products); they pay while they all fit in one wave, when the
  // larger tiles would leave half the multiprocessors idle. Past one wave
  // the larger tiles win. Rows count over the batch dims; static ones
  // multiply the column tiles (of 64 result columns for siblings).
  int64_t tileColumns = siblingMatmulOf(region) ? 64 : 128;
  int64_t tiles = llvm::divideCeil(n, tileColumns) * staticBatchTiles(matmul);
  return 128 * (multiprocessors / tiles);
}

int64_t mlir::molten::hopperMatmulSplits(FusedOp region, HopperVariant variant,
                                         const HopperTuning &tuning) {
  if (variant == HopperVariant::Decode)
    return decodeMatmulSplits(region, tuning);
  return configFor(region, variant, tuning).splits;
}

std::optional<std::string>
mlir::molten::hopperMatmulUnsupported(FusedOp region, StringRef chip) {
  if (chip != "sm_90a")
    return std::string("wgmma needs chip sm_90a");
  MatmulOp matmul = matmulOf(region);
  Type lhsType = matmul.getLhs().getType().getElementType();
  Type rhsType = matmul.getRhs().getType().getElementType();
  if (lhsType != rhsType || !(lhsType.isBF16() || lhsType.isF16()))
    return std::string("operands are not both bf16 or both f16");
  // TMA reads the operands from memory: they must be region inputs.
  MatmulOp sibling = siblingMatmulOf(region);
  if (!isa<BlockArgument>(matmul.getLhs()) ||
      !isa<BlockArgument>(matmul.getRhs()) ||
      (sibling && !isa<BlockArgument>(sibling.getRhs())))
    return std::string("an operand is computed in the region");
  // Tensor maps need 16-byte row pitches: K (and N for a [K, N] rhs) a
  // multiple of 8, known when compiling.
  int64_t k = matmul.getLhs().getType().getShape().back();
  if (ShapedType::isDynamic(k) || k == 0 || k % 8 != 0)
    return std::string("K is not a static non-zero multiple of 8");
  int64_t n = matmul.getType().getShape().back();
  if (n == 0)
    return std::string("N is 0");
  if (!matmul.getTransposeRhs() && (ShapedType::isDynamic(n) || n % 8 != 0))
    return std::string("N of a [K, N] rhs is not a static multiple of 8");
  return std::nullopt;
}

namespace {
/// Shared helpers of the two kernels: index arithmetic and the sizes.
class MatmulBuilder : public HopperKernelBuilder {
public:
  MatmulBuilder(KernelContext &ctx, MatmulOp matmul)
      : HopperKernelBuilder(ctx), matmul(matmul) {
    SmallVector<Value> dims = ctx.dims(matmul.getResult());
    int64_t rank = dims.size();
    rows = dims[rank - 2];
    cols = dims[rank - 1];
    batches = idx(1);
    for (int64_t d = 0; d < rank - 2; ++d)
      batches = mul(batches, dims[d]);
    numel = mul(batches, mul(rows, cols));
  }

protected:
  /// The result index of (batch, row, col). A dim of static size 1 is
  /// indexed by the constant 0, as the evaluator indexes it (memoised and
  /// defined values are keyed by index Values); only in-bounds elements are
  /// stored, so the index is 0 anyway.
  SmallVector<Value> resultIndex(ArrayRef<Value> batchIdx, Value row,
                                 Value col) {
    ArrayRef<int64_t> shape = matmul.getType().getShape();
    int64_t rank = shape.size();
    SmallVector<Value> index(batchIdx);
    index.push_back(shape[rank - 2] == 1 ? idx(0) : row);
    index.push_back(shape[rank - 1] == 1 ? idx(0) : col);
    return index;
  }
  SmallVector<Value> batchIndex(Value batch) {
    int64_t rank = matmul.getType().getRank();
    if (rank <= 2)
      return {};
    SmallVector<Value> dims = ctx.dims(matmul.getResult());
    dims.resize(rank - 2);
    return ctx.delinearize(batch, dims);
  }
  /// Defines the matmuls at `index` as `products` (f32, `width` lanes; the
  /// sibling's second) and stores every region result there.
  LogicalResult storeResults(RegionEvaluator &eval, FusedOp region,
                             ArrayRef<Value> outputs, ArrayRef<Value> index,
                             int64_t width, ArrayRef<Value> products) {
    SmallVector<Value, 2> values;
    for (Value product : products)
      values.push_back(
          eval.fromF32(product, matmul.getType().getElementType()));
    return storeResultsOf(eval, region, outputs, index, width, values);
  }
  /// The same with the matmuls' values already of their element type.
  LogicalResult storeResultsOf(RegionEvaluator &eval, FusedOp region,
                               ArrayRef<Value> outputs, ArrayRef<Value> index,
                               int64_t width, ArrayRef<Value> values) {
    assert(values.size() == (sibling ? 2u : 1u) && "a value per matmul");
    eval.define(matmul.getResult(), index, width, values.front());
    if (sibling)
      eval.define(sibling.getResult(), index, width, values.back());
    return eval.storeAll(region.getYield().getValues(), outputs, index, width);
  }

  MatmulOp matmul;
  /// The sibling matmul (HopperConfig::siblings), else null.
  MatmulOp sibling;
  /// Result sizes: rows, columns, the product of the batch dims, elements.
  Value rows, cols, batches, numel;
};

/// Builds the tensor-core kernel body.
class HopperMatmulBuilder : public MatmulBuilder {
public:
  HopperMatmulBuilder(KernelContext &ctx, FusedOp region, MatmulOp matmul,
                      const HopperConfig &config, Value lhsMap,
                      ArrayRef<Value> rhsMaps, Value workspace)
      : MatmulBuilder(ctx, matmul), region(region), config(config),
        lhsMap(lhsMap), rhsMaps(rhsMaps), workspace(workspace) {
    sibling = siblingMatmulOf(region);
    assert(config.siblings == static_cast<bool>(sibling) &&
           rhsMaps.size() == (sibling ? 2u : 1u) && !(sibling && workspace) &&
           "a tensor map per rhs; siblings are not split");
    transposed = matmul.getTransposeRhs();
    kTiles = kTilesOf(matmul);
    kPerSplit = llvm::divideCeil(kTiles, config.splits);
    // Row tiles count whole clusters: a unit is a cluster's tiles.
    rowTiles = cdiv(rows, config.tileM * config.cluster);
    colTiles = cdiv(cols, config.resultTileN());
    tilesPerSplit = mul(batches, mul(rowTiles, colTiles));
  }

  LogicalResult build(ArrayRef<Value> outputs);

private:
  Value fullBarrier(Value stage) {
    return sharedPtr(add(idx(config.barrierOffset()), mul(stage, idx(8))));
  }
  Value emptyBarrier(Value stage) {
    return sharedPtr(add(idx(config.barrierOffset() + config.stages * 8),
                         mul(stage, idx(8))));
  }
  /// The staging buffer's barriers (epilogueWarps): products in, and read.
  Value stagedBarrier() {
    return sharedPtr(idx(config.barrierOffset() + 2 * config.stages * 8));
  }
  Value stagingFreeBarrier() {
    return sharedPtr(idx(config.barrierOffset() + 2 * config.stages * 8 + 8));
  }
  /// A position in the stage ring: its stage and the parity of its pass
  /// over the ring. Loops carry it from step to step: deriving it from the
  /// step count divides by the stage count, in 64 bits, every step.
  struct Ring {
    Value stage, parity;
  };
  Ring ringAt(Value it) {
    return {rem(it, idx(config.stages)),
            rem(div(it, idx(config.stages)), idx(2))};
  }
  Ring nextRing(Ring r) {
    Value bumped = add(r.stage, idx(1));
    Value wraps = eq(bumped, idx(config.stages));
    Value flipped = arith::XOrIOp::create(b, loc, r.parity, idx(1));
    return {arith::SelectOp::create(b, loc, wraps, idx(0), bumped),
            arith::SelectOp::create(b, loc, wraps, flipped, r.parity)};
  }
  /// The stage before `stage` in the ring.
  Value previousStage(Value stage) {
    return arith::SelectOp::create(b, loc, eq(stage, idx(0)),
                                   idx(config.stages - 1), sub(stage, idx(1)));
  }

  /// The work of the CTA's `i`-th turn: a tile (batch, first row, first
  /// column) and a range of k-tiles.
  struct Unit {
    Value index, batch, row, col, kBegin, kCount;
  };
  Unit unitOf(Value i);
  /// The cluster's index in the grid and the number of clusters (the CTA's
  /// own with no clusters).
  Value clusterIndex() {
    Value bid = gpu::BlockIdOp::create(b, loc, gpu::Dimension::x);
    return config.cluster == 1 ? bid : div(bid, idx(config.cluster));
  }
  Value clusterCount() {
    Value grid = gpu::GridDimOp::create(b, loc, gpu::Dimension::x);
    return config.cluster == 1 ? grid : div(grid, idx(config.cluster));
  }
  /// The CTA's rank in its cluster (clusters run along x).
  Value clusterRank() {
    Value bid = gpu::BlockIdOp::create(b, loc, gpu::Dimension::x);
    return rem(bid, idx(config.cluster));
  }
  /// Arrives on `stage`'s empty barrier of every CTA in the cluster.
  void releaseStage(Value stage) {
    Value local = emptyBarrier(stage);
    NVVM::MBarrierArriveOp::create(b, loc, Type(), local, Value());
    if (config.cluster == 1)
      return;
    Value rank = clusterRank();
    auto clusterPtr = LLVM::LLVMPointerType::get(b.getContext(), 7);
    for (int64_t offset = 1; offset < config.cluster; ++offset) {
      Value peer = toI32(rem(add(rank, idx(offset)), idx(config.cluster)));
      Value remote = NVVM::MapaOp::create(b, loc, clusterPtr, local, peer);
      // CTA scope, as for the local arrival: the wgmma reads of the stage
      // are complete (wait_group) before it, and release at cluster scope
      // would put a full memory fence on every arrival.
      NVVM::MBarrierArriveOp::create(b, loc, Type(), remote, Value());
    }
  }
  /// A loop over the CTA's units from `start`, every `step`-th, carrying
  /// the ring position; `body` gets the unit and the position and returns
  /// the position after it. A step over 1 needs every unit to have all
  /// k-tiles (no split): the units stepped over take kTiles positions each.
  void forEachUnit(function_ref<Value(const Unit &, Value)> body, Value start,
                   int64_t step = 1);
  void zeroUnloadedLhsRows(Value tid);
  void emitProducer();
  LogicalResult emitConsumer(Value warp, Value lane, ArrayRef<Value> outputs);
  /// The epilogue of the warpgroup's columns from 8-column block
  /// `firstBlock` on (the ones before are staged for epilogue warps), with
  /// `eval` and the tile's `batchIdx`; `octetColumns` from
  /// prefetchOctetInputs, empty where results are not stored 8 at a time.
  LogicalResult emitEpilogue(Value acc, const Unit &unit, Value warp,
                             Value lane, ArrayRef<Value> outputs,
                             int64_t firstBlock, RegionEvaluator &eval,
                             ArrayRef<Value> batchIdx,
                             ArrayRef<Value> octetColumns);
  /// The first column of `warp`'s warpgroup in a tile: 0 where each takes
  /// rows, or the start of its half of the columns.
  Value groupColumn(Value warp) {
    return config.tileM == 128 || config.pingPong
               ? idx(0)
               : mul(div(warp, idx(4)), idx(config.resultMmaN()));
  }
  /// Where a whole tile's results are stored 8 columns a lane: the lane's
  /// first column of each 32-column group from `firstBlock` on, clamped
  /// into the result (so that edge tiles read in bounds; whole tiles do not
  /// change), with the inputs that do not vary by row (a bias over
  /// columns) loaded into `eval` at them, before the products are ready.
  SmallVector<Value> prefetchOctetInputs(RegionEvaluator &eval,
                                         const Unit &unit,
                                         ArrayRef<Value> batchIdx, Value warp,
                                         Value lane, int64_t firstBlock);
  /// epilogueWarps: the consumers' part, the products into the staging
  /// buffer; and the epilogue warps' loop over the CTA's tiles.
  void stageProducts(Value acc, const Unit &unit, Value warp, Value lane);
  LogicalResult emitEpilogueWarps(Value thread, ArrayRef<Value> outputs);
  /// `slots` holds lane `quad`'s pairs (two floats each) of four column
  /// blocks; afterwards, block `quad`'s pairs of the four lanes, in lane
  /// order.
  void transposeQuad(SmallVectorImpl<Value> &slots, Value quad);

  FusedOp region;
  HopperConfig config;
  Value lhsMap;
  /// The rhs's tensor map, and the sibling's.
  SmallVector<Value, 2> rhsMaps;
  Value workspace;
  bool transposed;
  int64_t kTiles, kPerSplit;
  Value rowTiles, colTiles, tilesPerSplit, localUnits;
};
} // namespace

HopperMatmulBuilder::Unit HopperMatmulBuilder::unitOf(Value i) {
  Value t = add(clusterIndex(), mul(i, clusterCount()));
  Value split = div(t, tilesPerSplit);
  t = rem(t, tilesPerSplit);
  Value perBatch = mul(rowTiles, colTiles);
  Value batch = div(t, perBatch);
  Value r = rem(t, perBatch);
  // Groups of config.groupRows row tiles, column-major within the group.
  Value groupTiles = mul(idx(config.groupRows), colTiles);
  Value firstRow = mul(div(r, groupTiles), idx(config.groupRows));
  Value groupRows = min(sub(rowTiles, firstRow), idx(config.groupRows));
  Value inGroup = rem(r, groupTiles);
  Value rowTile = add(firstRow, rem(inGroup, groupRows));
  Value colTile = div(inGroup, groupRows);
  Value kBegin = mul(split, idx(kPerSplit));
  Value kCount = min(idx(kPerSplit), sub(idx(kTiles), kBegin));
  if (config.cluster > 1)
    rowTile = add(mul(rowTile, idx(config.cluster)), clusterRank());
  return {i,
          batch,
          mul(rowTile, idx(config.tileM)),
          mul(colTile, idx(config.resultTileN())),
          kBegin,
          kCount};
}

void HopperMatmulBuilder::forEachUnit(
    function_ref<Value(const Unit &, Value)> body, Value start, int64_t step) {
  assert((step == 1 || config.splits == 1) && "stepping over split units");
  auto units = scf::ForOp::create(b, loc, start, localUnits, idx(step),
                                  ValueRange{mul(start, idx(kTiles))});
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(units.getBody());
  Unit unit = unitOf(units.getInductionVar());
  Value next = body(unit, units.getRegionIterArgs()[0]);
  if (step > 1)
    next = add(next, idx((step - 1) * kTiles));
  scf::YieldOp::create(b, loc, ValueRange{next});
}

void HopperMatmulBuilder::zeroUnloadedLhsRows(Value tid) {
  int64_t begin = config.loadedLhsRows() * kTileK * 2;
  int64_t words = (config.tileM * kTileK * 2 - begin) / 16;
  Type word = VectorType::get({4}, b.getI32Type());
  Value zero = LLVM::ZeroOp::create(b, loc, word);
  auto loop = scf::ForOp::create(b, loc, tid, idx(config.stages * words),
                                 idx(kThreads));
  {
    OpBuilder::InsertionGuard g(b);
    b.setInsertionPointToStart(loop.getBody());
    Value i = loop.getInductionVar();
    Value offset = add(mul(div(i, idx(words)), idx(config.stageBytes())),
                       add(idx(begin), mul(rem(i, idx(words)), idx(16))));
    LLVM::StoreOp::create(b, loc, zero, sharedPtr(offset), /*alignment=*/16);
  }
  // wgmma reads shared memory through the async proxy.
  fenceAsyncShared();
}

void HopperMatmulBuilder::emitProducer() {
  bool batchedRhs =
      matmul.getRhs().getType().getRank() == matmul.getType().getRank() &&
      matmul.getType().getRank() > 2;
  forEachUnit(
      [&](const Unit &unit, Value first) {
        Value rhsBatch = toI32(batchedRhs ? unit.batch : idx(0));
        Value lhsBatch = toI32(unit.batch);
        Ring start = ringAt(first);
        auto steps = scf::ForOp::create(b, loc, idx(0), unit.kCount, idx(1),
                                        ValueRange{start.stage, start.parity});
        OpBuilder::InsertionGuard guard(b);
        b.setInsertionPointToStart(steps.getBody());
        Value kt = steps.getInductionVar();
        Ring ring{steps.getRegionIterArgs()[0], steps.getRegionIterArgs()[1]};
        Value stage = ring.stage;
        // A fresh barrier counts as having completed the phase before phase 0,
        // so the first pass over the ring does not wait.
        waitParity(emptyBarrier(stage),
                   arith::XOrIOp::create(b, loc, ring.parity, idx(1)));
        Value full = fullBarrier(stage);
        NVVM::MBarrierArriveExpectTxOp::create(
            b, loc, Type(), full, i32(config.stageLoadBytes()),
            NVVM::MemScopeKind::CTA, false, Value());
        Value stageStart = mul(stage, idx(config.stageBytes()));
        Value k0 = toI32(mul(add(unit.kBegin, kt), idx(kTileK)));
        auto load = [&](Value map, Value offset, ValueRange coords,
                        Value multicastMask) {
          loadTile(map, offset, coords, full, multicastMask);
        };
        load(lhsMap, stageStart, {k0, toI32(unit.row), lhsBatch}, Value());
        Value rhsStart = add(stageStart, idx(config.tileM * kTileK * 2));
        // In a cluster, each CTA loads its part of the rhs tile (rows of 128
        // bytes K-major, 64-column boxes N-major) into the same offset of
        // every CTA's stage, completing bytes on each one's full barrier.
        int64_t part = config.tileN / config.cluster;
        Value firstCol = idx(0), multicast;
        if (config.cluster > 1) {
          firstCol = mul(clusterRank(), idx(part));
          multicast = arith::ConstantOp::create(
              b, loc, b.getI16IntegerAttr((1 << config.cluster) - 1));
        }
        // `count` columns of `map` from result column `col` into the
        // stage's columns from `stageCol`: [N, K] rows of 128 bytes in one
        // box, [K, N] in boxes of 64 columns (one swizzle row each).
        auto loadColumns = [&](Value map, Value stageCol, Value col,
                               int64_t count) {
          if (transposed) {
            load(map, add(rhsStart, mul(stageCol, idx(kTileK * 2))),
                 {k0, toI32(col), rhsBatch}, multicast);
            return;
          }
          for (int64_t j = 0; j < count / 64; ++j)
            load(
                map,
                add(rhsStart, mul(add(stageCol, idx(64 * j)), idx(kTileK * 2))),
                {toI32(add(col, idx(64 * j))), k0, rhsBatch}, multicast);
        };
        if (!config.siblings) {
          loadColumns(rhsMaps[0], firstCol, add(unit.col, firstCol), part);
        } else {
          // Each warpgroup's columns: the matmul's half, then the sibling's,
          // of the same result columns.
          int64_t half = config.mmaN() / 2;
          for (int64_t g = 0; g < config.tileN / config.mmaN(); ++g)
            for (auto [h, map] : llvm::enumerate(rhsMaps))
              loadColumns(map, idx(g * config.mmaN() + h * half),
                          add(unit.col, idx(g * half)), half);
        }
        Ring next = nextRing(ring);
        scf::YieldOp::create(b, loc, ValueRange{next.stage, next.parity});
        b.setInsertionPointAfter(steps);
        return add(first, unit.kCount);
      },
      idx(0));
}

LogicalResult HopperMatmulBuilder::emitConsumer(Value warp, Value lane,
                                                ArrayRef<Value> outputs) {
  MLIRContext *context = b.getContext();
  int64_t mmaN = config.mmaN();
  Type accType = LLVM::LLVMStructType::getLiteral(
      context, SmallVector<Type>(mmaN / 2, b.getF32Type()));
  Value group = div(warp, idx(4));
  Value laneZero = eq(lane, idx(0));
  // Each warpgroup's part of the stage: 64 lhs rows (rows of 128 bytes), or
  // half the rhs columns (K-major: rows of 128 bytes; N-major: 64-column
  // boxes of 64 x 128 bytes, the same offset), or (ping-pong) all of it.
  Value lhsPart =
      config.tileM == 128 ? mul(group, idx(64 * kTileK * 2)) : idx(0);
  Value rhsPart = config.tileM == 128 || config.pingPong
                      ? idx(0)
                      : mul(group, idx(mmaN * kTileK * 2));
  Type elem = matmul.getLhs().getType().getElementType();
  NVVM::WGMMATypes type =
      elem.isBF16() ? NVVM::WGMMATypes::bf16 : NVVM::WGMMATypes::f16;
  LogicalResult result = success();
  // Ping-pong: the warpgroups' mainloops take turns, in unit order, through
  // named barriers 1 and 2 (the one unit i waits on is 1 + i % 2). Besides
  // keeping the tensor cores to one warpgroup, the turns keep the parity
  // waits sound: a warpgroup starts on its stages only when every earlier
  // ring position has been filled, so a full barrier is never more than one
  // phase behind the position waited for.
  Value bothGroups = i32(2 * 128);
  auto turnBarrier = [&](Value unitIndex) {
    return toI32(add(idx(1), rem(unitIndex, idx(2))));
  };
  forEachUnit(
      [&](const Unit &unit, Value first) {
        if (config.pingPong) {
          auto ifWait =
              scf::IfOp::create(b, loc, ult(idx(0), unit.index), false);
          OpBuilder::InsertionGuard g(b);
          b.setInsertionPointToStart(ifWait.thenBlock());
          NVVM::BarrierOp::create(b, loc, TypeRange{}, turnBarrier(unit.index),
                                  bothGroups, nullptr, Value());
        }
        Value zero = LLVM::ZeroOp::create(b, loc, accType);
        Ring start = ringAt(first);
        auto steps =
            scf::ForOp::create(b, loc, idx(0), unit.kCount, idx(1),
                               ValueRange{zero, start.stage, start.parity});
        {
          OpBuilder::InsertionGuard g(b);
          b.setInsertionPointToStart(steps.getBody());
          Value kt = steps.getInductionVar();
          Ring ring{steps.getRegionIterArgs()[1], steps.getRegionIterArgs()[2]};
          Value stage = ring.stage;
          waitParity(fullBarrier(stage), ring.parity);
          Value stageStart = mul(stage, idx(config.stageBytes()));
          Value lhs = descriptor(add(stageStart, lhsPart), 16, kSwizzleAtom);
          Value rhsStart =
              add(add(stageStart, idx(config.tileM * kTileK * 2)), rhsPart);
          // [N, K]: K-major like the lhs. [K, N]: N-major, 64-column boxes of
          // kTileK rows (the leading offset), 8-row swizzle atoms (the stride).
          Value rhs = transposed
                          ? descriptor(rhsStart, 16, kSwizzleAtom)
                          : descriptor(rhsStart, 64 * kTileK * 2, kSwizzleAtom);
          int64_t rhsStep = transposed ? kMmaK * 2 : kMmaK * 128;
          NVVM::WgmmaFenceAlignedOp::create(b, loc);
          Value acc = steps.getRegionIterArgs().front();
          for (int64_t kk = 0; kk < kTileK / kMmaK; ++kk) {
            Value a =
                arith::AddIOp::create(b, loc, lhs, i64(kk * kMmaK * 2 >> 4));
            Value w =
                arith::AddIOp::create(b, loc, rhs, i64(kk * rhsStep >> 4));
            acc = NVVM::WgmmaMmaAsyncOp::create(
                b, loc, accType, acc, a, w,
                NVVM::MMAShapeAttr::get(context, 64, mmaN, kMmaK), type, type,
                NVVM::WGMMATypes::f32, NVVM::WGMMAScaleOut::one,
                NVVM::WGMMAScaleIn::one, NVVM::WGMMAScaleIn::one,
                NVVM::MMALayout::row,
                transposed ? NVVM::MMALayout::col : NVVM::MMALayout::row,
                nullptr);
          }
          NVVM::WgmmaGroupSyncAlignedOp::create(b, loc);
          // One group stays in flight: the previous step's is done, and its
          // stage goes back to the producer. Early release keeps none, and
          // this step's stage goes back at once (one stage held, not two).
          bool early = config.earlyRelease;
          NVVM::WgmmaWaitGroupSyncOp::create(b, loc, early ? 0 : 1);
          auto ifRelease = scf::IfOp::create(
              b, loc, early ? laneZero : both(laneZero, ult(idx(0), kt)),
              false);
          b.setInsertionPointToStart(ifRelease.thenBlock());
          releaseStage(early ? stage : previousStage(stage));
          b.setInsertionPointAfter(ifRelease);
          Ring next = nextRing(ring);
          scf::YieldOp::create(b, loc,
                               ValueRange{acc, next.stage, next.parity});
        }
        if (config.pingPong) {
          Value nextUnit = add(unit.index, idx(1));
          auto ifSignal =
              scf::IfOp::create(b, loc, ult(nextUnit, localUnits), false);
          OpBuilder::InsertionGuard g(b);
          b.setInsertionPointToStart(ifSignal.thenBlock());
          NVVM::BarrierArriveOp::create(b, loc, turnBarrier(nextUnit),
                                        bothGroups);
        }
        // The epilogue's loads that do not wait for the products go out
        // while the last wgmma run (their latency stalled the epilogue).
        int64_t firstBlock =
            config.epilogueWarps ? config.stagedColumns / 8 : 0;
        bool ownEpilogue = firstBlock < mmaN / 8;
        RegionEvaluator eval(ctx);
        SmallVector<Value> batchIdx, octetColumns;
        if (ownEpilogue) {
          batchIdx = batchIndex(unit.batch);
          octetColumns =
              prefetchOctetInputs(eval, unit, batchIdx, warp, lane, firstBlock);
        }
        NVVM::WgmmaWaitGroupSyncOp::create(b, loc, 0);
        Value next = add(first, unit.kCount);
        if (!config.earlyRelease) {
          auto ifReleaseLast = scf::IfOp::create(b, loc, laneZero, false);
          OpBuilder::InsertionGuard g(b);
          b.setInsertionPointToStart(ifReleaseLast.thenBlock());
          // The last step's stage: the one before where the ring ends.
          releaseStage(previousStage(steps.getResult(1)));
        }
        Value acc = steps.getResult(0);
        // Staged products first, so that the epilogue warps start on them
        // while the consumers evaluate the other columns.
        if (config.epilogueWarps)
          stageProducts(acc, unit, warp, lane);
        if (ownEpilogue &&
            failed(emitEpilogue(acc, unit, warp, lane, outputs, firstBlock,
                                eval, batchIdx, octetColumns)))
          result = failure();
        return next;
      },
      config.pingPong ? group : idx(0), config.pingPong ? 2 : 1);
  return result;
}

void HopperMatmulBuilder::transposeQuad(SmallVectorImpl<Value> &slots,
                                        Value quad) {
  // Step m (2, then 1) moves the pairs whose block and lane differ in bit
  // m to the lane across that bit: a lane with the bit clear keeps block p
  // (bit clear) and takes its partner's block p for block p ^ m; a lane with
  // the bit set keeps p ^ m and takes the partner's p ^ m for p.
  for (int64_t m : {2, 1}) {
    Value bitSet = arith::CmpIOp::create(
        b, loc, arith::CmpIPredicate::ne,
        arith::AndIOp::create(b, loc, quad, idx(m)), idx(0));
    for (int64_t p = 0; p < 4; ++p) {
      if (p & m)
        continue;
      for (int64_t c = 0; c < 2; ++c) {
        Value &kept = slots[2 * p + c], &other = slots[2 * (p ^ m) + c];
        Value send = arith::SelectOp::create(b, loc, bitSet, kept, other);
        Value received =
            gpu::ShuffleOp::create(b, loc, send, m, 32, gpu::ShuffleMode::XOR)
                .getShuffleResult();
        Value newKept = arith::SelectOp::create(b, loc, bitSet, received, kept);
        other = arith::SelectOp::create(b, loc, bitSet, other, received);
        kept = newKept;
      }
    }
  }
}

/// Whether the region's results are stored 8 columns a lane (whole tiles).
/// One result only: next to the 128 accumulators, two results' 8-wide
/// evaluations made ptxas spill (a GELU and the product, nt, N = 264).
static bool storesOctetsFromRegisters(FusedOp region, MatmulOp matmul,
                                      int64_t mmaN, Value workspace) {
  return !workspace && storesOctets(region, matmul, mmaN) &&
         region.getYield().getValues().size() == 1;
}

SmallVector<Value> HopperMatmulBuilder::prefetchOctetInputs(
    RegionEvaluator &eval, const Unit &unit, ArrayRef<Value> batchIdx,
    Value warp, Value lane, int64_t firstBlock) {
  int64_t mmaN = config.resultMmaN();
  if (!storesOctetsFromRegisters(region, matmul, mmaN, workspace))
    return {};
  Value octetBase =
      add(add(unit.col, groupColumn(warp)), mul(rem(lane, idx(4)), idx(8)));
  Value lastOctet = sub(cols, idx(8));
  auto rowInvariant = [](BlockArgument arg) {
    auto type = cast<RankedTensorType>(arg.getType());
    int64_t rank = type.getRank();
    return rank < 2 || type.getDimSize(rank - 2) == 1;
  };
  SmallVector<Value> columns;
  for (int64_t g = firstBlock / 4; g < mmaN / 32; ++g) {
    columns.push_back(min(add(octetBase, idx(32 * g)), lastOctet));
    // At most kPrefetchedOctets groups' loads wait in registers beside the
    // accumulators (with 8, 256 columns, the clustered kernel spilled); the
    // later groups load at their use.
    if (g - firstBlock / 4 >= kPrefetchedOctets)
      continue;
    SmallVector<Value> index = resultIndex(batchIdx, unit.row, columns.back());
    for (Value v : region.getYield().getValues())
      eval.prefetch(v, index, 8, rowInvariant);
  }
  return columns;
}

LogicalResult HopperMatmulBuilder::emitEpilogue(
    Value acc, const Unit &unit, Value warp, Value lane,
    ArrayRef<Value> outputs, int64_t firstBlock, RegionEvaluator &eval,
    ArrayRef<Value> batchIdx, ArrayRef<Value> octetColumns) {
  // Blocks of 8 result columns; a sibling's products lie `siblingBlocks`
  // blocks after the matmul's.
  int64_t resultBlocks = config.resultMmaN() / 8;
  int64_t siblingBlocks = config.siblings ? resultBlocks : 0;
  // The wgmma accumulator layout: in each warp's 16 rows, lane l holds
  // rows l/4 and l/4 + 8, columns 2(l%4) and 2(l%4) + 1 of every 8.
  Value warpRow = config.tileM == 128 ? mul(warp, idx(16))
                                      : mul(rem(warp, idx(4)), idx(16));
  Value rowBase = add(unit.row, add(warpRow, div(lane, idx(4))));
  // Named first: the IR must not depend on the order C++ evaluates
  // arguments in (gcc's right-to-left order kept).
  Value quadCol = mul(rem(lane, idx(4)), idx(2));
  Value tileCol = add(unit.col, groupColumn(warp));
  Value colBase = add(tileCol, quadCol);
  // The products of result block `j` (the matmul's, then the sibling's).
  auto valuesAt = [&](int64_t j, int64_t half, int64_t c) {
    SmallVector<Value, 2> values;
    for (int64_t m = 0; m < (config.siblings ? 2 : 1); ++m)
      values.push_back(LLVM::ExtractValueOp::create(
          b, loc, acc, 4 * (j + m * siblingBlocks) + 2 * half + c));
    return values;
  };
  // Stores the f32 products at (row, col): the region's results, or a
  // split's partial sum into its slice of the workspace.
  auto store = [&](Value row, Value col, int64_t width,
                   ArrayRef<Value> products) -> LogicalResult {
    SmallVector<Value> index = resultIndex(batchIdx, row, col);
    if (!workspace)
      return storeResults(eval, region, outputs, index, width, products);
    Value split = div(unit.kBegin, idx(kPerSplit));
    Value offset = add(mul(split, numel),
                       ctx.linearize(index, ctx.dims(matmul.getResult())));
    if (width == 1)
      memref::StoreOp::create(b, loc, products.front(), workspace, offset);
    else
      vector::StoreOp::create(
          b, loc, products.front(), workspace, ValueRange{offset}, false,
          llvm::MaybeAlign(std::min<int64_t>(4 * width, 16)));
    return success();
  };
  // The two rows a thread holds.
  SmallVector<Value, 2> threadRows = {rowBase, add(rowBase, idx(8))};
  // Whole tiles store 8 columns a lane (below) or column pairs; edge tiles
  // check each element.
  Value colsWhole = ule(add(unit.col, idx(config.resultTileN())), cols);
  Value rowsWhole = ule(add(unit.row, idx(config.tileM)), rows);
  Value whole = both(rowsWhole, colsWhole);
  auto ifWhole = scf::IfOp::create(b, loc, whole, true);
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(ifWhole.thenBlock());
  // A lane's pairs of one row are 8 columns apart, so its pair stores fill
  // half of each 32-byte sector they touch. Where it can, each quad of
  // lanes trades pairs so that lane q holds the 8 columns of block q of
  // every 4 (a 4x4 transpose by two butterfly steps), and stores them at
  // once: whole sectors, a quarter of the store instructions. The columns
  // are prefetchOctetInputs's (clamping changes nothing in whole tiles),
  // so the loads it issued serve these evaluations.
  bool octets = !octetColumns.empty();
  if (octets) {
    Value quad = rem(lane, idx(4));
    for (int64_t g = firstBlock / 4; g < resultBlocks / 4; ++g) {
      for (auto [half, row] : llvm::enumerate(threadRows)) {
        // Pairs of blocks 4g .. 4g + 3, a set for each matmul.
        SmallVector<SmallVector<Value, 8>, 2> slots(config.siblings ? 2 : 1);
        for (int64_t p = 0; p < 4; ++p)
          for (int64_t c = 0; c < 2; ++c)
            for (auto [m, value] :
                 llvm::enumerate(valuesAt(4 * g + p, half, c)))
              slots[m].push_back(value);
        SmallVector<Value, 2> products;
        for (SmallVector<Value, 8> &set : slots) {
          transposeQuad(set, quad);
          products.push_back(vector::FromElementsOp::create(
              b, loc, VectorType::get({8}, b.getF32Type()), set));
        }
        if (failed(store(row, octetColumns[g - firstBlock / 4], 8, products)))
          return failure();
      }
    }
  }
  for (int64_t j = firstBlock; j < (octets ? 0 : resultBlocks); ++j) {
    Value col = add(colBase, idx(8 * j));
    SmallVector<Value, 2> columns = {col, add(col, idx(1))};
    for (auto [half, row] : llvm::enumerate(threadRows)) {
      if (storesPairs(matmul)) {
        SmallVector<Value, 2> products;
        for (auto [first, second] :
             llvm::zip(valuesAt(j, half, 0), valuesAt(j, half, 1)))
          products.push_back(vector::FromElementsOp::create(
              b, loc, VectorType::get({2}, b.getF32Type()),
              ValueRange{first, second}));
        if (failed(store(row, col, 2, products)))
          return failure();
        continue;
      }
      for (auto [c, column] : llvm::enumerate(columns))
        if (failed(store(row, column, 1, valuesAt(j, half, c))))
          return failure();
    }
  }
  eval.forget();
  eval.forgetDefined();
  b.setInsertionPointToStart(ifWhole.elseBlock());
  for (int64_t j = firstBlock; j < resultBlocks; ++j) {
    Value col = add(colBase, idx(8 * j));
    for (int64_t c = 0; c < 2; ++c) {
      Value column = add(col, idx(c));
      for (auto [half, row] : llvm::enumerate(threadRows)) {
        auto ifInside = scf::IfOp::create(
            b, loc, both(ult(row, rows), ult(column, cols)), false);
        OpBuilder::InsertionGuard g(b);
        b.setInsertionPointToStart(ifInside.thenBlock());
        if (failed(store(row, column, 1, valuesAt(j, half, c))))
          return failure();
        eval.forget();
        eval.forgetDefined();
      }
    }
  }
  return success();
}

// The staging buffer holds a tile's staged columns row-major, rows of
// stagedColumns 16-bit values;
// the 16-byte chunk c of row r lies at chunk c ^ (r % 8) of its row. The
// consumers' four-byte pair stores (8 rows of a warp, 4 lanes a row) then
// hit 32 different banks, and the epilogue warps' 16-byte loads of 32
// consecutive chunks as well.
void HopperMatmulBuilder::stageProducts(Value acc, const Unit &unit, Value warp,
                                        Value lane) {
  // A ring of one: the buffer is free once the epilogue warps have read the
  // previous tile (a fresh barrier lets the first tile through).
  waitParity(stagingFreeBarrier(),
             arith::XOrIOp::create(b, loc, rem(unit.index, idx(2)), idx(1)));
  Type pairType = VectorType::get({2}, matmul.getType().getElementType());
  Value swizzle = div(lane, idx(4)); // both of the lane's rows, mod 8
  Value quadBytes = mul(rem(lane, idx(4)), idx(4));
  Value rowInTile = add(mul(warp, idx(16)), swizzle);
  for (int64_t half = 0; half < 2; ++half) {
    Value rowBytes =
        mul(add(rowInTile, idx(8 * half)), idx(config.stagedColumns * 2));
    Value rowStart = add(idx(config.stagingOffset()), add(rowBytes, quadBytes));
    for (int64_t j = 0; j < config.stagedColumns / 8; ++j) {
      Value first = LLVM::ExtractValueOp::create(b, loc, acc, 4 * j + 2 * half);
      Value second =
          LLVM::ExtractValueOp::create(b, loc, acc, 4 * j + 2 * half + 1);
      Value pair = vector::FromElementsOp::create(
          b, loc, VectorType::get({2}, b.getF32Type()),
          ValueRange{first, second});
      Value rounded = arith::TruncFOp::create(b, loc, pairType, pair);
      Value chunk = arith::XOrIOp::create(b, loc, idx(j), swizzle);
      LLVM::StoreOp::create(b, loc, rounded,
                            sharedPtr(add(rowStart, mul(chunk, idx(16)))),
                            /*alignment=*/4);
    }
  }
  // Every consumer thread arrives (the count): each one's stores are
  // released by its own arrival.
  NVVM::MBarrierArriveOp::create(b, loc, Type(), stagedBarrier(), Value());
}

LogicalResult HopperMatmulBuilder::emitEpilogueWarps(Value thread,
                                                     ArrayRef<Value> outputs) {
  // Chunks of 8 result columns. A row of siblings' products holds the
  // matmul's chunks, then the sibling's (whole tiles: tileM is 128, so a
  // warpgroup's columns are the tile's).
  int64_t stagedChunks = config.stagedColumns / 8;
  int64_t chunksPerRow = config.siblings ? stagedChunks / 2 : stagedChunks;
  int64_t chunks = config.tileM * chunksPerRow;
  int64_t perThread = llvm::divideCeil(chunks, kEpilogueThreads);
  Type chunkType = VectorType::get({8}, matmul.getType().getElementType());
  Value lastRow = sub(rows, idx(1)), lastCol = sub(cols, idx(8));
  LogicalResult result = success();
  forEachUnit(
      [&](const Unit &unit, Value first) {
        waitParity(stagedBarrier(), rem(unit.index, idx(2)));
        SmallVector<Value> batchIdx = batchIndex(unit.batch);
        auto group = scf::ForOp::create(b, loc, idx(0), idx(perThread),
                                        idx(kEpilogueUnroll));
        OpBuilder::InsertionGuard g(b);
        b.setInsertionPointToStart(group.getBody());
        // With one warp per scheduler, only independent chunks hide the
        // latency of the region's loads: all of a group's loads and math
        // come before its stores, in one block, so that they can overlap.
        // Chunks past the tile or the result read a clamped, in-bounds
        // position and store nothing.
        RegionEvaluator eval(ctx);
        SmallVector<SmallVector<Value>> indices;
        SmallVector<Value> inside;
        for (int64_t u = 0; u < kEpilogueUnroll; ++u) {
          Value i = add(thread, mul(add(group.getInductionVar(), idx(u)),
                                    idx(kEpilogueThreads)));
          Value inTile = ult(i, idx(chunks));
          i = min(i, idx(chunks - 1));
          Value r = div(i, idx(chunksPerRow));
          Value c = rem(i, idx(chunksPerRow));
          Value row = add(unit.row, r);
          Value col = add(unit.col, mul(c, idx(8)));
          // N is a multiple of 8: a chunk is all inside or all outside.
          inside.push_back(both(inTile, both(ult(row, rows), ult(col, cols))));
          // The products of chunk `c` (of the matmul, or from
          // `chunksPerRow` on, the sibling's) in the staging buffer.
          auto productsAt = [&](Value c) -> Value {
            Value chunk = arith::XOrIOp::create(b, loc, c, rem(r, idx(8)));
            Value offset = add(idx(config.stagingOffset()),
                               add(mul(r, idx(config.stagedColumns * 2)),
                                   mul(chunk, idx(16))));
            return LLVM::LoadOp::create(b, loc, chunkType, sharedPtr(offset),
                                        /*alignment=*/16);
          };
          indices.push_back(
              resultIndex(batchIdx, min(row, lastRow), min(col, lastCol)));
          eval.define(matmul.getResult(), indices.back(), 8, productsAt(c));
          if (sibling)
            eval.define(sibling.getResult(), indices.back(), 8,
                        productsAt(add(c, idx(chunksPerRow))));
        }
        auto yields = region.getYield().getValues();
        for (ArrayRef<Value> index : indices)
          for (Value v : yields)
            eval.prefetch(v, index, 8, [](BlockArgument) { return true; });
        SmallVector<SmallVector<Value>> values(kEpilogueUnroll);
        for (auto [index, chunkValues] : llvm::zip(indices, values))
          for (Value v : yields) {
            FailureOr<Value> value = eval.eval(v, index, 8);
            if (failed(value)) {
              result = failure();
              return add(first, unit.kCount);
            }
            chunkValues.push_back(*value);
          }
        for (auto [index, isInside, chunkValues] :
             llvm::zip(indices, inside, values)) {
          auto ifInside = scf::IfOp::create(b, loc, isInside, false);
          OpBuilder::InsertionGuard g(b);
          b.setInsertionPointToStart(ifInside.thenBlock());
          for (auto [v, buffer, value] :
               llvm::zip(yields, outputs, chunkValues))
            eval.store(v, buffer, index, 8, value);
        }
        b.setInsertionPointAfter(group);
        // Each thread's loads are done before its own arrival.
        NVVM::MBarrierArriveOp::create(b, loc, Type(), stagingFreeBarrier(),
                                       Value());
        return add(first, unit.kCount);
      },
      idx(0));
  return result;
}

LogicalResult HopperMatmulBuilder::build(ArrayRef<Value> outputs) {
  // The slack in smemBytes() covers the alignment.
  alignSharedBase();

  Value tid = gpu::ThreadIdOp::create(b, loc, gpu::Dimension::x);
  Value warp = div(tid, idx(32));
  Value lane = rem(tid, idx(32));
  auto ifInit = scf::IfOp::create(b, loc, eq(tid, idx(0)), false);
  {
    OpBuilder::InsertionGuard g(b);
    b.setInsertionPointToStart(ifInit.thenBlock());
    for (int64_t s = 0; s < config.stages; ++s) {
      NVVM::MBarrierInitOp::create(b, loc, fullBarrier(idx(s)), i32(1),
                                   Value());
      NVVM::MBarrierInitOp::create(b, loc, emptyBarrier(idx(s)),
                                   i32(config.stageConsumerWarps()), Value());
    }
    if (config.epilogueWarps) {
      NVVM::MBarrierInitOp::create(b, loc, stagedBarrier(),
                                   i32(kConsumerWarps * 32), Value());
      NVVM::MBarrierInitOp::create(b, loc, stagingFreeBarrier(),
                                   i32(kEpilogueThreads), Value());
    }
    // The TMA unit (the async proxy) sees the initialised barriers.
    NVVM::FenceMbarrierInitOp::create(b, loc);
  }
  // The lhs rows no load writes are zeroed before the consumers read them.
  if (config.loadedLhsRows() < config.tileM)
    zeroUnloadedLhsRows(tid);
  // In a cluster, every CTA's barriers are initialised before any CTA
  // multicasts into them or arrives on them.
  auto syncCluster = [&] {
    NVVM::ClusterArriveOp::create(b, loc, b.getUnitAttr());
    NVVM::ClusterWaitOp::create(b, loc, b.getUnitAttr());
  };
  if (config.cluster > 1)
    syncCluster();
  else
    gpu::BarrierOp::create(b, loc);

  // The CTA's units (its cluster's, which all its CTAs work on together).
  Value cluster = clusterIndex(), clusters = clusterCount();
  Value numUnits = mul(idx(config.splits), tilesPerSplit);
  localUnits =
      div(add(sub(numUnits, cluster), sub(clusters, idx(1))), clusters);
  auto ifProducer = scf::IfOp::create(b, loc, ule(idx(kProducerWarp), warp),
                                      /*withElseRegion=*/true);
  {
    OpBuilder::InsertionGuard g(b);
    b.setInsertionPointToStart(ifProducer.thenBlock());
    int64_t registers = config.splitEpilogue() ? kSplitEpilogueWarpRegisters
                        : config.epilogueWarps ? kEpilogueWarpRegisters
                                               : kProducerRegisters;
    NVVM::SetMaxRegisterOp::create(b, loc, registers,
                                   NVVM::SetMaxRegisterAction::decrease);
    Value issuer = both(eq(warp, idx(kProducerWarp)), eq(lane, idx(0)));
    auto ifIssuer = scf::IfOp::create(b, loc, issuer, config.epilogueWarps);
    b.setInsertionPointToStart(ifIssuer.thenBlock());
    emitProducer();
    if (config.epilogueWarps) {
      b.setInsertionPointToStart(ifIssuer.elseBlock());
      Value first = idx((kProducerWarp + 1) * 32);
      auto ifEpilogue = scf::IfOp::create(b, loc, ule(first, tid), false);
      b.setInsertionPointToStart(ifEpilogue.thenBlock());
      if (failed(emitEpilogueWarps(sub(tid, first), outputs)))
        return failure();
    }
  }
  {
    OpBuilder::InsertionGuard g(b);
    b.setInsertionPointToStart(ifProducer.elseBlock());
    int64_t registers = config.splitEpilogue() ? kSplitConsumerRegisters
                        : config.epilogueWarps ? kStagingConsumerRegisters
                                               : kConsumerRegisters;
    NVVM::SetMaxRegisterOp::create(b, loc, registers,
                                   NVVM::SetMaxRegisterAction::increase);
    if (failed(emitConsumer(warp, lane, outputs)))
      return failure();
  }
  // No CTA leaves while another may still multicast into its shared memory
  // or arrive on its barriers.
  if (config.cluster > 1)
    syncCluster();
  return success();
}

FailureOr<LaunchConfig>
mlir::molten::emitHopperMatmulKernel(KernelContext &ctx, gpu::GPUFuncOp kernel,
                                     FusedOp region, ArrayRef<Value> outputs,
                                     HopperVariant variant, Value workspace,
                                     const HopperTuning &tuning) {
  int64_t multiprocessors = tuning.multiprocessors;
  // Every output has the matmul's shape: molten.fused's verifier checked it.
  SmallVector<MatmulOp, 2> matmuls = matmulsOf(region);
  MatmulOp matmul = matmuls.front();
  variant = variantFor(region, variant);
  HopperConfig config = configFor(region, variant, tuning);
  config.groupRows = tuning.groupRows;
  config.earlyRelease = tuning.earlyRelease;
  useEpilogueWarps(config, region, matmul, variant, tuning);
  // The tensor maps come last (bundle `tensormaps`), passed by value: the
  // lhs's, then each rhs's.
  Type ptr = LLVM::LLVMPointerType::get(ctx.b.getContext());
  unsigned first = kernel.getNumArguments();
  int64_t mapCount = 1 + matmuls.size();
  for (int64_t i = 0; i < mapCount; ++i)
    if (failed(kernel.insertArgument(first + i, ptr, {}, ctx.loc)))
      return failure();
  kernel->setAttr(kTensorMapCountAttrName, ctx.b.getI64IntegerAttr(mapCount));
  Block &entry = kernel.getBody().front();
  SmallVector<Value, 2> rhsMaps;
  for (int64_t i = 1; i < mapCount; ++i)
    rhsMaps.push_back(entry.getArgument(first + i));
  HopperMatmulBuilder builder(ctx, region, matmul, config,
                              entry.getArgument(first), rhsMaps,
                              config.splits > 1 ? workspace : Value());
  if (failed(builder.build(outputs)))
    return failure();

  // Tensor-map views: [batch, rows, K] for the lhs, [batch, N, K] or
  // [batch, K, N] for the rhs (batch 1 when it has none).
  Sizes s(ctx.b.getContext());
  auto view = [&](Value operand, int64_t boxRows, int64_t boxCols) {
    SmallVector<DimExpr> dims = ctx.shapes.getShape(operand);
    LaunchConfig::TensorMap map;
    map.input = cast<BlockArgument>(operand).getArgNumber();
    map.dims = {s.product(ArrayRef(dims).drop_back(2)),
                s.dim(dims[dims.size() - 2]), s.dim(dims.back())};
    map.box = {1, boxRows, boxCols};
    map.swizzle = 128;
    return map;
  };
  LaunchConfig launch;
  launch.tensorMaps.push_back(
      view(matmul.getLhs(), config.loadedLhsRows(), kTileK));
  // An [N, K] rhs's box is a CTA's part of the tile, or a sibling's half
  // of a warpgroup's columns.
  int64_t rhsBoxRows =
      config.siblings ? config.mmaN() / 2 : config.tileN / config.cluster;
  for (MatmulOp m : matmuls)
    launch.tensorMaps.push_back(m.getTransposeRhs()
                                    ? view(m.getRhs(), rhsBoxRows, kTileK)
                                    : view(m.getRhs(), kTileK, 64));
  SmallVector<DimExpr> dims = ctx.shapes.getShape(matmul.getResult());
  SizeExprAttr units =
      s.mul(s.product(ArrayRef(dims).drop_back(2)),
            s.mul(s.cdiv(s.dim(dims[dims.size() - 2]),
                         s(config.tileM * config.cluster)),
                  s.cdiv(s.dim(dims.back()), s(config.resultTileN()))));
  if (config.splits > 1)
    units = s.mul(s(config.splits), units);
  launch.units = units;
  launch.grid = s.min(s(multiprocessors), units);
  if (config.cluster > 1) {
    // A cluster per unit, its CTAs consecutive in x (the kernel's
    // nvvm.cluster_dim, so a plain launch forms the clusters).
    launch.grid = s.mul(s(config.cluster),
                        s.min(s(multiprocessors / config.cluster), units));
    kernel->setAttr("nvvm.cluster_dim",
                    ctx.b.getDenseI32ArrayAttr(
                        {static_cast<int32_t>(config.cluster), 1, 1}));
  }
  launch.block = kThreads;
  launch.registers = kLaunchRegisters;
  launch.smem = config.smemBytes();
  return launch;
}

namespace {
/// The reduction kernel of a split-K matmul.
class SplitReduceBuilder : public MatmulBuilder {
public:
  using MatmulBuilder::MatmulBuilder;
  LogicalResult build(FusedOp region, ArrayRef<Value> outputs, Value workspace,
                      int64_t splits) {
    int64_t width = storesPairs(matmul) ? 2 : 1;
    auto [gid, nthreads] = ctx.globalThread();
    auto loop = scf::ForOp::create(b, loc, mul(gid, idx(width)), numel,
                                   mul(nthreads, idx(width)));
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(loop.getBody());
    Value i = loop.getInductionVar();
    SmallVector<Value> index = ctx.delinearize(i, ctx.dims(matmul.getResult()));
    int64_t rank = index.size();
    index = resultIndex(ArrayRef(index).drop_back(2), index[rank - 2],
                        index[rank - 1]);
    // The splits in order: the sum does not depend on timing.
    Type f32 = b.getF32Type();
    Value sum;
    for (int64_t s = 0; s < splits; ++s) {
      Value offset = add(mul(idx(s), numel), i);
      Value part =
          width == 1 ? Value(memref::LoadOp::create(b, loc, workspace, offset))
                     : Value(vector::LoadOp::create(
                           b, loc, VectorType::get({width}, f32), workspace,
                           ValueRange{offset}, false, llvm::MaybeAlign(8)));
      sum = sum ? arith::AddFOp::create(b, loc, sum, part) : part;
    }
    RegionEvaluator eval(ctx);
    if (failed(storeResults(eval, region, outputs, index, width, sum)))
      return failure();
    eval.forget();
    eval.forgetDefined();
    return success();
  }
};
} // namespace

FailureOr<LaunchConfig> mlir::molten::emitHopperSplitReduceKernel(
    KernelContext &ctx, FusedOp region, ArrayRef<Value> outputs,
    Value workspace, HopperVariant variant, const HopperTuning &tuning) {
  assert(!siblingMatmulOf(region) && "siblings are not split");
  MatmulOp matmul = matmulOf(region);
  int64_t splits = hopperMatmulSplits(region, variant, tuning);
  int64_t multiprocessors = tuning.multiprocessors;
  SplitReduceBuilder reducer(ctx, matmul);
  if (failed(reducer.build(region, outputs, workspace, splits)))
    return failure();
  SmallVector<DimExpr> dims = ctx.shapes.getShape(matmul.getResult());
  int64_t width = storesPairs(matmul) ? 2 : 1;
  LaunchConfig launch;
  Sizes s(ctx.b.getContext());
  launch.grid = s.max(s(1), s.min(s(4 * multiprocessors),
                                  s.cdiv(s.product(dims), s(256 * width))));
  launch.block = 256;
  return launch;
}
