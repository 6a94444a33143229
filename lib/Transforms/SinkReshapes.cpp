//===- SinkReshapes.cpp - leading unit dims off elementwise math ---------===//
//
// Part of the Molten project, under the Apache License v2.0.
//
//===----------------------------------------------------------------------===//
//
// PyTorch's graphs flatten [1, T, D] activations to [T, D] for each linear
// layer and reshape the product back, so the math after a matmul works on
// [1, T, D] while the matmul's result is [T, D]. Fusion keeps a reshape out
// of a matmul's epilogue and a reduction's prologue, so the residual add,
// the norm's square and the like became kernels of their own. This pass
// moves each reshape that only adds leading unit dims below the elementwise
// op or reduction using it, which then works in the reshape's source shape;
// the op's other operands drop the same unit dims (broadcast operands of
// lower rank need nothing). Reshapes meet and fold on the way, and one left
// between two kernels costs nothing (convert-molten-to-gpu shares the
// buffer).
//
//===----------------------------------------------------------------------===//

#include "Molten/Transforms/Passes.h"

#include "Molten/Dialect/Molten/IR/MoltenOps.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::molten {
#define GEN_PASS_DEF_MOLTENSINKRESHAPES
#include "Molten/Transforms/Passes.h.inc"
} // namespace mlir::molten

using namespace mlir;
using namespace mlir::molten;

namespace {

static bool allOnes(ArrayRef<int64_t> dims) {
  return llvm::all_of(dims, [](int64_t d) { return d == 1; });
}

/// How many leading unit dims `value`'s reshape adds to its input's shape
/// (0 when `value` is no such reshape).
static int64_t addedUnitDims(Value value) {
  auto reshape = value.getDefiningOp<ReshapeOp>();
  if (!reshape)
    return 0;
  ArrayRef<int64_t> in = reshape.getInput().getType().getShape();
  ArrayRef<int64_t> out = reshape.getType().getShape();
  int64_t added = static_cast<int64_t>(out.size() - in.size());
  if (added <= 0 || out.drop_front(added) != in ||
      !allOnes(out.take_front(added)))
    return 0;
  return added;
}

/// Whether a reshape may produce `shape`: at most one dynamic dim, and no 0
/// beside it (ReshapeOp's verifier).
static bool reshapeable(ArrayRef<int64_t> shape) {
  int64_t dynamic = llvm::count_if(shape, ShapedType::isDynamic);
  return dynamic == 0 || (dynamic == 1 && !llvm::is_contained(shape, 0));
}

/// Rewrites an op whose operands are tensors of rank at most `rank` into
/// the space without the `drop` leading unit dims of that rank.
class DropUnitDims {
public:
  DropUnitDims(int64_t rank, int64_t drop) : rank(rank), drop(drop) {}

  /// Whether `operand` has a form in that space.
  bool fits(Value operand) const {
    auto type = cast<RankedTensorType>(operand.getType());
    int64_t extra = excess(type);
    if (extra <= 0)
      return true; // it broadcasts from the right in both spaces
    ArrayRef<int64_t> shape = type.getShape();
    return allOnes(shape.take_front(extra)) &&
           (sourceOf(operand, extra) || reshapeable(shape.drop_front(extra)));
  }

  /// `operand` in that space: itself, the input of the reshape that added
  /// the unit dims, or a reshape that drops them.
  Value map(PatternRewriter &rewriter, Location loc, Value operand) const {
    auto type = cast<RankedTensorType>(operand.getType());
    int64_t extra = excess(type);
    if (extra <= 0)
      return operand;
    if (Value source = sourceOf(operand, extra))
      return source;
    return ReshapeOp::create(
        rewriter, loc, type.clone(type.getShape().drop_front(extra)), operand);
  }

private:
  int64_t excess(RankedTensorType type) const {
    return type.getRank() - (rank - drop);
  }
  static Value sourceOf(Value operand, int64_t extra) {
    if (addedUnitDims(operand) != extra)
      return {};
    return operand.getDefiningOp<ReshapeOp>().getInput();
  }

  int64_t rank, drop;
};

/// `op` (one tensor result of rank `rank`, its leading `drop` dims units)
/// rebuilt without those dims, `attrs` its attributes, and a reshape back.
static void rebuild(PatternRewriter &rewriter, Operation *op,
                    const DropUnitDims &space, int64_t drop,
                    ArrayRef<NamedAttribute> attrs) {
  Location loc = op->getLoc();
  auto type = cast<RankedTensorType>(op->getResult(0).getType());
  OperationState state(loc, op->getName());
  for (Value operand : op->getOperands())
    state.addOperands(space.map(rewriter, loc, operand));
  state.addAttributes(attrs);
  state.addTypes(type.clone(type.getShape().drop_front(drop)));
  Operation *narrow = rewriter.create(state);
  rewriter.replaceOpWithNewOp<ReshapeOp>(op, type, narrow->getResult(0));
}

/// The most leading unit dims that a reshape among `op`'s full-rank
/// operands adds and that `op`'s result has too.
static int64_t unitDimsToDrop(Operation *op, int64_t rank,
                              ArrayRef<int64_t> resultShape) {
  int64_t drop = 0;
  for (Value operand : op->getOperands())
    if (cast<RankedTensorType>(operand.getType()).getRank() == rank)
      drop = std::max(drop, addedUnitDims(operand));
  while (drop > 0 && !allOnes(resultShape.take_front(drop)))
    --drop;
  return drop;
}

/// An elementwise op of a reshape that adds leading unit dims.
struct SinkIntoElementwise : RewritePattern {
  SinkIntoElementwise(MLIRContext *context)
      : RewritePattern(MatchAnyOpTypeTag(), /*benefit=*/1, context) {}

  LogicalResult matchAndRewrite(Operation *op,
                                PatternRewriter &rewriter) const override {
    // Reshapes take float tensors only: a compare's i1 result or a
    // select's i1 condition could not be reshaped back or down.
    auto isFloatTensor = [](Type type) {
      auto tensor = dyn_cast<RankedTensorType>(type);
      return tensor && isa<FloatType>(tensor.getElementType());
    };
    if (!op->hasTrait<Elementwise>() || op->getNumResults() != 1 ||
        !isFloatTensor(op->getResult(0).getType()) ||
        !llvm::all_of(op->getOperandTypes(), isFloatTensor))
      return failure();
    auto type = cast<RankedTensorType>(op->getResult(0).getType());
    int64_t drop = unitDimsToDrop(op, type.getRank(), type.getShape());
    DropUnitDims space(type.getRank(), drop);
    if (drop == 0 || !reshapeable(type.getShape()) ||
        !llvm::all_of(op->getOperands(),
                      [&](Value v) { return space.fits(v); }))
      return failure();
    rebuild(rewriter, op, space, drop, op->getAttrs());
    return success();
  }
};

/// A reduction of a reshape that adds leading unit dims, over other dims:
/// it reduces the same dims of the reshape's input.
template <typename ReduceOpT>
struct SinkIntoReduction : OpRewritePattern<ReduceOpT> {
  using OpRewritePattern<ReduceOpT>::OpRewritePattern;

  LogicalResult matchAndRewrite(ReduceOpT op,
                                PatternRewriter &rewriter) const override {
    int64_t drop = addedUnitDims(op.getInput());
    ArrayRef<int64_t> dims = op.getDims();
    if (drop == 0 || !reshapeable(op.getType().getShape()) ||
        llvm::any_of(dims, [&](int64_t d) { return d < drop; }))
      return failure();
    // Reduced dims come after the dropped ones, which so stay in front of
    // the result, keepdim or not.
    auto inputType = cast<RankedTensorType>(op.getInput().getType());
    DropUnitDims space(inputType.getRank(), drop);
    SmallVector<int64_t> shifted;
    for (int64_t d : dims)
      shifted.push_back(d - drop);
    NamedAttrList attrs(op->getAttrs());
    attrs.set(op.getDimsAttrName(), rewriter.getDenseI64ArrayAttr(shifted));
    rebuild(rewriter, op, space, drop, attrs.getAttrs());
    return success();
  }
};

struct MoltenSinkReshapes
    : molten::impl::MoltenSinkReshapesBase<MoltenSinkReshapes> {
  void runOnOperation() override {
    MLIRContext *context = &getContext();
    RewritePatternSet patterns(context);
    patterns
        .add<SinkIntoElementwise, SinkIntoReduction<ReduceSumOp>,
             SinkIntoReduction<ReduceMeanOp>, SinkIntoReduction<ReduceMaxOp>,
             SinkIntoReduction<ReduceMinOp>>(context);
    // Chains of reshapes fold as they meet (ReshapeOp's folder).
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
