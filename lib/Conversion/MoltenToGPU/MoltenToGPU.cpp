//===- MoltenToGPU.cpp - molten.fused regions to GPU kernels -------------===//
//
// Part of the Molten project, under the Apache License v2.0.
//
//===----------------------------------------------------------------------===//
//
// The pass picks an emitter per region, builds its gpu.func and writes the
// function's launch plan (docs/bundle.md) as an attribute; the pipeline then
// lowers the gpu.module to PTX with upstream passes.
//
//===----------------------------------------------------------------------===//

#include "Molten/Conversion/Passes.h"

#include "Emitters.h"
#include "ShapeSymbols.h"

#include "Molten/Conversion/ArithMath.h"
#include "Molten/Dialect/Molten/IR/MoltenOps.h"
#include "Molten/Transforms/FusionPlanner.h"
#include "Molten/Transforms/Passes.h"
#include "mlir/Conversion/Passes.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/Transforms/Passes.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/LLVMIR/NVVMDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Transforms/WalkPatternRewriteDriver.h"

#include "llvm/Support/Debug.h"
#include "llvm/Support/MathExtras.h"

#include <cmath>
#include <cstdlib>

#define DEBUG_TYPE "convert-molten-to-gpu"

namespace mlir::molten {
#define GEN_PASS_DEF_CONVERTMOLTENTOGPU
#include "Molten/Conversion/Passes.h.inc"
} // namespace mlir::molten

using namespace mlir;
using namespace mlir::molten;

/// Whether every result of `region` is a 16-bit float: its kernel may then
/// trade f32 precision that the final rounding discards for instructions.
static bool hasOnly16BitResults(FusedOp region) {
  return llvm::all_of(region.getResultTypes(), [](Type type) {
    Type element = cast<RankedTensorType>(type).getElementType();
    return element.isF16() || element.isBF16();
  });
}

/// `f` applied to each lane of `v` (a scalar, or a vector lane by lane).
static Value mapLanes(OpBuilder &b, Location loc, Value v,
                      function_ref<Value(Value)> f) {
  auto vector = dyn_cast<VectorType>(v.getType());
  if (!vector)
    return f(v);
  SmallVector<Value> lanes;
  for (int64_t i = 0; i < vector.getNumElements(); ++i)
    lanes.push_back(f(vector::ExtractOp::create(b, loc, v, i)));
  return vector::FromElementsOp::create(b, loc, vector, lanes);
}

/// 2^x on the hardware's ex2.approx.ftz, lane by lane.
static Value fastExp2(OpBuilder &b, Location loc, Value x) {
  return mapLanes(b, loc, x, [&](Value lane) {
    return LLVM::CallIntrinsicOp::create(
               b, loc, b.getF32Type(),
               b.getStringAttr("llvm.nvvm.ex2.approx.ftz.f32"),
               ValueRange{lane})
        ->getResult(0);
  });
}

/// The relaxation of a kernel whose outputs are all 16-bit
/// (docs/precision.md): they round away 13 to 16 bits of its f32 results, so
/// it may trade f32 precision for instructions. The policy is fast-math
/// flags on the f32 ops: `afn` on exp, `arcp` on the reciprocals the
/// emitters write as `1 / d` with `afn`, and `contract` on add, sub and mul
/// (multiply-adds fuse into fma, one rounding instead of two). The rest of
/// the f32 arithmetic keeps subnormals: flushing them everywhere turns each
/// bf16-to-f32 widening (a shift) into a conversion on a slower unit, which
/// slowed layer_norm and RoPE.
static void setRelaxedMathFlags(gpu::GPUFuncOp kernel) {
  auto addFlags = [](Operation *op, arith::FastMathFlags flags) {
    auto fastMath = cast<arith::ArithFastMathInterface>(op);
    if (auto existing = op->getAttrOfType<arith::FastMathFlagsAttr>(
            fastMath.getFastMathAttrName()))
      flags = flags | existing.getValue();
    op->setAttr(fastMath.getFastMathAttrName(),
                arith::FastMathFlagsAttr::get(op->getContext(), flags));
  };
  kernel.walk([&](Operation *op) {
    // The emitters compute in f32; the hardware ops are f32 only.
    if (op->getNumResults() != 1 ||
        !getElementTypeOrSelf(op->getResult(0)).isF32())
      return;
    if (isa<math::ExpOp, math::ErfOp>(op))
      addFlags(op, arith::FastMathFlags::afn);
    else if (auto divide = dyn_cast<arith::DivFOp>(op);
             divide && matchPattern(divide.getLhs(), m_OneFloat()) &&
             bitEnumContainsAll(divide.getFastmath(),
                                arith::FastMathFlags::afn))
      addFlags(op, arith::FastMathFlags::arcp);
    else if (isa<arith::AddFOp, arith::SubFOp, arith::MulFOp>(op))
      addFlags(op, arith::FastMathFlags::contract);
  });
}

/// The value of a float constant or splat, built as a broadcast scalar or a
/// dense constant.
static std::optional<double> splatConstant(Value value) {
  if (auto broadcast = value.getDefiningOp<vector::BroadcastOp>())
    value = broadcast.getSource();
  Attribute constant;
  if (!matchPattern(value, m_Constant(&constant)))
    return std::nullopt;
  if (auto splat = dyn_cast<SplatElementsAttr>(constant))
    constant = splat.getSplatValue<Attribute>();
  if (auto floatAttr = dyn_cast<FloatAttr>(constant))
    return floatAttr.getValueAsDouble();
  return std::nullopt;
}

namespace {
/// f32 exp with `afn` on the hardware's ex2.approx.ftz: 2^(x log2 e), at
/// most 106 f32 ulp off, subnormal results flushed to zero (without the
/// flush it needs four more instructions to scale them). exp(a * c) and
/// exp(-a) fold log2(e) into the constant (GELU's exponent is its
/// polynomial times a constant): one multiply an element fewer, two
/// roundings instead of three.
struct FastExpToEx2Approx : OpRewritePattern<math::ExpOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(math::ExpOp exp,
                                PatternRewriter &b) const override {
    if (!getElementTypeOrSelf(exp.getType()).isF32() ||
        !bitEnumContainsAll(exp.getFastmath(), arith::FastMathFlags::afn))
      return failure();
    Location loc = exp.getLoc();
    Type type = exp.getType();
    Value arg = exp.getOperand();
    double scale = M_LOG2E;
    if (auto mul = arg.getDefiningOp<arith::MulFOp>()) {
      for (auto [factor, other] : {std::pair(mul.getLhs(), mul.getRhs()),
                                   std::pair(mul.getRhs(), mul.getLhs())}) {
        if (std::optional<double> value = splatConstant(factor)) {
          scale *= *value;
          arg = other;
          break;
        }
      }
    } else if (auto neg = arg.getDefiningOp<arith::NegFOp>()) {
      scale = -scale;
      arg = neg.getOperand();
    }
    TypedAttr factor = b.getF32FloatAttr(scale);
    if (auto vector = dyn_cast<VectorType>(type))
      factor = DenseElementsAttr::get(vector, factor);
    Value scaled = arith::MulFOp::create(
        b, loc, arg, arith::ConstantOp::create(b, loc, type, factor));
    b.replaceOp(exp, fastExp2(b, loc, scaled));
    return success();
  }
};

/// scale * erfc(c * u) for u >= 0 as 2^(c u P(c u) + log2(scale)), where
/// t * P(t) is a degree-8 fit of log2(erfc(t)) on [1/64, 4] weighted by
/// erfc(t) (the absolute error of erf it causes; scripts/fit_erf.py). A
/// constant c > 0 goes into the coefficients (GELU's erf(x / sqrt(2)): one
/// multiply an element fewer) and a power-of-two `scale` into the exponent
/// (GELU's 0.5: exact, and another multiply fewer). Past 4 the polynomial
/// keeps falling (2^(t P(t)) is at most 1.5e-8 there and flushes to zero
/// past 6.9), and an infinite u gives 0.
static Value fastErfc(ArithMath &m, OpBuilder &b, Location loc, Value u,
                      double c = 1.0, double scale = 1.0) {
  // Coefficients of t^8 down to t^1.
  static constexpr double kLog2Erfc[] = {
      -4.535847366e-05, 4.455064537e-04,  -1.489437283e-03, -7.746374815e-04,
      2.825368852e-02,  -1.484816187e-01, -9.184163924e-01, -1.627908593e+00};
  auto coefficient = [&](int64_t i) {
    return m.cst(kLog2Erfc[i] * std::pow(c, std::size(kLog2Erfc) - i));
  };
  Value poly = coefficient(0);
  for (int64_t i = 1; i < int64_t(std::size(kLog2Erfc)); ++i)
    poly = math::FmaOp::create(b, loc, poly, u, coefficient(i));
  Value exponent = scale == 1.0 ? m.mul(poly, u)
                                : math::FmaOp::create(b, loc, poly, u,
                                                      m.cst(std::log2(scale)));
  return fastExp2(b, loc, exponent);
}

/// The `1 + erf(y)` of a GELU (erf) when the erf has `afn`: the operand of
/// the add that is not the constant 1.
static math::ErfOp onePlusErfOperand(arith::AddFOp add) {
  for (auto [one, other] : {std::pair(add.getLhs(), add.getRhs()),
                            std::pair(add.getRhs(), add.getLhs())}) {
    auto erf = other.getDefiningOp<math::ErfOp>();
    if (erf && erf->hasOneUse() && splatConstant(one) == 1.0 &&
        getElementTypeOrSelf(erf.getType()).isF32() &&
        bitEnumContainsAll(erf.getFastmath(), arith::FastMathFlags::afn))
      return erf;
  }
  return nullptr;
}

/// f32 erf with `afn`: sign(x) * (1 - erfc(t)), t = min(|x|, 4) (fastErfc),
/// and x * (2/sqrt(pi)) * (1 - x^2 / 3) below |x| = 1/64, where 1 - erfc
/// would cancel. At most 1e-7 absolute and 2.4e-6 relative error in f32
/// with an exact 2^x (ex2.approx's 2 ulp add up to 7e-6 relative just above
/// 1/64), against 2 ulp for libdevice, in about 20 instructions instead of
/// about 30 with its coefficient selects. Beyond 4, erf rounds to +-1 in
/// f32. The `1 + erf` of a GELU is FastOnePlusErf's.
struct FastErfPolynomial : OpRewritePattern<math::ErfOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(math::ErfOp erf,
                                PatternRewriter &b) const override {
    if (!getElementTypeOrSelf(erf.getType()).isF32() ||
        !bitEnumContainsAll(erf.getFastmath(), arith::FastMathFlags::afn))
      return failure();
    if (erf->hasOneUse())
      if (auto add = dyn_cast<arith::AddFOp>(*erf->user_begin());
          add && onePlusErfOperand(add))
        return failure();
    Location loc = erf.getLoc();
    ArithMath m(b, loc, erf.getType());
    Value x = erf.getOperand();
    Value magnitude = m.abs(x);
    Value t = m.min(magnitude, m.cst(4.0)); // minimumf keeps NaN a NaN
    Value erfc = fastErfc(m, b, loc, t);
    Value large = math::CopySignOp::create(b, loc, m.sub(m.cst(1.0), erfc), x);
    Value small = m.mul(x, math::FmaOp::create(b, loc, m.mul(x, x),
                                               m.cst(-M_2_SQRTPI / 3),
                                               m.cst(M_2_SQRTPI)));
    Value isSmall = m.compare(ComparePredicate::lt, magnitude, m.cst(1.0 / 64));
    b.replaceOpWithNewOp<arith::SelectOp>(erf, isSmall, small, large);
    return success();
  }
};

/// A splat constant c > 0 that `value` is multiplied by (either operand),
/// and the other operand; else {value, 1}.
static std::pair<Value, double> positiveFactor(Value value) {
  if (auto mul = value.getDefiningOp<arith::MulFOp>())
    for (auto [factor, other] : {std::pair(mul.getLhs(), mul.getRhs()),
                                 std::pair(mul.getRhs(), mul.getLhs())})
      if (std::optional<double> c = splatConstant(factor);
          c && *c > 0 && std::isfinite(*c))
        return {other, *c};
  return {value, 1.0};
}

/// `1 + erf(y)` (GELU's) with `afn` on the erf: erfc(-y), computed as
/// erfc(|y|) for y < 0 and 2 - erfc(|y|) otherwise (fastErfc, unclamped).
/// No cancellation on either side, so no small-argument branch: about 13
/// instructions where the erf and the add took 21 (the matmul epilogues of
/// GELU are issue-bound). scripts/fit_erf.py: at most 1.25e-7 absolute
/// error (1 + an exact f32 erf: 9e-8), and for y < 0, where the sum's f32
/// rounding cancels, 0.8 % relative down to values of 1e-6 (against 2.9 %)
/// and no rounding to zero below y = -3.9.
///
/// GELU's constants fold in (fastErfc): y = z * c with c > 0 evaluates on
/// |z|, and where the sum's only use multiplies it by w * 2^n (GELU's
/// x * 0.5), the sum becomes 2^n (1 + erf) and that use multiplies by w.
struct FastOnePlusErf : OpRewritePattern<arith::AddFOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(arith::AddFOp add,
                                PatternRewriter &b) const override {
    math::ErfOp erf = onePlusErfOperand(add);
    if (!erf)
      return failure();
    Location loc = add.getLoc();
    ArithMath m(b, loc, add.getType());
    auto [z, c] = positiveFactor(erf.getOperand());
    // The product (w * 2^n) * (1 + erf) and which of its operands is w * 2^n.
    arith::MulFOp product;
    unsigned scaledOperand = 0;
    Value w;
    double scale = 1.0;
    if (add->hasOneUse())
      product = dyn_cast<arith::MulFOp>(*add->user_begin());
    for (unsigned i = 0; product && i < 2 && scale == 1.0; ++i) {
      Value operand = product->getOperand(i);
      auto [base, factor] = positiveFactor(operand);
      int exponent;
      if (operand != add && operand.hasOneUse() && factor != 1.0 &&
          std::frexp(factor, &exponent) == 0.5) {
        scaledOperand = i;
        w = base;
        scale = factor;
      }
    }
    Value erfc = fastErfc(m, b, loc, m.abs(z), c, scale);
    Value isNegative = m.compare(ComparePredicate::lt, z, m.cst(0.0));
    Value sum = arith::SelectOp::create(b, loc, isNegative, erfc,
                                        m.sub(m.cst(2.0 * scale), erfc));
    if (w)
      b.modifyOpInPlace(product,
                        [&] { product->setOperand(scaledOperand, w); });
    // The erf and the multiplies, now unused, go after the walk
    // (lowerFastMath): a walk pattern may erase only the op it matched.
    b.replaceOp(add, sum);
    return success();
  }
};

/// f32 `1 / d` with `afn` and `arcp` on rcp.approx.ftz (subnormal results
/// flushed to zero).
struct FastReciprocalToRcpApprox : OpRewritePattern<arith::DivFOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(arith::DivFOp divide,
                                PatternRewriter &b) const override {
    if (!getElementTypeOrSelf(divide.getType()).isF32() ||
        !matchPattern(divide.getLhs(), m_OneFloat()) ||
        !bitEnumContainsAll(divide.getFastmath(),
                            arith::FastMathFlags::afn |
                                arith::FastMathFlags::arcp))
      return failure();
    Location loc = divide.getLoc();
    b.replaceOp(
        divide, mapLanes(b, loc, divide.getRhs(), [&](Value d) -> Value {
          return NVVM::RcpApproxFtzF32Op::create(b, loc, b.getF32Type(), d);
        }));
    return success();
  }
};
} // namespace

/// Lowers the f32 ops whose fast-math flags allow the hardware's
/// approximations (one walk, no folding).
static void lowerFastMath(gpu::GPUFuncOp kernel) {
  RewritePatternSet patterns(kernel.getContext());
  patterns.add<FastExpToEx2Approx, FastErfPolynomial, FastOnePlusErf,
               FastReciprocalToRcpApprox>(kernel.getContext());
  walkAndApplyPatterns(kernel, std::move(patterns));
  // What FastOnePlusErf left unused (the erf, its argument's and GELU's
  // multiplies), last first, so that each op's operands are free when
  // reached.
  SmallVector<Operation *> candidates;
  kernel.walk([&](Operation *op) {
    if (isa<math::ErfOp, arith::MulFOp>(op))
      candidates.push_back(op);
  });
  for (Operation *op : llvm::reverse(candidates))
    if (isOpTriviallyDead(op))
      op->erase();
}

namespace {

/// Which of a region's kernels to build: the region's own, or for a
/// tensor-core matmul a variant's kernel or (K split) its reduction kernel.
struct KernelRole {
  std::optional<HopperVariant> variant;
  /// The reduction kernel of a split matmul or split attention.
  bool splitReduce = false;
  /// The split-KV attention kernel (or, with splitReduce, its combine).
  bool attentionSplit = false;
};

/// A kernel's grid factor for the calls it serves: a size that is 1 for
/// them and 0 for the others (`le`, docs/bundle.md); a null size when it
/// serves every call.
using GridFactor = SizeExprAttr;

/// How a kernel variant for calls of at most `limit` rows and the kernel
/// for the others share calls: each one's grid factor, or nothing for the
/// one a static row count rules out.
struct RowSplit {
  std::optional<GridFactor> few, many;
};

/// The grid factor of the calls with more than `above` and at most `upTo`
/// rows (each bound optional), or nothing when no call can be in range.
static std::optional<GridFactor> rowsBetween(SizeExprAttr rows,
                                             std::optional<int64_t> above,
                                             std::optional<int64_t> upTo) {
  if (above && upTo && *upTo <= *above)
    return std::nullopt;
  if (rows.isConstant()) {
    int64_t staticRows = rows.getValue();
    if ((!above || staticRows > *above) && (!upTo || staticRows <= *upTo))
      return GridFactor();
    return std::nullopt;
  }
  Sizes s(rows.getContext());
  GridFactor lower, upper;
  if (above)
    lower = s.le(s(*above + 1), rows);
  if (upTo)
    upper = s.le(rows, s(*upTo));
  if (above && upTo)
    return s.mul(lower, upper);
  return above ? lower : upper;
}

static RowSplit splitByRows(SizeExprAttr rows, int64_t limit) {
  return {rowsBetween(rows, std::nullopt, limit),
          rowsBetween(rows, limit, std::nullopt)};
}

struct ConvertMoltenToGPU
    : molten::impl::ConvertMoltenToGPUBase<ConvertMoltenToGPU> {
  using ConvertMoltenToGPUBase::ConvertMoltenToGPUBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    if (std::optional<std::string> why = checkGPUTarget(chip, ptx)) {
      emitError(module.getLoc()) << *why;
      return signalPassFailure();
    }
    SmallVector<func::FuncOp> funcs;
    for (auto func : module.getOps<func::FuncOp>())
      if (!func.isExternal() && !func.getBody().getOps<FusedOp>().empty())
        funcs.push_back(func);
    if (funcs.empty())
      return;
    if (Operation *clash =
            SymbolTable::lookupSymbolIn(module, kKernelModuleName)) {
      clash->emitError("'")
          << kKernelModuleName
          << "' names the GPU module convert-molten-to-gpu makes: rename "
             "this symbol";
      return signalPassFailure();
    }
    // By name: the fields are all int64_t, so a positional list would
    // compile in any order.
    tuning.multiprocessors = multiprocessors;
    tuning.loopChunksPerThread = loopChunksPerThread;
    tuning.rowElementsPerThread = rowElementsPerThread;
    tuning.prefetchElementsPerThread = prefetchElementsPerThread;
    tuning.blockSize = blockSize;
    tuning.loopMaxBlocks = loopMaxBlocks;
    tuning.rowMaxBlocks = rowMaxBlocks;
    tuning.minThreadsPerSM = minThreadsPerSM;
    tuning.narrowMinThreadsPerSM = narrowMinThreadsPerSM;
    tuning.loopMinThreadsPerSM = loopMinThreadsPerSM;
    tuning.loopBlockSize = loopBlockSize;
    tuning.loopedRowBytes = loopedRowBytes;
    tuning.loopedRowThreads = loopedRowThreads;
    auto inRange = [&](StringRef name, int64_t value, int64_t lo, int64_t hi) {
      if (value >= lo && value <= hi)
        return true;
      emitError(module.getLoc())
          << "convert-molten-to-gpu option " << name << "=" << value
          << " is out of range: expected " << lo << " to " << hi;
      return false;
    };
    if (!inRange("loop-chunks-per-thread", tuning.loopChunksPerThread, 1, 16) ||
        !inRange("row-elements-per-thread", tuning.rowElementsPerThread, 1,
                 256) ||
        !inRange("prefetch-elements-per-thread",
                 tuning.prefetchElementsPerThread, 0, 1024) ||
        !inRange("block-size", tuning.blockSize, 32, 1024) ||
        !inRange("loop-block-size", tuning.loopBlockSize, 32, 1024) ||
        !inRange("loop-max-blocks", tuning.loopMaxBlocks, 1, 1 << 30) ||
        !inRange("row-max-blocks", tuning.rowMaxBlocks, 1, 1 << 30) ||
        !inRange("min-threads-per-sm", tuning.minThreadsPerSM, 0, 2048) ||
        !inRange("narrow-min-threads-per-sm", tuning.narrowMinThreadsPerSM, 0,
                 2048) ||
        !inRange("loop-min-threads-per-sm", tuning.loopMinThreadsPerSM, 0,
                 2048) ||
        !inRange("looped-row-bytes", tuning.loopedRowBytes, 1, 1 << 30) ||
        !inRange("looped-row-threads", tuning.loopedRowThreads, 64, 1024) ||
        !inRange("matmul-medium-rows", matmulMediumRows, -1, 1 << 30) ||
        !inRange("matmul-small-min-tile-n", matmulSmallMinTileN, 0, 256) ||
        !inRange("matmul-small-busy", matmulSmallBusy, 1, 100) ||
        !inRange("matmul-decode-rows", matmulDecodeRows, -1, 64) ||
        !inRange("matmul-decode-columns", matmulDecodeColumns, 16, 64) ||
        !inRange("matmul-epilogue-warps", matmulEpilogueWarps, -1, 1) ||
        !inRange("matmul-staged-columns", matmulStagedColumns, 0, 256) ||
        !inRange("matmul-group-rows", matmulGroupRows, 1, 1 << 20) ||
        (matmulLargeStages != 0 &&
         !inRange("matmul-large-stages", matmulLargeStages, 2, 4)) ||
        !inRange("matmul-small128-min-tile-n", matmulSmall128MinTileN, 16,
                 256) ||
        !inRange("multiprocessors", multiprocessors, 1, 1024))
      return signalPassFailure();
    for (auto [name, value] :
         {std::pair<StringRef, int64_t>{"block-size", tuning.blockSize},
          {"loop-block-size", tuning.loopBlockSize},
          {"looped-row-threads", tuning.loopedRowThreads}}) {
      if (value % 32 == 0)
        continue;
      emitError(module.getLoc()) << "convert-molten-to-gpu option " << name
                                 << "=" << value << " is not a multiple of 32";
      return signalPassFailure();
    }
    for (auto [name, value] :
         {std::pair<StringRef, int64_t>{"matmul-small-min-tile-n",
                                        matmulSmallMinTileN},
          {"matmul-small128-min-tile-n", matmulSmall128MinTileN}}) {
      if (value % 16 == 0)
        continue;
      emitError(module.getLoc()) << "convert-molten-to-gpu option " << name
                                 << "=" << value << " is not a multiple of 16";
      return signalPassFailure();
    }
    // The staging buffer's rows are whole 128-byte swizzle rows.
    if (matmulStagedColumns % 64 != 0) {
      emitError(module.getLoc())
          << "convert-molten-to-gpu option matmul-staged-columns="
          << static_cast<int64_t>(matmulStagedColumns)
          << " is not a multiple of 64";
      return signalPassFailure();
    }
    // A decode block's rows are whole 16-row tiles, its elements whole
    // rounds of its threads.
    if (!llvm::is_contained({-1, 0, 16, 32, 48, 64}, matmulDecodeRows)) {
      emitError(module.getLoc())
          << "convert-molten-to-gpu option matmul-decode-rows="
          << static_cast<int64_t>(matmulDecodeRows)
          << " is not -1, 0, 16, 32, 48 or 64";
      return signalPassFailure();
    }
    // A lane's load of a row of k: 4, 8 or 16 bytes of 8 lanes.
    if (!llvm::is_contained({16, 32, 64}, matmulDecodeColumns)) {
      emitError(module.getLoc())
          << "convert-molten-to-gpu option matmul-decode-columns="
          << static_cast<int64_t>(matmulDecodeColumns)
          << " is not 16, 32 or 64";
      return signalPassFailure();
    }
    // The module's target, if it has one, else the options' (recorded).
    target = module->getAttrOfType<TargetAttr>(kTargetAttrName);
    if (target && target.getChip() != chip) {
      emitError(module.getLoc())
          << "the module's #molten.target is for " << target.getChip()
          << ", but convert-molten-to-gpu compiles for " << chip
          << " (option chip)";
      return signalPassFailure();
    }
    if (!target)
      target = TargetAttr::getForChip(&getContext(), chip, multiprocessors);
    tuning.multiprocessors = target.getMultiprocessors();
    // griddepcontrol exists from sm_90 on ("sm_90", "sm_90a", "sm_100", ...).
    dependentKernels = dependentLaunch && smVersion(chip) >= 90;
    module->setAttr(kTargetAttrName, target);
    module->setAttr(gpu::GPUDialect::getContainerModuleAttrName(),
                    UnitAttr::get(&getContext()));
    OpBuilder b(module.getBodyRegion());
    b.setInsertionPointToEnd(module.getBody());
    auto kernels =
        gpu::GPUModuleOp::create(b, module.getLoc(), kKernelModuleName);
    for (func::FuncOp func : funcs)
      if (failed(convert(func, kernels)))
        return signalPassFailure();
  }

  LogicalResult convert(func::FuncOp func, gpu::GPUModuleOp kernels);

  Tuning tuning;
  TargetAttr target;
  /// dependent-launch, where the chip has griddepcontrol.
  bool dependentKernels = false;

private:
  class FunctionConverter;
};

/// The kernels and the launch plan of one function.
class ConvertMoltenToGPU::FunctionConverter {
public:
  FunctionConverter(ConvertMoltenToGPU &pass, func::FuncOp func,
                    gpu::GPUModuleOp kernels)
      : pass(pass), func(func), kernels(kernels), context(func.getContext()) {}

  /// Builds the kernels and sets the function's `molten.launch_plan`.
  LogicalResult convert();

private:
  /// What every kernel of a region takes: the region's tensor inputs, its
  /// outputs, then the size symbols (a split-K workspace goes before the
  /// symbols).
  struct RegionKernels {
    // Op handles have no const accessors.
    mutable FusedOp region;
    HeroKind hero;
    /// The kernel name (the region's variants add a suffix).
    std::string name;
    SmallVector<Type> params;
    /// The plan's buffer of each tensor parameter.
    SmallVector<int64_t> bufferIds;
    /// The parameter of each region input (-1: an `index` size).
    SmallVector<int64_t> argToParam;
    int64_t firstOutput = 0, firstSymbol = 0;
    /// Whether the matmul or attention gets the tensor-core kernels.
    bool hopper = false;
  };

  LogicalResult checkFunction();
  LogicalResult addBuffers();
  void addBuffer(Value v, BufferRole role, int64_t index);
  FailureOr<RegionKernels> kernelsOf(FusedOp region, int64_t index);
  /// Builds one kernel of the region (`built`: its gpu.func).
  FailureOr<LaunchConfig> buildKernel(const RegionKernels &r,
                                      const Tuning &kernelTuning,
                                      StringRef kernelName,
                                      gpu::GPUFuncOp &built,
                                      KernelRole role = {});
  FailureOr<LaunchConfig> emitKernel(const RegionKernels &r, KernelContext &ctx,
                                     gpu::GPUFuncOp kernel,
                                     ArrayRef<Value> outputs, Value workspace,
                                     const Tuning &kernelTuning,
                                     KernelRole role);
  HopperTuning hopperTuning() const {
    return {pass.target.getMultiprocessors(),
            pass.matmulSmallMinTileN,
            pass.matmulSmall128MinTileN,
            pass.target.getSharedMemory(),
            pass.matmulEpilogueWarps,
            pass.matmulLargeStages,
            pass.matmulSmallBusy,
            pass.matmulStagedColumns,
            pass.matmulDecodeRows,
            pass.matmulDecodeColumns,
            pass.matmulGroupRows,
            pass.matmulEarlyRelease};
  }
  LogicalResult planSmallMatmul(const RegionKernels &r, HopperVariant variant,
                                StringRef name, GridFactor range,
                                ArrayRef<DimExpr> shape);
  void capRegisters(const RegionKernels &r, gpu::GPUFuncOp kernel,
                    const LaunchConfig &launch, const Tuning &kernelTuning,
                    bool only16Bit);
  /// The kernel's launch in the plan; `gridFactor` (if any) multiplies the
  /// grid, so that the kernel launches only for some sizes.
  void planLine(const RegionKernels &r, StringRef kernelName,
                const LaunchConfig &launch, GridFactor gridFactor,
                int64_t workspaceId = -1);
  LogicalResult convertRegion(FusedOp region, int64_t index);
  LogicalResult planMatmul(const RegionKernels &r, gpu::GPUFuncOp kernel,
                           const LaunchConfig &launch);
  LogicalResult planMediumOrLarge(const RegionKernels &r, gpu::GPUFuncOp kernel,
                                  const LaunchConfig &launch, GridFactor rows);
  LogicalResult planRowReduction(const RegionKernels &r, gpu::GPUFuncOp kernel,
                                 const LaunchConfig &launch);
  LogicalResult planAttention(const RegionKernels &r, gpu::GPUFuncOp kernel,
                              const LaunchConfig &launch);
  /// A plan buffer of `size` f32 (sized 0 for calls outside `range`) for
  /// split kernels' partial results; returns its id.
  int64_t addWorkspace(SizeExprAttr size, GridFactor range);

  ConvertMoltenToGPU &pass;
  func::FuncOp func;
  gpu::GPUModuleOp kernels;
  MLIRContext *context;
  std::optional<ShapeSymbols> shapes;
  int64_t numInputs = 0, numSymbols = 0;
  func::ReturnOp ret;
  DenseMap<Value, int64_t> bufferOf;
  /// The regions that only reshape and share their input's buffer.
  DenseSet<Operation *> aliases;
  /// Buffers the plan adds for kernels (split-K workspaces) come after the
  /// tensors.
  int64_t nextBufferId = 0;
  /// The plan's buffers (ids are positions) and kernel launches.
  SmallVector<PlanBufferAttr> buffers;
  SmallVector<PlanKernelAttr> launches;
};

LogicalResult ConvertMoltenToGPU::convert(func::FuncOp func,
                                          gpu::GPUModuleOp kernels) {
  return FunctionConverter(*this, func, kernels).convert();
}

LogicalResult ConvertMoltenToGPU::FunctionConverter::checkFunction() {
  for (Operation &op : func.getBody().front())
    if (isa_and_nonnull<MoltenDialect>(op.getDialect()) && !isa<FusedOp>(op))
      return op.emitOpError(
          "is outside a molten.fused region: run "
          "molten-fusion-pipeline before convert-molten-to-gpu");
  // Kernel entries are named after the function, and PTX names and bundle
  // lines take identifiers only.
  StringRef funcName = func.getName();
  if (!isPlanIdentifier(funcName))
    return func.emitOpError("name '")
           << funcName
           << "' is not an identifier ([A-Za-z_$][A-Za-z0-9_$]*): the GPU "
              "path names kernels after it";
  return success();
}

void ConvertMoltenToGPU::FunctionConverter::addBuffer(Value v, BufferRole role,
                                                      int64_t index) {
  bufferOf[v] = buffers.size();
  Sizes s(context);
  SmallVector<SizeExprAttr> dims;
  for (const DimExpr &d : shapes->getShape(v))
    dims.push_back(s.dim(d));
  buffers.push_back(PlanBufferAttr::get(
      context, role, index,
      cast<RankedTensorType>(v.getType()).getElementType(), dims));
}

/// Whether `region` only reshapes its one input: buffers are contiguous
/// and row-major, so its result is its input's bytes, and no kernel need
/// copy them.
static bool onlyReshapes(FusedOp region) {
  Block &body = region.getBody().front();
  if (region.getInputs().size() != 1 || region.getNumResults() != 1 ||
      body.getOperations().size() != 2)
    return false;
  auto reshape = dyn_cast<ReshapeOp>(body.front());
  return reshape && reshape.getInput() == body.getArgument(0) &&
         region.getYield().getOperand(0) == reshape.getResult();
}

/// Buffers: the tensor arguments, the results of regions (outputs when
/// returned, temporaries otherwise). A region that only reshapes shares
/// its input's buffer and launches nothing (`aliases`), unless both are
/// the caller's (an argument or a result): those are distinct memory.
LogicalResult ConvertMoltenToGPU::FunctionConverter::addBuffers() {
  for (BlockArgument arg : func.getArguments()) {
    if (!isa<RankedTensorType>(arg.getType()))
      return func.emitOpError("the GPU path takes tensor arguments only");
    addBuffer(arg, BufferRole::input, numInputs++);
  }
  ret = cast<func::ReturnOp>(func.getBody().front().getTerminator());
  DenseMap<Value, int64_t> outputIndex;
  for (auto [i, v] : llvm::enumerate(ret.getOperands())) {
    if (!v.getDefiningOp<FusedOp>() || outputIndex.count(v))
      return ret.emitOpError("the GPU path returns each region result at most "
                             "once and no argument unchanged (result #")
             << i << ")";
    outputIndex[v] = i;
  }
  // Values sharing memory, by the first of them (an argument or the
  // earliest result); the caller's member of each group, if any.
  DenseMap<Value, Value> sharedWith, callersOf;
  auto root = [&](Value v) { return sharedWith.lookup(v) ? sharedWith[v] : v; };
  auto callers = [&](Value v) -> Value {
    if (isa<BlockArgument>(v) || outputIndex.count(v))
      return v;
    return callersOf.lookup(v);
  };
  for (FusedOp region : func.getBody().getOps<FusedOp>()) {
    if (!onlyReshapes(region))
      continue;
    Value input = root(region.getInputs()[0]), result = region.getResult(0);
    bool resultIsCallers = outputIndex.count(result);
    if (callers(input) && resultIsCallers)
      continue;
    sharedWith[result] = input;
    if (resultIsCallers)
      callersOf[input] = result;
    aliases.insert(region);
  }
  for (FusedOp region : func.getBody().getOps<FusedOp>())
    for (Value result : region.getResults()) {
      if (Value first = sharedWith.lookup(result)) {
        bufferOf[result] = bufferOf.lookup(first);
        continue;
      }
      // The group's buffer is the caller's output where it has one.
      Value owner = callers(result) ? callers(result) : result;
      auto it = outputIndex.find(owner);
      if (it == outputIndex.end())
        addBuffer(result, BufferRole::temp, -1);
      else
        addBuffer(owner, BufferRole::output, it->second);
      bufferOf[result] = bufferOf.lookup(owner);
    }
  nextBufferId = buffers.size();
  return success();
}

LogicalResult ConvertMoltenToGPU::FunctionConverter::convert() {
  if (failed(checkFunction()))
    return failure();
  FailureOr<ShapeSymbols> analyzed = ShapeSymbols::analyze(func);
  if (failed(analyzed))
    return failure();
  shapes = std::move(*analyzed);
  numSymbols = shapes->getNumSymbols();
  if (failed(addBuffers()))
    return failure();
  int64_t index = 0;
  for (FusedOp region : func.getBody().getOps<FusedOp>())
    if (!aliases.contains(region) && failed(convertRegion(region, index++)))
      return failure();
  // The plan's checks hold by construction; a failure is a bug here.
  auto plan = LaunchPlanAttr::getChecked(
      [&] { return func.emitOpError("built an invalid launch plan: "); },
      context, numInputs, static_cast<int64_t>(ret.getNumOperands()),
      numSymbols, ArrayRef(buffers), ArrayRef(launches));
  if (!plan)
    return failure();
  func->setAttr(kLaunchPlanAttrName, plan);
  return success();
}

FailureOr<ConvertMoltenToGPU::FunctionConverter::RegionKernels>
ConvertMoltenToGPU::FunctionConverter::kernelsOf(FusedOp region,
                                                 int64_t index) {
  RegionKernels r;
  r.region = region;
  r.hero = region.getHero();
  r.name = func.getName().str() + "_k" + std::to_string(index);
  for (Value input : region.getInputs()) {
    auto type = dyn_cast<RankedTensorType>(input.getType());
    if (!type) {
      r.argToParam.push_back(-1);
      continue;
    }
    r.argToParam.push_back(r.params.size());
    r.params.push_back(MemRefType::get({ShapedType::kDynamic},
                                       storageType(type.getElementType())));
    r.bufferIds.push_back(bufferOf.lookup(input));
  }
  r.firstOutput = r.params.size();
  for (Value result : region.getResults()) {
    r.params.push_back(MemRefType::get(
        {ShapedType::kDynamic},
        storageType(
            cast<RankedTensorType>(result.getType()).getElementType())));
    r.bufferIds.push_back(bufferOf.lookup(result));
  }
  r.firstSymbol = r.params.size();
  r.params.append(numSymbols, IndexType::get(context));
  // ptxas refuses a kernel over the parameter limit; molten-fuse splits
  // its regions to fit, but a hand-written region may not.
  int64_t paramBytes = kernelParamBytes(r.firstSymbol, numSymbols);
  int64_t maxParamBytes = maxKernelParamBytes(pass.ptx);
  if (paramBytes > maxParamBytes)
    return region.emitOpError("needs ")
           << paramBytes << " bytes of kernel parameters (" << r.firstSymbol
           << " tensors, " << numSymbols << " sizes), more than the "
           << maxParamBytes << " that PTX " << pass.ptx / 10 << "."
           << pass.ptx % 10 << " allows: split the region";
  // The tensor-core matmul adds two 128-byte tensor maps (three for
  // siblings), 64-byte aligned, and may add a workspace buffer; a region
  // they do not fit keeps the thread-per-output kernel.
  // The attention kernel adds three.
  bool siblings = r.hero == HeroKind::matmul && siblingMatmulOf(region);
  int64_t tensorMaps = r.hero == HeroKind::attention || siblings ? 3 : 2;
  bool mapsFit = static_cast<int64_t>(llvm::alignTo(
                     kernelParamBytes(r.firstSymbol + 1, numSymbols), 64)) +
                     tensorMaps * 128 <=
                 maxParamBytes;
  if (r.hero == HeroKind::matmul)
    r.hopper = !hopperMatmulUnsupported(region, pass.chip) && mapsFit;
  if (r.hero == HeroKind::attention)
    r.hopper = !hopperAttentionUnsupported(region, pass.chip,
                                           pass.target.getSharedMemory()) &&
               mapsFit;
  return r;
}

FailureOr<LaunchConfig> ConvertMoltenToGPU::FunctionConverter::buildKernel(
    const RegionKernels &r, const Tuning &kernelTuning, StringRef kernelName,
    gpu::GPUFuncOp &built, KernelRole role) {
  // A split-K matmul kernel and its reduction take a workspace buffer after
  // the outputs.
  bool withWorkspace =
      role.attentionSplit ||
      (role.variant &&
       hopperMatmulSplits(r.region, *role.variant, hopperTuning()) > 1);
  SmallVector<Type> kernelParams(r.params);
  if (withWorkspace)
    kernelParams.insert(
        kernelParams.begin() + r.firstSymbol,
        MemRefType::get({ShapedType::kDynamic}, Float32Type::get(context)));
  int64_t symbolArg = r.firstSymbol + (withWorkspace ? 1 : 0);
  Location loc = r.region.getLoc();
  OpBuilder b(kernels.getBodyRegion());
  b.setInsertionPointToEnd(kernels.getBody());
  SmallVector<Type> workgroup;
  auto workgroupF32 = [&](int64_t size) {
    return MemRefType::get(
        {size}, b.getF32Type(), MemRefLayoutAttrInterface{},
        gpu::AddressSpaceAttr::get(context, gpu::AddressSpace::Workgroup));
  };
  bool portableAttention = r.hero == HeroKind::attention && !r.hopper;
  if (r.hero == HeroKind::row_reduction || portableAttention)
    workgroup.push_back(workgroupF32(32));
  if (portableAttention)
    workgroup.push_back(workgroupF32(kAttentionThreads));
  if (role.variant == HopperVariant::Decode && !role.splitReduce)
    workgroup.push_back(
        workgroupF32(decodeMatmulScratch(r.region, hopperTuning())));
  auto kernel = gpu::GPUFuncOp::create(
      b, loc, kernelName, b.getFunctionType(kernelParams, {}), workgroup);
  kernel->setAttr(gpu::GPUDialect::getKernelFuncAttrName(), b.getUnitAttr());
  built = kernel;
  Block &entry = kernel.getBody().front();
  b.setInsertionPointToStart(&entry);
  auto kernelReturn = gpu::ReturnOp::create(b, loc);
  b.setInsertionPoint(kernelReturn);
  if (pass.dependentKernels) {
    // Let the next kernel in the stream launch now (it waits in turn), and
    // wait for the previous one's memory before the first access.
    NVVM::GriddepcontrolOp::create(b, loc,
                                   NVVM::GridDepActionKind::launch_dependents);
    NVVM::GriddepcontrolOp::create(b, loc, NVVM::GridDepActionKind::wait);
  }

  KernelContext ctx{b, loc, *shapes, &entry};
  for (int64_t s = 0; s < numSymbols; ++s)
    ctx.symbols.push_back(entry.getArgument(symbolArg + s));
  for (int64_t p : r.argToParam)
    ctx.inputBuffers.push_back(p < 0 ? Value() : entry.getArgument(p));
  SmallVector<Value> outputs;
  for (int64_t i = 0; i < (int64_t)r.region.getNumResults(); ++i)
    outputs.push_back(entry.getArgument(r.firstOutput + i));
  Value workspace = withWorkspace ? entry.getArgument(r.firstSymbol) : Value();

  FailureOr<LaunchConfig> launch =
      emitKernel(r, ctx, kernel, outputs, workspace, kernelTuning, role);
  if (failed(launch))
    return failure();
  bool only16Bit = hasOnly16BitResults(r.region);
  if (only16Bit)
    setRelaxedMathFlags(kernel);
  lowerFastMath(kernel);
  // The exact block size lets ptxas budget registers so that the launch
  // always fits (1024 threads leave 64 registers each).
  kernel.setKnownBlockSizeAttr(
      b.getDenseI32ArrayAttr({static_cast<int32_t>(launch->block), 1, 1}));
  capRegisters(r, kernel, *launch, kernelTuning, only16Bit);
  return launch;
}

/// The region's emitter, by its hero.
FailureOr<LaunchConfig> ConvertMoltenToGPU::FunctionConverter::emitKernel(
    const RegionKernels &r, KernelContext &ctx, gpu::GPUFuncOp kernel,
    ArrayRef<Value> outputs, Value workspace, const Tuning &kernelTuning,
    KernelRole role) {
  switch (r.hero) {
  case HeroKind::loop:
    return emitLoopKernel(ctx, r.region, outputs, kernelTuning);
  case HeroKind::row_reduction:
    return emitRowReductionKernel(ctx, r.region, outputs,
                                  kernel.getWorkgroupAttributions()[0],
                                  kernelTuning);
  case HeroKind::outer_reduction:
    return emitOuterReductionKernel(ctx, r.region, outputs);
  case HeroKind::attention:
    if (role.attentionSplit && role.splitReduce)
      return emitAttentionCombineKernel(ctx, r.region, outputs, workspace);
    if (r.hopper)
      return emitHopperAttentionKernel(ctx, kernel, r.region, outputs,
                                       workspace);
    return emitAttentionKernel(ctx, r.region, outputs,
                               kernel.getWorkgroupAttributions()[0],
                               kernel.getWorkgroupAttributions()[1]);
  case HeroKind::matmul:
    if (!r.hopper)
      return emitMatmulKernel(ctx, r.region, outputs);
    if (role.variant == HopperVariant::Decode && !role.splitReduce)
      return emitDecodeMatmulKernel(ctx, r.region, outputs,
                                    kernel.getWorkgroupAttributions()[0],
                                    workspace, hopperTuning());
    if (role.splitReduce)
      return emitHopperSplitReduceKernel(ctx, r.region, outputs, workspace,
                                         *role.variant, hopperTuning());
    return emitHopperMatmulKernel(
        ctx, kernel, r.region, outputs,
        role.variant          ? *role.variant
        : pass.matmulPingPong ? HopperVariant::PingPong
        : pass.matmulCluster  ? HopperVariant::Clustered
                              : HopperVariant::Large,
        workspace, hopperTuning());
  }
  llvm_unreachable("unknown hero kind");
}

/// Registers capped so that this many threads fit on a multiprocessor: more
/// rows in flight per multiprocessor for memory-bound kernels; but not under
/// what the kernel's threads hold (they would spill) or keep in flight
/// (LaunchConfig::registers). A few-rows variant runs a block or so a
/// multiprocessor: no cap. A row reduction of 16-bit values holds as many
/// elements a thread as an f32 one but half the bytes: more threads.
void ConvertMoltenToGPU::FunctionConverter::capRegisters(
    const RegionKernels &r, gpu::GPUFuncOp kernel, const LaunchConfig &launch,
    const Tuning &kernelTuning, bool only16Bit) {
  bool narrow = r.hero == HeroKind::row_reduction && only16Bit;
  int64_t threadsPerSM = r.hero == HeroKind::loop
                             ? kernelTuning.loopMinThreadsPerSM
                         : kernelTuning.fewRows ? 0
                         : narrow ? kernelTuning.narrowMinThreadsPerSM
                                  : kernelTuning.minThreadsPerSM;
  int64_t blocks = llvm::divideCeil(threadsPerSM, launch.block);
  // ptxas allocates registers 8 at a time.
  if (launch.registers > 0)
    blocks = std::min<int64_t>(
        blocks, pass.target.getRegisters() /
                    (llvm::alignTo(launch.registers, 8) * launch.block));
  if (blocks > 0)
    kernel->setAttr("nvvm.minctasm",
                    IntegerAttr::get(IntegerType::get(context, 32),
                                     static_cast<int32_t>(blocks)));
}

void ConvertMoltenToGPU::FunctionConverter::planLine(const RegionKernels &r,
                                                     StringRef kernelName,
                                                     const LaunchConfig &launch,
                                                     GridFactor gridFactor,
                                                     int64_t workspaceId) {
  Sizes s(context);
  SmallVector<int64_t> kernelIds(r.bufferIds);
  if (workspaceId >= 0)
    kernelIds.push_back(workspaceId);
  SmallVector<PlanTensorMapAttr> maps;
  for (const LaunchConfig::TensorMap &map : launch.tensorMaps)
    maps.push_back(PlanTensorMapAttr::get(
        context, bufferOf.lookup(r.region.getInputs()[map.input]), map.dims,
        map.box, map.swizzle));
  SizeExprAttr grid =
      gridFactor ? Sizes::mul(gridFactor, launch.grid) : launch.grid;
  launches.push_back(
      PlanKernelAttr::get(context, StringAttr::get(context, kernelName),
                          {grid, launch.gridY ? launch.gridY : s(1),
                           launch.gridZ ? launch.gridZ : s(1)},
                          {launch.block, 1, 1}, launch.smem, kernelIds,
                          llvm::to_vector(llvm::seq<int64_t>(0, numSymbols)),
                          maps, pass.dependentKernels));
}

LogicalResult
ConvertMoltenToGPU::FunctionConverter::convertRegion(FusedOp region,
                                                     int64_t index) {
  FailureOr<RegionKernels> r = kernelsOf(region, index);
  if (failed(r))
    return failure();
  gpu::GPUFuncOp kernel;
  FailureOr<LaunchConfig> launch =
      buildKernel(*r, pass.tuning, r->name, kernel);
  if (failed(launch))
    return failure();
  if (r->hopper && r->hero == HeroKind::matmul)
    return planMatmul(*r, kernel, *launch);
  if (r->hopper && r->hero == HeroKind::attention)
    return planAttention(*r, kernel, *launch);
  return planRowReduction(*r, kernel, *launch);
}

/// A split small variant's workspace (sized 0 for calls outside `range`),
/// kernel and reduction kernel, or its kernel alone.
LogicalResult ConvertMoltenToGPU::FunctionConverter::planSmallMatmul(
    const RegionKernels &r, HopperVariant variant, StringRef name,
    GridFactor range, ArrayRef<DimExpr> shape) {
  int64_t splits = hopperMatmulSplits(r.region, variant, hopperTuning());
  int64_t workspaceId = -1;
  if (splits > 1)
    workspaceId = addWorkspace(
        Sizes::mul(Sizes(context)(splits), Sizes(context).product(shape)),
        range);
  gpu::GPUFuncOp kernel;
  FailureOr<LaunchConfig> launch =
      buildKernel(r, pass.tuning, name, kernel, {variant});
  if (failed(launch))
    return failure();
  planLine(r, name, *launch, range, workspaceId);
  if (splits == 1)
    return success();
  gpu::GPUFuncOp reduceKernel;
  std::string reduceName = name.str() + "_reduce";
  FailureOr<LaunchConfig> reduceLaunch =
      buildKernel(r, pass.tuning, reduceName, reduceKernel,
                  {variant, /*splitReduce=*/true});
  if (failed(reduceLaunch))
    return failure();
  planLine(r, reduceName, *reduceLaunch, range, workspaceId);
  return success();
}

/// The value of `e` when it has no symbols, if it evaluates as the runtime
/// would (no overflow, exact `/`, no division by zero).
static std::optional<int64_t> constantValue(SizeExprAttr e) {
  if (e.getKind() == SizeExprKind::constant)
    return e.getValue();
  if (e.getKind() == SizeExprKind::symbol)
    return std::nullopt;
  std::optional<int64_t> a = constantValue(e.getOperands()[0]),
                         b = constantValue(e.getOperands()[1]);
  if (!a || !b)
    return std::nullopt;
  switch (e.getKind()) {
  case SizeExprKind::mul: {
    int64_t product;
    if (llvm::MulOverflow(*a, *b, product))
      return std::nullopt;
    return product;
  }
  case SizeExprKind::div:
    if (*b == 0 || *a % *b != 0)
      return std::nullopt;
    return *a / *b;
  case SizeExprKind::cdiv:
    if (*b <= 0 || *a < 0)
      return std::nullopt;
    return llvm::divideCeil(*a, *b);
  case SizeExprKind::min:
    return std::min(*a, *b);
  case SizeExprKind::max:
    return std::max(*a, *b);
  case SizeExprKind::le:
    return *a <= *b;
  default:
    return std::nullopt;
  }
}

/// A round of 128x128 tiles (the medium kernel) takes about this share, in
/// percent, of the time of a round of 128x256 ones (the large kernel): half
/// the products, with more operand bytes for each.
static constexpr int64_t kMediumRoundPercent = 54;

/// A tensor-core kernel for each range of rows (counted over the batch dims
/// too: they bound the workspaces): the small variants up to 16 and up to
/// 128 rows; above, the medium one or `kernel`. By default the medium one
/// serves the calls where its rounds of tiles (a tile per multiprocessor)
/// take less time than the large kernel's: where the large kernel's last
/// round would be mostly idle. `matmul-medium-rows` sets a row bound
/// instead, as does a large kernel other than the 128x256 one.
LogicalResult ConvertMoltenToGPU::FunctionConverter::planMatmul(
    const RegionKernels &r, gpu::GPUFuncOp kernel, const LaunchConfig &launch) {
  const Tuning &tuning = pass.tuning;
  int64_t multiprocessors = pass.target.getMultiprocessors();
  SmallVector<DimExpr> shape = shapes->getShape(matmulOf(r.region).getResult());
  SizeExprAttr rows = Sizes(context).product(ArrayRef(shape).drop_back());
  std::optional<int64_t> smallRows, mediumRows;
  if (hopperMatmulHasSmallVariants(r.region))
    smallRows = mediumRows = kHopperSmall128Rows;
  bool byRounds = pass.matmulMediumRows < 0 && !pass.matmulPingPong &&
                  !pass.matmulCluster && hopperMatmulHasMediumVariant(r.region);
  int64_t mediumUpTo = pass.matmulMediumRows < 0
                           ? hopperMatmulMediumRows(r.region, multiprocessors)
                           : pass.matmulMediumRows.getValue();
  if (!byRounds && !hopperMatmulNarrow(r.region) &&
      mediumUpTo > smallRows.value_or(0))
    mediumRows = mediumUpTo;
  LLVM_DEBUG({
    llvm::dbgs() << "[" DEBUG_TYPE "] " << r.name
                 << ": tensor-core matmul, small variants up to "
                 << smallRows.value_or(0) << " rows, medium tiles ";
    if (byRounds)
      llvm::dbgs() << "by rounds";
    else
      llvm::dbgs() << "up to " << mediumRows.value_or(0) << " rows";
    llvm::dbgs() << " (rows: " << rows << ")\n";
  });
  struct SmallKernel {
    HopperVariant variant;
    const char *suffix;
    std::optional<int64_t> above, upTo;
  };
  bool decode = pass.matmulDecodeRows >= 0 && decodeMatmulSupported(r.region);
  for (const SmallKernel &small :
       {decode ? SmallKernel{HopperVariant::Decode, "_decode", std::nullopt,
                             kHopperSmallRows}
               : SmallKernel{HopperVariant::Small, "_small", std::nullopt,
                             kHopperSmallRows},
        SmallKernel{HopperVariant::Small128, "_small128", kHopperSmallRows,
                    kHopperSmall128Rows}}) {
    std::optional<GridFactor> range =
        smallRows ? rowsBetween(rows, small.above, small.upTo) : std::nullopt;
    if (!range)
      continue;
    if (failed(planSmallMatmul(r, small.variant, r.name + small.suffix, *range,
                               shape)))
      return failure();
  }
  std::optional<GridFactor> many = rowsBetween(rows, mediumRows, std::nullopt);
  if (byRounds && many)
    return planMediumOrLarge(r, kernel, launch, *many);
  std::optional<GridFactor> medium =
      mediumRows != smallRows ? rowsBetween(rows, smallRows, mediumRows)
                              : std::nullopt;
  if (medium) {
    gpu::GPUFuncOp mediumKernel;
    std::string mediumName = r.name + "_medium";
    FailureOr<LaunchConfig> mediumLaunch = buildKernel(
        r, tuning, mediumName, mediumKernel, {HopperVariant::Medium});
    if (failed(mediumLaunch))
      return failure();
    planLine(r, mediumName, *mediumLaunch, *medium);
  }
  if (many)
    planLine(r, r.name, launch, *many);
  else
    kernel.erase();
  return success();
}

/// The medium and the large kernel for the same calls (`rows`): the large
/// one where its rounds take no longer than the medium one's, by
/// kMediumRoundPercent, else the medium one; decided when compiling where
/// the tile counts are static.
LogicalResult ConvertMoltenToGPU::FunctionConverter::planMediumOrLarge(
    const RegionKernels &r, gpu::GPUFuncOp kernel, const LaunchConfig &launch,
    GridFactor rows) {
  gpu::GPUFuncOp mediumKernel;
  std::string mediumName = r.name + "_medium";
  FailureOr<LaunchConfig> mediumLaunch = buildKernel(
      r, pass.tuning, mediumName, mediumKernel, {HopperVariant::Medium});
  if (failed(mediumLaunch))
    return failure();
  Sizes s(context);
  auto rounds = [&](const LaunchConfig &l) {
    return Sizes::cdiv(l.units, s(pass.target.getMultiprocessors()));
  };
  SizeExprAttr largeWins =
      Sizes::le(Sizes::mul(s(100), rounds(launch)),
                Sizes::mul(s(kMediumRoundPercent), rounds(*mediumLaunch)));
  if (std::optional<int64_t> wins = constantValue(largeWins)) {
    (*wins ? mediumKernel : kernel).erase();
    if (*wins)
      planLine(r, r.name, launch, rows);
    else
      planLine(r, mediumName, *mediumLaunch, rows);
    return success();
  }
  auto within = [&](SizeExprAttr factor) {
    return rows ? Sizes::mul(rows, factor) : factor;
  };
  planLine(r, mediumName, *mediumLaunch, within(Sizes::le(largeWins, s(0))));
  planLine(r, r.name, launch, within(largeWins));
  return success();
}

int64_t ConvertMoltenToGPU::FunctionConverter::addWorkspace(SizeExprAttr size,
                                                            GridFactor range) {
  int64_t id = nextBufferId++;
  assert(id == static_cast<int64_t>(buffers.size()) &&
         "plan buffers out of order");
  buffers.push_back(PlanBufferAttr::get(
      context, BufferRole::temp, -1, Float32Type::get(context),
      {range ? Sizes::mul(range, size) : size}));
  return id;
}

/// The tensor-core attention kernel, and for calls of few query rows a
/// head (decode) the split-KV kernel and its combine kernel with their
/// workspace: one CTA per head and 128 query rows would leave most
/// multiprocessors idle while the keys and values stream.
LogicalResult ConvertMoltenToGPU::FunctionConverter::planAttention(
    const RegionKernels &r, gpu::GPUFuncOp kernel, const LaunchConfig &launch) {
  SmallVector<DimExpr> query =
      shapes->getShape(attentionOf(r.region).getQuery());
  Sizes s(context);
  SizeExprAttr rows = s.dim(query[query.size() - 2]);
  int64_t splitRows = attentionSplitRows(r.region);
  std::optional<GridFactor> few = rowsBetween(rows, std::nullopt, splitRows);
  std::optional<GridFactor> many = rowsBetween(rows, splitRows, std::nullopt);
  if (few) {
    int64_t workspaceId =
        addWorkspace(attentionSplitWorkspace(*shapes, r.region), *few);
    for (bool combine : {false, true}) {
      std::string name = r.name + (combine ? "_combine" : "_split");
      gpu::GPUFuncOp splitKernel;
      KernelRole role;
      role.attentionSplit = true;
      role.splitReduce = combine;
      FailureOr<LaunchConfig> splitLaunch =
          buildKernel(r, pass.tuning, name, splitKernel, role);
      if (failed(splitLaunch))
        return failure();
      planLine(r, name, *splitLaunch, *few, workspaceId);
    }
  }
  if (many)
    planLine(r, r.name, launch, *many);
  else
    kernel.erase();
  return success();
}

/// A row reduction with a few-rows variant: the variant serves calls of at
/// most `multiprocessors` rows, `kernel` the others. Not where the variant
/// would loop over its row (a longer row than the throughput kernel holds).
/// Other kernels launch for every call.
LogicalResult ConvertMoltenToGPU::FunctionConverter::planRowReduction(
    const RegionKernels &r, gpu::GPUFuncOp kernel, const LaunchConfig &launch) {
  SizeExprAttr rows = launch.fewRowsVariantRows;
  std::optional<RowSplit> split;
  if (rows && pass.fewRowsVariant)
    split = splitByRows(rows, pass.target.getMultiprocessors());
  if (!split || !split->few) {
    planLine(r, r.name, launch, GridFactor());
    return success();
  }
  Tuning few = pass.tuning;
  few.fewRows = true;
  std::string fewName = r.name + "_few_rows";
  gpu::GPUFuncOp fewKernel;
  FailureOr<LaunchConfig> fewLaunch = buildKernel(r, few, fewName, fewKernel);
  if (failed(fewLaunch))
    return failure();
  if (fewLaunch->looped) {
    fewKernel.erase();
    planLine(r, r.name, launch, GridFactor());
    return success();
  }
  if (!split->many)
    kernel.erase();
  planLine(r, fewName, *fewLaunch, *split->few);
  if (split->many)
    planLine(r, r.name, launch, *split->many);
  return success();
}

} // namespace

/// The chips of LLVM 22's NVPTX backend that Molten's kernels can run on
/// (warp shuffles: sm_30 on), each with the PTX ISA version (times ten) that
/// introduced it: the backend aborts on an older one.
static constexpr std::pair<const char *, int64_t> kChips[] = {
    {"sm_30", 32},   {"sm_32", 40},   {"sm_35", 32},   {"sm_37", 41},
    {"sm_50", 40},   {"sm_52", 41},   {"sm_53", 42},   {"sm_60", 50},
    {"sm_61", 50},   {"sm_62", 50},   {"sm_70", 60},   {"sm_72", 61},
    {"sm_75", 63},   {"sm_80", 70},   {"sm_86", 71},   {"sm_87", 74},
    {"sm_88", 90},   {"sm_89", 78},   {"sm_90", 78},   {"sm_90a", 80},
    {"sm_100", 86},  {"sm_100a", 86}, {"sm_100f", 88}, {"sm_101", 86},
    {"sm_101a", 86}, {"sm_101f", 88}, {"sm_103", 88},  {"sm_103a", 88},
    {"sm_103f", 88}, {"sm_110", 90},  {"sm_110a", 90}, {"sm_110f", 90},
    {"sm_120", 87},  {"sm_120a", 87}, {"sm_120f", 88}, {"sm_121", 88},
    {"sm_121a", 88}, {"sm_121f", 88}};

/// The PTX ISA versions LLVM 22's NVPTX backend can write.
static constexpr int64_t kPTXVersions[] = {
    32, 40, 41, 42, 43, 50, 60, 61, 62, 63, 64, 65, 70, 71, 72, 73,
    74, 75, 76, 77, 78, 80, 81, 82, 83, 84, 85, 86, 87, 88, 90};

std::optional<std::string> mlir::molten::checkGPUTarget(StringRef chip,
                                                        int64_t ptx) {
  const auto *known = llvm::find_if(
      kChips, [&](const auto &entry) { return chip == entry.first; });
  if (known == std::end(kChips)) {
    std::string names;
    for (const auto &entry : kChips)
      names += (names.empty() ? "" : ", ") + std::string(entry.first);
    return "unknown chip '" + chip.str() + "': expected one of " + names;
  }
  if (!llvm::is_contained(kPTXVersions, ptx))
    return "unknown PTX version " + std::to_string(ptx) +
           " (the version times ten: 80 for PTX 8.0; 32 to 90)";
  // Warp shuffles (shfl.sync) need PTX 6.0 whatever the chip.
  int64_t minimum = std::max<int64_t>(known->second, 60);
  if (ptx < minimum)
    return "PTX version " + std::to_string(ptx) + " cannot target " +
           chip.str() + ": it needs " + std::to_string(minimum) + " or later";
  return std::nullopt;
}

/// Whether `options` (convert-molten-to-gpu's, as in a pipeline) set chip or
/// ptx.
static bool setsChipOrPTX(StringRef options) {
  SmallVector<StringRef> words;
  llvm::SplitString(options, words);
  return llvm::any_of(words, [](StringRef word) {
    StringRef key = word.split('=').first.trim();
    return key == "chip" || key == "ptx";
  });
}

std::optional<std::string> mlir::molten::checkGPUOptions(StringRef gpuOptions) {
  if (setsChipOrPTX(gpuOptions))
    return std::string("gpu-options may not set chip or ptx: they are "
                       "molten-to-gpu-pipeline's own options");
  std::string why;
  std::unique_ptr<Pass> pass = createConvertMoltenToGPU();
  if (failed(pass->initializeOptions(gpuOptions, [&](const Twine &message) {
        // cl's name for the string being parsed says nothing to users.
        std::string text = message.str();
        StringRef ref(text);
        ref.consume_front("<Pass-Options-Parser>: ");
        why = ref.str();
        return failure();
      })))
    return "bad convert-molten-to-gpu options '" + gpuOptions.str() + "'" +
           (why.empty() ? "" : ": " + why);
  return std::nullopt;
}

bool GPUOptionsParser::parse(llvm::cl::Option &option, StringRef argName,
                             StringRef arg, std::string &value) {
  if (std::optional<std::string> why = checkGPUOptions(arg))
    return option.error(*why);
  value = arg.str();
  return false;
}

LogicalResult mlir::molten::buildMoltenToGPUPipeline(
    OpPassManager &pm, const MoltenToGPUPipelineOptions &options) {
  if (checkGPUOptions(options.gpuOptions))
    return failure();
  FusionPipelineOptions fusion;
  fusion.report = options.report;
  fusion.siblingMatmuls = options.siblingMatmuls;
  buildFusionPipeline(pm, fusion);
  // The pipeline's chip and ptx (the pass checks them), dependent launches
  // (which convert-molten-to-gpu makes only where the chip has them), then
  // the caller's options.
  ConvertMoltenToGPUOptions base;
  base.chip = options.chip;
  base.ptx = options.ptx;
  base.dependentLaunch = true;
  std::unique_ptr<Pass> gpu = createConvertMoltenToGPU(base);
  if (failed(gpu->initializeOptions(options.gpuOptions,
                                    [](const Twine &) { return failure(); })))
    return failure();
  pm.addPass(std::move(gpu));
  GpuNVVMAttachTargetOptions target;
  target.chip = options.chip;
  target.features = "+ptx" + std::to_string(options.ptx);
  target.optLevel = 3;
  pm.addPass(createGpuNVVMAttachTarget(target));
  OpPassManager &kernels = pm.nest<gpu::GPUModuleOp>();
  kernels.addPass(createSCFToControlFlowPass());
  kernels.addPass(createConvertGpuOpsToNVVMOps());
  // The NVVM ops that lower to inline PTX (wgmma, mbarrier waits, TMA).
  kernels.addPass(createConvertNVVMToLLVMPass());
  kernels.addPass(createMoltenGridConstantParams());
  kernels.addPass(createReconcileUnrealizedCastsPass());
  GpuModuleToBinaryPassOptions binary;
  binary.compilationTarget = "isa";
  // Math functions come from libdevice; without the toolkit path the
  // serializer leaves them as unresolved externs in the PTX.
  binary.toolkitPath = options.cudaPath;
  if (binary.toolkitPath.empty()) {
    const char *home = std::getenv("CUDA_HOME");
    binary.toolkitPath = home && *home ? home : "/usr/local/cuda";
  }
  pm.addPass(createGpuModuleToBinaryPass(binary));
  return success();
}
