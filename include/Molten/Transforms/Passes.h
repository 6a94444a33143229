//===- Passes.h - molten transformation passes ------------------*- C++ -*-===//
//
// Part of the Molten project, under the Apache License v2.0.
//
//===----------------------------------------------------------------------===//

#ifndef MOLTEN_TRANSFORMS_PASSES_H
#define MOLTEN_TRANSFORMS_PASSES_H

#include "Molten/Dialect/Molten/IR/MoltenDialect.h"
#include "mlir/Interfaces/FunctionInterfaces.h"
#include "mlir/Pass/Pass.h"
#include "mlir/Pass/PassOptions.h"

namespace mlir {
class RewritePatternSet;
} // namespace mlir

namespace mlir::molten {

/// The rewrites of `molten-decompose`, for pipelines that want them inside
/// their own pattern application.
void populateMoltenDecomposePatterns(RewritePatternSet &patterns);

#define GEN_PASS_DECL
#include "Molten/Transforms/Passes.h.inc"

/// Options of the `molten-fusion-pipeline`.
struct FusionPipelineOptions
    : public PassPipelineOptions<FusionPipelineOptions> {
  PassOptions::Option<bool> report{
      *this, "report", llvm::cl::desc("Print the fusion report to stderr"),
      llvm::cl::init(false)};
  PassOptions::Option<bool> siblingMatmuls{
      *this, "sibling-matmuls",
      llvm::cl::desc("molten-fuse's sibling-matmuls: two matmuls of one lhs "
                     "share a kernel where their results meet"),
      llvm::cl::init(false)};
};

/// canonicalize, molten-decompose, canonicalize, molten-fuse, cse: from
/// user math to molten.fused regions.
void buildFusionPipeline(OpPassManager &pm,
                         const FusionPipelineOptions &options);

#define GEN_PASS_REGISTRATION
#include "Molten/Transforms/Passes.h.inc"

} // namespace mlir::molten

#endif // MOLTEN_TRANSFORMS_PASSES_H
