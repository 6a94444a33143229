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

def Molten_ScalarFormulaOpInterface : OpInterface<"ScalarFormulaOpInterface"> {
  let cppNamespace = "::mlir::molten";
  let description = [{
    An elementwise op whose result element is a formula of its operands'
    elements at the same (broadcast) index, in a compute type (f32, or f64
    in the linalg lowering's f64 mode). The op writes the formula once, in
    MoltenOps.td, as a `formula` template over a math (ScalarMath.h); the
    methods below instantiate it for the users: the folds evaluate it on
    doubles, the linalg lowering and the GPU evaluator build it from
    arith/math ops, and molten-decompose builds composites from molten ops.
    Operands and results are converted to and from the compute type by the
    users, not by the formula.
  }];
  let methods = [
    InterfaceMethod<[{
        Builds the formula with `math` on `operands`, which are already in
        the builder's compute type.
      }],
      "::mlir::Value", "buildFormula",
      (ins "::mlir::molten::ScalarBuilder &":$math,
           "::llvm::ArrayRef<::mlir::Value>":$operands), [{}],
      [{ return $_op.formula(math, operands); }]>,
    InterfaceMethod<"Evaluates the formula on doubles.",
      "double", "evaluateFormula", (ins "::llvm::ArrayRef<double>":$operands),
      [{}],
      [{
        ::mlir::molten::DoubleMath math;
        return $_op.formula(math, operands);
      }]>,
  ];
}

#endif // MOLTEN_INTERFACES_TD
