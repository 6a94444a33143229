// RUN: molten-opt %s --molten-to-gpu -split-input-file | FileCheck %s

// RUN: molten-opt %s --molten-to-gpu="row-elements-per-thread=8 block-size=128 min-threads-per-sm=1024" -split-input-file | FileCheck %s --check-prefix=TUNED
// RUN: molten-opt %s --molten-to-gpu="dependent-launch=1" -split-input-file | FileCheck %s --check-prefix=DEPENDENT
// RUN: molten-opt %s --molten-to-gpu="few-rows-variant=0" -split-input-file | FileCheck %s --check-prefix=NOFEW
// RUN: molten-opt %s --molten-to-gpu="multiprocessors=114" -split-input-file | FileCheck %s --check-prefix=SM114
// RUN: not molten-opt %s --molten-to-gpu="block-size=100" -split-input-file 2>&1 | FileCheck %s --check-prefix=BADBLOCK
// RUN: not molten-opt %s --molten-to-gpu="row-elements-per-thread=0" -split-input-file 2>&1 | FileCheck %s --check-prefix=BADROW

// BADBLOCK: error: molten-to-gpu option block-size=100 is not a multiple of 32
// BADROW: error: molten-to-gpu option row-elements-per-thread=0 is out of range: expected 1 to 256
// RUN: not molten-opt %s --molten-to-gpu="row-max-blocks=0" -split-input-file 2>&1 | FileCheck %s --check-prefix=BADGRID
// BADGRID: error: molten-to-gpu option row-max-blocks=0 is out of range: expected 1 to 1073741824
// RUN: not molten-opt %s --molten-to-gpu="loop-min-threads-per-sm=4096" -split-input-file 2>&1 | FileCheck %s --check-prefix=BADLOOPTHREADS
// BADLOOPTHREADS: error: molten-to-gpu option loop-min-threads-per-sm=4096 is out of range: expected 0 to 2048
// RUN: not molten-opt %s --molten-to-gpu="loop-block-size=100" -split-input-file 2>&1 | FileCheck %s --check-prefix=BADLOOPBLOCK
// BADLOOPBLOCK: error: molten-to-gpu option loop-block-size=100 is not a multiple of 32
// RUN: not molten-opt %s --molten-to-gpu="loop-block-size=2048" -split-input-file 2>&1 | FileCheck %s --check-prefix=BIGLOOPBLOCK
// BIGLOOPBLOCK: error: molten-to-gpu option loop-block-size=2048 is out of range: expected 32 to 1024
// RUN: not molten-opt %s --molten-to-gpu="matmul-medium-rows=-2" -split-input-file 2>&1 | FileCheck %s --check-prefix=BADMEDIUM
// BADMEDIUM: error: molten-to-gpu option matmul-medium-rows=-2 is out of range: expected -1 to 1073741824
// RUN: not molten-opt %s --molten-to-gpu="multiprocessors=0" -split-input-file 2>&1 | FileCheck %s --check-prefix=BADSMS
// BADSMS: error: molten-to-gpu option multiprocessors=0 is out of range: expected 1 to 1024
// RUN: molten-opt %s --molten-to-gpu="looped-row-bytes=1048576" -split-input-file | FileCheck %s --check-prefix=HELD
// RUN: molten-opt %s --molten-to-gpu="looped-row-threads=256" -split-input-file | FileCheck %s --check-prefix=CAPPED
// RUN: molten-opt %s --molten-to-gpu="looped-row-bytes=1024" -split-input-file | FileCheck %s --check-prefix=SHORTLOOP
// RUN: not molten-opt %s --molten-to-gpu="looped-row-threads=100" -split-input-file 2>&1 | FileCheck %s --check-prefix=BADLOOPED
// BADLOOPED: error: molten-to-gpu option looped-row-threads=100 is not a multiple of 32
// RUN: not molten-opt %s --molten-to-gpu="looped-row-threads=2048" -split-input-file 2>&1 | FileCheck %s --check-prefix=BIGLOOPED
// BIGLOOPED: error: molten-to-gpu option looped-row-threads=2048 is out of range: expected 64 to 1024
// RUN: not molten-opt %s --molten-to-gpu="looped-row-bytes=0" -split-input-file 2>&1 | FileCheck %s --check-prefix=BADLOOPEDBYTES
// BADLOOPEDBYTES: error: molten-to-gpu option looped-row-bytes=0 is out of range: expected 1 to 1073741824
// RUN: molten-opt %s --molten-to-gpu="narrow-min-threads-per-sm=0" -split-input-file | FileCheck %s --check-prefix=NARROW0
// RUN: not molten-opt %s --molten-to-gpu="narrow-min-threads-per-sm=3000" -split-input-file 2>&1 | FileCheck %s --check-prefix=BADNARROW
// BADNARROW: error: molten-to-gpu option narrow-min-threads-per-sm=3000 is out of range: expected 0 to 2048

// A short row reduction: 256 f32 = 64 chunks of 4, 8 per lane (32
// elements), so 8 lanes a row and 32 rows in a block of 256; the loop over
// groups of rows is uniform, a row past the last is clamped and masked. The
// row is loaded once (8 loads, then shuffles over 8 lanes only); division by
// the row sum is one reciprocal a row; every value is computed before the
// first store.
// Looped from 1 KB (looped-row-bytes=1024): 64 chunks need no more than
// the 64 threads of the floor, one chunk an iteration.
// SHORTLOOP-LABEL: func.func @softmax
// SHORTLOOP-SAME: kernel softmax_k0 grid max 1 min 16896 cdiv s0 1 1 1 block 64 1 1
// SHORTLOOP: scf.for %{{.*}} = %c0 to %{{.*}} step %c1 iter_args
// CHECK-LABEL: func.func @softmax
// CHECK-SAME: molten.launch_plan = "function softmax inputs 1 outputs 1 symbols 1\0Abuffer 0 input 0 f32 2 s0 256\0Abuffer 1 output 0 f32 2 s0 256\0Akernel softmax_k0 grid max 1 min 16896 cdiv s0 32 1 1 block 256 1 1 smem 0 buffers 2 0 1 symbols 1 0\0Aend\0A"
// CHECK: gpu.func @softmax_k0(%{{.*}}: memref<?xf32>, %{{.*}}: memref<?xf32>, %{{.*}}: index) workgroup(%{{.*}} : memref<32xf32, #gpu.address_space<workgroup>>) kernel
// CHECK-SAME: known_block_size = array<i32: 256, 1, 1>
// CHECK: arith.remui %thread_id_x, %c8
// CHECK: scf.for %{{.*}} = %block_id_x to %{{.*}} step %grid_dim_x
// CHECK-COUNT-8: vector.load %arg0[%{{.*}}] {alignment = 16 : i64} : memref<?xf32>, vector<4xf32>
// CHECK-NOT: vector.load
// CHECK: vector.reduction <maximumf>
// CHECK-NOT: gpu.shuffle  xor %{{.*}}, %c16_i32
// CHECK: gpu.shuffle  xor %{{.*}}, %c4_i32
// CHECK: gpu.shuffle  xor %{{.*}}, %c2_i32
// CHECK: gpu.shuffle  xor %{{.*}}, %c1_i32
// CHECK: math.exp %{{.*}} : vector<4xf32>
// CHECK: vector.reduction <add>
// CHECK: gpu.shuffle  xor
// CHECK-NOT: gpu.barrier
// CHECK: arith.divf %{{.*}}, %{{.*}} : f32
// CHECK-NOT: arith.divf
// CHECK-COUNT-8: arith.mulf %{{.*}}, %{{.*}} : vector<4xf32>
// CHECK-NOT: vector.load
// CHECK: scf.if
// CHECK: vector.store %{{.*}}, %arg1[%{{.*}}] {alignment = 16 : i64} : memref<?xf32>, vector<4xf32>
// CHECK-NOT: math.exp
// CHECK: gpu.return

// 8 elements a lane: 2 chunks, 32 lanes a row, 4 rows in a block of 128;
// registers capped for 1024 threads a multiprocessor (8 blocks: 64
// registers, more than the 8 row values and the rest a thread needs).
// TUNED-LABEL: func.func @softmax
// TUNED-SAME: grid max 1 min 16896 cdiv s0 4 1 1 block 128 1 1
// TUNED: gpu.func @softmax_k0
// TUNED-SAME: nvvm.minctasm = 8 : i32
// TUNED: gpu.shuffle  xor %{{.*}}, %c16_i32
// dependent-launch: the kernel first lets the next one launch, then waits
// for the previous one, before it touches memory; the plan says `dependent`.
// DEPENDENT-LABEL: func.func @softmax
// DEPENDENT-SAME: symbols 1 0 dependent\0Aend
// DEPENDENT: gpu.func @softmax_k0
// DEPENDENT-NOT: vector.load
// DEPENDENT: nvvm.griddepcontrol launch_dependents
// DEPENDENT-NEXT: nvvm.griddepcontrol wait
// DEPENDENT: vector.load
func.func @softmax(%x: tensor<?x256xf32>) -> tensor<?x256xf32> {
  %0 = molten.fused hero(row_reduction) ins(%x : tensor<?x256xf32>) -> (tensor<?x256xf32>) {
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
  %0 = molten.fused hero(outer_reduction) ins(%x : tensor<?x8xf32>) -> (tensor<8xf32>) {
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
// An elementwise grid: at least a block per multiprocessor when there is
// work for it.
// SM114-LABEL: func.func @two_regions
// SM114-SAME: kernel two_regions_k0 grid max 1 min 1048576 max cdiv cdiv * s0 64 4 256 min cdiv cdiv * s0 64 4 128 114 1 1 block 128
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

// A long row: 4096 f32 = 1024 chunks, 8 a lane, 128 lanes a row (a block),
// so partials meet in shared memory. The gate (row-shaped) is loaded with
// the row, before the reduction; the weight (broadcast, served by L2) when
// the epilogue needs it; stores come last. Registers are capped so that 5
// blocks (640 threads, the default min-threads-per-sm) fit a multiprocessor.
// Calls of at most 132 rows (a block a row, no more blocks than
// multiprocessors) launch a few-rows variant instead (`le` in the plan): 256
// threads of 4 chunks, the weight loaded with the row, no register cap.
// CHECK-LABEL: func.func @norm_gate
// CHECK-SAME: kernel norm_gate_k0_few_rows grid * le s0 132 max 1 min 16896 cdiv s0 1 1 1 block 256 1 1
// CHECK-SAME: kernel norm_gate_k0 grid * le 133 s0 max 1 min 16896 cdiv s0 1 1 1 block 128 1 1
// NOFEW-LABEL: func.func @norm_gate
// NOFEW-SAME: 4096\0Akernel norm_gate_k0 grid max 1 min 16896 cdiv s0 1 1 1 block 128 1 1 smem 0 buffers 4 0 1 2 3 symbols 1 0\0Aend
// NOFEW-NOT: few_rows
// On 114 multiprocessors, 114 rows.
// SM114-LABEL: func.func @norm_gate
// SM114-SAME: kernel norm_gate_k0_few_rows grid * le s0 114 max 1
// SM114-SAME: kernel norm_gate_k0 grid * le 115 s0 max 1
// CHECK: gpu.func @norm_gate_k0
// CHECK-SAME: nvvm.minctasm = 5 : i32
// CHECK-COUNT-16: vector.load %arg{{[01]}}
// CHECK-NOT: vector.load
// CHECK: gpu.shuffle  xor %{{.*}}, %c16_i32
// CHECK: gpu.barrier
// CHECK: math.rsqrt
// CHECK-COUNT-8: vector.load %arg2
// CHECK-NOT: vector.load
// CHECK: scf.if
// CHECK: vector.store
// CHECK: gpu.func @norm_gate_k0_few_rows
// CHECK-SAME: kernel attributes {known_block_size = array<i32: 256, 1, 1>} {
// CHECK-COUNT-12: vector.load %arg{{[012]}}
// CHECK-NOT: vector.load
// CHECK: gpu.shuffle  xor %{{.*}}, %c16_i32
// CHECK: math.rsqrt
// CHECK-NOT: vector.load
// CHECK: vector.store
func.func @norm_gate(%x: tensor<?x4096xf32>, %g: tensor<?x4096xf32>, %w: tensor<4096xf32>) -> tensor<?x4096xf32> {
  %0 = molten.fused hero(row_reduction) ins(%x, %g, %w : tensor<?x4096xf32>, tensor<?x4096xf32>, tensor<4096xf32>) -> (tensor<?x4096xf32>) {
  ^bb0(%a: tensor<?x4096xf32>, %b: tensor<?x4096xf32>, %c: tensor<4096xf32>):
    %sq = molten.mul %a, %a : tensor<?x4096xf32>, tensor<?x4096xf32>
    %m = molten.reduce_mean %sq dims = [1] keepdim : tensor<?x4096xf32> -> tensor<?x1xf32>
    %r = molten.rsqrt %m : tensor<?x1xf32>
    %n = molten.mul %a, %r : tensor<?x4096xf32>, tensor<?x1xf32>
    %nw = molten.mul %n, %c : tensor<?x4096xf32>, tensor<4096xf32>
    %s = molten.silu %b : tensor<?x4096xf32>
    %y = molten.mul %s, %nw : tensor<?x4096xf32>, tensor<?x4096xf32>
    molten.yield %y : tensor<?x4096xf32>
  }
  return %0 : tensor<?x4096xf32>
}

// -----

// A row reduction whose results are all 16-bit floats holds as many
// elements a thread as an f32 one, in half the bytes: its registers are
// capped for narrow-min-threads-per-sm (768: 6 blocks of 128), not
// min-threads-per-sm (640: 5 blocks), which still applies where a result is
// f32; the few-rows variants have no cap either way.
// CHECK-LABEL: gpu.func @narrow_norm_k0(
// CHECK-SAME: known_block_size = array<i32: 128, 1, 1>, nvvm.minctasm = 6 : i32
// CHECK-LABEL: gpu.func @narrow_norm_k0_few_rows(
// CHECK-SAME: kernel attributes {known_block_size = array<i32: 256, 1, 1>} {
// CHECK-LABEL: gpu.func @widened_norm_k0(
// CHECK-SAME: known_block_size = array<i32: 128, 1, 1>, nvvm.minctasm = 5 : i32
// NARROW0-LABEL: gpu.func @narrow_norm_k0(
// NARROW0-SAME: kernel attributes {known_block_size = array<i32: 128, 1, 1>} {
// NARROW0-LABEL: gpu.func @widened_norm_k0(
// NARROW0-SAME: known_block_size = array<i32: 128, 1, 1>, nvvm.minctasm = 5 : i32
func.func @narrow_norm(%x: tensor<?x4096xbf16>) -> tensor<?x4096xbf16> {
  %0 = molten.fused hero(row_reduction) ins(%x : tensor<?x4096xbf16>) -> (tensor<?x4096xbf16>) {
  ^bb0(%a: tensor<?x4096xbf16>):
    %sq = molten.mul %a, %a : tensor<?x4096xbf16>, tensor<?x4096xbf16>
    %m = molten.reduce_mean %sq dims = [1] keepdim : tensor<?x4096xbf16> -> tensor<?x1xbf16>
    %r = molten.rsqrt %m : tensor<?x1xbf16>
    %n = molten.mul %a, %r : tensor<?x4096xbf16>, tensor<?x1xbf16>
    molten.yield %n : tensor<?x4096xbf16>
  }
  return %0 : tensor<?x4096xbf16>
}
func.func @widened_norm(%x: tensor<?x4096xbf16>) -> tensor<?x4096xf32> {
  %0 = molten.fused hero(row_reduction) ins(%x : tensor<?x4096xbf16>) -> (tensor<?x4096xf32>) {
  ^bb0(%a: tensor<?x4096xbf16>):
    %w = molten.cast %a : tensor<?x4096xbf16> to tensor<?x4096xf32>
    %sq = molten.mul %w, %w : tensor<?x4096xf32>, tensor<?x4096xf32>
    %m = molten.reduce_mean %sq dims = [1] keepdim : tensor<?x4096xf32> -> tensor<?x1xf32>
    %r = molten.rsqrt %m : tensor<?x1xf32>
    %n = molten.mul %w, %r : tensor<?x4096xf32>, tensor<?x1xf32>
    molten.yield %n : tensor<?x4096xf32>
  }
  return %0 : tensor<?x4096xf32>
}

// -----

// A row of 65536 bf16 (128 KB) is too long to hold in registers: 1024
// threads a row loop over its 8192 chunks, 4 chunks an iteration (all loaded
// before they are used), and the epilogue reads the row again (from L2),
// computing an iteration's chunks before storing them.
// With looped-row-threads=256: 256 threads, still 4 chunks an iteration
// (8 iterations).
// CAPPED-LABEL: func.func @long_row
// CAPPED-SAME: kernel long_row_k0 grid max 1 min 16896 cdiv s0 1 1 1 block 256 1 1
// CAPPED: scf.for %{{.*}} = %c0 to %{{.*}} step %c4 iter_args
// CHECK-LABEL: func.func @long_row
// CHECK-SAME: kernel long_row_k0 grid max 1 min 16896 cdiv s0 1 1 1 block 1024 1 1
// CHECK: gpu.func @long_row_k0
// CHECK: scf.for %{{.*}} = %c0 to %{{.*}} step %c4 iter_args(%{{.*}} = %{{.*}}) -> (vector<8xf32>)
// CHECK-COUNT-4: vector.load %arg0{{.*}} vector<8xbf16>
// CHECK-NOT: vector.load
// CHECK: scf.yield
// CHECK: gpu.barrier
// CHECK: scf.for %{{.*}} = %c0 to %{{.*}} step %c4 {
// CHECK-COUNT-8: vector.load %arg{{[01]}}{{.*}} vector<8xbf16>
// CHECK-NOT: vector.load
// CHECK-COUNT-4: vector.store
// CHECK-NOT: vector.load
// CHECK: gpu.return
func.func @long_row(%x: tensor<?x65536xbf16>, %w: tensor<65536xbf16>) -> tensor<?x65536xbf16> {
  %0 = molten.fused hero(row_reduction) ins(%x, %w : tensor<?x65536xbf16>, tensor<65536xbf16>) -> (tensor<?x65536xbf16>) {
  ^bb0(%a: tensor<?x65536xbf16>, %c: tensor<65536xbf16>):
    %f = molten.cast %a : tensor<?x65536xbf16> to tensor<?x65536xf32>
    %sq = molten.mul %f, %f : tensor<?x65536xf32>, tensor<?x65536xf32>
    %m = molten.reduce_mean %sq dims = [1] keepdim : tensor<?x65536xf32> -> tensor<?x1xf32>
    %r = molten.rsqrt %m : tensor<?x1xf32>
    %n = molten.mul %f, %r : tensor<?x65536xf32>, tensor<?x1xf32>
    %wf = molten.cast %c : tensor<65536xbf16> to tensor<65536xf32>
    %y = molten.mul %n, %wf : tensor<?x65536xf32>, tensor<65536xf32>
    %yb = molten.cast %y : tensor<?x65536xf32> to tensor<?x65536xbf16>
    molten.yield %yb : tensor<?x65536xbf16>
  }
  return %0 : tensor<?x65536xbf16>
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

// 16384 bf16 a row (32 KB; the f32 output, one value a row, does not
// narrow the chunks): 256 threads holding 64 values each, 8 a chunk.
// min-threads-per-sm (640) would want 3 blocks a multiprocessor, 85
// registers a thread; the cap stops at what the row needs (64 values and 32
// more): 2 blocks.
// CHECK-LABEL: func.func @held_row
// CHECK-SAME: block 256 1 1
// CHECK: gpu.func @held_row_k0
// CHECK-SAME: nvvm.minctasm = 2 : i32
// CHECK-COUNT-8: vector.load %arg0{{.*}} vector<8xbf16>
// CHECK-NOT: vector.load
// CHECK: gpu.return
func.func @held_row(%x: tensor<?x16384xbf16>) -> tensor<?x1xf32> {
  %0 = molten.fused hero(row_reduction) ins(%x : tensor<?x16384xbf16>) -> (tensor<?x1xf32>) {
  ^bb0(%a: tensor<?x16384xbf16>):
    %f = molten.cast %a : tensor<?x16384xbf16> to tensor<?x16384xf32>
    %s = molten.reduce_sum %f dims = [1] keepdim : tensor<?x16384xf32> -> tensor<?x1xf32>
    molten.yield %s : tensor<?x1xf32>
  }
  return %0 : tensor<?x1xf32>
}

// -----

// A looped row with a gate (32768 bf16, 64 KB): an iteration loads a chunk
// of the row and one of the gate, so 2 chunks an iteration keep its loads
// within 32 values, and two iterations take 1024 threads.
// CHECK-LABEL: func.func @gated_long_row
// CHECK-SAME: kernel gated_long_row_k0 grid max 1 min 16896 cdiv s0 1 1 1 block 1024 1 1
// CHECK: gpu.func @gated_long_row_k0
// CHECK: scf.for %{{.*}} = %c0 to %{{.*}} step %c2 iter_args
// CHECK-COUNT-2: vector.load %arg0{{.*}} vector<8xbf16>
// CHECK-NOT: vector.load
// CHECK: scf.yield
// CHECK: scf.for %{{.*}} = %c0 to %{{.*}} step %c2 {
// CHECK-COUNT-2: vector.store
// CHECK: gpu.return
func.func @gated_long_row(%x: tensor<?x32768xbf16>, %g: tensor<?x32768xbf16>) -> tensor<?x32768xbf16> {
  %0 = molten.fused hero(row_reduction) ins(%x, %g : tensor<?x32768xbf16>, tensor<?x32768xbf16>) -> (tensor<?x32768xbf16>) {
  ^bb0(%a: tensor<?x32768xbf16>, %b: tensor<?x32768xbf16>):
    %f = molten.cast %a : tensor<?x32768xbf16> to tensor<?x32768xf32>
    %sq = molten.mul %f, %f : tensor<?x32768xf32>, tensor<?x32768xf32>
    %m = molten.reduce_mean %sq dims = [1] keepdim : tensor<?x32768xf32> -> tensor<?x1xf32>
    %r = molten.rsqrt %m : tensor<?x1xf32>
    %n = molten.mul %f, %r : tensor<?x32768xf32>, tensor<?x1xf32>
    %gf = molten.cast %b : tensor<?x32768xbf16> to tensor<?x32768xf32>
    %y = molten.mul %n, %gf : tensor<?x32768xf32>, tensor<?x32768xf32>
    %yb = molten.cast %y : tensor<?x32768xf32> to tensor<?x32768xbf16>
    molten.yield %yb : tensor<?x32768xbf16>
  }
  return %0 : tensor<?x32768xbf16>
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

// 33000 bf16 (66 KB, looped-row-bytes 64 KB) loops over the row: 4125
// chunks, two iterations of 4 chunks a thread, so 544 threads (whole
// warps).
// CHECK-LABEL: func.func @unholdable_row
// CHECK-SAME: block 544 1 1
// CHECK: gpu.func @unholdable_row_k0
// CHECK: scf.for %{{.*}} = %c0 to %{{.*}} step %c4 iter_args(%{{.*}} = %{{.*}}) -> (vector<8xf32>)
// Held, the row would take 544 threads of 64 values each, more than the 96
// registers a thread of a 544-thread block may have: the row is looped over
// anyway, as above.
// HELD-LABEL: func.func @unholdable_row
// HELD-SAME: block 544 1 1
// HELD: gpu.func @unholdable_row_k0
// HELD: scf.for %{{.*}} = %c0 to %{{.*}} step %c4 iter_args(%{{.*}} = %{{.*}}) -> (vector<8xf32>)
func.func @unholdable_row(%x: tensor<?x33000xbf16>) -> tensor<?x1xbf16> {
  %0 = molten.fused hero(row_reduction) ins(%x : tensor<?x33000xbf16>) -> (tensor<?x1xbf16>) {
  ^bb0(%a: tensor<?x33000xbf16>):
    %f = molten.cast %a : tensor<?x33000xbf16> to tensor<?x33000xf32>
    %s = molten.reduce_sum %f dims = [1] keepdim : tensor<?x33000xf32> -> tensor<?x1xf32>
    %b = molten.cast %s : tensor<?x1xf32> to tensor<?x1xbf16>
    molten.yield %b : tensor<?x1xbf16>
  }
  return %0 : tensor<?x1xbf16>
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

// A static row count picks the kernel when compiling: 4 rows, the few-rows
// variant alone, no `le`.
// CHECK-LABEL: func.func @static_rows
// CHECK-SAME: kernel static_rows_k0_few_rows grid max 1 min 16896 cdiv 4 1 1 1 block 256 1 1 smem 0 buffers 3 0 1 2 symbols 0\0Aend
// CHECK-NOT: gpu.func @static_rows_k0(
func.func @static_rows(%x: tensor<4x4096xf32>, %w: tensor<4096xf32>) -> tensor<4x4096xf32> {
  %0 = molten.fused hero(row_reduction) ins(%x, %w : tensor<4x4096xf32>, tensor<4096xf32>) -> (tensor<4x4096xf32>) {
  ^bb0(%a: tensor<4x4096xf32>, %c: tensor<4096xf32>):
    %sq = molten.mul %a, %a : tensor<4x4096xf32>, tensor<4x4096xf32>
    %m = molten.reduce_mean %sq dims = [1] keepdim : tensor<4x4096xf32> -> tensor<4x1xf32>
    %r = molten.rsqrt %m : tensor<4x1xf32>
    %n = molten.mul %a, %r : tensor<4x4096xf32>, tensor<4x1xf32>
    %y = molten.mul %n, %c : tensor<4x4096xf32>, tensor<4096xf32>
    molten.yield %y : tensor<4x4096xf32>
  }
  return %0 : tensor<4x4096xf32>
}

// -----

// 24576 f32 (96 KB) loops over its row (768 threads); such a kernel has
// no few-rows variant. Held (a larger looped-row-bytes), at 384 threads;
// with twice the threads and the weight loaded early the few-rows build
// would loop over the row instead: no variant either.
// CHECK-LABEL: func.func @wide_row
// CHECK-SAME: kernel wide_row_k0 grid max 1 min 16896 cdiv s0 1 1 1 block 768 1 1 smem 0 buffers 3 0 1 2 symbols 1 0\0Aend
// CHECK-NOT: few_rows
// HELD-LABEL: func.func @wide_row
// HELD-SAME: kernel wide_row_k0 grid max 1 min 16896 cdiv s0 1 1 1 block 384 1 1 smem 0 buffers 3 0 1 2 symbols 1 0\0Aend
// HELD-NOT: few_rows
func.func @wide_row(%x: tensor<?x24576xf32>, %w: tensor<24576xf32>) -> tensor<?x24576xf32> {
  %0 = molten.fused hero(row_reduction) ins(%x, %w : tensor<?x24576xf32>, tensor<24576xf32>) -> (tensor<?x24576xf32>) {
  ^bb0(%a: tensor<?x24576xf32>, %c: tensor<24576xf32>):
    %sq = molten.mul %a, %a : tensor<?x24576xf32>, tensor<?x24576xf32>
    %m = molten.reduce_mean %sq dims = [1] keepdim : tensor<?x24576xf32> -> tensor<?x1xf32>
    %r = molten.rsqrt %m : tensor<?x1xf32>
    %n = molten.mul %a, %r : tensor<?x24576xf32>, tensor<?x1xf32>
    %y = molten.mul %n, %c : tensor<?x24576xf32>, tensor<24576xf32>
    molten.yield %y : tensor<?x24576xf32>
  }
  return %0 : tensor<?x24576xf32>
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

// An output that needs no reduction (the residual sum h) is stored as soon
// as its inputs are loaded, before the reduction's shuffles; the output
// that needs it (y) after.
// (HELD-LABEL bounds @wide_row's HELD-NOT above.)
// HELD-LABEL: func.func @residual_first
// CHECK-LABEL: gpu.func @residual_first_k0(
// CHECK-COUNT-16: vector.load
// CHECK: arith.addf
// CHECK: scf.if %{{.*}} {
// CHECK-NOT: }
// CHECK: vector.store %{{.*}}, %arg3
// CHECK: gpu.shuffle
// CHECK-NOT: %arg3
// CHECK: vector.store %{{.*}}, %arg4
// CHECK-LABEL: gpu.func @residual_first_k0_few_rows(
// CHECK: vector.store %{{.*}}, %arg3
// CHECK: gpu.shuffle
// CHECK: vector.store %{{.*}}, %arg4
func.func @residual_first(%x: tensor<?x4096xf32>, %r: tensor<?x4096xf32>, %w: tensor<4096xf32>) -> (tensor<?x4096xf32>, tensor<?x4096xf32>) {
  %0:2 = molten.fused hero(row_reduction) ins(%x, %r, %w : tensor<?x4096xf32>, tensor<?x4096xf32>, tensor<4096xf32>) -> (tensor<?x4096xf32>, tensor<?x4096xf32>) {
  ^bb0(%a: tensor<?x4096xf32>, %b: tensor<?x4096xf32>, %c: tensor<4096xf32>):
    %h = molten.add %a, %b : tensor<?x4096xf32>, tensor<?x4096xf32>
    %sq = molten.mul %h, %h : tensor<?x4096xf32>, tensor<?x4096xf32>
    %m = molten.reduce_mean %sq dims = [1] keepdim : tensor<?x4096xf32> -> tensor<?x1xf32>
    %s = molten.rsqrt %m : tensor<?x1xf32>
    %n = molten.mul %h, %s : tensor<?x4096xf32>, tensor<?x1xf32>
    %y = molten.mul %n, %c : tensor<?x4096xf32>, tensor<4096xf32>
    molten.yield %h, %y : tensor<?x4096xf32>, tensor<?x4096xf32>
  }
  return %0#0, %0#1 : tensor<?x4096xf32>, tensor<?x4096xf32>
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

// h needs no reduction; the sum reads another input, c. Every row-shaped
// input is loaded before h is stored early (h may be written in place over
// c: c is read first).
// CHECK-LABEL: gpu.func @early_after_all_loads_k0(
// CHECK: vector.load %arg2
// CHECK-NOT: gpu.shuffle
// CHECK: vector.store %{{.*}}, %arg3
// CHECK: gpu.shuffle
func.func @early_after_all_loads(%a: tensor<?x4096xf32>, %b: tensor<?x4096xf32>, %c: tensor<?x4096xf32>) -> (tensor<?x4096xf32>, tensor<?x1xf32>) {
  %0:2 = molten.fused hero(row_reduction) ins(%a, %b, %c : tensor<?x4096xf32>, tensor<?x4096xf32>, tensor<?x4096xf32>) -> (tensor<?x4096xf32>, tensor<?x1xf32>) {
  ^bb0(%x: tensor<?x4096xf32>, %y: tensor<?x4096xf32>, %z: tensor<?x4096xf32>):
    %h = molten.add %x, %y : tensor<?x4096xf32>, tensor<?x4096xf32>
    %s = molten.reduce_sum %z dims = [1] keepdim : tensor<?x4096xf32> -> tensor<?x1xf32>
    molten.yield %h, %s : tensor<?x4096xf32>, tensor<?x1xf32>
  }
  return %0#0, %0#1 : tensor<?x4096xf32>, tensor<?x1xf32>
}

// -----

// An input only the second reduction reads (c) would be loaded early to
// store h early, holding its registers across the first reduction: h is
// stored in the epilogue instead.
// CHECK-LABEL: gpu.func @late_input_k0(
// CHECK-NOT: vector.store
// CHECK: gpu.shuffle
// CHECK: vector.store %{{.*}}, %arg3
func.func @late_input(%a: tensor<?x4096xf32>, %b: tensor<?x4096xf32>, %c: tensor<?x4096xf32>) -> (tensor<?x4096xf32>, tensor<?x1xf32>, tensor<?x1xf32>) {
  %0:3 = molten.fused hero(row_reduction) ins(%a, %b, %c : tensor<?x4096xf32>, tensor<?x4096xf32>, tensor<?x4096xf32>) -> (tensor<?x4096xf32>, tensor<?x1xf32>, tensor<?x1xf32>) {
  ^bb0(%x: tensor<?x4096xf32>, %y: tensor<?x4096xf32>, %z: tensor<?x4096xf32>):
    %h = molten.add %x, %y : tensor<?x4096xf32>, tensor<?x4096xf32>
    %s1 = molten.reduce_sum %x dims = [1] keepdim : tensor<?x4096xf32> -> tensor<?x1xf32>
    %s2 = molten.reduce_sum %z dims = [1] keepdim : tensor<?x4096xf32> -> tensor<?x1xf32>
    molten.yield %h, %s1, %s2 : tensor<?x4096xf32>, tensor<?x1xf32>, tensor<?x1xf32>
  }
  return %0#0, %0#1, %0#2 : tensor<?x4096xf32>, tensor<?x1xf32>, tensor<?x1xf32>
}
