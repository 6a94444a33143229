//===- Fuse.cpp - form molten.fused regions -------------------------------===//
//
// Part of the Molten project, under the Apache License v2.0.
//
//===----------------------------------------------------------------------===//
//
// The "form" half of fusion: the FusionPlanner decides the groups, and this
// file wraps each group in a molten.fused region.
//
//===----------------------------------------------------------------------===//

#include "Molten/Transforms/Passes.h"

#include "Molten/Dialect/Molten/IR/MoltenOps.h"
#include "Molten/Transforms/FusionPlanner.h"
#include "mlir/Analysis/TopologicalSortUtils.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Transforms/Passes.h"
#include "llvm/ADT/SmallPtrSet.h"

namespace mlir::molten {
#define GEN_PASS_DEF_MOLTENFUSE
#define GEN_PASS_DEF_MOLTENFUSIONREPORT
#include "Molten/Transforms/Passes.h.inc"
} // namespace mlir::molten

using namespace mlir;
using namespace mlir::molten;

/// Wraps `ops` (program order, one block) in a molten.fused region placed
/// at the last of them. `inputs` and `outputs` are the region's boundary;
/// constants the ops use are cloned inside.
static FusedOp formRegion(RewriterBase &rewriter, ArrayRef<Operation *> ops,
                          ArrayRef<Value> inputs, ArrayRef<Value> outputs) {
  SmallVector<Location> locs;
  for (Operation *op : ops)
    locs.push_back(op->getLoc());
  Location loc = rewriter.getFusedLoc(locs);

  rewriter.setInsertionPoint(ops.back());
  SmallVector<Type> resultTypes;
  for (Value v : outputs)
    resultTypes.push_back(v.getType());
  // The hero is set once the body is in place: it is the body's.
  auto fused =
      FusedOp::create(rewriter, loc, resultTypes, HeroKind::loop, inputs);

  Block *body = rewriter.createBlock(&fused.getBody());
  IRMapping mapping;
  for (Value input : inputs)
    mapping.map(input, body->addArgument(input.getType(), input.getLoc()));
  // Cheap producers from outside (constants, casts of arguments, ...) are
  // cloned in front of their first use; their operands are inputs.
  auto cloneWithProducers = [&](Operation *op, auto &self) -> void {
    for (Value operand : op->getOperands()) {
      Operation *def = operand.getDefiningOp();
      if (def && !mapping.contains(operand) && canCloneInto(def, op))
        self(def, self);
    }
    rewriter.clone(*op, mapping);
  };
  for (Operation *op : ops)
    cloneWithProducers(op, cloneWithProducers);
  SmallVector<Value> yielded;
  for (Value v : outputs)
    yielded.push_back(mapping.lookup(v));
  YieldOp::create(rewriter, loc, yielded);
  fused.setHero(FusedOp::inferHero(*body));

  llvm::SmallPtrSet<Operation *, 16> members(ops.begin(), ops.end());
  for (auto [output, result] : llvm::zip(outputs, fused.getResults()))
    rewriter.replaceUsesWithIf(output, result, [&](OpOperand &use) {
      return !members.contains(use.getOwner());
    });
  for (Operation *op : llvm::reverse(ops))
    rewriter.eraseOp(op);
  return fused;
}

namespace {

struct MoltenFuse : molten::impl::MoltenFuseBase<MoltenFuse> {
  using MoltenFuseBase::MoltenFuseBase;

  void runOnOperation() override {
    FunctionOpInterface func = getOperation();
    if (func.isExternal())
      return;
    if (maxKernelOps < 1 || maxKernelLoads < 1 || maxKernelParamBytes < 1) {
      func.emitError("molten-fuse: max-kernel-ops, max-kernel-loads and "
                     "max-kernel-param-bytes must be positive");
      return signalPassFailure();
    }
    FusionLimits limits;
    limits.maxOps = maxKernelOps;
    limits.maxLoads = maxKernelLoads;
    limits.maxParamBytes = maxKernelParamBytes;
    limits.siblingMatmuls = siblingMatmuls;
    IRRewriter rewriter(&getContext());
    for (Block &block : func.getFunctionBody()) {
      FusionPlanner planner(block, limits);
      if (report)
        planner.print(llvm::errs());
      if (remarks)
        planner.emitRemarks();
      // Boundaries are read just before forming each region: earlier regions
      // have already replaced their outputs with region results.
      for (const FusionGroup &group : planner.getGroups())
        formRegion(rewriter, group.ops, planner.getInputs(group),
                   planner.getOutputs(group));
      // Cheap producers were cloned into their users; one still used outside
      // a region (say, returned) gets a region of its own. Walk backwards so
      // that users go before the producers they use.
      for (Operation &op : llvm::make_early_inc_range(llvm::reverse(block))) {
        if (!isClonedIntoUsers(&op))
          continue;
        if (op.use_empty())
          rewriter.eraseOp(&op);
        else
          formRegion(rewriter, {&op}, SmallVector<Value>(op.getOperands()),
                     SmallVector<Value>(op.getResults()));
      }
      // A region sits at its last op; a user of an early output may be
      // above it. The groups form a DAG, so an order exists.
      bool sorted =
          !block.empty() && block.back().hasTrait<OpTrait::IsTerminator>()
              ? sortTopologically(&block, block.without_terminator())
              : sortTopologically(&block);
      if (!sorted) {
        func.emitError("molten-fuse: the planned regions depend on each "
                       "other in a cycle (a planner bug)");
        return signalPassFailure();
      }
    }
  }
};

struct MoltenFusionReport
    : molten::impl::MoltenFusionReportBase<MoltenFusionReport> {
  void runOnOperation() override {
    FunctionOpInterface func = getOperation();
    if (func.isExternal())
      return;
    for (Block &block : func.getFunctionBody())
      FusionPlanner(block).print(llvm::errs());
    markAllAnalysesPreserved();
  }
};

} // namespace

void mlir::molten::buildFusionPipeline(OpPassManager &pm,
                                       const FusionPipelineOptions &options) {
  pm.addPass(createCanonicalizerPass());
  MoltenDecomposeOptions decomposeOptions;
  decomposeOptions.report = options.report;
  pm.addPass(createMoltenDecompose(decomposeOptions));
  pm.addPass(createMoltenSinkReshapes());
  pm.addPass(createCanonicalizerPass());
  MoltenFuseOptions fuseOptions;
  fuseOptions.report = options.report;
  fuseOptions.siblingMatmuls = options.siblingMatmuls;
  pm.addNestedPass<func::FuncOp>(createMoltenFuse(fuseOptions));
  pm.addPass(createCSEPass());
}
