//===- MoltenOps.td - molten op definitions ----------------*- tablegen -*-===//
//
// Part of the Molten project, under the Apache License v2.0.
//
//===----------------------------------------------------------------------===//

#ifndef MOLTEN_OPS_TD
#define MOLTEN_OPS_TD

include "Molten/Dialect/Molten/IR/MoltenAttributes.td"
include "Molten/Dialect/Molten/IR/MoltenDialect.td"
include "Molten/Dialect/Molten/IR/MoltenInterfaces.td"
include "mlir/IR/OpBase.td"
include "mlir/IR/RegionKindInterface.td"
include "mlir/Interfaces/ControlFlowInterfaces.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

//===----------------------------------------------------------------------===//
// Scalar formulas
//===----------------------------------------------------------------------===//

// An elementwise op's scalar formula (ScalarFormulaOpInterface), written
// once: a C++ body over a math `m` (ScalarMath.h) that returns the result
// element from the operand elements. The folds, the linalg lowering, the GPU
// evaluator and molten-decompose all instantiate it.
class Molten_Formula<string body> {
  code decl = [{
    /// The scalar formula (ScalarFormulaOpInterface), over any math of
    /// ScalarMath.h.
    template <typename Math>
    typename Math::Scalar
    formula(Math &m, ::llvm::ArrayRef<typename Math::Scalar> operands) {
  }] # body # [{
    }
  }];
}

// The fold of a formula op: constants evaluate the formula; `x op identity`
// (either side of a commutative op) is x.
class Molten_FormulaFold<string rightIdentity> {
  code definition = [{
    ::mlir::OpFoldResult $cppClass::fold(FoldAdaptor adaptor) {
      return ::mlir::molten::foldFormula(*this, adaptor.getOperands(), }]
      # rightIdentity # [{);
    }
  }];
}

//===----------------------------------------------------------------------===//
// Elementwise unary ops
//===----------------------------------------------------------------------===//

// `formula` is a C++ body over the operand element `x` (Molten_Formula).
class Molten_UnaryOp<string mnemonic, string math, string formula,
                     list<Trait> traits = []>
    : Molten_Op<mnemonic, !listconcat(traits,
        [Pure, SameOperandsAndResultType, Molten_Elementwise,
         Molten_ScalarFormulaOpInterface])> {
  let summary = "elementwise " # math;
  let description = "Computes `" # math # "` for every element; the result "
    # "has the operand's type.\n\nExample:\n\n```mlir\n%y = molten."
    # mnemonic # " %x : tensor<?x4096xbf16>\n```";
  let arguments = (ins Molten_FloatTensor:$input);
  let results = (outs Molten_FloatTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input)";
  let extraClassDeclaration =
    Molten_Formula<"auto x = operands[0];\n" # formula>.decl;
  let hasFolder = 1;
  let extraClassDefinition = Molten_FormulaFold<"std::nullopt">.definition;
}

def Molten_NegOp : Molten_UnaryOp<"neg", "-x", "return m.neg(x);",
                                  [Involution]>;
def Molten_AbsOp : Molten_UnaryOp<"abs", "|x|", "return m.abs(x);">;
def Molten_ExpOp : Molten_UnaryOp<"exp", "e^x", "return m.exp(x);">;
def Molten_LogOp : Molten_UnaryOp<"log", "ln(x)", "return m.log(x);">;
def Molten_SqrtOp : Molten_UnaryOp<"sqrt", "sqrt(x)", "return m.sqrt(x);">;
def Molten_RsqrtOp : Molten_UnaryOp<"rsqrt", "1 / sqrt(x)",
                                    "return m.rsqrt(x);">;
def Molten_TanhOp : Molten_UnaryOp<"tanh", "tanh(x)", "return m.tanh(x);">;
def Molten_SigmoidOp : Molten_UnaryOp<"sigmoid", "1 / (1 + e^-x)", [{
    auto e = m.exp(m.neg(x));
    return m.recip(m.add(e, m.cst(1.0)));
  }], [Molten_ComposedFormula]>;
def Molten_ReluOp : Molten_UnaryOp<"relu", "max(x, 0)",
                                   "return m.max(x, m.cst(0.0));">;
def Molten_SiluOp : Molten_UnaryOp<"silu", "x * sigmoid(x)", [{
    auto e = m.exp(m.neg(x));
    return m.mul(x, m.recip(m.add(e, m.cst(1.0))));
  }], [Molten_ComposedFormula]>;
def Molten_ErfOp : Molten_UnaryOp<"erf", "erf(x)", "return m.erf(x);">;

def Molten_GeluOp : Molten_Op<"gelu",
    [Pure, SameOperandsAndResultType, Molten_Elementwise,
     Molten_ScalarFormulaOpInterface, Molten_ComposedFormula]> {
  let summary = "elementwise GELU";
  let description = [{
    `x * Phi(x)` with `Phi` the standard normal CDF, computed exactly with
    `erf` (`approximate = none`, the default) or with the tanh approximation
    `0.5 * x * (1 + tanh(sqrt(2 / pi) * (x + 0.044715 x^3)))`.

    Example:

    ```mlir
    %y = molten.gelu %x approximate = tanh : tensor<?x4096xf32>
    ```
  }];
  let arguments = (ins Molten_FloatTensor:$input,
      DefaultValuedAttr<Molten_GeluApproximation,
                        "::mlir::molten::GeluApproximation::none">:$approximate);
  let results = (outs Molten_FloatTensor:$result);
  let assemblyFormat = [{
    $input (`approximate` `=` $approximate^)? attr-dict `:` type($input)
  }];
  // The tanh form as x * sigmoid(2u), u = sqrt(2/pi) (x + 0.044715 x^3):
  // the same function, an exp and a reciprocal instead of a tanh (cheaper
  // on a GPU), and no cancellation in 1 + tanh(u) for negative x.
  let extraClassDeclaration = Molten_Formula<[{
    auto x = operands[0];
    if (getApproximate() == ::mlir::molten::GeluApproximation::tanh) {
      auto cube = m.mul(m.mul(x, x), x);
      auto poly = m.add(x, m.mul(cube, m.cst(0.044715)));
      auto e = m.exp(m.mul(poly, m.cst(-2.0 * std::sqrt(2.0 / M_PI))));
      return m.mul(x, m.recip(m.add(e, m.cst(1.0))));
    }
    // 0.5 x (1 + erf(x / sqrt(2)))
    auto half = m.mul(x, m.cst(0.5));
    auto inner = m.erf(m.mul(x, m.cst(M_SQRT1_2)));
    return m.mul(half, m.add(inner, m.cst(1.0)));
  }]>.decl;
  let hasFolder = 1;
  let extraClassDefinition = Molten_FormulaFold<"std::nullopt">.definition;
}

def Molten_ClampOp : Molten_Op<"clamp",
    [Pure, SameOperandsAndResultType, Molten_Elementwise,
     Molten_ScalarFormulaOpInterface]> {
  let summary = "elementwise clamp to [min, max]";
  let description = [{
    `min(max(x, min), max)`; NaN stays NaN. `min` must not exceed `max`.

    Example:

    ```mlir
    %y = molten.clamp %x min = -1.0 max = 1.0 : tensor<8xf32>
    ```
  }];
  let arguments = (ins Molten_FloatTensor:$input, F64Attr:$min, F64Attr:$max);
  let results = (outs Molten_FloatTensor:$result);
  let assemblyFormat = [{
    $input `min` `=` $min `max` `=` $max attr-dict `:` type($input)
  }];
  let extraClassDeclaration = Molten_Formula<[{
    auto lo = m.cst(getMin().convertToDouble());
    auto hi = m.cst(getMax().convertToDouble());
    return m.min(m.max(operands[0], lo), hi);
  }]>.decl;
  let hasVerifier = 1;
  let hasFolder = 1;
  let extraClassDefinition = Molten_FormulaFold<"std::nullopt">.definition;
}

def Molten_CastOp : Molten_Op<"cast", [Pure, Molten_Elementwise]> {
  let summary = "elementwise conversion to another float type";
  let description = [{
    Converts every element to the result's element type, rounding to nearest
    even. The shape does not change.

    Example:

    ```mlir
    %y = molten.cast %x : tensor<?x4096xbf16> to tensor<?x4096xf32>
    ```
  }];
  let arguments = (ins Molten_FloatTensor:$input);
  let results = (outs Molten_FloatTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `to` type($result)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

//===----------------------------------------------------------------------===//
// Elementwise binary ops (numpy broadcasting)
//===----------------------------------------------------------------------===//

// `formula` is a C++ expression of the operand elements `x` and `y`
// (Molten_Formula); `x op rightIdentity` folds to x.
class Molten_BinaryOp<string mnemonic, string math, string formula,
                      string rightIdentity = "std::nullopt",
                      list<Trait> traits = []>
    : Molten_Op<mnemonic, !listconcat(traits,
        [Pure, Molten_Elementwise, InferTypeOpAdaptor,
         Molten_ScalarFormulaOpInterface])> {
  let summary = "elementwise " # math # " with broadcasting";
  let description = "Computes `" # math # "` elementwise after broadcasting "
    # "`lhs` and `rhs` to a common shape (see the dialect's broadcasting "
    # "rules). Both operands have the same element type.\n\nExample:\n\n"
    # "```mlir\n%y = molten." # mnemonic
    # " %x, %w : tensor<?x4096xf32>, tensor<4096xf32>\n```";
  let arguments = (ins Molten_FloatTensor:$lhs, Molten_FloatTensor:$rhs);
  let results = (outs Molten_FloatTensor:$result);
  let assemblyFormat = [{
    $lhs `,` $rhs attr-dict `:` type($lhs) `,` type($rhs)
  }];
  let extraClassDeclaration = Molten_Formula<
    "auto x = operands[0], y = operands[1];\n return " # formula # ";">.decl;
  let hasFolder = 1;
  let extraClassDefinition = Molten_FormulaFold<rightIdentity>.definition;
}

def Molten_AddOp : Molten_BinaryOp<"add", "lhs + rhs", "m.add(x, y)", "0.0",
                                   [Commutative]>;
def Molten_SubOp : Molten_BinaryOp<"sub", "lhs - rhs", "m.sub(x, y)", "0.0">;
def Molten_MulOp : Molten_BinaryOp<"mul", "lhs * rhs", "m.mul(x, y)", "1.0",
                                   [Commutative]>;
def Molten_DivOp : Molten_BinaryOp<"div", "lhs / rhs", "m.div(x, y)", "1.0">;
def Molten_MaxOp : Molten_BinaryOp<"max", "max(lhs, rhs), NaN-propagating",
                                   "m.max(x, y)", "std::nullopt", [Commutative]>;
def Molten_MinOp : Molten_BinaryOp<"min", "min(lhs, rhs), NaN-propagating",
                                   "m.min(x, y)", "std::nullopt", [Commutative]>;
def Molten_PowOp : Molten_BinaryOp<"pow", "lhs ^ rhs", "m.pow(x, y)", "1.0">;

def Molten_CompareOp : Molten_Op<"compare",
    [Pure, Molten_Elementwise, InferTypeOpAdaptor,
     Molten_ScalarFormulaOpInterface]> {
  let summary = "elementwise comparison with broadcasting";
  let description = [{
    Compares `lhs` and `rhs` elementwise after broadcasting and returns an
    `i1` tensor. Comparisons with NaN are false, except `ne`, which is true.

    Example:

    ```mlir
    %m = molten.compare gt, %x, %y : tensor<?x8xf32>, tensor<8xf32>
    ```
  }];
  let arguments = (ins Molten_ComparePredicate:$predicate,
                       Molten_FloatTensor:$lhs, Molten_FloatTensor:$rhs);
  let results = (outs Molten_BoolTensor:$result);
  let assemblyFormat = [{
    $predicate `,` $lhs `,` $rhs attr-dict `:` type($lhs) `,` type($rhs)
  }];
  let extraClassDeclaration = Molten_Formula<[{
    return m.compare(getPredicate(), operands[0], operands[1]);
  }]>.decl;
  let hasFolder = 1;
  let extraClassDefinition = Molten_FormulaFold<"std::nullopt">.definition;
}

def Molten_SelectOp : Molten_Op<"select",
    [Pure, Molten_Elementwise, InferTypeOpAdaptor]> {
  let summary = "elementwise choice with broadcasting";
  let description = [{
    `cond ? on_true : on_false`, elementwise, after broadcasting all three
    operands to a common shape.

    Example:

    ```mlir
    %y = molten.select %m, %x, %z : tensor<?x8xi1>, tensor<?x8xf32>, tensor<f32>
    ```
  }];
  let arguments = (ins Molten_BoolTensor:$cond, Molten_FloatTensor:$on_true,
                       Molten_FloatTensor:$on_false);
  let results = (outs Molten_FloatTensor:$result);
  let assemblyFormat = [{
    $cond `,` $on_true `,` $on_false attr-dict `:`
    type($cond) `,` type($on_true) `,` type($on_false)
  }];
  let hasFolder = 1;
}

//===----------------------------------------------------------------------===//
// Constants
//===----------------------------------------------------------------------===//

def Molten_ConstantOp : Molten_Op<"constant",
    [ConstantLike, Pure,
     AllTypesMatch<["value", "result"]>]> {
  let summary = "a constant tensor: a splat or dense values";
  let description = [{
    A tensor of static shape whose value is a dense elements attribute of
    `f32`, `f16`, `bf16` or `i1` (a mask). A scalar is a rank-0 tensor; it
    broadcasts against any shape.

    Example:

    ```mlir
    %eps = molten.constant dense<1.0e-06> : tensor<f32>
    %w = molten.constant dense<[1.0, 2.0]> : tensor<2xbf16>
    ```
  }];
  let arguments = (ins Molten_DenseElementsAttr:$value);
  let results = (outs Molten_ConstantTensor:$result);
  let assemblyFormat = "attr-dict $value";
  let hasFolder = 1;
}

//===----------------------------------------------------------------------===//
// Reductions
//===----------------------------------------------------------------------===//

class Molten_ReduceOp<string mnemonic, string what, string kind>
    : Molten_Op<mnemonic,
                [Pure, Molten_ReductionOpInterface, InferTypeOpAdaptor]> {
  let summary = what # " over a list of dimensions";
  let description = "Reduces `input` with " # what # " over `dims` (distinct, "
    # "in `[0, rank)`). With `keepdim` the reduced dimensions stay as size 1, "
    # "otherwise they are removed. f16/bf16 inputs accumulate in f32.\n\n"
    # "Example:\n\n```mlir\n%s = molten." # mnemonic # " %x dims = [1] keepdim"
    # " : tensor<?x4096xf32> -> tensor<?x1xf32>\n```";
  let arguments = (ins Molten_FloatTensor:$input, DenseI64ArrayAttr:$dims,
                       UnitAttr:$keepdim);
  let results = (outs Molten_FloatTensor:$result);
  let assemblyFormat = [{
    $input `dims` `=` $dims (`keepdim` $keepdim^)? attr-dict `:`
    type($input) `->` type($result)
  }];
  let hasFolder = 1;
  let extraClassDeclaration = [{
    ::mlir::molten::ReductionKind getReductionKind() {
      return ::mlir::molten::ReductionKind::}] # kind # [{;
    }
  }];
  let extraClassDefinition = [{
    ::mlir::OpFoldResult $cppClass::fold(FoldAdaptor adaptor) {
      return ::mlir::molten::foldReduction(*this, adaptor.getInput());
    }
  }];
}

def Molten_ReduceSumOp : Molten_ReduceOp<"reduce_sum", "the sum", "sum">;
def Molten_ReduceMeanOp : Molten_ReduceOp<"reduce_mean", "the mean", "mean">;
def Molten_ReduceMaxOp : Molten_ReduceOp<"reduce_max",
                                         "the maximum (NaN-propagating)",
                                         "max">;
def Molten_ReduceMinOp : Molten_ReduceOp<"reduce_min",
                                         "the minimum (NaN-propagating)",
                                         "min">;

//===----------------------------------------------------------------------===//
// Normalisations and RoPE (expanded by molten-decompose, as are gelu, silu
// and sigmoid)
//===----------------------------------------------------------------------===//

def Molten_RmsNormOp : Molten_Op<"rms_norm",
    [Pure, AllTypesMatch<["input", "result"]>]> {
  let summary = "RMS normalisation over one axis, scaled by a weight";
  let description = [{
    `y = x / sqrt(mean(x^2 over axis) + eps) * weight`, with `weight` a 1-D
    tensor as long as `axis` (broadcast along it). `axis` may be negative
    (counted from the end; default -1). `weight` has the input's element type.

    Example:

    ```mlir
    %y = molten.rms_norm %x, %w eps = 1.0e-06 : tensor<?x4096xbf16>, tensor<4096xbf16>
    ```
  }];
  let arguments = (ins Molten_FloatTensor:$input, Molten_FloatTensor:$weight,
                       DefaultValuedAttr<F64Attr, "1.0e-6">:$eps,
                       DefaultValuedAttr<I64Attr, "-1">:$axis);
  let results = (outs Molten_FloatTensor:$result);
  let assemblyFormat = [{
    $input `,` $weight (`eps` `=` $eps^)? (`axis` `=` $axis^)? attr-dict `:`
    type($input) `,` type($weight)
  }];
  let hasVerifier = 1;
}

def Molten_LayerNormOp : Molten_Op<"layer_norm",
    [Pure, AttrSizedOperandSegments,
     AllTypesMatch<["input", "result"]>]> {
  let summary = "layer normalisation over one axis, optional weight and bias";
  let description = [{
    `y = (x - mean) / sqrt(var + eps) * weight + bias`, mean and (biased)
    variance over `axis`. `weight` and `bias` are optional 1-D tensors as long
    as `axis`, of the input's element type.

    Example:

    ```mlir
    %y = molten.layer_norm %x weight(%w : tensor<4096xf32>) bias(%b : tensor<4096xf32>)
        eps = 1.0e-05 : tensor<?x4096xf32>
    ```
  }];
  let arguments = (ins Molten_FloatTensor:$input,
                       Optional<Molten_FloatTensor>:$weight,
                       Optional<Molten_FloatTensor>:$bias,
                       DefaultValuedAttr<F64Attr, "1.0e-5">:$eps,
                       DefaultValuedAttr<I64Attr, "-1">:$axis);
  let results = (outs Molten_FloatTensor:$result);
  let assemblyFormat = [{
    $input (`weight` `(` $weight^ `:` type($weight) `)`)?
    (`bias` `(` $bias^ `:` type($bias) `)`)?
    (`eps` `=` $eps^)? (`axis` `=` $axis^)? attr-dict `:` type($input)
  }];
  let hasVerifier = 1;
}

def Molten_SoftmaxOp : Molten_Op<"softmax",
    [Pure, SameOperandsAndResultType]> {
  let summary = "softmax over one axis";
  let description = [{
    `exp(x - max) / sum(exp(x - max))` over `axis` (negative counts from the
    end; default -1).

    Example:

    ```mlir
    %y = molten.softmax %x : tensor<?x4096xf32>
    ```
  }];
  let arguments = (ins Molten_FloatTensor:$input,
                       DefaultValuedAttr<I64Attr, "-1">:$axis);
  let results = (outs Molten_FloatTensor:$result);
  let assemblyFormat = [{
    $input (`axis` `=` $axis^)? attr-dict `:` type($input)
  }];
  let hasVerifier = 1;
}

def Molten_RopeOp : Molten_Op<"rope",
    [Pure, AllTypesMatch<["input", "result"]>,
     AllTypesMatch<["cos", "sin"]>]> {
  let summary = "rotary position embedding";
  let description = [{
    Rotates pairs of elements of the innermost dimension `D` (even) by the
    angles whose cosines and sines are given:
    `y = x * cos + rotate(x) * sin`.

    * `rotate_half` (default): pairs are `(i, i + D/2)` and
      `rotate(x) = concat(-x[D/2:], x[:D/2])`.
    * `interleaved`: pairs are `(2i, 2i + 1)` and
      `rotate(x)[2i] = -x[2i+1], rotate(x)[2i+1] = x[2i]`.

    `cos` and `sin` have one type, broadcast to the input's shape, with the
    same innermost dimension `D`, and the input's element type.

    Example:

    ```mlir
    %y = molten.rope %x, %cos, %sin : tensor<?x32x128xbf16>, tensor<?x1x128xbf16>
    ```
  }];
  let arguments = (ins Molten_FloatTensor:$input, Molten_FloatTensor:$cos,
                       Molten_FloatTensor:$sin,
                       DefaultValuedAttr<Molten_RopeMode,
                           "::mlir::molten::RopeMode::rotate_half">:$mode);
  let results = (outs Molten_FloatTensor:$result);
  let assemblyFormat = [{
    $input `,` $cos `,` $sin (`mode` `=` $mode^)? attr-dict `:`
    type($input) `,` type($cos)
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Matmul (a hero of its own: never decomposed)
//===----------------------------------------------------------------------===//

def Molten_MatmulOp : Molten_Op<"matmul",
    [Pure, InferTypeOpAdaptor]> {
  let summary = "(batched) matrix product";
  let description = [{
    `lhs` is `[batch..., M, K]`; `rhs` is `[K, N]` (shared by every batch) or
    `[batch..., K, N]` with the same batch dimensions. With `transpose_rhs`,
    `rhs` is given as `[..., N, K]`. The result is `[batch..., M, N]`, of the
    operands' element type; products accumulate in f32.

    Example:

    ```mlir
    %y = molten.matmul %x, %w transpose_rhs : tensor<?x4096xbf16>, tensor<11008x4096xbf16> -> tensor<?x11008xbf16>
    ```
  }];
  let arguments = (ins Molten_FloatTensor:$lhs, Molten_FloatTensor:$rhs,
                       UnitAttr:$transpose_rhs);
  let results = (outs Molten_FloatTensor:$result);
  let assemblyFormat = [{
    $lhs `,` $rhs (`transpose_rhs` $transpose_rhs^)? attr-dict `:`
    type($lhs) `,` type($rhs) `->` type($result)
  }];
}

//===----------------------------------------------------------------------===//
// Attention (a hero of its own: never decomposed)
//===----------------------------------------------------------------------===//

def Molten_AttentionOp : Molten_Op<"attention", [Pure]> {
  let summary = "scaled dot-product attention";
  let description = [{
    `softmax(query @ key^T * scale + mask) @ value` over the last two dims,
    with the scores and their softmax in f32 and never materialised: the
    result is rounded once, to the operands' element type.

    `query` is `[batch..., Hq, Sq, D]`, `key` `[batch..., Hkv, Skv, D]` and
    `value` `[batch..., Hkv, Skv, Dv]`; the result is `[batch..., Hq, Sq,
    Dv]`. Rank 2 has no heads. Hq must be a multiple of Hkv: query head `h`
    reads key and value head `h / (Hq / Hkv)` (grouped-query attention).

    * `scale` defaults to `1 / sqrt(D)`.
    * `mask`, if given, is added to the scaled scores; it broadcasts to
      `[batch..., Hq, Sq, Skv]` and is f32 or the operands' type.
    * `causal`: query `i` attends to keys `j <= i` only (the upper-left
      triangle, as PyTorch's `is_causal`).

    A query row whose scores are all `-inf` (fully masked) gives zeros, as
    PyTorch's scaled_dot_product_attention does; with `nan_if_masked`, NaN,
    as `softmax` of the scores does (molten-decompose sets it where it
    recognises attention written as math with a mask).

    Example:

    ```mlir
    %o = molten.attention %q, %k, %v causal : tensor<?x32x?x128xbf16>, tensor<?x8x?x128xbf16>, tensor<?x8x?x128xbf16> -> tensor<?x32x?x128xbf16>
    ```
  }];
  let arguments = (ins Molten_FloatTensor:$query, Molten_FloatTensor:$key,
                       Molten_FloatTensor:$value,
                       Optional<Molten_FloatTensor>:$mask,
                       OptionalAttr<F64Attr>:$scale, UnitAttr:$causal,
                       UnitAttr:$nan_if_masked);
  let results = (outs Molten_FloatTensor:$result);
  let assemblyFormat = [{
    $query `,` $key `,` $value (`mask` `(` $mask^ `:` type($mask) `)`)?
    (`scale` `=` $scale^)? (`causal` $causal^)?
    (`nan_if_masked` $nan_if_masked^)? attr-dict `:`
    type($query) `,` type($key) `,` type($value) `->` type($result)
  }];
  let extraClassDeclaration = [{
    /// `scale`, or its default 1 / sqrt(D).
    double getScaleValue();
    /// Query heads per key/value head (1 without heads or when unknown).
    int64_t getGroupSize();
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Data movement
//===----------------------------------------------------------------------===//

def Molten_BroadcastToOp : Molten_Op<"broadcast_to",
    [Pure, Molten_DataMovement]> {
  let summary = "broadcast to a larger shape";
  let description = [{
    Broadcasts `input` to the result type with the dialect's broadcasting
    rules. Each dynamic dimension of the result takes its size from one index
    operand, in order.

    Example:

    ```mlir
    %n = tensor.dim %x, %c0 : tensor<?x4096xf32>
    %b = molten.broadcast_to %w [%n] : tensor<4096xf32> -> tensor<?x4096xf32>
    ```
  }];
  let arguments = (ins Molten_FloatTensor:$input,
                       Variadic<Index>:$dynamic_sizes);
  let results = (outs Molten_FloatTensor:$result);
  let assemblyFormat = [{
    $input (`[` $dynamic_sizes^ `]`)? attr-dict `:` type($input) `->`
    type($result)
  }];
  let hasVerifier = 1;
  let hasFolder = 1;
}

def Molten_ReshapeOp : Molten_Op<"reshape", [Pure, Molten_DataMovement]> {
  let summary = "the same elements, in row-major order, in another shape";
  let description = [{
    The result has the input's element type and number of elements. At most
    one result dimension may be dynamic: its size follows from the element
    count.

    Example:

    ```mlir
    %y = molten.reshape %x : tensor<?x4096xf32> -> tensor<?x32x128xf32>
    ```
  }];
  let arguments = (ins Molten_FloatTensor:$input);
  let results = (outs Molten_FloatTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def Molten_TransposeOp : Molten_Op<"transpose",
    [Pure, Molten_DataMovement, InferTypeOpAdaptor]> {
  let summary = "permute dimensions";
  let description = [{
    Result dimension `i` is input dimension `permutation[i]`.

    Example:

    ```mlir
    %y = molten.transpose %x permutation = [1, 0] : tensor<?x64xf32> -> tensor<64x?xf32>
    ```
  }];
  let arguments = (ins Molten_FloatTensor:$input,
                       DenseI64ArrayAttr:$permutation);
  let results = (outs Molten_FloatTensor:$result);
  let assemblyFormat = [{
    $input `permutation` `=` $permutation attr-dict `:` type($input) `->`
    type($result)
  }];
  let hasFolder = 1;
  let hasCanonicalizer = 1;
}

def Molten_SliceOp : Molten_Op<"slice",
    [Pure, Molten_DataMovement, InferTypeOpAdaptor]> {
  let summary = "a strided window of a tensor";
  let description = [{
    For every dimension `d`, takes `sizes[d]` elements starting at
    `offsets[d]`, `strides[d]` apart (`strides >= 1`). A size of `-1` keeps
    the whole dimension (offset 0, stride 1): this is how a dynamic dimension
    passes through. A window must lie inside a static dimension.

    Example:

    ```mlir
    %lo = molten.slice %x offsets = [0, 0] sizes = [-1, 64] strides = [1, 1]
        : tensor<?x128xf32> -> tensor<?x64xf32>
    ```
  }];
  let arguments = (ins Molten_FloatTensor:$input, DenseI64ArrayAttr:$offsets,
                       DenseI64ArrayAttr:$sizes, DenseI64ArrayAttr:$strides);
  let results = (outs Molten_FloatTensor:$result);
  let assemblyFormat = [{
    $input `offsets` `=` $offsets `sizes` `=` $sizes `strides` `=` $strides
    attr-dict `:` type($input) `->` type($result)
  }];
  let hasFolder = 1;
}

def Molten_ConcatOp : Molten_Op<"concat",
    [Pure, Molten_DataMovement, InferTypeOpAdaptor]> {
  let summary = "join tensors along one dimension";
  let description = [{
    All inputs have the same rank and element type and agree on every
    dimension but `dim`.

    Example:

    ```mlir
    %y = molten.concat %a, %b dim = 1 : tensor<?x64xf32>, tensor<?x64xf32> -> tensor<?x128xf32>
    ```
  }];
  let arguments = (ins Variadic<Molten_FloatTensor>:$inputs, I64Attr:$dim);
  let results = (outs Molten_FloatTensor:$result);
  let assemblyFormat = [{
    $inputs `dim` `=` $dim attr-dict `:` type($inputs) `->` type($result)
  }];
  let hasFolder = 1;
}

//===----------------------------------------------------------------------===//
// Fusion regions
//===----------------------------------------------------------------------===//

def Molten_FusedOp : Molten_Op<"fused",
    [IsolatedFromAbove, SingleBlock, RecursiveMemoryEffects,
     RecursivelySpeculatable]> {
  let summary = "a group of molten ops that becomes one GPU kernel";
  let description = [{
    The region computes the results from the inputs, which it sees as its
    block arguments (in order, same types); nothing else from outside is
    visible. Inputs are tensors, or `index` sizes for `broadcast_to`. It
    ends with `molten.yield` of values whose types are the results' types.
    The body holds molten ops only, no nested `fused`.

    `hero` names what the region's kernel is built around, i.e. which GPU
    emitter takes it, and must agree with the body: `matmul` when it holds
    a `molten.matmul`, else `row_reduction` or `outer_reduction` after its
    last reduction (over the innermost dims or not), else `loop`.
    `molten-fuse` sets it; `convert-molten-to-gpu` reads it. The hero also bounds
    what the region may yield: a loop's results share one shape; a matmul's
    have the matmul's shape; an outer reduction yields values of its
    reduction's result type; a row reduction's reductions all reduce the
    same rows, and its results are per element or per row of them.

    Example:

    ```mlir
    %h, %y = molten.fused hero(loop) ins(%x, %r : tensor<?x4096xf32>, tensor<?x4096xf32>)
        -> (tensor<?x4096xf32>, tensor<?x4096xf32>) {
    ^bb0(%a: tensor<?x4096xf32>, %b: tensor<?x4096xf32>):
      %s = molten.add %a, %b : tensor<?x4096xf32>, tensor<?x4096xf32>
      %e = molten.exp %s : tensor<?x4096xf32>
      molten.yield %s, %e : tensor<?x4096xf32>, tensor<?x4096xf32>
    }
    ```
  }];
  let arguments = (ins Molten_HeroKind:$hero,
      Variadic<AnyTypeOf<[AnyRankedTensor, Index]>>:$inputs);
  let results = (outs Variadic<AnyRankedTensor>:$results);
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = [{
    `hero` `(` $hero `)`
    (`ins` `(` $inputs^ `:` type($inputs) `)`)? `->` `(` type($results) `)`
    attr-dict-with-keyword $body
  }];
  let hasVerifier = 1;
  let hasRegionVerifier = 1;
  let extraClassDeclaration = [{
    /// The terminator of the body.
    YieldOp getYield();
    /// The hero a body implies (see the description).
    static HeroKind inferHero(Block &body);
    /// What a kernel of the hero can write: a loop's results share one
    /// shape; a matmul's have its shape; an outer reduction yields its
    /// result type; a row reduction's reductions reduce the same rows and
    /// its results are per element or per row.
    LogicalResult verifyHeroContract();
  }];
}

def Molten_YieldOp : Molten_Op<"yield",
    [Pure, HasParent<"FusedOp">, Terminator, ReturnLike]> {
  let summary = "the results of a molten.fused region";
  let description = [{
    Ends the body of `molten.fused`; its operands become the results.

    Example:

    ```mlir
    molten.yield %a, %b : tensor<?x4096xf32>, tensor<?x4096xf32>
    ```
  }];
  let arguments = (ins Variadic<AnyRankedTensor>:$values);
  let assemblyFormat = "($values^ `:` type($values))? attr-dict";
}

#endif // MOLTEN_OPS_TD
