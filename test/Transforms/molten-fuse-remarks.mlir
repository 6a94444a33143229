// RUN: molten-opt %s --pass-pipeline='builtin.module(func.func(molten-fuse{remarks=1}))' -split-input-file -verify-diagnostics -o /dev/null

// The fusion report as remarks: a region's at its hero op, a neighbour left
// out at the op it was kept from.

func.func @softmax(%x: tensor<?x128xf32>) -> tensor<?x128xf32> {
  // expected-remark @below {{fusion region 0: hero row_reduction, 5 ops, 1 inputs, 1 outputs, bytes saved 3088*N}}
  %m = molten.reduce_max %x dims = [1] keepdim : tensor<?x128xf32> -> tensor<?x1xf32>
  %s = molten.sub %x, %m : tensor<?x128xf32>, tensor<?x1xf32>
  %e = molten.exp %s : tensor<?x128xf32>
  %z = molten.reduce_sum %e dims = [1] keepdim : tensor<?x128xf32> -> tensor<?x1xf32>
  %y = molten.div %e, %z : tensor<?x128xf32>, tensor<?x1xf32>
  return %y : tensor<?x128xf32>
}

// -----

func.func @outer(%x: tensor<?x64xf32>) -> tensor<?x64xf32> {
  // expected-remark @below {{fusion region 0: hero loop, 1 ops, 1 inputs, 1 outputs, bytes saved 256*N}}
  %p = molten.mul %x, %x : tensor<?x64xf32>, tensor<?x64xf32>
  // expected-remark @below {{fusion region 1: hero opaque, 1 ops, 1 inputs, 1 outputs, bytes saved 0}}
  // expected-remark @below {{not fused with its producer molten.mul (20:8): not fusible: it reduces dims [0], not the innermost dims of a rank-2 tensor}}
  %r = molten.reduce_sum %p dims = [0] keepdim : tensor<?x64xf32> -> tensor<1x64xf32>
  // expected-remark @below {{fusion region 2: hero loop, 1 ops, 2 inputs, 1 outputs, bytes saved 0}}
  // expected-remark @below {{not fused with its producer molten.mul (20:8): fusing would create a cycle through an op outside the region}}
  // expected-remark @below {{not fused with its producer molten.reduce_sum (23:8): not fusible: it reduces dims [0], not the innermost dims of a rank-2 tensor}}
  %c = molten.add %p, %r : tensor<?x64xf32>, tensor<1x64xf32>
  return %c : tensor<?x64xf32>
}

// -----

// Two matmuls share a kernel only as siblings, and only where asked
// (sibling-matmuls, test/Transforms/molten-fuse.mlir).
func.func @two_matmuls(%x: tensor<?x64xf32>, %w1: tensor<64x32xf32>, %w2: tensor<64x32xf32>) -> tensor<?x32xf32> {
  // expected-remark @below {{fusion region 0: hero matmul, 2 ops, 3 inputs, 1 outputs, bytes saved 256*N}}
  %a = molten.matmul %x, %w1 : tensor<?x64xf32>, tensor<64x32xf32> -> tensor<?x32xf32>
  // expected-remark @below {{fusion region 1: hero matmul, 1 ops, 2 inputs, 1 outputs, bytes saved 0}}
  %b = molten.matmul %x, %w2 : tensor<?x64xf32>, tensor<64x32xf32> -> tensor<?x32xf32>
  // expected-remark @below {{not fused with its producer molten.matmul (39:8): two matmuls share a kernel only as siblings, with sibling-matmuls}}
  %y = molten.add %a, %b : tensor<?x32xf32>, tensor<?x32xf32>
  return %y : tensor<?x32xf32>
}
