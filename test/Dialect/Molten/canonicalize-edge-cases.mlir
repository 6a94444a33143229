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

// Folds evaluate each op's formula (MoltenOps.td) the way the kernels do:
// max and min order -0 below +0, as arith.maximumf/minimumf, so relu(-0)
// is +0; the tanh gelu, x / (1 + exp(-2u)), keeps its tiny negative values
// where 0.5 x (1 + tanh(u)) would cancel to zero.
// CHECK-LABEL: func.func @formula_edges()
// CHECK-DAG:     %[[G:.+]] = molten.constant dense<-1.20409239E-37> : tensor<f32>
// CHECK-DAG:     %[[PZ:.+]] = molten.constant dense<0.000000e+00> : tensor<3xf32>
// CHECK-DAG:     %[[NZ:.+]] = molten.constant dense<-0.000000e+00> : tensor<3xf32>
// CHECK:         return %[[PZ]], %[[NZ]], %[[PZ]], %[[G]]
func.func @formula_edges()
    -> (tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<f32>) {
  %neg = molten.constant dense<[-0.0, 0.0, -0.0]> : tensor<3xf32>
  %pos = molten.constant dense<[0.0, -0.0, 0.0]> : tensor<3xf32>
  %max = molten.max %neg, %pos : tensor<3xf32>, tensor<3xf32>
  %min = molten.min %neg, %pos : tensor<3xf32>, tensor<3xf32>
  %relu = molten.relu %neg : tensor<3xf32>
  %x = molten.constant dense<-10.0> : tensor<f32>
  %g = molten.gelu %x approximate = tanh : tensor<f32>
  return %max, %min, %relu, %g : tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<f32>
}
