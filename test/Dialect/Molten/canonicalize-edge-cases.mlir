// RUN: molten-opt %s -canonicalize | FileCheck %s

// Folds at the edges of the shape space: element counts past int64 (no
// such tensor can exist, but the IR may name one and the folder must not
// crash or wrap), and reductions over no elements. Regression tests for
// bugs that mutate.py-style inputs found.

// A non-splat constant broadcast to 2^62 x 2 elements: the element count
// overflows int64; the fold must give up, not size a buffer from it.
// CHECK-LABEL: func.func @broadcast_fold_count_overflow()
// CHECK-NEXT:    %[[A:.+]] = molten.constant dense<[1.000000e+00, 2.000000e+00]> : tensor<2xf32>
// CHECK-NEXT:    %[[B:.+]] = molten.constant dense<1.000000e+00> : tensor<4611686018427387904x2xf32>
// CHECK-NEXT:    %[[S:.+]] = molten.add %[[B]], %[[A]] : tensor<4611686018427387904x2xf32>, tensor<2xf32>
// CHECK-NEXT:    return %[[S]] : tensor<4611686018427387904x2xf32>
func.func @broadcast_fold_count_overflow() -> tensor<4611686018427387904x2xf32> {
  %a = molten.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %b = molten.constant dense<1.0> : tensor<4611686018427387904x2xf32>
  %0 = molten.add %b, %a : tensor<4611686018427387904x2xf32>, tensor<2xf32>
  return %0 : tensor<4611686018427387904x2xf32>
}

// Splats fold whatever their shape: one value is computed.
// CHECK-LABEL: func.func @splat_fold_huge_shape()
// CHECK-NEXT:    %[[C:.+]] = molten.constant dense<2.000000e+00> : tensor<4611686018427387904x2xf32>
// CHECK-NEXT:    return %[[C]]
func.func @splat_fold_huge_shape() -> tensor<4611686018427387904x2xf32> {
  %b = molten.constant dense<1.0> : tensor<4611686018427387904x2xf32>
  %0 = molten.add %b, %b : tensor<4611686018427387904x2xf32>, tensor<4611686018427387904x2xf32>
  return %0 : tensor<4611686018427387904x2xf32>
}

// Reducing no elements: the sum is 0 and the mean NaN, whatever the splat
// value (inf * 0 would give NaN for the sum); max and min do not fold.
// CHECK-LABEL: func.func @reduce_empty_splat()
// CHECK-NEXT:    %[[INF:.+]] = molten.constant dense<0x7F800000> : tensor<0x4xf32>
// CHECK-NEXT:    %[[SUM:.+]] = molten.constant dense<0.000000e+00> : tensor<4xf32>
// CHECK-NEXT:    %[[MEAN:.+]] = molten.constant dense<0x7FC00000> : tensor<4xf32>
// CHECK-NEXT:    %[[MAX:.+]] = molten.reduce_max %[[INF]] dims = [0] : tensor<0x4xf32> -> tensor<4xf32>
// CHECK-NEXT:    %[[MIN:.+]] = molten.reduce_min %[[INF]] dims = [0] : tensor<0x4xf32> -> tensor<4xf32>
// CHECK-NEXT:    return %[[SUM]], %[[MEAN]], %[[MAX]], %[[MIN]]
func.func @reduce_empty_splat()
    -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) {
  %b = molten.constant dense<0x7F800000> : tensor<0x4xf32>
  %0 = molten.reduce_sum %b dims = [0] : tensor<0x4xf32> -> tensor<4xf32>
  %1 = molten.reduce_mean %b dims = [0] : tensor<0x4xf32> -> tensor<4xf32>
  %2 = molten.reduce_max %b dims = [0] : tensor<0x4xf32> -> tensor<4xf32>
  %3 = molten.reduce_min %b dims = [0] : tensor<0x4xf32> -> tensor<4xf32>
  return %0, %1, %2, %3 : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
}

// An empty, non-splat input whose result has 2^62 x 4 elements: the fold
// once sized its output from the wrapped count (0) and built `dense<>` of a
// non-empty type.
// CHECK-LABEL: func.func @reduce_empty_to_huge()
// CHECK-NEXT:    %[[E:.+]] = molten.constant dense<> : tensor<0x4611686018427387904x4xf32>
// CHECK-NEXT:    %[[SUM:.+]] = molten.constant dense<0.000000e+00> : tensor<4611686018427387904x4xf32>
// CHECK-NEXT:    %[[MAX:.+]] = molten.reduce_max %[[E]] dims = [0] : tensor<0x4611686018427387904x4xf32> -> tensor<4611686018427387904x4xf32>
// CHECK-NEXT:    return %[[SUM]], %[[MAX]]
func.func @reduce_empty_to_huge()
    -> (tensor<4611686018427387904x4xf32>, tensor<4611686018427387904x4xf32>) {
  %b = molten.constant dense<> : tensor<0x4611686018427387904x4xf32>
  %0 = molten.reduce_sum %b dims = [0] : tensor<0x4611686018427387904x4xf32> -> tensor<4611686018427387904x4xf32>
  %1 = molten.reduce_max %b dims = [0] : tensor<0x4611686018427387904x4xf32> -> tensor<4611686018427387904x4xf32>
  return %0, %1 : tensor<4611686018427387904x4xf32>, tensor<4611686018427387904x4xf32>
}

// 2^62 * 4 = 2^64 reduced elements: counted in int64 this wrapped to 0.
// CHECK-LABEL: func.func @reduce_splat_count_overflow()
// CHECK-NEXT:    %[[SUM:.+]] = molten.constant dense<1.84467441E+19> : tensor<f32>
// CHECK-NEXT:    %[[MEAN:.+]] = molten.constant dense<1.000000e+00> : tensor<f32>
// CHECK-NEXT:    return %[[SUM]], %[[MEAN]]
func.func @reduce_splat_count_overflow() -> (tensor<f32>, tensor<f32>) {
  %b = molten.constant dense<1.0> : tensor<4611686018427387904x4xf32>
  %0 = molten.reduce_sum %b dims = [0, 1] : tensor<4611686018427387904x4xf32> -> tensor<f32>
  %1 = molten.reduce_mean %b dims = [0, 1] : tensor<4611686018427387904x4xf32> -> tensor<f32>
  return %0, %1 : tensor<f32>, tensor<f32>
}

// The mean of a splat is its value, even where value * count overflows
// (v * n / n with n in double gives inf / inf = NaN here; n in int64 wraps).
// CHECK-LABEL: func.func @reduce_mean_splat_huge()
// CHECK-NEXT:    %[[MEAN:.+]] = molten.constant dense<3.000000e+38> : tensor<f32>
// CHECK-NEXT:    return %[[MEAN]]
func.func @reduce_mean_splat_huge() -> tensor<f32> {
  %b = molten.constant dense<3.0e38> : tensor<9223372036854775807x9223372036854775807x9223372036854775807x9223372036854775807x9223372036854775807x9223372036854775807xf32>
  %0 = molten.reduce_mean %b dims = [0, 1, 2, 3, 4, 5] : tensor<9223372036854775807x9223372036854775807x9223372036854775807x9223372036854775807x9223372036854775807x9223372036854775807xf32> -> tensor<f32>
  return %0 : tensor<f32>
}
