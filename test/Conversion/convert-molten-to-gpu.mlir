// RUN: molten-opt %s --convert-molten-to-gpu -split-input-file | FileCheck %s
// RUN: molten-opt %s --convert-molten-to-gpu="multiprocessors=114" -split-input-file | FileCheck %s --check-prefix=SM114

// convert-molten-to-gpu: the loop, outer-reduction and thread-per-output matmul
// kernels and the launch plan. Row reductions are in
// convert-molten-to-gpu-row-reduction.mlir, option checks in
// convert-molten-to-gpu-options.mlir, tensor-core matmul in convert-molten-to-gpu-sm90a.mlir.

// Flat mode: all values one shape, walked as 1-D with 8 x bf16 = 16-byte
// loads and a scalar tail (3001 is odd); i1 results are stored as bytes.
// Two chunks a thread: both loaded before the first store. Blocks of 128
// (loop-block-size); registers capped for 1536 threads a multiprocessor
// (loop-min-threads-per-sm): 12 blocks.
// CHECK-LABEL: gpu.func @flat_bf16_k0(%{{.*}}: memref<?xbf16>, %{{.*}}: memref<?xi8>, %{{.*}}: index) kernel
// CHECK-SAME: known_block_size = array<i32: 128, 1, 1>, nvvm.minctasm = 12 : i32
// CHECK: scf.for
// CHECK: vector.load %arg0[%[[I:.*]]] {alignment = 16 : i64} : memref<?xbf16>, vector<8xbf16>
// CHECK: arith.extf %{{.*}} : vector<8xbf16> to vector<8xf32>
// CHECK: math.exp %{{.*}} : vector<8xf32>
// CHECK: arith.truncf %{{.*}} : vector<8xf32> to vector<8xbf16>
// CHECK: arith.cmpf ogt, %{{.*}}, %{{.*}} : vector<8xf32>
// CHECK-NOT: vector.store
// CHECK: vector.load %arg0
// CHECK: arith.extui %{{.*}} : vector<8xi1> to vector<8xi8>
// CHECK: vector.store %{{.*}}, %arg1[%[[I]]] {alignment = 8 : i64} : memref<?xi8>, vector<8xi8>
// CHECK: scf.for
// CHECK: memref.load %arg0[%{{.*}}] : memref<?xbf16>
// CHECK: memref.store %{{.*}}, %arg1[%{{.*}}] : memref<?xi8>
func.func @flat_bf16(%x: tensor<?x3001xbf16>) -> tensor<?x3001xi1> {
  %0 = molten.fused hero(loop) ins(%x : tensor<?x3001xbf16>) -> (tensor<?x3001xi1>) {
  ^bb0(%a: tensor<?x3001xbf16>):
    %e = molten.exp %a : tensor<?x3001xbf16>
    %c = molten.compare gt, %e, %a : tensor<?x3001xbf16>, tensor<?x3001xbf16>
    molten.yield %c : tensor<?x3001xi1>
  }
  return %0 : tensor<?x3001xi1>
}

// -----

// Broadcasting: the bias is read at the inner index only; a temporary
// between two regions is a "temp" buffer of the plan.
// CHECK-LABEL: func.func @two_regions
// CHECK-SAME: <temp f32 [s0, 64]>, <output 0 f32 [s0, 64]>] kernels [<"two_regions_k0"
// CHECK-SAME: buffers [0, 2] symbols [0]>, <"two_regions_k1" grid {{.*}} buffers [2, 1, 3] symbols [0]>]>
// An elementwise grid: at least a block per multiprocessor when there is
// work for it.
// SM114-LABEL: func.func @two_regions
// SM114-SAME: <"two_regions_k0" grid [max 1 min 1048576 max cdiv cdiv * s0 64 4 256 min cdiv cdiv * s0 64 4 128 114, 1, 1] block [128
// CHECK: gpu.func @two_regions_k1
// CHECK: %[[INNER:.*]] = arith.remui %{{.*}}, %c64 : index
// CHECK: vector.load %arg1[%[[INNER]]] {alignment = 16 : i64} : memref<?xf32>, vector<4xf32>
func.func @two_regions(%x: tensor<?x64xf32>, %b: tensor<64xf32>) -> tensor<?x64xf32> {
  %0 = molten.fused hero(loop) ins(%x : tensor<?x64xf32>) -> (tensor<?x64xf32>) {
  ^bb0(%a: tensor<?x64xf32>):
    %1 = molten.exp %a : tensor<?x64xf32>
    molten.yield %1 : tensor<?x64xf32>
  }
  %2 = molten.fused hero(loop) ins(%0, %b : tensor<?x64xf32>, tensor<64xf32>) -> (tensor<?x64xf32>) {
  ^bb0(%a: tensor<?x64xf32>, %c: tensor<64xf32>):
    %3 = molten.add %a, %c : tensor<?x64xf32>, tensor<64xf32>
    molten.yield %3 : tensor<?x64xf32>
  }
  return %2 : tensor<?x64xf32>
}

// -----

// A region that only reshapes launches nothing: buffers are contiguous and
// row-major, so its result shares its input's buffer (2), which the next
// kernel reads. The plan has no buffer of its own for it, and the kernels
// are numbered without it.
// CHECK-LABEL: func.func @reshape_between
// CHECK-SAME: buffers [<input 0 f32 [s0, 64]>, <temp f32 [s0, 64]>, <output 0 f32 [s0, 4, 16]>] kernels [<"reshape_between_k0"
// CHECK-SAME: buffers [0, 1] symbols [0]>, <"reshape_between_k1" grid {{.*}} buffers [1, 2] symbols [0]>]>
// CHECK: gpu.func @reshape_between_k1
// CHECK-NOT: gpu.func @reshape_between_k2
func.func @reshape_between(%x: tensor<?x64xf32>) -> tensor<?x4x16xf32> {
  %0 = molten.fused hero(loop) ins(%x : tensor<?x64xf32>) -> (tensor<?x64xf32>) {
  ^bb0(%a: tensor<?x64xf32>):
    %1 = molten.exp %a : tensor<?x64xf32>
    molten.yield %1 : tensor<?x64xf32>
  }
  %2 = molten.fused hero(loop) ins(%0 : tensor<?x64xf32>) -> (tensor<?x4x16xf32>) {
  ^bb0(%a: tensor<?x64xf32>):
    %3 = molten.reshape %a : tensor<?x64xf32> -> tensor<?x4x16xf32>
    molten.yield %3 : tensor<?x4x16xf32>
  }
  %4 = molten.fused hero(loop) ins(%2 : tensor<?x4x16xf32>) -> (tensor<?x4x16xf32>) {
  ^bb0(%a: tensor<?x4x16xf32>):
    %5 = molten.neg %a : tensor<?x4x16xf32>
    molten.yield %5 : tensor<?x4x16xf32>
  }
  return %4 : tensor<?x4x16xf32>
}

// -----

// A reshaped result: the region before the reshape writes the caller's
// output (buffer 1, of the output's shape) itself, through a chain of two
// reshapes; no temporary.
// CHECK-LABEL: func.func @reshape_result
// CHECK-SAME: buffers [<input 0 f32 [s0, 64]>, <output 0 f32 [s0, 4, 16]>] kernels [<"reshape_result_k0"
// CHECK-SAME: buffers [0, 1] symbols [0]>]>
func.func @reshape_result(%x: tensor<?x64xf32>) -> tensor<?x4x16xf32> {
  %0 = molten.fused hero(loop) ins(%x : tensor<?x64xf32>) -> (tensor<?x64xf32>) {
  ^bb0(%a: tensor<?x64xf32>):
    %1 = molten.exp %a : tensor<?x64xf32>
    molten.yield %1 : tensor<?x64xf32>
  }
  %2 = molten.fused hero(loop) ins(%0 : tensor<?x64xf32>) -> (tensor<?x1x64xf32>) {
  ^bb0(%a: tensor<?x64xf32>):
    %3 = molten.reshape %a : tensor<?x64xf32> -> tensor<?x1x64xf32>
    molten.yield %3 : tensor<?x1x64xf32>
  }
  %4 = molten.fused hero(loop) ins(%2 : tensor<?x1x64xf32>) -> (tensor<?x4x16xf32>) {
  ^bb0(%a: tensor<?x1x64xf32>):
    %5 = molten.reshape %a : tensor<?x1x64xf32> -> tensor<?x4x16xf32>
    molten.yield %5 : tensor<?x4x16xf32>
  }
  return %4 : tensor<?x4x16xf32>
}

// -----

// The caller's memory on both sides: an argument reshaped into a result is
// copied (k0). A value returned reshaped twice: the first result's buffer
// is the value's own (k1 writes it), the second a copy of it (k2).
// CHECK-LABEL: func.func @reshape_copies
// CHECK-SAME: buffers [<input 0 f32 [s0, 64]>, <output 0 f32 [s0, 4, 16]>, <output 1 f32 [s0, 2, 32]>, <output 2 f32 [s0, 8, 8]>]
// CHECK-SAME: kernels [<"reshape_copies_k0" grid {{.*}} buffers [0, 1] symbols [0]>, <"reshape_copies_k1" grid {{.*}} buffers [0, 2] symbols [0]>, <"reshape_copies_k2" grid {{.*}} buffers [2, 3] symbols [0]>]>
func.func @reshape_copies(%x: tensor<?x64xf32>) -> (tensor<?x4x16xf32>, tensor<?x2x32xf32>, tensor<?x8x8xf32>) {
  %0 = molten.fused hero(loop) ins(%x : tensor<?x64xf32>) -> (tensor<?x4x16xf32>) {
  ^bb0(%a: tensor<?x64xf32>):
    %1 = molten.reshape %a : tensor<?x64xf32> -> tensor<?x4x16xf32>
    molten.yield %1 : tensor<?x4x16xf32>
  }
  %2 = molten.fused hero(loop) ins(%x : tensor<?x64xf32>) -> (tensor<?x64xf32>) {
  ^bb0(%a: tensor<?x64xf32>):
    %3 = molten.exp %a : tensor<?x64xf32>
    molten.yield %3 : tensor<?x64xf32>
  }
  %4 = molten.fused hero(loop) ins(%2 : tensor<?x64xf32>) -> (tensor<?x2x32xf32>) {
  ^bb0(%a: tensor<?x64xf32>):
    %5 = molten.reshape %a : tensor<?x64xf32> -> tensor<?x2x32xf32>
    molten.yield %5 : tensor<?x2x32xf32>
  }
  %6 = molten.fused hero(loop) ins(%2 : tensor<?x64xf32>) -> (tensor<?x8x8xf32>) {
  ^bb0(%a: tensor<?x64xf32>):
    %7 = molten.reshape %a : tensor<?x64xf32> -> tensor<?x8x8xf32>
    molten.yield %7 : tensor<?x8x8xf32>
  }
  return %0, %4, %6 : tensor<?x4x16xf32>, tensor<?x2x32xf32>, tensor<?x8x8xf32>
}

// -----

// A reciprocal (1 / y, as decomposed sigmoid and silu have it) uses the
// hardware's approximate reciprocal (fastmath afn, docs/precision.md); any
// other elementwise division stays IEEE.
// CHECK-LABEL: gpu.func @reciprocal_k0
// CHECK: arith.divf %{{.*}}, %{{.*}} fastmath<afn> : vector<4xf32>
// CHECK-NEXT: vector.load
// CHECK-NEXT: arith.divf %{{.*}}, %{{.*}} : vector<4xf32>
// CHECK: arith.divf %{{.*}}, %{{.*}} fastmath<afn> : f32
// CHECK-NEXT: memref.load
// CHECK-NEXT: arith.divf %{{.*}}, %{{.*}} : f32
// CHECK: gpu.return
func.func @reciprocal(%x: tensor<?x64xf32>, %y: tensor<?x64xf32>) -> (tensor<?x64xf32>, tensor<?x64xf32>) {
  %0:2 = molten.fused hero(loop) ins(%x, %y : tensor<?x64xf32>, tensor<?x64xf32>) -> (tensor<?x64xf32>, tensor<?x64xf32>) {
  ^bb0(%a: tensor<?x64xf32>, %b: tensor<?x64xf32>):
    %one = molten.constant dense<1.0> : tensor<f32>
    %r = molten.div %one, %a : tensor<f32>, tensor<?x64xf32>
    %q = molten.div %b, %a : tensor<?x64xf32>, tensor<?x64xf32>
    molten.yield %r, %q : tensor<?x64xf32>, tensor<?x64xf32>
  }
  return %0#0, %0#1 : tensor<?x64xf32>, tensor<?x64xf32>
}

// -----

// A concat of slices of one tensor along its dim (rotate-half, as RoPE
// decomposes) selects the index instead: one load a chunk, no branch, and a
// select between the negated and the plain value.
// CHECK-LABEL: gpu.func @rotate_half_k0
// CHECK-NOT: scf.if
// CHECK: %[[IN:.*]] = arith.cmpi slt, %[[COL:.*]], %c64 : index
// CHECK-NEXT: %[[SHIFT:.*]] = arith.select %[[IN]], %c64, %c-64 : index
// CHECK-NEXT: arith.addi %[[COL]], %[[SHIFT]] : index
// CHECK: %[[V:.*]] = vector.load %arg0
// CHECK-NEXT: %[[F:.*]] = arith.extf %[[V]]
// CHECK-NEXT: %[[N:.*]] = arith.negf %[[F]]
// CHECK-NEXT: %[[NB:.*]] = arith.truncf %[[N]]
// CHECK: arith.select %{{.*}}, %[[NB]], %[[V]] : vector<8xbf16>
// The loop's second chunk, the same way.
// CHECK: vector.load %arg0
// CHECK-NOT: vector.load
// CHECK: gpu.return
func.func @rotate_half(%x: tensor<?x128xbf16>) -> tensor<?x128xbf16> {
  %0 = molten.fused hero(loop) ins(%x : tensor<?x128xbf16>) -> (tensor<?x128xbf16>) {
  ^bb0(%a: tensor<?x128xbf16>):
    %lo = molten.slice %a offsets = [0, 0] sizes = [-1, 64] strides = [1, 1] : tensor<?x128xbf16> -> tensor<?x64xbf16>
    %hi = molten.slice %a offsets = [0, 64] sizes = [-1, 64] strides = [1, 1] : tensor<?x128xbf16> -> tensor<?x64xbf16>
    %n = molten.neg %hi : tensor<?x64xbf16>
    %r = molten.concat %n, %lo dim = 1 : tensor<?x64xbf16>, tensor<?x64xbf16> -> tensor<?x128xbf16>
    molten.yield %r : tensor<?x128xbf16>
  }
  return %0 : tensor<?x128xbf16>
}

// -----

// f32 (4 lanes a chunk), the same: one load at the selected index.
// CHECK-LABEL: gpu.func @rotate_half_f32_k0
// CHECK-NOT: scf.if
// CHECK: %[[V:.*]] = vector.load %arg0
// CHECK-NEXT: %[[N:.*]] = arith.negf %[[V]]
// CHECK: arith.select %{{.*}}, %[[N]], %[[V]] : vector<4xf32>
// CHECK: vector.load %arg0
// CHECK-NOT: vector.load
// CHECK: gpu.return
func.func @rotate_half_f32(%x: tensor<?x128xf32>) -> tensor<?x128xf32> {
  %0 = molten.fused hero(loop) ins(%x : tensor<?x128xf32>) -> (tensor<?x128xf32>) {
  ^bb0(%a: tensor<?x128xf32>):
    %lo = molten.slice %a offsets = [0, 0] sizes = [-1, 64] strides = [1, 1] : tensor<?x128xf32> -> tensor<?x64xf32>
    %hi = molten.slice %a offsets = [0, 64] sizes = [-1, 64] strides = [1, 1] : tensor<?x128xf32> -> tensor<?x64xf32>
    %n = molten.neg %hi : tensor<?x64xf32>
    %r = molten.concat %n, %lo dim = 1 : tensor<?x64xf32>, tensor<?x64xf32> -> tensor<?x128xf32>
    molten.yield %r : tensor<?x128xf32>
  }
  return %0 : tensor<?x128xf32>
}

// -----

// A concat of other inputs, 16-bit (8 lanes a chunk): only the input a
// chunk falls in is computed, one branch with a load in each arm, not two
// loads and a select.
// CHECK-LABEL: gpu.func @concat_two_k0
// CHECK: %[[R:.*]] = scf.if %{{.*}} -> (vector<8xbf16>) {
// CHECK-NEXT: arith.subi
// CHECK: vector.load %arg0
// CHECK: arith.negf
// CHECK: scf.yield
// CHECK-NEXT: } else {
// CHECK: vector.load %arg1
// CHECK: scf.yield
// CHECK-NEXT: }
// CHECK: vector.store %[[R]]
func.func @concat_two(%x: tensor<?x64xbf16>, %y: tensor<?x64xbf16>) -> tensor<?x128xbf16> {
  %0 = molten.fused hero(loop) ins(%x, %y : tensor<?x64xbf16>, tensor<?x64xbf16>) -> (tensor<?x128xbf16>) {
  ^bb0(%a: tensor<?x64xbf16>, %b: tensor<?x64xbf16>):
    %n = molten.neg %a : tensor<?x64xbf16>
    %r = molten.concat %n, %b dim = 1 : tensor<?x64xbf16>, tensor<?x64xbf16> -> tensor<?x128xbf16>
    molten.yield %r : tensor<?x128xbf16>
  }
  return %0 : tensor<?x128xbf16>
}

// -----

// f32 (4 lanes a chunk): both inputs are read and a select picks.
// CHECK-LABEL: gpu.func @concat_two_f32_k0
// CHECK-NOT: scf.if
// CHECK: vector.load %arg0
// CHECK: vector.load %arg1
// CHECK: arith.select %{{.*}}, %{{.*}}, %{{.*}} : vector<4xf32>
func.func @concat_two_f32(%x: tensor<?x64xf32>, %y: tensor<?x64xf32>) -> tensor<?x128xf32> {
  %0 = molten.fused hero(loop) ins(%x, %y : tensor<?x64xf32>, tensor<?x64xf32>) -> (tensor<?x128xf32>) {
  ^bb0(%a: tensor<?x64xf32>, %b: tensor<?x64xf32>):
    %r = molten.concat %a, %b dim = 1 : tensor<?x64xf32>, tensor<?x64xf32> -> tensor<?x128xf32>
    molten.yield %r : tensor<?x128xf32>
  }
  return %0 : tensor<?x128xf32>
}

// -----

// Every output of the kernel is 16-bit: exp is 2^(x log2 e) on the
// hardware's ex2.approx.ftz, lane by lane, and multiply-adds may fuse
// (docs/precision.md).
// CHECK-LABEL: gpu.func @relaxed_k0
// CHECK: %[[S:.*]] = arith.mulf %{{.*}}, %{{.*}} fastmath<contract> : vector<8xf32>
// CHECK: %[[T:.*]] = arith.addf %[[S]], %{{.*}} fastmath<contract> : vector<8xf32>
// CHECK: %[[LOG2E:.*]] = arith.constant dense<1.44269502> : vector<8xf32>
// CHECK-NEXT: %[[X:.*]] = arith.mulf %[[T]], %[[LOG2E]] : vector<8xf32>
// CHECK-COUNT-8: llvm.call_intrinsic "llvm.nvvm.ex2.approx.ftz.f32"
// CHECK: vector.from_elements
// CHECK-NOT: math.exp
// CHECK: gpu.return
func.func @relaxed(%x: tensor<?x64xbf16>, %y: tensor<?x64xbf16>) -> tensor<?x64xbf16> {
  %0 = molten.fused hero(loop) ins(%x, %y : tensor<?x64xbf16>, tensor<?x64xbf16>) -> (tensor<?x64xbf16>) {
  ^bb0(%a: tensor<?x64xbf16>, %b: tensor<?x64xbf16>):
    %fa = molten.cast %a : tensor<?x64xbf16> to tensor<?x64xf32>
    %fb = molten.cast %b : tensor<?x64xbf16> to tensor<?x64xf32>
    %s = molten.mul %fa, %fa : tensor<?x64xf32>, tensor<?x64xf32>
    %t = molten.add %s, %fb : tensor<?x64xf32>, tensor<?x64xf32>
    %e = molten.exp %t : tensor<?x64xf32>
    %r = molten.cast %e : tensor<?x64xf32> to tensor<?x64xbf16>
    molten.yield %r : tensor<?x64xbf16>
  }
  return %0 : tensor<?x64xbf16>
}

// -----

// Relaxed erf: sign(x) * (1 - 2^(t * P(t))) with t = min(|x|, 4) (NaN
// stays NaN through minimumf), P of degree 7 (seven multiply-adds), and
// x * (2/sqrt(pi) - 2/(3 sqrt(pi)) x^2) below |x| = 1/64.
// CHECK-LABEL: gpu.func @relaxed_erf_k0
// CHECK: %[[X:.*]] = arith.extf %{{.*}} : vector<8xbf16> to vector<8xf32>
// CHECK: %[[A:.*]] = math.absf %[[X]] : vector<8xf32>
// CHECK: %[[T:.*]] = arith.minimumf %[[A]], %{{.*}} : vector<8xf32>
// CHECK-COUNT-7: math.fma %{{.*}}, %[[T]], %{{.*}} : vector<8xf32>
// CHECK-NEXT: %[[R:.*]] = arith.mulf %{{.*}}, %[[T]] : vector<8xf32>
// CHECK-COUNT-8: llvm.call_intrinsic "llvm.nvvm.ex2.approx.ftz.f32"
// CHECK: %[[E:.*]] = vector.from_elements
// CHECK: %[[L:.*]] = arith.subf %{{.*}}, %[[E]] : vector<8xf32>
// CHECK: %[[LS:.*]] = math.copysign %[[L]], %[[X]] : vector<8xf32>
// CHECK: %[[SQ:.*]] = arith.mulf %[[X]], %[[X]] : vector<8xf32>
// CHECK: %[[P:.*]] = math.fma %[[SQ]], %{{.*}}, %{{.*}} : vector<8xf32>
// CHECK: %[[S:.*]] = arith.mulf %[[X]], %[[P]] : vector<8xf32>
// CHECK: %[[C:.*]] = arith.cmpf olt, %[[A]], %{{.*}} : vector<8xf32>
// CHECK: arith.select %[[C]], %[[S]], %[[LS]] : vector<8xi1>, vector<8xf32>
// CHECK-NOT: math.erf
// CHECK: gpu.return
func.func @relaxed_erf(%x: tensor<?x64xbf16>) -> tensor<?x64xbf16> {
  %0 = molten.fused hero(loop) ins(%x : tensor<?x64xbf16>) -> (tensor<?x64xbf16>) {
  ^bb0(%a: tensor<?x64xbf16>):
    %f = molten.cast %a : tensor<?x64xbf16> to tensor<?x64xf32>
    %e = molten.erf %f : tensor<?x64xf32>
    %r = molten.cast %e : tensor<?x64xf32> to tensor<?x64xbf16>
    molten.yield %r : tensor<?x64xbf16>
  }
  return %0 : tensor<?x64xbf16>
}

// -----

// GELU's 1 + erf(y) is erfc(-y): erfc(|y|) where y < 0 and 2 - erfc(|y|)
// elsewhere, erfc(|y|) as 2^(t * P(t)) with t = |y| unclamped (the
// polynomial keeps falling past 4) and no small-argument branch; the erf's
// own lowering does not run. GELU's constants fold in: y = x / sqrt(2)
// into the coefficients (t = |x|: x^8's is -4.535847366e-05 / 16), the 0.5
// of 0.5 x into the exponent (- 1), so the sum is 1 - erfc / 2 and
// multiplies x itself.
// CHECK-LABEL: gpu.func @relaxed_one_plus_erf_k0
// CHECK: %[[X:.*]] = arith.extf
// CHECK: %[[T:.*]] = math.absf %[[X]] : vector<8xf32>
// CHECK-NOT: arith.minimumf
// CHECK: arith.constant dense<-2.83490431E-6> : vector<8xf32>
// CHECK-COUNT-7: math.fma %{{.*}}, %[[T]], %{{.*}} : vector<8xf32>
// CHECK-NEXT: %[[MINUS1:.*]] = arith.constant dense<-1.000000e+00> : vector<8xf32>
// CHECK-NEXT: math.fma %{{.*}}, %[[T]], %[[MINUS1]] : vector<8xf32>
// CHECK-COUNT-8: llvm.call_intrinsic "llvm.nvvm.ex2.approx.ftz.f32"
// CHECK: %[[E:.*]] = vector.from_elements
// CHECK: %[[N:.*]] = arith.cmpf olt, %[[X]], %{{.*}} : vector<8xf32>
// CHECK: %[[ONE:.*]] = arith.constant dense<1.000000e+00> : vector<8xf32>
// CHECK: %[[P:.*]] = arith.subf %[[ONE]], %[[E]] : vector<8xf32>
// CHECK: %[[S:.*]] = arith.select %[[N]], %[[E]], %[[P]] : vector<8xi1>, vector<8xf32>
// CHECK: arith.mulf %[[X]], %[[S]] fastmath<contract> : vector<8xf32>
// CHECK-NOT: math.erf
// CHECK-NOT: math.copysign
// CHECK: gpu.return
func.func @relaxed_one_plus_erf(%x: tensor<?x64xbf16>) -> tensor<?x64xbf16> {
  %0 = molten.fused hero(loop) ins(%x : tensor<?x64xbf16>) -> (tensor<?x64xbf16>) {
  ^bb0(%a: tensor<?x64xbf16>):
    %g = molten.gelu %a : tensor<?x64xbf16>
    molten.yield %g : tensor<?x64xbf16>
  }
  return %0 : tensor<?x64xbf16>
}

// -----

// An f32 output keeps libdevice's erf.
// CHECK-LABEL: gpu.func @strict_erf_k0
// CHECK: math.erf %{{.*}} : vector<4xf32>
// CHECK-NOT: ex2.approx
// CHECK: gpu.return
func.func @strict_erf(%x: tensor<?x64xf32>) -> tensor<?x64xf32> {
  %0 = molten.fused hero(loop) ins(%x : tensor<?x64xf32>) -> (tensor<?x64xf32>) {
  ^bb0(%a: tensor<?x64xf32>):
    %e = molten.erf %a : tensor<?x64xf32>
    molten.yield %e : tensor<?x64xf32>
  }
  return %0 : tensor<?x64xf32>
}

// -----

// One f32 output is enough to keep every op of the kernel IEEE f32.
// CHECK-LABEL: gpu.func @strict_k0
// CHECK-NOT: fastmath
// CHECK: gpu.return
func.func @strict(%x: tensor<?x64xbf16>) -> (tensor<?x64xbf16>, tensor<?x64xf32>) {
  %0:2 = molten.fused hero(loop) ins(%x : tensor<?x64xbf16>) -> (tensor<?x64xbf16>, tensor<?x64xf32>) {
  ^bb0(%a: tensor<?x64xbf16>):
    %fa = molten.cast %a : tensor<?x64xbf16> to tensor<?x64xf32>
    %s = molten.mul %fa, %fa : tensor<?x64xf32>, tensor<?x64xf32>
    %t = molten.add %s, %fa : tensor<?x64xf32>, tensor<?x64xf32>
    %e = molten.exp %t : tensor<?x64xf32>
    %r = molten.cast %e : tensor<?x64xf32> to tensor<?x64xbf16>
    molten.yield %r, %e : tensor<?x64xbf16>, tensor<?x64xf32>
  }
  return %0#0, %0#1 : tensor<?x64xbf16>, tensor<?x64xf32>
}

// -----

// The loop's chunk index is delinearized once: the input of the output's
// shape is read at that offset, the other half of the same row at the
// row's start plus the shifted column, and only the broadcast input's
// offset is rebuilt from the indices. Six 16-byte loads an iteration (two
// chunks of three) floor the registers at 48, their 24 and 24 more: 10
// blocks of 128 a multiprocessor, not the 12 of loop-min-threads-per-sm
// (1536).
// CHECK-LABEL: gpu.func @rotate_heads_k0
// CHECK-SAME: nvvm.minctasm = 10
// CHECK: scf.for %[[I:.*]] = %{{.*}} to
// CHECK-NEXT: %[[L:.*]] = arith.muli %[[I]], %c8
// CHECK-NEXT: %[[COL:.*]] = arith.remui %[[L]], %c128
// CHECK-NEXT: %[[ROW:.*]] = arith.divui %[[L]], %c128
// CHECK-NEXT: arith.remui %[[ROW]], %c40
// CHECK-NEXT: %[[TOKEN:.*]] = arith.divui %[[ROW]], %c40
// CHECK-NEXT: vector.load %arg0[%[[L]]]
// CHECK: arith.muli %[[TOKEN]]
// CHECK: vector.load %arg1
// CHECK: %[[SHIFTED:.*]] = arith.addi %[[COL]], %{{.*}} : index
// CHECK-NEXT: %[[START:.*]] = arith.subi %[[L]], %[[COL]]
// CHECK-NEXT: %[[AT:.*]] = arith.addi %[[START]], %[[SHIFTED]]
// CHECK-NEXT: vector.load %arg0[%[[AT]]]
func.func @rotate_heads(%x: tensor<?x40x128xbf16>, %c: tensor<?x1x128xbf16>) -> tensor<?x40x128xbf16> {
  %0 = molten.fused hero(loop) ins(%x, %c : tensor<?x40x128xbf16>, tensor<?x1x128xbf16>) -> (tensor<?x40x128xbf16>) {
  ^bb0(%a: tensor<?x40x128xbf16>, %b: tensor<?x1x128xbf16>):
    %hi = molten.slice %a offsets = [0, 0, 64] sizes = [-1, 40, 64] strides = [1, 1, 1] : tensor<?x40x128xbf16> -> tensor<?x40x64xbf16>
    %lo = molten.slice %a offsets = [0, 0, 0] sizes = [-1, 40, 64] strides = [1, 1, 1] : tensor<?x40x128xbf16> -> tensor<?x40x64xbf16>
    %r = molten.concat %hi, %lo dim = 2 : tensor<?x40x64xbf16>, tensor<?x40x64xbf16> -> tensor<?x40x128xbf16>
    %m = molten.mul %a, %b : tensor<?x40x128xbf16>, tensor<?x1x128xbf16>
    %y = molten.add %m, %r : tensor<?x40x128xbf16>, tensor<?x40x128xbf16>
    molten.yield %y : tensor<?x40x128xbf16>
  }
  return %0 : tensor<?x40x128xbf16>
}

// -----

// 16-bit outputs: the reciprocal (of sigmoid) is rcp.approx.ftz, lane by
// lane; with an f32 output it stays a divf the backend makes rcp.approx.
// CHECK-LABEL: gpu.func @relaxed_sigmoid_k0
// CHECK-COUNT-8: nvvm.rcp.approx.ftz.f
// CHECK-NOT: arith.divf
// CHECK: gpu.return
// CHECK-LABEL: gpu.func @strict_sigmoid_k0
// CHECK-NOT: nvvm.rcp
// CHECK: arith.divf %{{.*}}, %{{.*}} fastmath<afn> : vector<4xf32>
// CHECK: gpu.return
func.func @relaxed_sigmoid(%x: tensor<?x64xbf16>) -> tensor<?x64xbf16> {
  %0 = molten.fused hero(loop) ins(%x : tensor<?x64xbf16>) -> (tensor<?x64xbf16>) {
  ^bb0(%a: tensor<?x64xbf16>):
    %f = molten.cast %a : tensor<?x64xbf16> to tensor<?x64xf32>
    %s = molten.sigmoid %f : tensor<?x64xf32>
    %r = molten.cast %s : tensor<?x64xf32> to tensor<?x64xbf16>
    molten.yield %r : tensor<?x64xbf16>
  }
  return %0 : tensor<?x64xbf16>
}
func.func @strict_sigmoid(%x: tensor<?x64xf32>) -> tensor<?x64xf32> {
  %0 = molten.fused hero(loop) ins(%x : tensor<?x64xf32>) -> (tensor<?x64xf32>) {
  ^bb0(%a: tensor<?x64xf32>):
    %s = molten.sigmoid %a : tensor<?x64xf32>
    molten.yield %s : tensor<?x64xf32>
  }
  return %0 : tensor<?x64xf32>
}

// -----

// exp(x * c) in a 16-bit kernel: log2(e) folds into c (2 log2(e) =
// 2.88539), one multiply before ex2; the multiply by c is left unused.
// CHECK-LABEL: gpu.func @relaxed_scaled_exp_k0
// CHECK: %[[F:.*]] = arith.extf
// CHECK: %[[C:.*]] = arith.constant dense<2.885390e+00> : vector<8xf32>
// CHECK-NEXT: %[[X:.*]] = arith.mulf %[[F]], %[[C]] : vector<8xf32>
// CHECK-NEXT: vector.extract %[[X]][0]
// CHECK-NEXT: llvm.call_intrinsic "llvm.nvvm.ex2.approx.ftz.f32"
func.func @relaxed_scaled_exp(%x: tensor<?x64xbf16>) -> tensor<?x64xbf16> {
  %0 = molten.fused hero(loop) ins(%x : tensor<?x64xbf16>) -> (tensor<?x64xbf16>) {
  ^bb0(%a: tensor<?x64xbf16>):
    %two = molten.constant dense<2.0> : tensor<f32>
    %f = molten.cast %a : tensor<?x64xbf16> to tensor<?x64xf32>
    %s = molten.mul %f, %two : tensor<?x64xf32>, tensor<f32>
    %e = molten.exp %s : tensor<?x64xf32>
    %r = molten.cast %e : tensor<?x64xf32> to tensor<?x64xbf16>
    molten.yield %r : tensor<?x64xbf16>
  }
  return %0 : tensor<?x64xbf16>
}

// -----

// exp(-x): the negation folds into the scale, -log2(e).
// CHECK-LABEL: gpu.func @relaxed_negated_exp_k0
// CHECK: %[[F:.*]] = arith.extf
// CHECK: %[[C:.*]] = arith.constant dense<-1.44269502> : vector<8xf32>
// CHECK-NEXT: arith.mulf %[[F]], %[[C]] : vector<8xf32>
func.func @relaxed_negated_exp(%x: tensor<?x64xbf16>) -> tensor<?x64xbf16> {
  %0 = molten.fused hero(loop) ins(%x : tensor<?x64xbf16>) -> (tensor<?x64xbf16>) {
  ^bb0(%a: tensor<?x64xbf16>):
    %f = molten.cast %a : tensor<?x64xbf16> to tensor<?x64xf32>
    %n = molten.neg %f : tensor<?x64xf32>
    %e = molten.exp %n : tensor<?x64xf32>
    %r = molten.cast %e : tensor<?x64xf32> to tensor<?x64xbf16>
    molten.yield %r : tensor<?x64xbf16>
  }
  return %0 : tensor<?x64xbf16>
}

// -----

// A concat of four inputs, 16-bit: a branch per input, one load runs per
// chunk; the register floor counts one arm of each branch (two chunks of
// one load: 8 registers and 24, under loop-min-threads-per-sm's 40): 12
// blocks of 128.
// CHECK-LABEL: gpu.func @concat_four_k0
// CHECK-SAME: nvvm.minctasm = 12
func.func @concat_four(%a: tensor<?x16xbf16>, %b: tensor<?x16xbf16>, %c: tensor<?x16xbf16>, %d: tensor<?x16xbf16>) -> tensor<?x64xbf16> {
  %0 = molten.fused hero(loop) ins(%a, %b, %c, %d : tensor<?x16xbf16>, tensor<?x16xbf16>, tensor<?x16xbf16>, tensor<?x16xbf16>) -> (tensor<?x64xbf16>) {
  ^bb0(%w: tensor<?x16xbf16>, %x: tensor<?x16xbf16>, %y: tensor<?x16xbf16>, %z: tensor<?x16xbf16>):
    %r = molten.concat %w, %x, %y, %z dim = 1 : tensor<?x16xbf16>, tensor<?x16xbf16>, tensor<?x16xbf16>, tensor<?x16xbf16> -> tensor<?x64xbf16>
    molten.yield %r : tensor<?x64xbf16>
  }
  return %0 : tensor<?x64xbf16>
}

// -----

// Offsets reused from a delinearized index only where that index's value
// is in scope: rows of a 3-D tensor looped over (the weight, rank 1, is read
// in a second loop), one static row, and an outer reduction with a bias all
// give valid IR (the verifier checks dominance).
// CHECK-LABEL: gpu.func @rows3_k0
// CHECK: gpu.return
// CHECK-LABEL: gpu.func @one_row_k0
// CHECK: gpu.return
// CHECK-LABEL: gpu.func @outer_bias_k0
// CHECK: gpu.return
func.func @rows3(%x: tensor<?x4x65536xbf16>, %w: tensor<65536xbf16>) -> tensor<?x4x65536xbf16> {
  %0 = molten.fused hero(row_reduction) ins(%x, %w : tensor<?x4x65536xbf16>, tensor<65536xbf16>) -> (tensor<?x4x65536xbf16>) {
  ^bb0(%a: tensor<?x4x65536xbf16>, %c: tensor<65536xbf16>):
    %f = molten.cast %a : tensor<?x4x65536xbf16> to tensor<?x4x65536xf32>
    %sq = molten.mul %f, %f : tensor<?x4x65536xf32>, tensor<?x4x65536xf32>
    %m = molten.reduce_mean %sq dims = [2] keepdim : tensor<?x4x65536xf32> -> tensor<?x4x1xf32>
    %r = molten.rsqrt %m : tensor<?x4x1xf32>
    %n = molten.mul %f, %r : tensor<?x4x65536xf32>, tensor<?x4x1xf32>
    %wf = molten.cast %c : tensor<65536xbf16> to tensor<65536xf32>
    %y = molten.mul %n, %wf : tensor<?x4x65536xf32>, tensor<65536xf32>
    %yb = molten.cast %y : tensor<?x4x65536xf32> to tensor<?x4x65536xbf16>
    molten.yield %yb : tensor<?x4x65536xbf16>
  }
  return %0 : tensor<?x4x65536xbf16>
}
func.func @one_row(%x: tensor<1x65536xbf16>, %w: tensor<65536xbf16>) -> tensor<1x65536xbf16> {
  %0 = molten.fused hero(row_reduction) ins(%x, %w : tensor<1x65536xbf16>, tensor<65536xbf16>) -> (tensor<1x65536xbf16>) {
  ^bb0(%a: tensor<1x65536xbf16>, %c: tensor<65536xbf16>):
    %f = molten.cast %a : tensor<1x65536xbf16> to tensor<1x65536xf32>
    %sq = molten.mul %f, %f : tensor<1x65536xf32>, tensor<1x65536xf32>
    %m = molten.reduce_mean %sq dims = [1] keepdim : tensor<1x65536xf32> -> tensor<1x1xf32>
    %r = molten.rsqrt %m : tensor<1x1xf32>
    %n = molten.mul %f, %r : tensor<1x65536xf32>, tensor<1x1xf32>
    %wf = molten.cast %c : tensor<65536xbf16> to tensor<65536xf32>
    %y = molten.mul %n, %wf : tensor<1x65536xf32>, tensor<65536xf32>
    %yb = molten.cast %y : tensor<1x65536xf32> to tensor<1x65536xbf16>
    molten.yield %yb : tensor<1x65536xbf16>
  }
  return %0 : tensor<1x65536xbf16>
}
func.func @outer_bias(%x: tensor<?x64xf32>, %b: tensor<64xf32>) -> tensor<1x64xf32> {
  %0 = molten.fused hero(outer_reduction) ins(%x, %b : tensor<?x64xf32>, tensor<64xf32>) -> (tensor<1x64xf32>) {
  ^bb0(%a: tensor<?x64xf32>, %c: tensor<64xf32>):
    %s = molten.reduce_sum %a dims = [0] keepdim : tensor<?x64xf32> -> tensor<1x64xf32>
    %y = molten.add %s, %c : tensor<1x64xf32>, tensor<64xf32>
    molten.yield %y : tensor<1x64xf32>
  }
  return %0 : tensor<1x64xf32>
}

// -----

// A reduction over the token dim: a thread per output element looping over
// the rows; the mean divides by the dynamic count.
// CHECK-LABEL: func.func @outer
// CHECK-SAME: <output 0 f32 [8]>] kernels [<"outer_k0" grid [max 1 min 65535 cdiv 8 256, 1, 1] block [256
// CHECK: gpu.func @outer_k0
// CHECK: scf.for %{{.*}} = %c0 to %{{.*}} step %c1 iter_args(%{{.*}} = %cst) -> (f32)
// CHECK: arith.addf
// CHECK: arith.uitofp
// CHECK: arith.divf
func.func @outer(%x: tensor<?x8xf32>) -> tensor<8xf32> {
  %0 = molten.fused hero(outer_reduction) ins(%x : tensor<?x8xf32>) -> (tensor<8xf32>) {
  ^bb0(%a: tensor<?x8xf32>):
    %s = molten.reduce_mean %a dims = [0] : tensor<?x8xf32> -> tensor<8xf32>
    molten.yield %s : tensor<8xf32>
  }
  return %0 : tensor<8xf32>
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
  %0 = molten.fused hero(matmul) ins(%x, %w : tensor<?x8xf32>, tensor<16x8xf32>) -> (tensor<?x16xf32>) {
  ^bb0(%a: tensor<?x8xf32>, %b: tensor<16x8xf32>):
    %m = molten.matmul %a, %b transpose_rhs : tensor<?x8xf32>, tensor<16x8xf32> -> tensor<?x16xf32>
    %t = molten.tanh %m : tensor<?x16xf32>
    molten.yield %t : tensor<?x16xf32>
  }
  return %0 : tensor<?x16xf32>
}
