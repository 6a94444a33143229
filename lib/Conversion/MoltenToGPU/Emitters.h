//===- Emitters.h - one emitter per region hero -----------------*- C++ -*-===//
//
// Part of the Molten project, under the Apache License v2.0.
//
//===----------------------------------------------------------------------===//
//
// Each emitter fills in the body of a gpu.func for one molten.fused region
// and says how to launch it. Grid sizes are bundle expressions over the
// function's size symbols (docs/bundle.md).
//
//===----------------------------------------------------------------------===//

#ifndef MOLTEN_LIB_CONVERSION_MOLTENTOGPU_EMITTERS_H
#define MOLTEN_LIB_CONVERSION_MOLTENTOGPU_EMITTERS_H

#include "KernelBuilder.h"

namespace mlir::molten {

struct LaunchConfig {
  std::string grid; // x; y and z are 1
  int64_t block;
};

/// The bundle expression for the product of `dims`.
std::string productExpr(ArrayRef<DimExpr> dims);

/// Elementwise and data movement: a grid-stride loop over the outputs,
/// 16-byte vectors where rows allow, a scalar tail in flat mode.
FailureOr<LaunchConfig> emitLoopKernel(KernelContext &ctx, FusedOp region,
                                       ArrayRef<Value> outputs);

/// Reductions over the innermost dims: a block per row, the row in
/// registers, warp shuffles then shared memory (`scratch`).
FailureOr<LaunchConfig> emitRowReductionKernel(KernelContext &ctx,
                                               FusedOp region,
                                               ArrayRef<Value> outputs,
                                               Value scratch);

/// A matmul and its elementwise epilogue: a thread per output element,
/// f32 accumulation, the epilogue applied before the store.
FailureOr<LaunchConfig> emitMatmulKernel(KernelContext &ctx, FusedOp region,
                                         ArrayRef<Value> outputs);

/// A reduction over outer dims: a thread per output element.
FailureOr<LaunchConfig> emitOuterReductionKernel(KernelContext &ctx,
                                                 FusedOp region,
                                                 ArrayRef<Value> outputs);

} // namespace mlir::molten

#endif // MOLTEN_LIB_CONVERSION_MOLTENTOGPU_EMITTERS_H
