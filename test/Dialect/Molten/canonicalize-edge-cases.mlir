// RUN: molten-opt %s -canonicalize | FileCheck %s

// Folds at the edges of the shape space: reductions over no elements.
// (Tensors of 2^63 bytes or more never reach a folder: the verifier
// rejects them, invalid.mlir @tensor_too_large.)

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
