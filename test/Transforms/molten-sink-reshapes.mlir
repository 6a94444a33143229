// RUN: molten-opt %s --molten-sink-reshapes -split-input-file | FileCheck %s
// Stable: a second run changes nothing.
// RUN: molten-opt %s --molten-sink-reshapes --molten-sink-reshapes -split-input-file | FileCheck %s

// A residual add and an RMS norm after a linear layer, as PyTorch's graphs
// have them: the product is reshaped to [1, T, D]. The add, the cast, the
// square and the mean move to [T, D]; the residual (same rank, not a
// reshape) drops its unit dim through a reshape of its own, the 0-d
// constant and the [D] weight stay. One reshape back, at the end, for the
// result; the sum, used by the norm and returned, gets one too.
// CHECK-LABEL: func.func @residual_norm(
// CHECK-SAME: %[[X:.*]]: tensor<?x64xbf16>, %[[W:.*]]: tensor<64x64xbf16>, %[[RES:.*]]: tensor<1x?x64xbf16>, %[[G:.*]]: tensor<64xf32>)
// CHECK: %[[P:.*]] = molten.matmul %[[X]], %[[W]] : tensor<?x64xbf16>, tensor<64x64xbf16> -> tensor<?x64xbf16>
// CHECK: %[[R:.*]] = molten.reshape %[[RES]] : tensor<1x?x64xbf16> -> tensor<?x64xbf16>
// CHECK: %[[SUM:.*]] = molten.add %[[R]], %[[P]] : tensor<?x64xbf16>, tensor<?x64xbf16>
// CHECK: %[[SUM3:.*]] = molten.reshape %[[SUM]] : tensor<?x64xbf16> -> tensor<1x?x64xbf16>
// CHECK: %[[F:.*]] = molten.cast %[[SUM]] : tensor<?x64xbf16> to tensor<?x64xf32>
// CHECK: %[[SQ:.*]] = molten.mul %[[F]], %[[F]] : tensor<?x64xf32>, tensor<?x64xf32>
// CHECK: %[[MEAN:.*]] = molten.reduce_mean %[[SQ]] dims = [1] keepdim : tensor<?x64xf32> -> tensor<?x1xf32>
// CHECK: %[[EPS:.*]] = molten.add %[[MEAN]], %{{.*}} : tensor<?x1xf32>, tensor<f32>
// CHECK: %[[RS:.*]] = molten.rsqrt %[[EPS]] : tensor<?x1xf32>
// CHECK: %[[N:.*]] = molten.mul %[[F]], %[[RS]] : tensor<?x64xf32>, tensor<?x1xf32>
// CHECK: %[[Y:.*]] = molten.mul %[[N]], %[[G]] : tensor<?x64xf32>, tensor<64xf32>
// CHECK: %[[OUT:.*]] = molten.reshape %[[Y]] : tensor<?x64xf32> -> tensor<1x?x64xf32>
// CHECK: return %[[OUT]], %[[SUM3]]
func.func @residual_norm(%x: tensor<?x64xbf16>, %w: tensor<64x64xbf16>, %res: tensor<1x?x64xbf16>, %g: tensor<64xf32>) -> (tensor<1x?x64xf32>, tensor<1x?x64xbf16>) {
  %p = molten.matmul %x, %w : tensor<?x64xbf16>, tensor<64x64xbf16> -> tensor<?x64xbf16>
  %p3 = molten.reshape %p : tensor<?x64xbf16> -> tensor<1x?x64xbf16>
  %sum = molten.add %res, %p3 : tensor<1x?x64xbf16>, tensor<1x?x64xbf16>
  %f = molten.cast %sum : tensor<1x?x64xbf16> to tensor<1x?x64xf32>
  %sq = molten.mul %f, %f : tensor<1x?x64xf32>, tensor<1x?x64xf32>
  %mean = molten.reduce_mean %sq dims = [2] keepdim : tensor<1x?x64xf32> -> tensor<1x?x1xf32>
  %eps = molten.constant dense<1.0e-05> : tensor<f32>
  %e = molten.add %mean, %eps : tensor<1x?x1xf32>, tensor<f32>
  %rs = molten.rsqrt %e : tensor<1x?x1xf32>
  %n = molten.mul %f, %rs : tensor<1x?x64xf32>, tensor<1x?x1xf32>
  %y = molten.mul %n, %g : tensor<1x?x64xf32>, tensor<64xf32>
  return %y, %sum : tensor<1x?x64xf32>, tensor<1x?x64xbf16>
}

// -----

// Two leading unit dims; a reduction without keepdim keeps them in front.
// CHECK-LABEL: func.func @two_units(
// CHECK-SAME: %[[X:.*]]: tensor<?x8xf32>)
// CHECK-NEXT: %[[E:.*]] = molten.exp %[[X]] : tensor<?x8xf32>
// CHECK-NEXT: %[[S:.*]] = molten.reduce_sum %[[E]] dims = [1] : tensor<?x8xf32> -> tensor<?xf32>
// CHECK-NEXT: %[[R:.*]] = molten.reshape %[[S]] : tensor<?xf32> -> tensor<1x1x?xf32>
// CHECK-NEXT: return %[[R]]
func.func @two_units(%x: tensor<?x8xf32>) -> tensor<1x1x?xf32> {
  %r = molten.reshape %x : tensor<?x8xf32> -> tensor<1x1x?x8xf32>
  %e = molten.exp %r : tensor<1x1x?x8xf32>
  %s = molten.reduce_sum %e dims = [3] : tensor<1x1x?x8xf32> -> tensor<1x1x?xf32>
  return %s : tensor<1x1x?xf32>
}

// -----

// Left alone: a reshape that adds a unit dim elsewhere than in front; a
// result whose leading dim is not 1 (the other operand broadcasts it to
// 3); a reduction over the added unit dim; a compare and a select, whose
// i1 values a reshape cannot take.
// CHECK-LABEL: func.func @left_alone(
// CHECK: %[[A:.*]] = molten.reshape %{{.*}} : tensor<?x8xf32> -> tensor<?x1x8xf32>
// CHECK-NEXT: molten.exp %[[A]] : tensor<?x1x8xf32>
// CHECK: %[[B:.*]] = molten.reshape %{{.*}} : tensor<?x8xf32> -> tensor<1x?x8xf32>
// CHECK-NEXT: molten.add %[[B]], %{{.*}} : tensor<1x?x8xf32>, tensor<3x1x8xf32>
// CHECK-NEXT: molten.reduce_max %[[B]] dims = [0]
// CHECK-NEXT: %[[C:.*]] = molten.compare gt, %[[B]], %{{.*}} : tensor<1x?x8xf32>, tensor<1x?x8xf32>
// CHECK-NEXT: molten.select %[[M:.*]], %[[B]], %{{.*}} : tensor<1x?x8xi1>, tensor<1x?x8xf32>, tensor<f32>
func.func @left_alone(%x: tensor<?x8xf32>, %y: tensor<3x1x8xf32>, %z: tensor<1x?x8xf32>, %mask: tensor<1x?x8xi1>) -> (tensor<?x1x8xf32>, tensor<3x?x8xf32>, tensor<?x8xf32>, tensor<1x?x8xi1>, tensor<1x?x8xf32>) {
  %a = molten.reshape %x : tensor<?x8xf32> -> tensor<?x1x8xf32>
  %e = molten.exp %a : tensor<?x1x8xf32>
  %b = molten.reshape %x : tensor<?x8xf32> -> tensor<1x?x8xf32>
  %s = molten.add %b, %y : tensor<1x?x8xf32>, tensor<3x1x8xf32>
  %m = molten.reduce_max %b dims = [0] : tensor<1x?x8xf32> -> tensor<?x8xf32>
  %c = molten.compare gt, %b, %z : tensor<1x?x8xf32>, tensor<1x?x8xf32>
  %zero = molten.constant dense<0.0> : tensor<f32>
  %sel = molten.select %mask, %b, %zero : tensor<1x?x8xi1>, tensor<1x?x8xf32>, tensor<f32>
  return %e, %s, %m, %c, %sel : tensor<?x1x8xf32>, tensor<3x?x8xf32>, tensor<?x8xf32>, tensor<1x?x8xi1>, tensor<1x?x8xf32>
}
