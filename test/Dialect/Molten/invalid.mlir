// RUN: molten-opt %s -split-input-file -verify-diagnostics

// One case per diagnostic: every verifier and type-inference error of the
// molten ops, then the constraints that ODS and the op traits check.
//
// Ops whose result type is inferred report an inference failure twice when
// the verifier (not the parser) runs the inference: the reason, then
// "failed to infer returned types".

//===----------------------------------------------------------------------===//
// Broadcasting elementwise ops
//===----------------------------------------------------------------------===//

func.func @add_shape_mismatch(%x: tensor<4xf32>, %y: tensor<5xf32>) {
  // expected-error @+1 {{operand shapes are not broadcast-compatible: [4] and [5] (only a dimension that is statically 1 expands)}}
  %0 = molten.add %x, %y : tensor<4xf32>, tensor<5xf32>
  return
}

// -----

// The inner dimensions are aligned: [8, 4] against [8] compares 4 with 8.
func.func @mul_trailing_mismatch(%x: tensor<8x4xbf16>, %y: tensor<8xbf16>) {
  // expected-error @+1 {{operand shapes are not broadcast-compatible: [8, 4] and [8]}}
  %0 = molten.mul %x, %y : tensor<8x4xbf16>, tensor<8xbf16>
  return
}

// -----

func.func @sub_element_type_mismatch(%x: tensor<4xf32>, %y: tensor<4xf16>) {
  // expected-error @+1 {{operands must have the same element type, got 'f32' and 'f16'}}
  %0 = molten.sub %x, %y : tensor<4xf32>, tensor<4xf16>
  return
}

// -----

// The generic form runs the inference in the verifier.
func.func @div_generic_shape_mismatch(%x: tensor<3x?xf32>, %y: tensor<2x1xf32>) {
  // expected-error @+2 {{operand shapes are not broadcast-compatible: [3, ?] and [2, 1]}}
  // expected-error @+1 {{'molten.div' op failed to infer returned types}}
  %0 = "molten.div"(%x, %y) : (tensor<3x?xf32>, tensor<2x1xf32>) -> tensor<3x?xf32>
  return
}

// -----

func.func @max_wrong_result_type(%x: tensor<4xf32>) {
  // expected-error @+2 {{'molten.max' op inferred type(s) 'tensor<4xf32>' are incompatible with return type(s) of operation 'tensor<1x4xf32>'}}
  // expected-error @+1 {{'molten.max' op failed to infer returned types}}
  %0 = "molten.max"(%x, %x) : (tensor<4xf32>, tensor<4xf32>) -> tensor<1x4xf32>
  return
}

// -----

func.func @compare_element_type_mismatch(%x: tensor<4xbf16>, %y: tensor<4xf16>) {
  // expected-error @+1 {{operands must have the same element type, got 'bf16' and 'f16'}}
  %0 = molten.compare lt, %x, %y : tensor<4xbf16>, tensor<4xf16>
  return
}

// -----

func.func @compare_shape_mismatch(%x: tensor<2x3xf32>, %y: tensor<3x2xf32>) {
  // expected-error @+1 {{operand shapes are not broadcast-compatible: [2, 3] and [3, 2]}}
  %0 = molten.compare eq, %x, %y : tensor<2x3xf32>, tensor<3x2xf32>
  return
}

// -----

func.func @compare_result_not_i1(%x: tensor<4xf32>) {
  // expected-error @+1 {{'molten.compare' op result #0 must be ranked tensor of 1-bit signless integer values, but got 'tensor<4xf32>'}}
  %0 = "molten.compare"(%x, %x) <{predicate = 0 : i32}> : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @select_value_element_types(%m: tensor<4xi1>, %x: tensor<4xf32>, %y: tensor<4xbf16>) {
  // expected-error @+1 {{on_true and on_false must have the same element type, got 'f32' and 'bf16'}}
  %0 = molten.select %m, %x, %y : tensor<4xi1>, tensor<4xf32>, tensor<4xbf16>
  return
}

// -----

// The condition takes part in the broadcast.
func.func @select_cond_shape(%m: tensor<3xi1>, %x: tensor<4xf32>, %y: tensor<4xf32>) {
  // expected-error @+1 {{operand shapes are not broadcast-compatible: [3] and [4]}}
  %0 = molten.select %m, %x, %y : tensor<3xi1>, tensor<4xf32>, tensor<4xf32>
  return
}

// -----

func.func @select_cond_not_i1(%m: tensor<4xf32>, %x: tensor<4xf32>) {
  // expected-error @+1 {{'molten.select' op operand #0 must be ranked tensor of 1-bit signless integer values, but got 'tensor<4xf32>'}}
  %0 = molten.select %m, %x, %x : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
  return
}

//===----------------------------------------------------------------------===//
// Unary ops, clamp, cast
//===----------------------------------------------------------------------===//

// -----

func.func @unary_result_type(%x: tensor<4xf32>) {
  // expected-error @+1 {{'molten.exp' op requires the same type for all operands and results}}
  %0 = "molten.exp"(%x) : (tensor<4xf32>) -> tensor<4xf16>
  return
}

// -----

func.func @clamp_min_above_max(%x: tensor<4xf32>) {
  // expected-error @+1 {{'molten.clamp' op requires min <= max, got min = 2.000000e+00, max = 1.000000e+00}}
  %0 = molten.clamp %x min = 2.0 max = 1.0 : tensor<4xf32>
  return
}

// -----

func.func @clamp_nan_bound(%x: tensor<4xf32>) {
  // expected-error @+1 {{'molten.clamp' op requires min <= max, got min = nan, max = 1.000000e+00}}
  %0 = molten.clamp %x min = 0x7FF8000000000000 max = 1.0 : tensor<4xf32>
  return
}

// -----

func.func @cast_changes_shape(%x: tensor<?x4xbf16>) {
  // expected-error @+1 {{'molten.cast' op changes the shape from [?, 4] to [4, 4]; cast changes only the element type}}
  %0 = molten.cast %x : tensor<?x4xbf16> to tensor<4x4xf32>
  return
}

// -----

func.func @cast_to_integer(%x: tensor<4xf32>) {
  // expected-error @+1 {{'molten.cast' op result #0 must be ranked tensor of 32-bit float or 16-bit float or bfloat16 type values, but got 'tensor<4xi32>'}}
  %0 = molten.cast %x : tensor<4xf32> to tensor<4xi32>
  return
}

//===----------------------------------------------------------------------===//
// Constants
//===----------------------------------------------------------------------===//

// -----

func.func @constant_f64() {
  // expected-error @+1 {{'molten.constant' op result #0 must be ranked tensor of 32-bit float or 16-bit float or bfloat16 type or 1-bit signless integer values, but got 'tensor<4xf64>'}}
  %0 = molten.constant dense<1.0> : tensor<4xf64>
  return
}

// -----

func.func @constant_i32() {
  // expected-error @+1 {{'molten.constant' op result #0 must be ranked tensor of 32-bit float or 16-bit float or bfloat16 type or 1-bit signless integer values, but got 'tensor<4xi32>'}}
  %0 = molten.constant dense<1> : tensor<4xi32>
  return
}

// -----

func.func @constant_type_mismatch() {
  // expected-error @+1 {{'molten.constant' op failed to verify that all of {value, result} have same type}}
  %0 = "molten.constant"() <{value = dense<1.0> : tensor<4xf32>}> : () -> tensor<5xf32>
  return
}

// -----

func.func @constant_not_dense() {
  // expected-error @+1 {{invalid properties {value = 1.000000e+00 : f32} for op molten.constant}}
  %0 = "molten.constant"() <{value = 1.0 : f32}> : () -> tensor<f32>
  return
}

//===----------------------------------------------------------------------===//
// Reductions
//===----------------------------------------------------------------------===//

// -----

func.func @reduce_no_dims(%x: tensor<4xf32>) {
  // expected-error @+2 {{expects at least one dimension to reduce}}
  // expected-error @+1 {{'molten.reduce_sum' op failed to infer returned types}}
  %0 = molten.reduce_sum %x dims = [] : tensor<4xf32> -> tensor<4xf32>
  return
}

// -----

func.func @reduce_dim_too_large(%x: tensor<?x4xf32>) {
  // expected-error @+2 {{reduction dimension 2 is out of range for a tensor of rank 2}}
  // expected-error @+1 {{'molten.reduce_mean' op failed to infer returned types}}
  %0 = molten.reduce_mean %x dims = [2] : tensor<?x4xf32> -> tensor<?xf32>
  return
}

// -----

// Reduction dimensions are not counted from the end.
func.func @reduce_dim_negative(%x: tensor<?x4xf32>) {
  // expected-error @+2 {{reduction dimension -1 is out of range for a tensor of rank 2}}
  // expected-error @+1 {{'molten.reduce_max' op failed to infer returned types}}
  %0 = molten.reduce_max %x dims = [-1] : tensor<?x4xf32> -> tensor<?xf32>
  return
}

// -----

func.func @reduce_rank0(%x: tensor<f16>) {
  // expected-error @+2 {{reduction dimension 0 is out of range for a tensor of rank 0}}
  // expected-error @+1 {{'molten.reduce_sum' op failed to infer returned types}}
  %0 = molten.reduce_sum %x dims = [0] : tensor<f16> -> tensor<f16>
  return
}

// -----

func.func @reduce_dim_twice(%x: tensor<2x3x4xbf16>) {
  // expected-error @+2 {{reduction dimension 1 appears more than once}}
  // expected-error @+1 {{'molten.reduce_min' op failed to infer returned types}}
  %0 = molten.reduce_min %x dims = [1, 0, 1] : tensor<2x3x4xbf16> -> tensor<4xbf16>
  return
}

// -----

func.func @reduce_wrong_result(%x: tensor<2x3xf32>) {
  // expected-error @+2 {{'molten.reduce_sum' op inferred type(s) 'tensor<2x1xf32>' are incompatible with return type(s) of operation 'tensor<2xf32>'}}
  // expected-error @+1 {{'molten.reduce_sum' op failed to infer returned types}}
  %0 = molten.reduce_sum %x dims = [1] keepdim : tensor<2x3xf32> -> tensor<2xf32>
  return
}

// -----

func.func @reduce_keeps_element_type(%x: tensor<2x3xbf16>) {
  // expected-error @+2 {{'molten.reduce_mean' op inferred type(s) 'tensor<2xbf16>' are incompatible with return type(s) of operation 'tensor<2xf32>'}}
  // expected-error @+1 {{'molten.reduce_mean' op failed to infer returned types}}
  %0 = molten.reduce_mean %x dims = [1] : tensor<2x3xbf16> -> tensor<2xf32>
  return
}

//===----------------------------------------------------------------------===//
// rms_norm, layer_norm, softmax
//===----------------------------------------------------------------------===//

// -----

func.func @rms_norm_axis_too_large(%x: tensor<?x8xf32>, %w: tensor<8xf32>) {
  // expected-error @+1 {{'molten.rms_norm' op axis 2 is out of range for a tensor of rank 2}}
  %0 = molten.rms_norm %x, %w axis = 2 : tensor<?x8xf32>, tensor<8xf32>
  return
}

// -----

func.func @rms_norm_axis_too_negative(%x: tensor<?x8xf32>, %w: tensor<8xf32>) {
  // expected-error @+1 {{'molten.rms_norm' op axis -3 is out of range for a tensor of rank 2}}
  %0 = molten.rms_norm %x, %w axis = -3 : tensor<?x8xf32>, tensor<8xf32>
  return
}

// -----

func.func @rms_norm_rank0(%x: tensor<f32>, %w: tensor<1xf32>) {
  // expected-error @+1 {{'molten.rms_norm' op axis -1 is out of range for a tensor of rank 0}}
  %0 = molten.rms_norm %x, %w : tensor<f32>, tensor<1xf32>
  return
}

// -----

func.func @rms_norm_weight_element_type(%x: tensor<?x8xbf16>, %w: tensor<8xf32>) {
  // expected-error @+1 {{'molten.rms_norm' op weight and bias must have the input's element type 'bf16', got 'f32'}}
  %0 = molten.rms_norm %x, %w : tensor<?x8xbf16>, tensor<8xf32>
  return
}

// -----

func.func @rms_norm_weight_rank(%x: tensor<?x8xf32>, %w: tensor<1x8xf32>) {
  // expected-error @+1 {{'molten.rms_norm' op weight and bias must be 1-D, got rank 2}}
  %0 = molten.rms_norm %x, %w : tensor<?x8xf32>, tensor<1x8xf32>
  return
}

// -----

func.func @rms_norm_weight_size(%x: tensor<?x8xf32>, %w: tensor<16xf32>) {
  // expected-error @+1 {{'molten.rms_norm' op weight and bias must have the size of axis 1 ([8]), got [16]}}
  %0 = molten.rms_norm %x, %w : tensor<?x8xf32>, tensor<16xf32>
  return
}

// -----

// The weight is checked against the axis the attribute names.
func.func @rms_norm_weight_size_other_axis(%x: tensor<4x8xf32>, %w: tensor<8xf32>) {
  // expected-error @+1 {{'molten.rms_norm' op weight and bias must have the size of axis 0 ([4]), got [8]}}
  %0 = molten.rms_norm %x, %w axis = 0 : tensor<4x8xf32>, tensor<8xf32>
  return
}

// -----

func.func @rms_norm_negative_eps(%x: tensor<?x8xf32>, %w: tensor<8xf32>) {
  // expected-error @+1 {{'molten.rms_norm' op eps must not be negative or NaN, got -1.000000e-06}}
  %0 = molten.rms_norm %x, %w eps = -1.0e-06 : tensor<?x8xf32>, tensor<8xf32>
  return
}

// -----

func.func @rms_norm_nan_eps(%x: tensor<?x8xf32>, %w: tensor<8xf32>) {
  // expected-error @+1 {{'molten.rms_norm' op eps must not be negative or NaN, got nan}}
  %0 = molten.rms_norm %x, %w eps = 0x7FF8000000000000 : tensor<?x8xf32>, tensor<8xf32>
  return
}

// -----

func.func @rms_norm_missing_weight(%x: tensor<?x8xf32>) {
  // expected-error @+1 {{'molten.rms_norm' op expected 2 operands, but found 1}}
  %0 = "molten.rms_norm"(%x) <{axis = -1 : i64, eps = 1.0e-06 : f64}> : (tensor<?x8xf32>) -> tensor<?x8xf32>
  return
}

// -----

func.func @rms_norm_result_type(%x: tensor<?x8xf32>, %w: tensor<8xf32>) {
  // expected-error @+1 {{'molten.rms_norm' op failed to verify that all of {input, result} have same type}}
  %0 = "molten.rms_norm"(%x, %w) <{axis = -1 : i64, eps = 1.0e-06 : f64}> : (tensor<?x8xf32>, tensor<8xf32>) -> tensor<4x8xf32>
  return
}

// -----

func.func @layer_norm_axis(%x: tensor<2x3x4xf16>) {
  // expected-error @+1 {{'molten.layer_norm' op axis -4 is out of range for a tensor of rank 3}}
  %0 = molten.layer_norm %x axis = -4 : tensor<2x3x4xf16>
  return
}

// -----

func.func @layer_norm_negative_eps(%x: tensor<2x3x4xf16>) {
  // expected-error @+1 {{'molten.layer_norm' op eps must not be negative or NaN, got -1.000000e+00}}
  %0 = molten.layer_norm %x eps = -1.0 : tensor<2x3x4xf16>
  return
}

// -----

func.func @layer_norm_nan_eps(%x: tensor<2x3x4xf16>) {
  // expected-error @+1 {{'molten.layer_norm' op eps must not be negative or NaN, got nan}}
  %0 = molten.layer_norm %x eps = 0x7FF8000000000000 : tensor<2x3x4xf16>
  return
}

// -----

// The bias is checked like the weight, also without one.
func.func @layer_norm_bias_size(%x: tensor<2x3x4xf16>, %b: tensor<3xf16>) {
  // expected-error @+1 {{'molten.layer_norm' op weight and bias must have the size of axis 2 ([4]), got [3]}}
  %0 = molten.layer_norm %x bias(%b : tensor<3xf16>) : tensor<2x3x4xf16>
  return
}

// -----

func.func @layer_norm_bias_element_type(%x: tensor<2x3x4xf16>, %w: tensor<4xf16>, %b: tensor<4xbf16>) {
  // expected-error @+1 {{'molten.layer_norm' op weight and bias must have the input's element type 'f16', got 'bf16'}}
  %0 = molten.layer_norm %x weight(%w : tensor<4xf16>) bias(%b : tensor<4xbf16>) : tensor<2x3x4xf16>
  return
}

// -----

func.func @layer_norm_weight_rank(%x: tensor<2x3x4xf16>, %w: tensor<f16>) {
  // expected-error @+1 {{'molten.layer_norm' op weight and bias must be 1-D, got rank 0}}
  %0 = molten.layer_norm %x weight(%w : tensor<f16>) : tensor<2x3x4xf16>
  return
}

// -----

func.func @layer_norm_segments(%x: tensor<4xf32>) {
  // expected-error @+1 {{'molten.layer_norm' op operand count (2) does not match with the total size (3) specified in attribute 'operandSegmentSizes'}}
  %0 = "molten.layer_norm"(%x, %x) <{axis = -1 : i64, eps = 1.0e-5 : f64, operandSegmentSizes = array<i32: 1, 2, 0>}> : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @softmax_axis_too_large(%x: tensor<?x8xf32>) {
  // expected-error @+1 {{'molten.softmax' op axis 2 is out of range for a tensor of rank 2}}
  %0 = molten.softmax %x axis = 2 : tensor<?x8xf32>
  return
}

// -----

func.func @softmax_axis_too_negative(%x: tensor<?x8xf32>) {
  // expected-error @+1 {{'molten.softmax' op axis -3 is out of range for a tensor of rank 2}}
  %0 = molten.softmax %x axis = -3 : tensor<?x8xf32>
  return
}

// -----

func.func @softmax_rank0(%x: tensor<bf16>) {
  // expected-error @+1 {{'molten.softmax' op axis -1 is out of range for a tensor of rank 0}}
  %0 = molten.softmax %x : tensor<bf16>
  return
}

//===----------------------------------------------------------------------===//
// rope
//===----------------------------------------------------------------------===//

// -----

func.func @rope_rank0(%x: tensor<f32>) {
  // expected-error @+1 {{'molten.rope' op input must have rank at least 1}}
  %0 = molten.rope %x, %x, %x : tensor<f32>, tensor<f32>
  return
}

// -----

func.func @rope_odd_innermost(%x: tensor<?x7xf32>, %t: tensor<7xf32>) {
  // expected-error @+1 {{'molten.rope' op the innermost dimension must be even, got 7}}
  %0 = molten.rope %x, %t, %t mode = interleaved : tensor<?x7xf32>, tensor<7xf32>
  return
}

// -----

func.func @rope_table_element_type(%x: tensor<?x8xbf16>, %t: tensor<8xf32>) {
  // expected-error @+1 {{'molten.rope' op cos and sin must have the input's element type 'bf16', got 'f32'}}
  %0 = molten.rope %x, %t, %t : tensor<?x8xbf16>, tensor<8xf32>
  return
}

// -----

func.func @rope_table_innermost(%x: tensor<?x8xf32>, %t: tensor<4xf32>) {
  // expected-error @+1 {{'molten.rope' op cos and sin must have at most the input's rank and its innermost dimension, got 'tensor<4xf32>' for input 'tensor<?x8xf32>'}}
  %0 = molten.rope %x, %t, %t : tensor<?x8xf32>, tensor<4xf32>
  return
}

// -----

func.func @rope_table_rank_too_large(%x: tensor<?x8xf32>, %t: tensor<1x1x8xf32>) {
  // expected-error @+1 {{'molten.rope' op cos and sin must have at most the input's rank and its innermost dimension, got 'tensor<1x1x8xf32>' for input 'tensor<?x8xf32>'}}
  %0 = molten.rope %x, %t, %t : tensor<?x8xf32>, tensor<1x1x8xf32>
  return
}

// -----

func.func @rope_table_rank0(%x: tensor<?x8xf32>, %t: tensor<f32>) {
  // expected-error @+1 {{'molten.rope' op cos and sin must have at most the input's rank and its innermost dimension, got 'tensor<f32>' for input 'tensor<?x8xf32>'}}
  %0 = molten.rope %x, %t, %t : tensor<?x8xf32>, tensor<f32>
  return
}

// -----

// The tables broadcast to the input, never the input to the tables.
func.func @rope_table_does_not_broadcast(%x: tensor<1x8xf32>, %t: tensor<4x8xf32>) {
  // expected-error @+1 {{'molten.rope' op cos and sin of shape [4, 8] do not broadcast to the input shape [1, 8]}}
  %0 = molten.rope %x, %t, %t : tensor<1x8xf32>, tensor<4x8xf32>
  return
}

// -----

func.func @rope_table_incompatible(%x: tensor<3x8xf32>, %t: tensor<2x8xf32>) {
  // expected-error @+1 {{'molten.rope' op cos and sin of shape [2, 8] do not broadcast to the input shape [3, 8]}}
  %0 = molten.rope %x, %t, %t : tensor<3x8xf32>, tensor<2x8xf32>
  return
}

// -----

func.func @rope_cos_sin_differ(%x: tensor<?x8xf32>, %c: tensor<8xf32>, %s: tensor<1x8xf32>) {
  // expected-error @+1 {{'molten.rope' op failed to verify that all of {cos, sin} have same type}}
  %0 = "molten.rope"(%x, %c, %s) <{mode = 0 : i32}> : (tensor<?x8xf32>, tensor<8xf32>, tensor<1x8xf32>) -> tensor<?x8xf32>
  return
}

// -----

func.func @rope_bad_mode(%x: tensor<?x8xf32>, %t: tensor<8xf32>) {
  // expected-error @+1 {{expected string or keyword containing one of the following enum values for attribute 'mode' [rotate_half, interleaved]}}
  %0 = molten.rope %x, %t, %t mode = rotate_all : tensor<?x8xf32>, tensor<8xf32>
  return
}

//===----------------------------------------------------------------------===//
// matmul
//===----------------------------------------------------------------------===//

// -----

func.func @matmul_element_types(%a: tensor<4x8xf32>, %b: tensor<8x2xbf16>) {
  // expected-error @+2 {{operands must have the same element type, got 'f32' and 'bf16'}}
  // expected-error @+1 {{'molten.matmul' op failed to infer returned types}}
  %0 = molten.matmul %a, %b : tensor<4x8xf32>, tensor<8x2xbf16> -> tensor<4x2xf32>
  return
}

// -----

func.func @matmul_rank1_lhs(%a: tensor<8xf32>, %b: tensor<8x2xf32>) {
  // expected-error @+2 {{operands must have rank at least 2, got 1 and 2}}
  // expected-error @+1 {{'molten.matmul' op failed to infer returned types}}
  %0 = molten.matmul %a, %b : tensor<8xf32>, tensor<8x2xf32> -> tensor<2xf32>
  return
}

// -----

func.func @matmul_rank1_rhs(%a: tensor<4x8xf32>, %b: tensor<8xf32>) {
  // expected-error @+2 {{operands must have rank at least 2, got 2 and 1}}
  // expected-error @+1 {{'molten.matmul' op failed to infer returned types}}
  %0 = molten.matmul %a, %b : tensor<4x8xf32>, tensor<8xf32> -> tensor<4xf32>
  return
}

// -----

func.func @matmul_rank_mismatch(%a: tensor<2x4x8xf32>, %b: tensor<3x2x8x2xf32>) {
  // expected-error @+2 {{rhs must have rank 2 or the lhs rank 3, got 4}}
  // expected-error @+1 {{'molten.matmul' op failed to infer returned types}}
  %0 = molten.matmul %a, %b : tensor<2x4x8xf32>, tensor<3x2x8x2xf32> -> tensor<2x4x2xf32>
  return
}

// -----

func.func @matmul_batch_mismatch(%a: tensor<2x?x4x8xf32>, %b: tensor<3x?x8x2xf32>) {
  // expected-error @+2 {{batch dimension 0 differs: 2 and 3}}
  // expected-error @+1 {{'molten.matmul' op failed to infer returned types}}
  %0 = molten.matmul %a, %b : tensor<2x?x4x8xf32>, tensor<3x?x8x2xf32> -> tensor<2x?x4x2xf32>
  return
}

// -----

func.func @matmul_k_mismatch(%a: tensor<?x4096xbf16>, %b: tensor<4095x8xbf16>) {
  // expected-error @+2 {{contraction dimensions differ: lhs has K = 4096, rhs has K = 4095}}
  // expected-error @+1 {{'molten.matmul' op failed to infer returned types}}
  %0 = molten.matmul %a, %b : tensor<?x4096xbf16>, tensor<4095x8xbf16> -> tensor<?x8xbf16>
  return
}

// -----

// With transpose_rhs, K is the last dimension of rhs.
func.func @matmul_k_mismatch_transposed(%a: tensor<?x4096xbf16>, %b: tensor<4096x8xbf16>) {
  // expected-error @+2 {{contraction dimensions differ: lhs has K = 4096, rhs has K = 8}}
  // expected-error @+1 {{'molten.matmul' op failed to infer returned types}}
  %0 = molten.matmul %a, %b transpose_rhs : tensor<?x4096xbf16>, tensor<4096x8xbf16> -> tensor<?x4096xbf16>
  return
}

// -----

func.func @matmul_wrong_result(%a: tensor<4x8xf32>, %b: tensor<8x2xf32>) {
  // expected-error @+2 {{'molten.matmul' op inferred type(s) 'tensor<4x2xf32>' are incompatible with return type(s) of operation 'tensor<4x8xf32>'}}
  // expected-error @+1 {{'molten.matmul' op failed to infer returned types}}
  %0 = molten.matmul %a, %b : tensor<4x8xf32>, tensor<8x2xf32> -> tensor<4x8xf32>
  return
}

//===----------------------------------------------------------------------===//
// attention
//===----------------------------------------------------------------------===//

// -----

func.func @attention_element_types(%q: tensor<4x8xf32>, %k: tensor<6x8xbf16>, %v: tensor<6x8xf32>) {
  // expected-error @+1 {{'molten.attention' op query, key, value and result must have one element type, got 'tensor<4x8xf32>', 'tensor<6x8xbf16>', 'tensor<6x8xf32>' -> 'tensor<4x8xf32>'}}
  %0 = molten.attention %q, %k, %v : tensor<4x8xf32>, tensor<6x8xbf16>, tensor<6x8xf32> -> tensor<4x8xf32>
  return
}

// -----

func.func @attention_rank1(%q: tensor<8xf32>, %k: tensor<8xf32>, %v: tensor<8xf32>) {
  // expected-error @+1 {{'molten.attention' op query, key, value and result must have one rank, at least 2, got 1, 1, 1 -> 1}}
  %0 = molten.attention %q, %k, %v : tensor<8xf32>, tensor<8xf32>, tensor<8xf32> -> tensor<8xf32>
  return
}

// -----

func.func @attention_ranks_differ(%q: tensor<2x4x8xf32>, %k: tensor<6x8xf32>, %v: tensor<6x8xf32>) {
  // expected-error @+1 {{'molten.attention' op query, key, value and result must have one rank, at least 2, got 3, 2, 2 -> 3}}
  %0 = molten.attention %q, %k, %v : tensor<2x4x8xf32>, tensor<6x8xf32>, tensor<6x8xf32> -> tensor<2x4x8xf32>
  return
}

// -----

func.func @attention_dynamic_head_dim(%q: tensor<4x?xf32>, %k: tensor<6x?xf32>, %v: tensor<6x8xf32>) {
  // expected-error @+1 {{'molten.attention' op head dimensions must be static, got query [4, ?] and value [6, 8]}}
  %0 = molten.attention %q, %k, %v : tensor<4x?xf32>, tensor<6x?xf32>, tensor<6x8xf32> -> tensor<4x8xf32>
  return
}

// -----

func.func @attention_key_head_dim(%q: tensor<4x8xf32>, %k: tensor<6x16xf32>, %v: tensor<6x8xf32>) {
  // expected-error @+1 {{'molten.attention' op key must have the query's head dimension 8, got [6, 16]}}
  %0 = molten.attention %q, %k, %v : tensor<4x8xf32>, tensor<6x16xf32>, tensor<6x8xf32> -> tensor<4x8xf32>
  return
}

// -----

func.func @attention_sequence_lengths(%q: tensor<4x8xf32>, %k: tensor<6x8xf32>, %v: tensor<7x8xf32>) {
  // expected-error @+1 {{'molten.attention' op key and value must have one sequence length, got [6, 8] and [7, 8]}}
  %0 = molten.attention %q, %k, %v : tensor<4x8xf32>, tensor<6x8xf32>, tensor<7x8xf32> -> tensor<4x8xf32>
  return
}

// -----

func.func @attention_batch(%q: tensor<2x4x5x8xf32>, %k: tensor<3x4x6x8xf32>, %v: tensor<3x4x6x8xf32>) {
  // expected-error @+1 {{'molten.attention' op batch dimension 0 differs: query [2, 4, 5, 8], key [3, 4, 6, 8], value [3, 4, 6, 8]}}
  %0 = molten.attention %q, %k, %v : tensor<2x4x5x8xf32>, tensor<3x4x6x8xf32>, tensor<3x4x6x8xf32> -> tensor<2x4x5x8xf32>
  return
}

// -----

func.func @attention_kv_heads(%q: tensor<4x5x8xf32>, %k: tensor<2x6x8xf32>, %v: tensor<4x6x8xf32>) {
  // expected-error @+1 {{'molten.attention' op key and value must have one head count, got [2, 6, 8] and [4, 6, 8]}}
  %0 = molten.attention %q, %k, %v : tensor<4x5x8xf32>, tensor<2x6x8xf32>, tensor<4x6x8xf32> -> tensor<4x5x8xf32>
  return
}

// -----

func.func @attention_group(%q: tensor<?x6x5x8xf32>, %k: tensor<?x4x6x8xf32>, %v: tensor<?x4x6x8xf32>) {
  // expected-error @+1 {{'molten.attention' op query heads must be a multiple of the key heads (equal where either is dynamic), got [6] and [4]}}
  %0 = molten.attention %q, %k, %v : tensor<?x6x5x8xf32>, tensor<?x4x6x8xf32>, tensor<?x4x6x8xf32> -> tensor<?x6x5x8xf32>
  return
}

// -----

func.func @attention_result(%q: tensor<4x8xf32>, %k: tensor<6x8xf32>, %v: tensor<6x16xf32>) {
  // expected-error @+1 {{'molten.attention' op result must have shape [4, 16], got [4, 8]}}
  %0 = molten.attention %q, %k, %v : tensor<4x8xf32>, tensor<6x8xf32>, tensor<6x16xf32> -> tensor<4x8xf32>
  return
}

// -----

// Dynamic query heads must equal the key heads, so the result's heads are
// the key heads' 2.
func.func @attention_dynamic_heads(%q: tensor<?x5x8xf32>, %k: tensor<2x6x8xf32>, %v: tensor<2x6x8xf32>) {
  // expected-error @+1 {{'molten.attention' op result must have shape [2, 5, 8], got [4, 5, 8]}}
  %0 = molten.attention %q, %k, %v : tensor<?x5x8xf32>, tensor<2x6x8xf32>, tensor<2x6x8xf32> -> tensor<4x5x8xf32>
  return
}

// -----

// The default scale is 1 / sqrt(D).
func.func @attention_empty_head(%q: tensor<4x0xf32>, %k: tensor<6x0xf32>, %v: tensor<6x8xf32>) {
  // expected-error @+1 {{'molten.attention' op head dimension must not be 0}}
  %0 = molten.attention %q, %k, %v : tensor<4x0xf32>, tensor<6x0xf32>, tensor<6x8xf32> -> tensor<4x8xf32>
  return
}

// -----

func.func @attention_mask_type(%q: tensor<4x8xbf16>, %k: tensor<6x8xbf16>, %v: tensor<6x8xbf16>, %m: tensor<4x6xf16>) {
  // expected-error @+1 {{'molten.attention' op mask must be f32 or the operands' type 'bf16', got 'f16'}}
  %0 = molten.attention %q, %k, %v mask(%m : tensor<4x6xf16>) : tensor<4x8xbf16>, tensor<6x8xbf16>, tensor<6x8xbf16> -> tensor<4x8xbf16>
  return
}

// -----

func.func @attention_mask_shape(%q: tensor<2x4x8xf32>, %k: tensor<2x6x8xf32>, %v: tensor<2x6x8xf32>, %m: tensor<4x5xf32>) {
  // expected-error @+1 {{'molten.attention' op mask of shape [4, 5] does not broadcast to the scores' shape [2, 4, 6]}}
  %0 = molten.attention %q, %k, %v mask(%m : tensor<4x5xf32>) : tensor<2x4x8xf32>, tensor<2x6x8xf32>, tensor<2x6x8xf32> -> tensor<2x4x8xf32>
  return
}

// -----

// A mask of higher rank than the scores would broadcast them.
func.func @attention_mask_rank(%q: tensor<4x8xf32>, %k: tensor<6x8xf32>, %v: tensor<6x8xf32>, %m: tensor<3x4x6xf32>) {
  // expected-error @+1 {{'molten.attention' op mask of shape [3, 4, 6] does not broadcast to the scores' shape [4, 6]}}
  %0 = molten.attention %q, %k, %v mask(%m : tensor<3x4x6xf32>) : tensor<4x8xf32>, tensor<6x8xf32>, tensor<6x8xf32> -> tensor<4x8xf32>
  return
}

// -----

func.func @attention_scale(%q: tensor<4x8xf32>, %k: tensor<6x8xf32>, %v: tensor<6x8xf32>) {
  // expected-error @+1 {{'molten.attention' op scale must be finite}}
  %0 = molten.attention %q, %k, %v scale = 0x7FF0000000000000 : tensor<4x8xf32>, tensor<6x8xf32>, tensor<6x8xf32> -> tensor<4x8xf32>
  return
}

//===----------------------------------------------------------------------===//
// broadcast_to, reshape, transpose, slice, concat
//===----------------------------------------------------------------------===//

// -----

func.func @broadcast_to_element_type(%x: tensor<4xf32>) {
  // expected-error @+1 {{'molten.broadcast_to' op must keep the element type 'f32', got 'f16'}}
  %0 = molten.broadcast_to %x : tensor<4xf32> -> tensor<2x4xf16>
  return
}

// -----

func.func @broadcast_to_lower_rank(%x: tensor<2x4xf32>) {
  // expected-error @+1 {{'molten.broadcast_to' op cannot broadcast rank 2 to the lower rank 1}}
  %0 = molten.broadcast_to %x : tensor<2x4xf32> -> tensor<4xf32>
  return
}

// -----

func.func @broadcast_to_missing_size(%x: tensor<4xf32>) {
  // expected-error @+1 {{'molten.broadcast_to' op needs one size operand per dynamic result dimension (expected 1, got 0)}}
  %0 = molten.broadcast_to %x : tensor<4xf32> -> tensor<?x4xf32>
  return
}

// -----

func.func @broadcast_to_extra_size(%x: tensor<4xf32>, %n: index) {
  // expected-error @+1 {{'molten.broadcast_to' op needs one size operand per dynamic result dimension (expected 0, got 1)}}
  %0 = molten.broadcast_to %x [%n] : tensor<4xf32> -> tensor<2x4xf32>
  return
}

// -----

func.func @broadcast_to_not_one(%x: tensor<3x4xf32>) {
  // expected-error @+1 {{'molten.broadcast_to' op cannot broadcast [3, 4] to [2, 6, 4]: dimension 0 is neither 1 nor equal}}
  %0 = molten.broadcast_to %x : tensor<3x4xf32> -> tensor<2x6x4xf32>
  return
}

// -----

func.func @broadcast_to_size_not_index(%x: tensor<4xf32>, %n: i64) {
  // expected-error @+1 {{'molten.broadcast_to' op operand #1 must be variadic of index, but got 'i64'}}
  %0 = "molten.broadcast_to"(%x, %n) : (tensor<4xf32>, i64) -> tensor<?x4xf32>
  return
}

// -----

func.func @reshape_element_type(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'molten.reshape' op must keep the element type 'f32', got 'bf16'}}
  %0 = molten.reshape %x : tensor<2x3xf32> -> tensor<6xbf16>
  return
}

// -----

func.func @reshape_two_dynamic(%x: tensor<?x8xf32>) {
  // expected-error @+1 {{'molten.reshape' op result may have at most one dynamic dimension, got 'tensor<?x?x2xf32>'}}
  %0 = molten.reshape %x : tensor<?x8xf32> -> tensor<?x?x2xf32>
  return
}

// -----

func.func @reshape_static_count(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'molten.reshape' op cannot reshape [2, 3] to [7]: the element counts cannot match}}
  %0 = molten.reshape %x : tensor<2x3xf32> -> tensor<7xf32>
  return
}

// -----

// Zero elements whatever the dynamic dim: its size is undetermined
// (fuzz-cases case02, case03).
func.func @reshape_dynamic_beside_zero(%x: tensor<?x4xf32>) {
  // expected-error @+1 {{'molten.reshape' op result 'tensor<0x?xf32>' has a dynamic dimension beside a 0: its size does not follow from the element count}}
  %0 = molten.reshape %x : tensor<?x4xf32> -> tensor<0x?xf32>
  return
}

// -----

func.func @reshape_empty_to_dynamic_beside_zero(%x: tensor<?x0xbf16>) {
  // expected-error @+1 {{'molten.reshape' op result 'tensor<0x?xbf16>' has a dynamic dimension beside a 0}}
  %0 = molten.reshape %x : tensor<?x0xbf16> -> tensor<0x?xbf16>
  return
}

// -----

// 6 elements cannot fill rows of 4.
func.func @reshape_static_to_dynamic(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'molten.reshape' op cannot reshape [2, 3] to [?, 4]: the element counts cannot match}}
  %0 = molten.reshape %x : tensor<2x3xf32> -> tensor<?x4xf32>
  return
}

// -----

// Rows of 4 cannot make 6 elements.
func.func @reshape_dynamic_to_static(%x: tensor<?x4xf32>) {
  // expected-error @+1 {{'molten.reshape' op cannot reshape [?, 4] to [6]: the element counts cannot match}}
  %0 = molten.reshape %x : tensor<?x4xf32> -> tensor<6xf32>
  return
}

// -----

// 2^62 * 2 elements do not fit in int64: no tensor has this many.
func.func @reshape_count_overflow(%x: tensor<4611686018427387904x2xf32>) {
  // expected-error @+1 {{'molten.reshape' op operand #0 of type 'tensor<4611686018427387904x2xf32>' holds more than 2^63 - 1 bytes}}
  %0 = molten.reshape %x : tensor<4611686018427387904x2xf32> -> tensor<?x3x6148914691236517205xf32>
  return
}

// -----

func.func @transpose_too_few(%x: tensor<2x3x4xf32>) {
  // expected-error @+2 {{permutation has 2 entries for a tensor of rank 3}}
  // expected-error @+1 {{'molten.transpose' op failed to infer returned types}}
  %0 = molten.transpose %x permutation = [1, 0] : tensor<2x3x4xf32> -> tensor<3x2xf32>
  return
}

// -----

func.func @transpose_duplicate(%x: tensor<2x3xf32>) {
  // expected-error @+2 {{permutation [0, 0] is not a permutation of [0, 2)}}
  // expected-error @+1 {{'molten.transpose' op failed to infer returned types}}
  %0 = molten.transpose %x permutation = [0, 0] : tensor<2x3xf32> -> tensor<2x2xf32>
  return
}

// -----

func.func @transpose_out_of_range(%x: tensor<2x3xf32>) {
  // expected-error @+2 {{permutation [2, 0] is not a permutation of [0, 2)}}
  // expected-error @+1 {{'molten.transpose' op failed to infer returned types}}
  %0 = molten.transpose %x permutation = [2, 0] : tensor<2x3xf32> -> tensor<3x2xf32>
  return
}

// -----

func.func @transpose_negative(%x: tensor<2x3xf32>) {
  // expected-error @+2 {{permutation [-1, 0] is not a permutation of [0, 2)}}
  // expected-error @+1 {{'molten.transpose' op failed to infer returned types}}
  %0 = molten.transpose %x permutation = [-1, 0] : tensor<2x3xf32> -> tensor<3x2xf32>
  return
}

// -----

func.func @transpose_wrong_result(%x: tensor<2x3xf32>) {
  // expected-error @+2 {{'molten.transpose' op inferred type(s) 'tensor<3x2xf32>' are incompatible with return type(s) of operation 'tensor<2x3xf32>'}}
  // expected-error @+1 {{'molten.transpose' op failed to infer returned types}}
  %0 = molten.transpose %x permutation = [1, 0] : tensor<2x3xf32> -> tensor<2x3xf32>
  return
}

// -----

func.func @slice_entry_count(%x: tensor<4x8xf32>) {
  // expected-error @+2 {{offsets, sizes and strides need one entry per dimension (2)}}
  // expected-error @+1 {{'molten.slice' op failed to infer returned types}}
  %0 = molten.slice %x offsets = [0, 0] sizes = [2] strides = [1, 1] : tensor<4x8xf32> -> tensor<2x8xf32>
  return
}

// -----

func.func @slice_whole_needs_offset_0(%x: tensor<?x8xf32>) {
  // expected-error @+2 {{dimension 0: size -1 (whole dimension) needs offset 0 and stride 1}}
  // expected-error @+1 {{'molten.slice' op failed to infer returned types}}
  %0 = molten.slice %x offsets = [1, 0] sizes = [-1, 8] strides = [1, 1] : tensor<?x8xf32> -> tensor<?x8xf32>
  return
}

// -----

func.func @slice_whole_needs_stride_1(%x: tensor<?x8xf32>) {
  // expected-error @+2 {{dimension 1: size -1 (whole dimension) needs offset 0 and stride 1}}
  // expected-error @+1 {{'molten.slice' op failed to infer returned types}}
  %0 = molten.slice %x offsets = [0, 0] sizes = [-1, -1] strides = [1, 2] : tensor<?x8xf32> -> tensor<?x8xf32>
  return
}

// -----

func.func @slice_negative_offset(%x: tensor<4x8xf32>) {
  // expected-error @+2 {{dimension 1: needs offset >= 0, size >= 1 and stride >= 1, got -1, 2, 1}}
  // expected-error @+1 {{'molten.slice' op failed to infer returned types}}
  %0 = molten.slice %x offsets = [0, -1] sizes = [4, 2] strides = [1, 1] : tensor<4x8xf32> -> tensor<4x2xf32>
  return
}

// -----

func.func @slice_zero_size(%x: tensor<4x8xf32>) {
  // expected-error @+2 {{dimension 0: needs offset >= 0, size >= 1 and stride >= 1, got 0, 0, 1}}
  // expected-error @+1 {{'molten.slice' op failed to infer returned types}}
  %0 = molten.slice %x offsets = [0, 0] sizes = [0, 8] strides = [1, 1] : tensor<4x8xf32> -> tensor<0x8xf32>
  return
}

// -----

func.func @slice_zero_stride(%x: tensor<4x8xf32>) {
  // expected-error @+2 {{dimension 1: needs offset >= 0, size >= 1 and stride >= 1, got 0, 2, 0}}
  // expected-error @+1 {{'molten.slice' op failed to infer returned types}}
  %0 = molten.slice %x offsets = [0, 0] sizes = [4, 2] strides = [1, 0] : tensor<4x8xf32> -> tensor<4x2xf32>
  return
}

// -----

func.func @slice_window_of_dynamic(%x: tensor<?x8xf32>) {
  // expected-error @+2 {{dimension 0 is dynamic: a slice must keep it whole (size -1)}}
  // expected-error @+1 {{'molten.slice' op failed to infer returned types}}
  %0 = molten.slice %x offsets = [0, 0] sizes = [2, 8] strides = [1, 1] : tensor<?x8xf32> -> tensor<2x8xf32>
  return
}

// -----

// The last element read would be 1 + 3 * 3 = 10, past the end of 10.
func.func @slice_window_past_end(%x: tensor<4x10xf32>) {
  // expected-error @+2 {{dimension 1: window (offset 1, size 4, stride 3) does not fit in size 10}}
  // expected-error @+1 {{'molten.slice' op failed to infer returned types}}
  %0 = molten.slice %x offsets = [0, 1] sizes = [4, 4] strides = [1, 3] : tensor<4x10xf32> -> tensor<4x4xf32>
  return
}

// -----

func.func @slice_offset_past_end(%x: tensor<4x8xf32>) {
  // expected-error @+2 {{dimension 0: window (offset 4, size 1, stride 1) does not fit in size 4}}
  // expected-error @+1 {{'molten.slice' op failed to infer returned types}}
  %0 = molten.slice %x offsets = [4, 0] sizes = [1, 8] strides = [1, 1] : tensor<4x8xf32> -> tensor<1x8xf32>
  return
}

// -----

// Huge sizes and strides are compared without overflowing.
func.func @slice_huge_window(%x: tensor<4x8xf32>) {
  // expected-error @+2 {{dimension 1: window (offset 0, size 2, stride 9223372036854775807) does not fit in size 8}}
  // expected-error @+1 {{'molten.slice' op failed to infer returned types}}
  %0 = molten.slice %x offsets = [0, 0] sizes = [4, 2] strides = [1, 9223372036854775807] : tensor<4x8xf32> -> tensor<4x2xf32>
  return
}

// -----

func.func @concat_no_inputs() {
  // expected-error @+2 {{needs at least one input}}
  // expected-error @+1 {{'molten.concat' op failed to infer returned types}}
  %0 = "molten.concat"() <{dim = 0 : i64}> : () -> tensor<1xf32>
  return
}

// -----

func.func @concat_dim_too_large(%a: tensor<2x3xf32>) {
  // expected-error @+2 {{dim 2 is out of range for tensors of rank 2}}
  // expected-error @+1 {{'molten.concat' op failed to infer returned types}}
  %0 = molten.concat %a, %a dim = 2 : tensor<2x3xf32>, tensor<2x3xf32> -> tensor<2x6xf32>
  return
}

// -----

func.func @concat_dim_negative(%a: tensor<2x3xf32>) {
  // expected-error @+2 {{dim -1 is out of range for tensors of rank 2}}
  // expected-error @+1 {{'molten.concat' op failed to infer returned types}}
  %0 = molten.concat %a, %a dim = -1 : tensor<2x3xf32>, tensor<2x3xf32> -> tensor<2x6xf32>
  return
}

// -----

func.func @concat_rank_mismatch(%a: tensor<2x3xf32>, %b: tensor<3xf32>) {
  // expected-error @+2 {{inputs must have the same rank and element type, got 'tensor<2x3xf32>' and 'tensor<3xf32>'}}
  // expected-error @+1 {{'molten.concat' op failed to infer returned types}}
  %0 = molten.concat %a, %b dim = 0 : tensor<2x3xf32>, tensor<3xf32> -> tensor<3x3xf32>
  return
}

// -----

func.func @concat_element_type_mismatch(%a: tensor<2x3xf32>, %b: tensor<2x3xf16>) {
  // expected-error @+2 {{inputs must have the same rank and element type, got 'tensor<2x3xf32>' and 'tensor<2x3xf16>'}}
  // expected-error @+1 {{'molten.concat' op failed to infer returned types}}
  %0 = molten.concat %a, %b dim = 0 : tensor<2x3xf32>, tensor<2x3xf16> -> tensor<4x3xf32>
  return
}

// -----

func.func @concat_other_dim_differs(%a: tensor<2x3xf32>, %b: tensor<2x4xf32>) {
  // expected-error @+2 {{inputs differ in dimension 1 that is not concatenated: 'tensor<2x3xf32>' and 'tensor<2x4xf32>'}}
  // expected-error @+1 {{'molten.concat' op failed to infer returned types}}
  %0 = molten.concat %a, %b dim = 0 : tensor<2x3xf32>, tensor<2x4xf32> -> tensor<4x3xf32>
  return
}

// -----

// 3 * (2^62 - 1) is past int64 (and could wrap to the dynamic-size marker),
// though each input fits in memory.
func.func @concat_size_overflow(%a: tensor<4611686018427387903xf16>) {
  // expected-error @+2 {{the size of concatenated dimension 0 overflows int64}}
  // expected-error @+1 {{'molten.concat' op failed to infer returned types}}
  %0 = molten.concat %a, %a, %a dim = 0 : tensor<4611686018427387903xf16>, tensor<4611686018427387903xf16>, tensor<4611686018427387903xf16> -> tensor<?xf16>
  return
}

// -----

func.func @concat_wrong_result(%a: tensor<?x3xf32>, %b: tensor<2x3xf32>) {
  // expected-error @+2 {{'molten.concat' op inferred type(s) 'tensor<?x3xf32>' are incompatible with return type(s) of operation 'tensor<4x3xf32>'}}
  // expected-error @+1 {{'molten.concat' op failed to infer returned types}}
  %0 = molten.concat %a, %b dim = 0 : tensor<?x3xf32>, tensor<2x3xf32> -> tensor<4x3xf32>
  return
}

//===----------------------------------------------------------------------===//
// fused and yield
//===----------------------------------------------------------------------===//

// -----

func.func @fused_no_results(%x: tensor<4xf32>) {
  // expected-error @+1 {{'molten.fused' op must have at least one result}}
  "molten.fused"(%x) <{hero = 0 : i32}> ({
  ^bb0(%a: tensor<4xf32>):
    "molten.yield"() : () -> ()
  }) : (tensor<4xf32>) -> ()
  return
}

// -----

func.func @fused_too_few_arguments(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'molten.fused' op body has 0 arguments for 1 inputs}}
  %0 = molten.fused hero(loop) ins(%x : tensor<4xf32>) -> (tensor<4xf32>) {
    %1 = molten.constant dense<1.0> : tensor<4xf32>
    molten.yield %1 : tensor<4xf32>
  }
  return %0 : tensor<4xf32>
}

// -----

func.func @fused_too_many_arguments(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'molten.fused' op body has 2 arguments for 1 inputs}}
  %0 = molten.fused hero(loop) ins(%x : tensor<4xf32>) -> (tensor<4xf32>) {
  ^bb0(%a: tensor<4xf32>, %b: tensor<4xf32>):
    molten.yield %a : tensor<4xf32>
  }
  return %0 : tensor<4xf32>
}

// -----

func.func @fused_argument_type(%x: tensor<4xf32>, %y: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'molten.fused' op input #1 has type 'tensor<4xf32>' but the body argument has type 'tensor<4xf16>'}}
  %0 = molten.fused hero(loop) ins(%x, %y : tensor<4xf32>, tensor<4xf32>) -> (tensor<4xf32>) {
  ^bb0(%a: tensor<4xf32>, %b: tensor<4xf16>):
    molten.yield %a : tensor<4xf32>
  }
  return %0 : tensor<4xf32>
}

// -----

func.func @fused_input_not_tensor(%x: f32) -> tensor<4xf32> {
  // expected-error @+1 {{'molten.fused' op operand #0 must be variadic of ranked tensor of any type values or index, but got 'f32'}}
  %0 = molten.fused hero(loop) ins(%x : f32) -> (tensor<4xf32>) {
  ^bb0(%a: f32):
    %1 = molten.constant dense<1.0> : tensor<4xf32>
    molten.yield %1 : tensor<4xf32>
  }
  return %0 : tensor<4xf32>
}

// -----

func.func @fused_non_molten_op(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = molten.fused hero(loop) ins(%x : tensor<4xf32>) -> (tensor<4xf32>) {
  ^bb0(%a: tensor<4xf32>):
    // expected-error @+1 {{'arith.constant' op is not allowed in a molten.fused body (only molten ops, not nested fused regions)}}
    %c = arith.constant 0 : index
    molten.yield %a : tensor<4xf32>
  }
  return %0 : tensor<4xf32>
}

// -----

func.func @fused_nested(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = molten.fused hero(loop) ins(%x : tensor<4xf32>) -> (tensor<4xf32>) {
  ^bb0(%a: tensor<4xf32>):
    // expected-error @+1 {{'molten.fused' op is not allowed in a molten.fused body (only molten ops, not nested fused regions)}}
    %1 = molten.fused hero(loop) ins(%a : tensor<4xf32>) -> (tensor<4xf32>) {
    ^bb0(%b: tensor<4xf32>):
      molten.yield %b : tensor<4xf32>
    }
    molten.yield %1 : tensor<4xf32>
  }
  return %0 : tensor<4xf32>
}

// -----

func.func @fused_yield_type(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = molten.fused hero(row_reduction) ins(%x : tensor<4xf32>) -> (tensor<4xf32>) {
  ^bb0(%a: tensor<4xf32>):
    %1 = molten.reduce_sum %a dims = [0] : tensor<4xf32> -> tensor<f32>
    // expected-error @+1 {{'molten.yield' op yields types that differ from the molten.fused results}}
    molten.yield %1 : tensor<f32>
  }
  return %0 : tensor<4xf32>
}

// -----

func.func @fused_yield_count(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = molten.fused hero(loop) ins(%x : tensor<4xf32>) -> (tensor<4xf32>) {
  ^bb0(%a: tensor<4xf32>):
    // expected-error @+1 {{'molten.yield' op yields types that differ from the molten.fused results}}
    molten.yield %a, %a : tensor<4xf32>, tensor<4xf32>
  }
  return %0 : tensor<4xf32>
}

// -----

func.func @fused_missing_yield(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = molten.fused hero(loop) ins(%x : tensor<4xf32>) -> (tensor<4xf32>) {
  ^bb0(%a: tensor<4xf32>):
    // expected-error @+1 {{block with no terminator}}
    %1 = molten.exp %a : tensor<4xf32>
  }
  return %0 : tensor<4xf32>
}

// -----

func.func @fused_empty_body(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'molten.fused' op expects a non-empty block}}
  %0 = "molten.fused"(%x) <{hero = 0 : i32}> ({
  ^bb0(%a: tensor<4xf32>):
  }) : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @fused_no_block() -> tensor<4xf32> {
  // expected-error @+1 {{'molten.fused' op region #0 ('body') failed to verify constraint: region with 1 blocks}}
  %0 = "molten.fused"() <{hero = 0 : i32}> ({}) : () -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// A terminator of another dialect is not a molten.yield.
func.func @fused_other_terminator(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'molten.fused' op body must end with molten.yield}}
  %0 = molten.fused hero(loop) ins(%x : tensor<4xf32>) -> (tensor<4xf32>) {
  ^bb0(%a: tensor<4xf32>):
    ub.unreachable
  }
  return %0 : tensor<4xf32>
}

// -----

// The body sees nothing from outside but its arguments.
func.func @fused_uses_outside_value(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-note @+1 {{required by region isolation constraints}}
  %0 = molten.fused hero(loop) -> (tensor<4xf32>) {
    // expected-error @+1 {{'molten.exp' op using value defined outside the region}}
    %1 = molten.exp %x : tensor<4xf32>
    molten.yield %1 : tensor<4xf32>
  }
  return %0 : tensor<4xf32>
}

// -----

func.func @yield_outside_fused(%x: tensor<4xf32>) {
  // expected-error @+1 {{'molten.yield' op expects parent op 'molten.fused'}}
  molten.yield %x : tensor<4xf32>
}

//===----------------------------------------------------------------------===//
// ODS constraints: element types, ranks, operand counts, enums
//===----------------------------------------------------------------------===//

// -----

func.func @f64_operand(%x: tensor<4xf64>) {
  // expected-error @+1 {{'molten.exp' op operand #0 must be ranked tensor of 32-bit float or 16-bit float or bfloat16 type values, but got 'tensor<4xf64>'}}
  %0 = molten.exp %x : tensor<4xf64>
  return
}

// -----

func.func @i32_operands(%x: tensor<4xi32>) {
  // expected-error @+1 {{'molten.add' op operand #0 must be ranked tensor of 32-bit float or 16-bit float or bfloat16 type values, but got 'tensor<4xi32>'}}
  %0 = molten.add %x, %x : tensor<4xi32>, tensor<4xi32>
  return
}

// -----

func.func @f64_matmul(%x: tensor<4x4xf64>) {
  // expected-error @+1 {{'molten.matmul' op operand #0 must be ranked tensor of 32-bit float or 16-bit float or bfloat16 type values, but got 'tensor<4x4xf64>'}}
  %0 = molten.matmul %x, %x : tensor<4x4xf64>, tensor<4x4xf64> -> tensor<4x4xf64>
  return
}

// -----

func.func @unranked_custom(%x: tensor<*xf32>) {
  // expected-error @+1 {{invalid kind of type specified: expected builtin.tensor, but found 'tensor<*xf32>'}}
  %0 = molten.add %x, %x : tensor<*xf32>, tensor<*xf32>
  return
}

// -----

func.func @unranked_generic(%x: tensor<*xf32>) {
  // expected-error @+1 {{'molten.reduce_sum' op operand #0 must be ranked tensor of 32-bit float or 16-bit float or bfloat16 type values, but got 'tensor<*xf32>'}}
  %0 = "molten.reduce_sum"(%x) <{dims = array<i64: 0>}> : (tensor<*xf32>) -> tensor<f32>
  return
}

// -----

func.func @unranked_concat(%x: tensor<*xf32>) {
  // expected-error @+1 {{'molten.concat' op operand #0 must be variadic of ranked tensor of 32-bit float or 16-bit float or bfloat16 type values, but got 'tensor<*xf32>'}}
  %0 = molten.concat %x dim = 0 : tensor<*xf32> -> tensor<f32>
  return
}

// -----

func.func @memref_operand(%x: memref<4xf32>) {
  // expected-error @+1 {{'molten.neg' op operand #0 must be ranked tensor of 32-bit float or 16-bit float or bfloat16 type values, but got 'memref<4xf32>'}}
  %0 = "molten.neg"(%x) : (memref<4xf32>) -> memref<4xf32>
  return
}

// -----

func.func @too_few_operands(%x: tensor<4xf32>) {
  // expected-error @+1 {{'molten.add' op expected 2 operands, but found 1}}
  %0 = "molten.add"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @too_many_operands(%x: tensor<4xf32>) {
  // expected-error @+1 {{'molten.exp' op requires a single operand}}
  %0 = "molten.exp"(%x, %x) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @select_two_operands(%m: tensor<4xi1>, %x: tensor<4xf32>) {
  // expected-error @+1 {{'molten.select' op expected 3 operands, but found 2}}
  %0 = "molten.select"(%m, %x) : (tensor<4xi1>, tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @two_results(%x: tensor<4xf32>) {
  // expected-error @+1 {{'molten.exp' op requires one result}}
  %0:2 = "molten.exp"(%x) : (tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>)
  return
}

// -----

func.func @missing_attribute(%x: tensor<4xf32>) {
  // expected-error @+1 {{'molten.transpose' op requires attribute 'permutation'}}
  %0 = "molten.transpose"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @bad_gelu_keyword(%x: tensor<4xf32>) {
  // expected-error @+1 {{expected string or keyword containing one of the following enum values for attribute 'approximate' [none, tanh]}}
  %0 = molten.gelu %x approximate = fast : tensor<4xf32>
  return
}

// -----

func.func @bad_predicate_keyword(%x: tensor<4xf32>) {
  // expected-error @+1 {{expected string or keyword containing one of the following enum values for attribute 'predicate' [lt, le, gt, ge, eq, ne]}}
  %0 = molten.compare lq, %x, %x : tensor<4xf32>, tensor<4xf32>
  return
}

// -----

func.func @bad_predicate_value(%x: tensor<4xf32>) {
  // expected-error @+1 {{invalid properties {predicate = 9 : i32} for op molten.compare: Invalid attribute `predicate` in property conversion: 9 : i32}}
  %0 = "molten.compare"(%x, %x) <{predicate = 9 : i32}> : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xi1>
  return
}

// -----

func.func @bad_mode_value(%x: tensor<4xf32>) {
  // expected-error @+1 {{invalid properties {mode = 2 : i32} for op molten.rope: Invalid attribute `mode` in property conversion: 2 : i32}}
  %0 = "molten.rope"(%x, %x, %x) <{mode = 2 : i32}> : (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @eps_not_f64(%x: tensor<4xf32>) {
  // expected-error @+1 {{'molten.rms_norm' op attribute 'eps' failed to satisfy constraint: 64-bit float attribute}}
  %0 = "molten.rms_norm"(%x, %x) <{axis = -1 : i64, eps = 1.0e-06 : f32}> : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

// No tensor holds 2^63 bytes or more: size arithmetic on it would overflow
// (fuzz-cases case04).
func.func @tensor_too_large(%x: tensor<2x9223372036854775807xf32>) {
  // expected-error @+1 {{'molten.exp' op operand #0 of type 'tensor<2x9223372036854775807xf32>' holds more than 2^63 - 1 bytes}}
  %y = molten.exp %x : tensor<2x9223372036854775807xf32>
  return
}

// -----

// The element size counts: 2^62 bf16 elements are 2^63 bytes.
func.func @tensor_too_large_bf16(%x: tensor<4611686018427387904xbf16>) {
  // expected-error @+1 {{'molten.neg' op operand #0 of type 'tensor<4611686018427387904xbf16>' holds more than 2^63 - 1 bytes}}
  %y = molten.neg %x : tensor<4611686018427387904xbf16>
  return
}

// -----

// The hero must be the body's: a row reduction is not a loop.
func.func @fused_wrong_hero(%x: tensor<?x4xf32>) -> tensor<?x1xf32> {
  // expected-error @+1 {{'molten.fused' op has hero(loop) but its body makes it hero(row_reduction)}}
  %0 = molten.fused hero(loop) ins(%x : tensor<?x4xf32>) -> (tensor<?x1xf32>) {
  ^bb0(%a: tensor<?x4xf32>):
    %s = molten.reduce_sum %a dims = [1] keepdim : tensor<?x4xf32> -> tensor<?x1xf32>
    molten.yield %s : tensor<?x1xf32>
  }
  return %0 : tensor<?x1xf32>
}

// -----

// A matmul makes the region a matmul whatever else it holds.
func.func @fused_matmul_hero(%x: tensor<?x8xf32>, %w: tensor<8x4xf32>) -> tensor<?x4xf32> {
  // expected-error @+1 {{'molten.fused' op has hero(row_reduction) but its body makes it hero(matmul)}}
  %0 = molten.fused hero(row_reduction) ins(%x, %w : tensor<?x8xf32>, tensor<8x4xf32>) -> (tensor<?x4xf32>) {
  ^bb0(%a: tensor<?x8xf32>, %b: tensor<8x4xf32>):
    %m = molten.matmul %a, %b : tensor<?x8xf32>, tensor<8x4xf32> -> tensor<?x4xf32>
    molten.yield %m : tensor<?x4xf32>
  }
  return %0 : tensor<?x4xf32>
}

// -----

func.func @fused_no_hero(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{expected 'hero'}}
  %0 = molten.fused ins(%x : tensor<4xf32>) -> (tensor<4xf32>) {
  ^bb0(%a: tensor<4xf32>):
    molten.yield %a : tensor<4xf32>
  }
  return %0 : tensor<4xf32>
}

// -----

func.func @fused_unknown_hero(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{expected string or keyword containing one of the following enum values for attribute 'hero' [loop, row_reduction, outer_reduction, matmul, attention]}}
  %0 = molten.fused hero(convolution) ins(%x : tensor<4xf32>) -> (tensor<4xf32>) {
  ^bb0(%a: tensor<4xf32>):
    molten.yield %a : tensor<4xf32>
  }
  return %0 : tensor<4xf32>
}

// -----

// A loop writes one iteration space: a rank-0 result is no exception.
func.func @fused_loop_two_shapes(%x: tensor<?x4xf32>, %s: tensor<f32>) -> (tensor<?x4xf32>, tensor<f32>) {
  // expected-error @+1 {{'molten.fused' op is a loop, so its results must share one shape}}
  %0:2 = molten.fused hero(loop) ins(%x, %s : tensor<?x4xf32>, tensor<f32>) -> (tensor<?x4xf32>, tensor<f32>) {
  ^bb0(%a: tensor<?x4xf32>, %b: tensor<f32>):
    %y = molten.mul %a, %b : tensor<?x4xf32>, tensor<f32>
    %r = molten.relu %b : tensor<f32>
    molten.yield %y, %r : tensor<?x4xf32>, tensor<f32>
  }
  return %0#0, %0#1 : tensor<?x4xf32>, tensor<f32>
}

// -----

func.func @fused_matmul_other_shape(%x: tensor<?x8xf32>, %w: tensor<8x4xf32>) -> (tensor<?x4xf32>, tensor<?x8xf32>) {
  // expected-error @+1 {{'molten.fused' op is a matmul, so its results must have the matmul's shape}}
  %0:2 = molten.fused hero(matmul) ins(%x, %w : tensor<?x8xf32>, tensor<8x4xf32>) -> (tensor<?x4xf32>, tensor<?x8xf32>) {
  ^bb0(%a: tensor<?x8xf32>, %b: tensor<8x4xf32>):
    %m = molten.matmul %a, %b : tensor<?x8xf32>, tensor<8x4xf32> -> tensor<?x4xf32>
    %e = molten.exp %a : tensor<?x8xf32>
    molten.yield %m, %e : tensor<?x4xf32>, tensor<?x8xf32>
  }
  return %0#0, %0#1 : tensor<?x4xf32>, tensor<?x8xf32>
}

// -----

func.func @fused_outer_other_type(%x: tensor<?x4xf32>) -> (tensor<1x4xf32>, tensor<?x4xf32>) {
  // expected-error @+1 {{'molten.fused' op is an outer reduction, so it yields only values of its reduction's result type}}
  %0:2 = molten.fused hero(outer_reduction) ins(%x : tensor<?x4xf32>) -> (tensor<1x4xf32>, tensor<?x4xf32>) {
  ^bb0(%a: tensor<?x4xf32>):
    %s = molten.reduce_sum %a dims = [0] keepdim : tensor<?x4xf32> -> tensor<1x4xf32>
    molten.yield %s, %a : tensor<1x4xf32>, tensor<?x4xf32>
  }
  return %0#0, %0#1 : tensor<1x4xf32>, tensor<?x4xf32>
}

// -----

func.func @fused_rows_differ(%x: tensor<?x4xf32>, %y: tensor<?x8xf32>) -> (tensor<?x1xf32>, tensor<?x1xf32>) {
  %0:2 = molten.fused hero(row_reduction) ins(%x, %y : tensor<?x4xf32>, tensor<?x8xf32>) -> (tensor<?x1xf32>, tensor<?x1xf32>) {
  ^bb0(%a: tensor<?x4xf32>, %b: tensor<?x8xf32>):
    %s = molten.reduce_sum %a dims = [1] keepdim : tensor<?x4xf32> -> tensor<?x1xf32>
    // expected-error @+1 {{'molten.reduce_max' op reduces other rows than the first reduction of its row-reduction region}}
    %m = molten.reduce_max %b dims = [1] keepdim : tensor<?x8xf32> -> tensor<?x1xf32>
    molten.yield %s, %m : tensor<?x1xf32>, tensor<?x1xf32>
  }
  return %0#0, %0#1 : tensor<?x1xf32>, tensor<?x1xf32>
}

// -----

// A result that broadcasts into the rows is neither per element nor per row.
func.func @fused_row_result_shape(%x: tensor<?x4xf32>) -> tensor<1x4xf32> {
  // expected-error @+1 {{'molten.fused' op is a row reduction, so its results are per element or per row of its rows [?, 4], not of shape [1, 4]}}
  %0 = molten.fused hero(row_reduction) ins(%x : tensor<?x4xf32>) -> (tensor<1x4xf32>) {
  ^bb0(%a: tensor<?x4xf32>):
    %s = molten.reduce_sum %a dims = [1] keepdim : tensor<?x4xf32> -> tensor<?x1xf32>
    %c = molten.constant dense<1.0> : tensor<1x4xf32>
    %y = molten.mul %c, %s : tensor<1x4xf32>, tensor<?x1xf32>
    molten.yield %c : tensor<1x4xf32>
  }
  return %0 : tensor<1x4xf32>
}

// -----

// The launch plan (#molten.launch_plan, MoltenAttributes.td): one case per
// diagnostic of its syntax and verifiers, each on a declaration.

// -----

// expected-error @+1 {{a size is not negative}}
func.func private @plan0() attributes {molten.launch_plan = #molten.launch_plan<inputs 0 outputs 0 symbols 0 buffers [<temp f32 [* 2 -1]>] kernels []>}

// -----

// expected-error @+1 {{expected a size: an integer, s<k>, or an operator (* / cdiv min max le)}}
func.func private @plan1() attributes {molten.launch_plan = #molten.launch_plan<inputs 0 outputs 0 symbols 0 buffers [<temp f32 [@x]>] kernels []>}

// -----

// expected-error @+1 {{unknown size operator 'plus'}}
func.func private @plan2() attributes {molten.launch_plan = #molten.launch_plan<inputs 0 outputs 0 symbols 0 buffers [<temp f32 [plus 1 2]>] kernels []>}

// -----

// expected-error @+1 {{expected input, output or temp}}
func.func private @plan3() attributes {molten.launch_plan = #molten.launch_plan<inputs 0 outputs 0 symbols 0 buffers [<scratch f32 [4]>] kernels []>}

// -----

// expected-error @+1 {{a plan buffer has an index if and only if it is an input or an output}}
func.func private @plan4() attributes {molten.launch_plan = #molten.launch_plan<inputs 1 outputs 0 symbols 0 buffers [<input -1 f32 [4]>] kernels []>}

// -----

// expected-error @+1 {{a plan buffer holds f32, f16, bf16 or i1, not 'i32'}}
func.func private @plan5() attributes {molten.launch_plan = #molten.launch_plan<inputs 0 outputs 0 symbols 0 buffers [<temp i32 [4]>] kernels []>}

// -----

// expected-error @+1 {{a tensor map's buffer id is negative}}
func.func private @plan6() attributes {molten.launch_plan = #molten.launch_plan<inputs 0 outputs 0 symbols 0 buffers [<temp f32 [4]>] kernels [<"k" grid [1, 1, 1] block [32, 1, 1] smem 0 buffers [] symbols [] tensormaps [<-1 [4] box [4] swizzle none>]>]>}

// -----

// expected-error @+1 {{a tensor map has 1 to 5 dims and a box of each}}
func.func private @plan7() attributes {molten.launch_plan = #molten.launch_plan<inputs 0 outputs 0 symbols 0 buffers [<temp f32 [4]>] kernels [<"k" grid [1, 1, 1] block [32, 1, 1] smem 0 buffers [] symbols [] tensormaps [<0 [4] box [1, 4] swizzle none>]>]>}

// -----

// expected-error @+1 {{a tensor map's box sizes are 1 to 256}}
func.func private @plan8() attributes {molten.launch_plan = #molten.launch_plan<inputs 0 outputs 0 symbols 0 buffers [<temp f32 [4]>] kernels [<"k" grid [1, 1, 1] block [32, 1, 1] smem 0 buffers [] symbols [] tensormaps [<0 [4] box [512] swizzle none>]>]>}

// -----

// expected-error @+1 {{a tensor map's swizzle is none, 32, 64 or 128}}
func.func private @plan9() attributes {molten.launch_plan = #molten.launch_plan<inputs 0 outputs 0 symbols 0 buffers [<temp f32 [4]>] kernels [<"k" grid [1, 1, 1] block [32, 1, 1] smem 0 buffers [] symbols [] tensormaps [<0 [4] box [4] swizzle 16>]>]>}

// -----

// expected-error @+1 {{a plan kernel's name is an identifier}}
func.func private @plan10() attributes {molten.launch_plan = #molten.launch_plan<inputs 0 outputs 0 symbols 0 buffers [] kernels [<"1k" grid [1, 1, 1] block [32, 1, 1] smem 0 buffers [] symbols []>]>}

// -----

// expected-error @+1 {{a plan kernel has a grid and a block of 3 sizes}}
func.func private @plan11() attributes {molten.launch_plan = #molten.launch_plan<inputs 0 outputs 0 symbols 0 buffers [] kernels [<"k" grid [1, 1] block [32, 1, 1] smem 0 buffers [] symbols []>]>}

// -----

// expected-error @+1 {{a plan kernel's block has 1 to 1024 threads}}
func.func private @plan12() attributes {molten.launch_plan = #molten.launch_plan<inputs 0 outputs 0 symbols 0 buffers [] kernels [<"k" grid [1, 1, 1] block [2048, 1, 1] smem 0 buffers [] symbols []>]>}

// -----

// expected-error @+1 {{a plan kernel's shared memory, buffer ids and symbol ids are not negative}}
func.func private @plan13() attributes {molten.launch_plan = #molten.launch_plan<inputs 0 outputs 0 symbols 0 buffers [] kernels [<"k" grid [1, 1, 1] block [32, 1, 1] smem -4 buffers [] symbols []>]>}

// -----

// expected-error @+1 {{a launch plan's counts are 0 to 1048576}}
func.func private @plan14() attributes {molten.launch_plan = #molten.launch_plan<inputs -1 outputs 0 symbols 0 buffers [] kernels []>}

// -----

// expected-error @+1 {{buffer 0 uses symbol s1 of 1}}
func.func private @plan15() attributes {molten.launch_plan = #molten.launch_plan<inputs 1 outputs 0 symbols 1 buffers [<input 0 f32 [s0, s1]>] kernels []>}

// -----

// expected-error @+1 {{buffer 1 is output 1 of 1}}
func.func private @plan16() attributes {molten.launch_plan = #molten.launch_plan<inputs 1 outputs 1 symbols 0 buffers [<input 0 f32 [4]>, <output 1 f32 [4]>] kernels []>}

// -----

// expected-error @+1 {{buffer 1 repeats input 0}}
func.func private @plan17() attributes {molten.launch_plan = #molten.launch_plan<inputs 1 outputs 0 symbols 0 buffers [<input 0 f32 [4]>, <input 0 f32 [4]>] kernels []>}

// -----

// expected-error @+1 {{input 1 has no buffer}}
func.func private @plan18() attributes {molten.launch_plan = #molten.launch_plan<inputs 2 outputs 0 symbols 0 buffers [<input 0 f32 [4]>] kernels []>}

// -----

// expected-error @+1 {{output 0 has no buffer}}
func.func private @plan19() attributes {molten.launch_plan = #molten.launch_plan<inputs 0 outputs 1 symbols 0 buffers [] kernels []>}

// -----

// expected-error @+1 {{symbol s0 is no input's dim}}
func.func private @plan20() attributes {molten.launch_plan = #molten.launch_plan<inputs 0 outputs 1 symbols 1 buffers [<output 0 f32 [s0]>] kernels []>}

// -----

// expected-error @+1 {{the grid of kernel 0 uses symbol s0 of 0}}
func.func private @plan21() attributes {molten.launch_plan = #molten.launch_plan<inputs 0 outputs 0 symbols 0 buffers [] kernels [<"k" grid [s0, 1, 1] block [32, 1, 1] smem 0 buffers [] symbols []>]>}

// -----

// expected-error @+1 {{kernel 0 takes buffer 1 of 1}}
func.func private @plan22() attributes {molten.launch_plan = #molten.launch_plan<inputs 1 outputs 0 symbols 0 buffers [<input 0 f32 [4]>] kernels [<"k" grid [1, 1, 1] block [32, 1, 1] smem 0 buffers [0, 1] symbols []>]>}

// -----

// expected-error @+1 {{kernel 0 takes symbol s0 of 0}}
func.func private @plan23() attributes {molten.launch_plan = #molten.launch_plan<inputs 1 outputs 0 symbols 0 buffers [<input 0 f32 [4]>] kernels [<"k" grid [1, 1, 1] block [32, 1, 1] smem 0 buffers [0] symbols [0]>]>}

// -----

// expected-error @+1 {{a tensor map of kernel 0 views buffer 3 of 1}}
func.func private @plan24() attributes {molten.launch_plan = #molten.launch_plan<inputs 1 outputs 0 symbols 0 buffers [<input 0 f32 [4]>] kernels [<"k" grid [1, 1, 1] block [32, 1, 1] smem 0 buffers [0] symbols [] tensormaps [<3 [4] box [4] swizzle none>]>]>}

// -----

// expected-error @+1 {{a tensor map of kernel 0 views an i1 buffer}}
func.func private @plan25() attributes {molten.launch_plan = #molten.launch_plan<inputs 1 outputs 0 symbols 0 buffers [<input 0 i1 [4]>] kernels [<"k" grid [1, 1, 1] block [32, 1, 1] smem 0 buffers [0] symbols [] tensormaps [<0 [4] box [4] swizzle none>]>]>}

// -----

// expected-error @+1 {{a tensor map of kernel 0 uses symbol s2 of 1}}
func.func private @plan26() attributes {molten.launch_plan = #molten.launch_plan<inputs 1 outputs 0 symbols 1 buffers [<input 0 f32 [s0]>] kernels [<"k" grid [1, 1, 1] block [32, 1, 1] smem 0 buffers [0] symbols [0] tensormaps [<0 [s2] box [4] swizzle none>]>]>}

// -----

// expected-error @+1 {{'molten.launch_plan' is a #molten.launch_plan on a func.func}}
func.func private @plan_string() attributes {molten.launch_plan = "function f inputs 0 outputs 0 symbols 0\nend\n"}

// -----

// expected-error @+1 {{unknown molten attribute 'molten.plan'}}
func.func private @unknown_attr() attributes {molten.plan = 1 : i64}

// -----

// The target (#molten.target): one case per diagnostic.
// expected-error @+1 {{a target chip is sm_<number>[letter], not 'gfx90a'}}
module attributes {molten.target = #molten.target<"gfx90a", multiprocessors = 132, registers = 65536, shared_memory = 232448>} {}

// -----

// expected-error @+1 {{a target has 1 to 1024 multiprocessors}}
module attributes {molten.target = #molten.target<"sm_90", multiprocessors = 0, registers = 65536, shared_memory = 232448>} {}

// -----

// expected-error @+1 {{a target's registers per multiprocessor are a positive multiple of 1024}}
module attributes {molten.target = #molten.target<"sm_90", multiprocessors = 132, registers = 1000, shared_memory = 232448>} {}

// -----

// expected-error @+1 {{a target's shared memory per block is 0 to 1 MB}}
module attributes {molten.target = #molten.target<"sm_90", multiprocessors = 132, registers = 65536, shared_memory = -1>} {}

// -----

// expected-error @+1 {{'molten.target' is a #molten.target on a builtin.module}}
func.func private @target_on_function() attributes {molten.target = #molten.target<"sm_90", multiprocessors = 132, registers = 65536, shared_memory = 232448>}


// -----

// expected-error @+1 {{a size nests more than 128 operators}}
func.func private @plan_deep() attributes {molten.launch_plan = #molten.launch_plan<inputs 0 outputs 0 symbols 0 buffers [<temp f32 [* * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1]>] kernels []>}

// -----

// expected-error @+1 {{symbol index 's99999999999999999999' is too large}}
func.func private @plan_symbol() attributes {molten.launch_plan = #molten.launch_plan<inputs 0 outputs 0 symbols 0 buffers [<temp f32 [s99999999999999999999]>] kernels []>}

// -----

// expected-error @+1 {{a launch plan's counts are 0 to 1048576}}
func.func private @plan_big() attributes {molten.launch_plan = #molten.launch_plan<inputs 9000000000000000000 outputs 0 symbols 0 buffers [] kernels []>}

// -----

// expected-error @+1 {{a plan buffer has at most 64 dims}}
func.func private @plan_rank() attributes {molten.launch_plan = #molten.launch_plan<inputs 0 outputs 0 symbols 0 buffers [<temp f32 [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]>] kernels []>}

// -----

// expected-error @+1 {{a tensor map of kernel 0 has an innermost box of 8 bytes: a multiple of 16, within the swizzle}}
func.func private @plan_box() attributes {molten.launch_plan = #molten.launch_plan<inputs 1 outputs 0 symbols 0 buffers [<input 0 bf16 [4, 64]>] kernels [<"k" grid [1, 1, 1] block [32, 1, 1] smem 0 buffers [0] symbols [] tensormaps [<0 [4, 64] box [4, 4] swizzle none>]>]>}

// -----

// expected-error @+1 {{a tensor map of kernel 0 has an innermost box of 256 bytes: a multiple of 16, within the swizzle}}
func.func private @plan_swizzle() attributes {molten.launch_plan = #molten.launch_plan<inputs 1 outputs 0 symbols 0 buffers [<input 0 bf16 [4, 256]>] kernels [<"k" grid [1, 1, 1] block [32, 1, 1] smem 0 buffers [0] symbols [] tensormaps [<0 [4, 256] box [4, 128] swizzle 128>]>]>}

// -----

// expected-error @+1 {{a function with a launch plan is named by an identifier ([A-Za-z_$][A-Za-z0-9_$]*)}}
func.func private @"my plan"() attributes {molten.launch_plan = #molten.launch_plan<inputs 0 outputs 0 symbols 0 buffers [] kernels []>}

// -----

// expected-error @+1 {{a target chip is sm_<number>[letter], not 'sm_90AB'}}
module attributes {molten.target = #molten.target<"sm_90AB", multiprocessors = 132, registers = 65536, shared_memory = 232448>} {}

// -----

func.func @fused_matmuls_not_siblings(%x: tensor<?x8xf32>, %z: tensor<?x8xf32>, %w: tensor<8x4xf32>) -> tensor<?x4xf32> {
  %0 = molten.fused hero(matmul) ins(%x, %z, %w : tensor<?x8xf32>, tensor<?x8xf32>, tensor<8x4xf32>) -> (tensor<?x4xf32>) {
  ^bb0(%a: tensor<?x8xf32>, %c: tensor<?x8xf32>, %b: tensor<8x4xf32>):
    %m = molten.matmul %a, %b : tensor<?x8xf32>, tensor<8x4xf32> -> tensor<?x4xf32>
    // expected-error @+1 {{'molten.matmul' op shares a kernel with another matmul, so it must be its sibling: the same lhs, an rhs of the same type and layout}}
    %n = molten.matmul %c, %b : tensor<?x8xf32>, tensor<8x4xf32> -> tensor<?x4xf32>
    %s = molten.add %m, %n : tensor<?x4xf32>, tensor<?x4xf32>
    molten.yield %s : tensor<?x4xf32>
  }
  return %0 : tensor<?x4xf32>
}

// -----

func.func @fused_three_matmuls(%x: tensor<?x8xf32>, %w: tensor<8x4xf32>) -> tensor<?x4xf32> {
  // expected-error @+1 {{'molten.fused' op holds 3 matmuls; a kernel computes at most two}}
  %0 = molten.fused hero(matmul) ins(%x, %w : tensor<?x8xf32>, tensor<8x4xf32>) -> (tensor<?x4xf32>) {
  ^bb0(%a: tensor<?x8xf32>, %b: tensor<8x4xf32>):
    %m = molten.matmul %a, %b : tensor<?x8xf32>, tensor<8x4xf32> -> tensor<?x4xf32>
    %n = molten.matmul %a, %b : tensor<?x8xf32>, tensor<8x4xf32> -> tensor<?x4xf32>
    %o = molten.matmul %a, %b : tensor<?x8xf32>, tensor<8x4xf32> -> tensor<?x4xf32>
    %s = molten.add %m, %n : tensor<?x4xf32>, tensor<?x4xf32>
    %t = molten.add %s, %o : tensor<?x4xf32>, tensor<?x4xf32>
    molten.yield %t : tensor<?x4xf32>
  }
  return %0 : tensor<?x4xf32>
}

// -----

func.func @fused_matmul_reads_sibling(%x: tensor<8x8xf32>, %w: tensor<8x8xf32>) -> tensor<8x8xf32> {
  %0 = molten.fused hero(matmul) ins(%x, %w : tensor<8x8xf32>, tensor<8x8xf32>) -> (tensor<8x8xf32>) {
  ^bb0(%a: tensor<8x8xf32>, %b: tensor<8x8xf32>):
    %m = molten.matmul %a, %b : tensor<8x8xf32>, tensor<8x8xf32> -> tensor<8x8xf32>
    %s = molten.silu %m : tensor<8x8xf32>
    // expected-error @+1 {{'molten.matmul' op reads its sibling's result: the kernel computes both at once}}
    %n = molten.matmul %a, %s : tensor<8x8xf32>, tensor<8x8xf32> -> tensor<8x8xf32>
    molten.yield %n : tensor<8x8xf32>
  }
  return %0 : tensor<8x8xf32>
}
