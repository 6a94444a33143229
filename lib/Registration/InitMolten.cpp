//===- InitMolten.cpp - Registration hooks for embedders -----------------===//
//
// Part of the Molten project, under the Apache License v2.0.
//
//===----------------------------------------------------------------------===//

#include "Molten/InitMolten.h"

#include "Molten/Conversion/Passes.h"
#include "Molten/Dialect/Molten/IR/MoltenDialect.h"
#include "Molten/Transforms/Passes.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Pass/PassRegistry.h"

using namespace mlir;

void molten::registerMoltenDialect(DialectRegistry &registry) {
  registry.insert<molten::MoltenDialect>();
}

void molten::registerMoltenPasses() {
  registerMoltenTransformsPasses();
  registerMoltenConversionPasses();
}

void molten::registerMoltenPipelines() {
  static bool once = [] {
    PassPipelineRegistration<molten::FusionPipelineOptions>(
        "molten-fusion-pipeline",
        "From molten math to molten.fused regions: canonicalize, "
        "molten-decompose, canonicalize, molten-fuse, cse",
        molten::buildFusionPipeline);
    PassPipelineRegistration<molten::MoltenToGPUPipelineOptions>(
        "molten-to-gpu-pipeline",
        "From molten math to PTX: molten-fusion-pipeline, "
        "convert-molten-to-gpu, "
        "nvvm-attach-target, convert-gpu-to-nvvm, gpu-module-to-binary",
        [](OpPassManager &pm,
           const molten::MoltenToGPUPipelineOptions &options) {
          // gpu-options were checked as they were parsed.
          (void)molten::buildMoltenToGPUPipeline(pm, options);
        });
    return true;
  }();
  (void)once;
}
