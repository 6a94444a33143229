//===- Passes.td - conversions out of molten ---------------*- tablegen -*-===//
//
// Part of the Molten project, under the Apache License v2.0.
//
//===----------------------------------------------------------------------===//

#ifndef MOLTEN_CONVERSION_PASSES_TD
#define MOLTEN_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def ConvertMoltenToLinalg : Pass<"convert-molten-to-linalg"> {
  let summary = "Lower molten ops on tensors to linalg, tensor, arith and math";
  let description = [{
    The reference semantics of the dialect: every molten op (composites
    included, and the bodies of `molten.fused` regions, which are inlined)
    becomes upstream ops on tensors that stock MLIR pipelines bufferize and
    run on the CPU. See docs/reference-path.md.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::linalg::LinalgDialect",
    "::mlir::math::MathDialect",
    "::mlir::tensor::TensorDialect",
  ];
}

#endif // MOLTEN_CONVERSION_PASSES_TD
