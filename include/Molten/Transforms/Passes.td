//===- Passes.td - molten transformation passes ------------*- tablegen -*-===//
//
// Part of the Molten project, under the Apache License v2.0.
//
//===----------------------------------------------------------------------===//

#ifndef MOLTEN_TRANSFORMS_PASSES_TD
#define MOLTEN_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def MoltenDecompose : Pass<"molten-decompose"> {
  let summary = "Expand composite molten ops into primitive molten math";
  let description = [{
    Rewrites `rms_norm`, `layer_norm`, `softmax`, `gelu`, `silu`, `sigmoid`
    and `rope` into elementwise ops, reductions and data movement, so that
    fusion sees one vocabulary whether a user called the composite or wrote
    the math. f16/bf16 inputs are cast to f32 first and the result is cast
    back once (docs/precision.md). Softmax subtracts the row maximum.
    `matmul` stays: it is a fusion root of its own.
  }];
  let dependentDialects = ["::mlir::molten::MoltenDialect"];
}

#endif // MOLTEN_TRANSFORMS_PASSES_TD
