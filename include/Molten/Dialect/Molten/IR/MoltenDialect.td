//===- MoltenDialect.td - The molten dialect ---------------*- tablegen -*-===//
//
// Part of the Molten project, under the Apache License v2.0.
//
//===----------------------------------------------------------------------===//
//
// The dialect, its base op class, type constraints and enums.
//
//===----------------------------------------------------------------------===//

#ifndef MOLTEN_DIALECT_TD
#define MOLTEN_DIALECT_TD

include "mlir/IR/OpBase.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/EnumAttr.td"

def Molten_Dialect : Dialect {
  let name = "molten";
  let cppNamespace = "::mlir::molten";
  let summary = "Tensor math that Molten fuses into GPU kernels";
  let description = [{
    The `molten` dialect is the math level of Molten: ops on ranked tensors of
    `f32`, `f16` or `bf16`, with static or dynamic dimensions. It says nothing
    about threads or memory; the emitters own that.

    Semantics shared by all ops:

    * Elementwise binary ops, `compare` and `select` broadcast their operands
      numpy-style: shapes are aligned at the innermost dimension, a missing
      leading dimension or a dimension that is *statically* 1 is expanded.
      Broadcasting is decided at compile time: a dynamic dimension (`?`) is
      never expanded, it must equal the other operand's dimension at run time.
    * `f16` and `bf16` ops compute in `f32` and round once to the result type.
    * `max` and `min` propagate NaN (like `torch.maximum`).
  }];
  let hasConstantMaterializer = 1;
  let useDefaultAttributePrinterParser = 1;
  let hasOperationAttrVerify = 1;
  let extraClassDeclaration = [{
    /// Adds the attributes (MoltenAttributes.cpp, which defines them).
    void registerAttributes();
  }];
}

// Every tensor an op takes or makes fits in memory: its static dims make at
// most 2^63 - 1 bytes, so size arithmetic on them cannot overflow.
def Molten_AddressableTensors : NativeOpTrait<"AddressableTensors"> {
  let cppNamespace = "::mlir::molten";
}

class Molten_Op<string mnemonic, list<Trait> traits = []>
    : Op<Molten_Dialect, mnemonic,
         !listconcat([Molten_AddressableTensors], traits)>;

//===----------------------------------------------------------------------===//
// Types
//===----------------------------------------------------------------------===//

def Molten_FloatType : AnyTypeOf<[F32, F16, BF16], "f32, f16 or bf16">;
def Molten_FloatTensor : RankedTensorOf<[F32, F16, BF16]>;
def Molten_BoolTensor : RankedTensorOf<[I1]>;
def Molten_ConstantTensor : RankedTensorOf<[F32, F16, BF16, I1]>;
def Molten_DenseElementsAttr : ElementsAttrBase<
    CPred<"::llvm::isa<::mlir::DenseElementsAttr>($_self)">,
    "dense elements attribute"> {
  let storageType = [{ ::mlir::DenseElementsAttr }];
  let returnType = [{ ::mlir::DenseElementsAttr }];
  let convertFromStorage = "$_self";
}

//===----------------------------------------------------------------------===//
// Op classification traits (used by fusion and the emitters)
//===----------------------------------------------------------------------===//

// Each result element depends only on the operand elements at the same
// (broadcast) index.
def Molten_Elementwise : NativeOpTrait<"Elementwise"> {
  let cppNamespace = "::mlir::molten";
}
// An elementwise op whose formula (ScalarFormulaOpInterface) is built from
// other molten ops: molten-decompose replaces it by them, so that fusion and
// CSE see the parts.
def Molten_ComposedFormula : NativeOpTrait<"ComposedFormula"> {
  let cppNamespace = "::mlir::molten";
}
// Reductions implement Molten_ReductionOpInterface (MoltenInterfaces.td).
// Moves or reinterprets data without arithmetic.
def Molten_DataMovement : NativeOpTrait<"DataMovement"> {
  let cppNamespace = "::mlir::molten";
}

//===----------------------------------------------------------------------===//
// Enums
//===----------------------------------------------------------------------===//

def Molten_GeluApproximation : I32EnumAttr<"GeluApproximation",
    "how gelu computes the Gaussian CDF", [
      I32EnumAttrCase<"none", 0>,
      I32EnumAttrCase<"tanh", 1>
    ]> {
  let cppNamespace = "::mlir::molten";
}

def Molten_ComparePredicate : I32EnumAttr<"ComparePredicate",
    "comparison predicate (ordered: false when either side is NaN, except ne)", [
      I32EnumAttrCase<"lt", 0>,
      I32EnumAttrCase<"le", 1>,
      I32EnumAttrCase<"gt", 2>,
      I32EnumAttrCase<"ge", 3>,
      I32EnumAttrCase<"eq", 4>,
      I32EnumAttrCase<"ne", 5>
    ]> {
  let cppNamespace = "::mlir::molten";
}

def Molten_ReductionKind : I32EnumAttr<"ReductionKind",
    "how a reduction combines elements", [
      I32EnumAttrCase<"sum", 0>,
      I32EnumAttrCase<"mean", 1>,
      I32EnumAttrCase<"max", 2>,
      I32EnumAttrCase<"min", 3>
    ]> {
  let cppNamespace = "::mlir::molten";
}

def Molten_HeroKind : I32EnumAttr<"HeroKind",
    "what a molten.fused region's kernel is built around (which emitter)", [
      // Elementwise ops and data movement: one flat loop.
      I32EnumAttrCase<"loop", 0>,
      // Reductions over the innermost dims, with prologue and epilogue.
      I32EnumAttrCase<"row_reduction", 1>,
      // A reduction over outer dims.
      I32EnumAttrCase<"outer_reduction", 2>,
      // A matmul with an elementwise epilogue.
      I32EnumAttrCase<"matmul", 3>,
      // Scaled dot-product attention, alone in its region.
      I32EnumAttrCase<"attention", 4>
    ]> {
  let cppNamespace = "::mlir::molten";
}

def Molten_RopeMode : I32EnumAttr<"RopeMode",
    "which pairs of elements a rotary embedding rotates", [
      I32EnumAttrCase<"rotate_half", 0>,
      I32EnumAttrCase<"interleaved", 1>
    ]> {
  let cppNamespace = "::mlir::molten";
}

#endif // MOLTEN_DIALECT_TD
