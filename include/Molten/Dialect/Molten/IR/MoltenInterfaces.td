//===- MoltenInterfaces.td - Molten op interfaces ----------*- tablegen -*-===//
//
// Part of the Molten project, under the Apache License v2.0.
//
//===----------------------------------------------------------------------===//

#ifndef MOLTEN_INTERFACES_TD
#define MOLTEN_INTERFACES_TD

include "mlir/IR/OpBase.td"

def Molten_ReductionOpInterface : OpInterface<"ReductionOpInterface"> {
  let cppNamespace = "::mlir::molten";
  let description = [{
    Reduces its first operand over a list of its dimensions, combining the
    elements as `getReductionKind` says. Fusion and the GPU emitters ask
    reductions through this interface, not by op name.
  }];
  let methods = [
    InterfaceMethod<"The reduced dimensions of the input.",
      "::llvm::ArrayRef<int64_t>", "getReducedDims", (ins), [{}],
      [{ return $_op.getDims(); }]>,
    InterfaceMethod<"How the reduced elements combine.",
      "::mlir::molten::ReductionKind", "getReductionKind">,
  ];
}

#endif // MOLTEN_INTERFACES_TD
