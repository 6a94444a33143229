//===- MoltenAttributes.td - molten attributes -------------*- tablegen -*-===//
//
// Part of the Molten project, under the Apache License v2.0.
//
//===----------------------------------------------------------------------===//
//
// The launch plan: what convert-molten-to-gpu decides about a function's buffers and
// kernel launches, as verified attributes. lib/Target writes them as the
// bundle's text (docs/bundle.md); their syntax mirrors it.
//
//===----------------------------------------------------------------------===//

#ifndef MOLTEN_ATTRIBUTES_TD
#define MOLTEN_ATTRIBUTES_TD

include "Molten/Dialect/Molten/IR/MoltenDialect.td"
include "mlir/IR/AttrTypeBase.td"

class Molten_Attr<string name, string attrMnemonic>
    : AttrDef<Molten_Dialect, name> {
  let mnemonic = attrMnemonic;
  let hasCustomAssemblyFormat = 1;
}

def Molten_SizeExprKind : I32EnumAttr<"SizeExprKind",
    "the operator of a size expression node", [
      I32EnumAttrCase<"constant", 0>,
      I32EnumAttrCase<"symbol", 1>,
      I32EnumAttrCase<"mul", 2>,
      I32EnumAttrCase<"div", 3>,
      I32EnumAttrCase<"cdiv", 4>,
      I32EnumAttrCase<"min", 5>,
      I32EnumAttrCase<"max", 6>,
      I32EnumAttrCase<"le", 7>
    ]> {
  let cppNamespace = "::mlir::molten";
}

def Molten_BufferRole : I32EnumAttr<"BufferRole",
    "whose memory a launch plan's buffer is", [
      I32EnumAttrCase<"input", 0>,
      I32EnumAttrCase<"output", 1>,
      // An intermediate the runtime allocates for the call.
      I32EnumAttrCase<"temp", 2>
    ]> {
  let cppNamespace = "::mlir::molten";
}

def Molten_SizeExprAttr : Molten_Attr<"SizeExpr", "size"> {
  let summary = "a size over a function's size symbols";
  let description = [{
    A non-negative integer expression over the size symbols `s0, s1, ...`
    that the runtime binds from the inputs' shapes, written in prefix
    notation as in bundles (docs/bundle.md): `123`, `s<k>`, `* a b`,
    `/ a b` (exact), `cdiv a b`, `min a b`, `max a b`, `le a b` (1 if
    a <= b, else 0).

    Example: `#molten.size<min 132 cdiv s0 128>`.
  }];
  let parameters = (ins "SizeExprKind":$kind, "int64_t":$value,
                        OptionalArrayRefParameter<"SizeExprAttr">:$operands);
  let extraClassDeclaration = [{
    static SizeExprAttr constant(::mlir::MLIRContext *context, int64_t value);
    static SizeExprAttr symbol(::mlir::MLIRContext *context, int64_t index);
    /// `kind` applied to `lhs` and `rhs` (a binary kind).
    static SizeExprAttr get(SizeExprKind kind, SizeExprAttr lhs,
                            SizeExprAttr rhs);
    bool isConstant() const { return getKind() == SizeExprKind::constant; }
    /// The highest symbol the expression uses, or -1.
    int64_t getMaxSymbol() const;
    /// The prefix text (docs/bundle.md).
    void printPrefix(::llvm::raw_ostream &os) const;
    static ::mlir::FailureOr<SizeExprAttr>
    parsePrefix(::mlir::AsmParser &parser);
  }];
}

def Molten_PlanBufferAttr : Molten_Attr<"PlanBuffer", "buffer"> {
  let summary = "a tensor of a launch plan";
  let description = [{
    A buffer of a function's launch plan: its role (input or output `k`,
    or `temp`), element type and dims, outermost first.

    Example: `#molten.buffer<input 0 bf16 [s0, 4096]>`.
  }];
  let parameters = (ins "BufferRole":$role, "int64_t":$index,
                        "::mlir::Type":$elementType,
                        ArrayRefParameter<"SizeExprAttr">:$dims);
  let genVerifyDecl = 1;
}

def Molten_PlanTensorMapAttr : Molten_Attr<"PlanTensorMap", "tensor_map"> {
  let summary = "a TMA tensor map a kernel takes by value";
  let description = [{
    Buffer `buffer` seen as an array of `dims` (outermost first; their
    product is its element count) copied in boxes of `box` elements, with
    a swizzle span of `swizzle` bytes (0: none). The runtime encodes it per
    call (docs/bundle.md, "Tensor maps").

    Example: `#molten.tensor_map<0 [1, s0, 4096] box [1, 128, 64] swizzle 128>`.
  }];
  let parameters = (ins "int64_t":$buffer,
                        ArrayRefParameter<"SizeExprAttr">:$dims,
                        ArrayRefParameter<"int64_t">:$box, "int64_t":$swizzle);
  let genVerifyDecl = 1;
}

def Molten_PlanKernelAttr : Molten_Attr<"PlanKernel", "kernel"> {
  let summary = "one kernel launch of a launch plan";
  let description = [{
    A launch of the PTX entry `name`: its grid (x, y, z: size expressions),
    block (x, y, z), dynamic shared memory in bytes, the plan buffers and
    size symbols it takes (in parameter order), the tensor maps that follow
    them, and whether it waits on the previous kernel itself
    (`dependent`: griddepcontrol.wait).

    Example: `#molten.kernel<"f_k0" grid [cdiv s0 4, 1, 1] block [128, 1, 1] smem 0 buffers [0, 1] symbols [0]>`.
  }];
  let parameters = (ins "::mlir::StringAttr":$name,
                        ArrayRefParameter<"SizeExprAttr">:$grid,
                        ArrayRefParameter<"int64_t">:$block, "int64_t":$smem,
                        ArrayRefParameter<"int64_t">:$buffers,
                        ArrayRefParameter<"int64_t">:$symbols,
                        OptionalArrayRefParameter<"PlanTensorMapAttr">:$tensorMaps,
                        "bool":$dependent);
  let genVerifyDecl = 1;
}

def Molten_LaunchPlanAttr : Molten_Attr<"LaunchPlan", "launch_plan"> {
  let summary = "how a function runs on the GPU";
  let description = [{
    What convert-molten-to-gpu sets as `molten.launch_plan` on each function it
    converts: the counts of inputs, outputs and size symbols, the buffers
    (ids are positions) and the kernel launches, in order. The verifier
    checks that every input and output has exactly one buffer and that
    every buffer, symbol and tensor map a kernel names exists.
    `molten-translate --molten-to-bundle` writes it as the bundle's
    `function ... end` lines.
  }];
  let parameters = (ins "int64_t":$inputs, "int64_t":$outputs,
                        "int64_t":$symbols,
                        ArrayRefParameter<"PlanBufferAttr">:$buffers,
                        OptionalArrayRefParameter<"PlanKernelAttr">:$kernels);
  let genVerifyDecl = 1;
}

def Molten_TargetAttr : AttrDef<Molten_Dialect, "Target"> {
  let mnemonic = "target";
  let summary = "the GPU a module's kernels are configured for";
  let description = [{
    What convert-molten-to-gpu sizes kernels by: the chip, its multiprocessors, the
    32-bit registers of a multiprocessor and the dynamic shared memory a
    block may take (bytes, after opting in above 48 KB). convert-molten-to-gpu
    reads it from the module's `molten.target` where set (its chip must be
    the pass's `chip`), else makes it from its options and the chip's
    limits, and records it there.

    Example: `#molten.target<"sm_90a", multiprocessors = 114, registers =
    65536, shared_memory = 232448>` (an H100 PCIe).
  }];
  let parameters = (ins StringRefParameter<"the chip">:$chip,
                        "int64_t":$multiprocessors, "int64_t":$registers,
                        "int64_t":$shared_memory);
  let assemblyFormat =
      "`<` $chip `,` struct($multiprocessors, $registers, $shared_memory) `>`";
  let genVerifyDecl = 1;
  let extraClassDeclaration = [{
    /// `chip` with `multiprocessors` and the chip's own limits.
    static TargetAttr getForChip(::mlir::MLIRContext *context,
                                 ::llvm::StringRef chip,
                                 int64_t multiprocessors);
  }];
}

#endif // MOLTEN_ATTRIBUTES_TD
