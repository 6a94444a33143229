// RUN: molten-opt %s --molten-to-gpu -split-input-file | FileCheck %s

// A row reduction: a block per row (grid-stride), the row read with 16-byte
// loads, butterfly shuffles, shared scratch across warps, masked stores.
// CHECK-LABEL: func.func @softmax
// CHECK-SAME: molten.launch_plan = "function softmax inputs 1 outputs 1 symbols 1\0Abuffer 0 input 0 f32 2 s0 256\0Abuffer 1 output 0 f32 2 s0 256\0Akernel softmax_k0 grid max 1 min 8448 s0 1 1 block 32 1 1 smem 0 buffers 2 0 1 symbols 1 0\0Aend\0A"
// CHECK: gpu.func @softmax_k0(%{{.*}}: memref<?xf32>, %{{.*}}: memref<?xf32>, %{{.*}}: index) workgroup(%{{.*}} : memref<32xf32, #gpu.address_space<workgroup>>) kernel
// CHECK: scf.for %{{.*}} = %block_id_x to %{{.*}} step %grid_dim_x
// CHECK: vector.load %arg0[%{{.*}}] {alignment = 16 : i64} : memref<?xf32>, vector<4xf32>
// CHECK: vector.reduction <maximumf>
// CHECK: gpu.shuffle  xor %{{.*}}, %c16_i32
// CHECK: gpu.shuffle  xor %{{.*}}, %c1_i32
// CHECK: math.exp %{{.*}} : vector<4xf32>
// CHECK: vector.reduction <add>
// CHECK: gpu.shuffle  xor
// CHECK: scf.if
// CHECK: vector.store %{{.*}}, %arg1[%{{.*}}] {alignment = 16 : i64} : memref<?xf32>, vector<4xf32>
func.func @softmax(%x: tensor<?x256xf32>) -> tensor<?x256xf32> {
  %0 = molten.fused ins(%x : tensor<?x256xf32>) -> (tensor<?x256xf32>) {
  ^bb0(%a: tensor<?x256xf32>):
    %m = molten.reduce_max %a dims = [1] keepdim : tensor<?x256xf32> -> tensor<?x1xf32>
    %s = molten.sub %a, %m : tensor<?x256xf32>, tensor<?x1xf32>
    %e = molten.exp %s : tensor<?x256xf32>
    %z = molten.reduce_sum %e dims = [1] keepdim : tensor<?x256xf32> -> tensor<?x1xf32>
    %y = molten.div %e, %z : tensor<?x256xf32>, tensor<?x1xf32>
    molten.yield %y : tensor<?x256xf32>
  }
  return %0 : tensor<?x256xf32>
}

// -----

// Flat mode: all values one shape, walked as 1-D with 8 x bf16 = 16-byte
// loads and a scalar tail (3001 is odd); i1 results are stored as bytes.
// CHECK-LABEL: gpu.func @flat_bf16_k0(%{{.*}}: memref<?xbf16>, %{{.*}}: memref<?xi8>, %{{.*}}: index) kernel
// CHECK: scf.for
// CHECK: vector.load %arg0[%[[I:.*]]] {alignment = 16 : i64} : memref<?xbf16>, vector<8xbf16>
// CHECK: arith.extf %{{.*}} : vector<8xbf16> to vector<8xf32>
// CHECK: math.exp %{{.*}} : vector<8xf32>
// CHECK: arith.truncf %{{.*}} : vector<8xf32> to vector<8xbf16>
// CHECK: arith.cmpf ogt, %{{.*}}, %{{.*}} : vector<8xf32>
// CHECK: arith.extui %{{.*}} : vector<8xi1> to vector<8xi8>
// CHECK: vector.store %{{.*}}, %arg1[%[[I]]] {alignment = 8 : i64} : memref<?xi8>, vector<8xi8>
// CHECK: scf.for
// CHECK: memref.load %arg0[%{{.*}}] : memref<?xbf16>
// CHECK: memref.store %{{.*}}, %arg1[%{{.*}}] : memref<?xi8>
func.func @flat_bf16(%x: tensor<?x3001xbf16>) -> tensor<?x3001xi1> {
  %0 = molten.fused ins(%x : tensor<?x3001xbf16>) -> (tensor<?x3001xi1>) {
  ^bb0(%a: tensor<?x3001xbf16>):
    %e = molten.exp %a : tensor<?x3001xbf16>
    %c = molten.compare gt, %e, %a : tensor<?x3001xbf16>, tensor<?x3001xbf16>
    molten.yield %c : tensor<?x3001xi1>
  }
  return %0 : tensor<?x3001xi1>
}

// -----

// A matmul with a transposed rhs and a tanh epilogue applied to the f32
// accumulator before the store.
// CHECK-LABEL: gpu.func @matmul_k0
// CHECK: scf.for
// CHECK: %[[ACC:.*]] = scf.for %{{.*}} = %c0 to %c8 step %c1 iter_args(%{{.*}} = %cst) -> (f32)
// CHECK: memref.load %arg0
// CHECK: memref.load %arg1
// CHECK: arith.mulf
// CHECK: arith.addf
// CHECK: %[[T:.*]] = math.tanh %[[ACC]] : f32
// CHECK: memref.store %[[T]], %arg2
func.func @matmul(%x: tensor<?x8xf32>, %w: tensor<16x8xf32>) -> tensor<?x16xf32> {
  %0 = molten.fused ins(%x, %w : tensor<?x8xf32>, tensor<16x8xf32>) -> (tensor<?x16xf32>) {
  ^bb0(%a: tensor<?x8xf32>, %b: tensor<16x8xf32>):
    %m = molten.matmul %a, %b transpose_rhs : tensor<?x8xf32>, tensor<16x8xf32> -> tensor<?x16xf32>
    %t = molten.tanh %m : tensor<?x16xf32>
    molten.yield %t : tensor<?x16xf32>
  }
  return %0 : tensor<?x16xf32>
}

// -----

// A reduction over the token dim: a thread per output element looping over
// the rows; the mean divides by the dynamic count.
// CHECK-LABEL: func.func @outer
// CHECK-SAME: buffer 1 output 0 f32 1 8\0Akernel outer_k0 grid max 1 min 65535 cdiv 8 256 1 1 block 256
// CHECK: gpu.func @outer_k0
// CHECK: scf.for %{{.*}} = %c0 to %{{.*}} step %c1 iter_args(%{{.*}} = %cst) -> (f32)
// CHECK: arith.addf
// CHECK: arith.uitofp
// CHECK: arith.divf
func.func @outer(%x: tensor<?x8xf32>) -> tensor<8xf32> {
  %0 = molten.fused ins(%x : tensor<?x8xf32>) -> (tensor<8xf32>) {
  ^bb0(%a: tensor<?x8xf32>):
    %s = molten.reduce_mean %a dims = [0] : tensor<?x8xf32> -> tensor<8xf32>
    molten.yield %s : tensor<8xf32>
  }
  return %0 : tensor<8xf32>
}

// -----

// Broadcasting: the bias is read at the inner index only; a temporary
// between two regions is a "temp" buffer of the plan.
// CHECK-LABEL: func.func @two_regions
// CHECK-SAME: buffer 2 temp f32 2 s0 64\0Abuffer 3 output 0 f32 2 s0 64\0Akernel two_regions_k0
// CHECK-SAME: buffers 2 0 2 symbols 1 0\0Akernel two_regions_k1 grid {{.*}} buffers 3 2 1 3 symbols 1 0
// CHECK: gpu.func @two_regions_k1
// CHECK: %[[INNER:.*]] = arith.remui %{{.*}}, %c64 : index
// CHECK: vector.load %arg1[%[[INNER]]] {alignment = 16 : i64} : memref<?xf32>, vector<4xf32>
func.func @two_regions(%x: tensor<?x64xf32>, %b: tensor<64xf32>) -> tensor<?x64xf32> {
  %0 = molten.fused ins(%x : tensor<?x64xf32>) -> (tensor<?x64xf32>) {
  ^bb0(%a: tensor<?x64xf32>):
    %1 = molten.exp %a : tensor<?x64xf32>
    molten.yield %1 : tensor<?x64xf32>
  }
  %2 = molten.fused ins(%0, %b : tensor<?x64xf32>, tensor<64xf32>) -> (tensor<?x64xf32>) {
  ^bb0(%a: tensor<?x64xf32>, %c: tensor<64xf32>):
    %3 = molten.add %a, %c : tensor<?x64xf32>, tensor<64xf32>
    molten.yield %3 : tensor<?x64xf32>
  }
  return %2 : tensor<?x64xf32>
}
