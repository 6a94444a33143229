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
    `matmul` and `attention` stay: each is a fusion root of its own.
    First, matmuls take their batched form: a product of operands whose
    leading dims reshapes merged (PyTorch's bmm), reshaped back, becomes the
    matmul of the operands as they are, and an rhs transposed in its last
    two dims is read in place (`transpose_rhs`).
    Attention written as math, `softmax(matmul(q, k transpose_rhs) * c [+ m |
    select(keep, ., -inf) | select(masked, -inf, .)]) @ v` (the scale a
    splat constant, multiplied on either side or divided by, or none; an
    additive or select mask; on 16-bit scores the softmax possibly in f32
    between casts; k and v possibly with heads repeated by
    reshape/broadcast_to for GQA) with every intermediate used once, becomes
    `molten.attention` before the softmax would be expanded; a masked form
    gets `nan_if_masked`, so that fully masked rows stay NaN as in the math
    (docs/fusion.md). A `concat` of
    more than 16 inputs becomes a tree of concats of at most 16, so that
    fusion can split it over several kernels (each kernel evaluates every
    input of a concat it holds).
  }];
  let options = [
    Option<"report", "report", "bool", /*default=*/"false",
           "Remark at each softmax whose probabilities feed a matmul (p @ v) "
           "but that does not become molten.attention, with the reason">,
  ];
  let dependentDialects = ["::mlir::molten::MoltenDialect"];
}

def MoltenSinkReshapes : Pass<"molten-sink-reshapes"> {
  let summary = "Move reshapes that add leading unit dims below the math "
                "that uses them";
  let description = [{
    A reshape that only adds leading unit dims (`[T, D]` to `[1, T, D]`, as
    PyTorch's graphs reshape every linear layer's product) moves below the
    elementwise op or reduction that uses it, which then works without
    those dims; the op's other operands drop the same dims (a reshape, or
    the input of one that added them), broadcast operands of lower rank
    stay. Reshapes meet and fold. Afterwards a matmul's or a reduction's
    result feeds the math after it in its own shape, so that fusion can put
    that math in the same kernel; a reshape left between two kernels costs
    nothing on the GPU (the buffer is shared).
  }];
  let dependentDialects = ["::mlir::molten::MoltenDialect"];
}

def MoltenFuse : InterfacePass<"molten-fuse", "::mlir::FunctionOpInterface"> {
  let summary = "Group molten ops into molten.fused regions, one per kernel";
  let description = [{
    Decides with the fusion planner (docs/fusion.md), then forms one
    `molten.fused` region per group: row reductions with their prologue and
    epilogue, matmuls with an elementwise epilogue, and elementwise/data
    movement loops. Every value used outside a region is one of its results;
    constants are cloned into each region that uses them. Every molten op
    ends up in a region, so afterwards the function body holds only
    `molten.fused` ops (and the non-molten ops it had, such as `tensor.dim`).
  }];
  let options = [
    Option<"report", "report", "bool", /*default=*/"false",
           "Print the fusion report (regions, heroes, bytes saved, neighbours "
           "left out and why) to stderr">,
    Option<"remarks", "remarks", "bool", /*default=*/"false",
           "Emit the fusion report as remarks: each region's at its hero op, "
           "each neighbour left out at the op it was kept from (for "
           "-verify-diagnostics, editors and other tools)">,
    Option<"maxKernelOps", "max-kernel-ops", "int64_t", /*default=*/"256",
           "Most values one region computes per element (an op, a concat "
           "input, a cloned producer each): larger groups are split">,
    Option<"maxKernelLoads", "max-kernel-loads", "int64_t", /*default=*/"24",
           "Most loads one region may issue per element (a tensor read, a "
           "concat input each), each holding registers: larger groups are "
           "split, so that no kernel spills">,
    Option<"maxKernelParamBytes", "max-kernel-param-bytes", "int64_t",
           /*default=*/"4352",
           "Most bytes of kernel parameters one region may need (40 a "
           "tensor, 8 a dynamic size; 4352 is PTX 8.0's limit): larger "
           "groups are split">,
    Option<"siblingMatmuls", "sibling-matmuls", "bool", /*default=*/"false",
           "Let two matmuls of one lhs and rhs of one type and layout (a "
           "gated MLP's gate and up projections) share a kernel where "
           "their results meet in an elementwise epilogue">,
  ];
  let dependentDialects = ["::mlir::molten::MoltenDialect"];
}

def MoltenFusionReport
    : InterfacePass<"molten-fusion-report", "::mlir::FunctionOpInterface"> {
  let summary = "Print what molten-fuse would do, without changing the IR";
  let description = [{
    Runs the fusion planner on each function and prints, per planned region,
    its hero, its ops, its kernel count and bytes moved unfused vs fused
    (dynamic dims count as N), and every neighbour left out with the reason.
    Run it after `molten-decompose`, where `molten-fuse` would run.
  }];
}

#endif // MOLTEN_TRANSFORMS_PASSES_TD
