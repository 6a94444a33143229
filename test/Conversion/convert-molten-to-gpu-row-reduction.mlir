// RUN: molten-opt %s --convert-molten-to-gpu -split-input-file | FileCheck %s
// RUN: molten-opt %s --convert-molten-to-gpu="row-elements-per-thread=8 block-size=128 min-threads-per-sm=1024" -split-input-file | FileCheck %s --check-prefix=TUNED
// RUN: molten-opt %s --convert-molten-to-gpu="dependent-launch=1" -split-input-file | FileCheck %s --check-prefix=DEPENDENT
// RUN: molten-opt %s --convert-molten-to-gpu="few-rows-variant=0" -split-input-file | FileCheck %s --check-prefix=NOFEW
// RUN: molten-opt %s --convert-molten-to-gpu="multiprocessors=114" -split-input-file | FileCheck %s --check-prefix=SM114
// RUN: molten-opt %s --convert-molten-to-gpu="looped-row-bytes=1048576" -split-input-file | FileCheck %s --check-prefix=HELD
// RUN: molten-opt %s --convert-molten-to-gpu="looped-row-threads=256" -split-input-file | FileCheck %s --check-prefix=CAPPED
// RUN: molten-opt %s --convert-molten-to-gpu="looped-row-bytes=1024" -split-input-file | FileCheck %s --check-prefix=SHORTLOOP
// RUN: molten-opt %s --convert-molten-to-gpu="narrow-min-threads-per-sm=0" -split-input-file | FileCheck %s --check-prefix=NARROW0

// convert-molten-to-gpu: row reductions (softmax, norms), their tuning options, the
// few-rows and looped variants.

// A short row reduction: 256 f32 = 64 chunks of 4, 8 per lane (32
// elements), so 8 lanes a row and 32 rows in a block of 256; the loop over
// groups of rows is uniform, a row past the last is clamped and masked. The
// row is loaded once (8 loads, then shuffles over 8 lanes only); division by
// the row sum is one reciprocal a row; every value is computed before the
// first store.
// Looped from 1 KB (looped-row-bytes=1024): 64 chunks need no more than
// the 64 threads of the floor, one chunk an iteration.
// SHORTLOOP-LABEL: func.func @softmax
// SHORTLOOP-SAME: <"softmax_k0" grid [max 1 min 16896 cdiv s0 1, 1, 1] block [64, 1, 1]
// SHORTLOOP: scf.for %{{.*}} = %c0 to %{{.*}} step %c1 iter_args
// CHECK-LABEL: func.func @softmax
// CHECK-SAME: molten.launch_plan = #molten.launch_plan<inputs 1 outputs 1 symbols 1 buffers [<input 0 f32 [s0, 256]>, <output 0 f32 [s0, 256]>] kernels [<"softmax_k0" grid [max 1 min 16896 cdiv s0 32, 1, 1] block [256, 1, 1] smem 0 buffers [0, 1] symbols [0]>]>
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
// TUNED-SAME: grid [max 1 min 16896 cdiv s0 4, 1, 1] block [128, 1, 1]
// TUNED: gpu.func @softmax_k0
// TUNED-SAME: nvvm.minctasm = 8 : i32
// TUNED: gpu.shuffle  xor %{{.*}}, %c16_i32
// dependent-launch: the kernel first lets the next one launch, then waits
// for the previous one, before it touches memory; the plan says `dependent`.
// DEPENDENT-LABEL: func.func @softmax
// DEPENDENT-SAME: symbols [0] dependent>]>
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

// A long row: 4096 f32 = 1024 chunks, 8 a lane, 128 lanes a row (a block),
// so partials meet in shared memory. The gate (row-shaped) is loaded with
// the row, before the reduction; the weight (broadcast, served by L2) when
// the epilogue needs it; stores come last. Registers are capped so that 5
// blocks (640 threads, the default min-threads-per-sm) fit a multiprocessor.
// Calls of at most 132 rows (a block a row, no more blocks than
// multiprocessors) launch a few-rows variant instead (`le` in the plan): 256
// threads of 4 chunks, the weight loaded with the row, no register cap.
// CHECK-LABEL: func.func @norm_gate
// CHECK-SAME: <"norm_gate_k0_few_rows" grid [* le s0 132 max 1 min 16896 cdiv s0 1, 1, 1] block [256, 1, 1]
// CHECK-SAME: <"norm_gate_k0" grid [* le 133 s0 max 1 min 16896 cdiv s0 1, 1, 1] block [128, 1, 1]
// NOFEW-LABEL: func.func @norm_gate
// NOFEW-SAME: 4096]>] kernels [<"norm_gate_k0" grid [max 1 min 16896 cdiv s0 1, 1, 1] block [128, 1, 1] smem 0 buffers [0, 1, 2, 3] symbols [0]>]>
// NOFEW-NOT: few_rows
// On 114 multiprocessors, 114 rows.
// SM114-LABEL: func.func @norm_gate
// SM114-SAME: <"norm_gate_k0_few_rows" grid [* le s0 114 max 1
// SM114-SAME: <"norm_gate_k0" grid [* le 115 s0 max 1
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
// CAPPED-SAME: <"long_row_k0" grid [max 1 min 16896 cdiv s0 1, 1, 1] block [256, 1, 1]
// CAPPED: scf.for %{{.*}} = %c0 to %{{.*}} step %c4 iter_args
// CHECK-LABEL: func.func @long_row
// CHECK-SAME: <"long_row_k0" grid [max 1 min 16896 cdiv s0 1, 1, 1] block [1024, 1, 1]
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

// 16384 bf16 a row (32 KB; the f32 output, one value a row, does not
// narrow the chunks): 256 threads holding 64 values each, 8 a chunk.
// min-threads-per-sm (640) would want 3 blocks a multiprocessor, 85
// registers a thread; the cap stops at what the row needs (64 values and 32
// more): 2 blocks.
// CHECK-LABEL: func.func @held_row
// CHECK-SAME: block [256, 1, 1]
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
// CHECK-SAME: <"gated_long_row_k0" grid [max 1 min 16896 cdiv s0 1, 1, 1] block [1024, 1, 1]
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

// 33000 bf16 (66 KB, looped-row-bytes 64 KB) loops over the row: 4125
// chunks, two iterations of 4 chunks a thread, so 544 threads (whole
// warps).
// CHECK-LABEL: func.func @unholdable_row
// CHECK-SAME: block [544, 1, 1]
// CHECK: gpu.func @unholdable_row_k0
// CHECK: scf.for %{{.*}} = %c0 to %{{.*}} step %c4 iter_args(%{{.*}} = %{{.*}}) -> (vector<8xf32>)
// Held, the row would take 544 threads of 64 values each, more than the 96
// registers a thread of a 544-thread block may have: the row is looped over
// anyway, as above.
// HELD-LABEL: func.func @unholdable_row
// HELD-SAME: block [544, 1, 1]
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

// A static row count picks the kernel when compiling: 4 rows, the few-rows
// variant alone, no `le`.
// CHECK-LABEL: func.func @static_rows
// CHECK-SAME: <"static_rows_k0_few_rows" grid [max 1 min 16896 cdiv 4 1, 1, 1] block [256, 1, 1] smem 0 buffers [0, 1, 2] symbols []>]>
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
// CHECK-SAME: <"wide_row_k0" grid [max 1 min 16896 cdiv s0 1, 1, 1] block [768, 1, 1] smem 0 buffers [0, 1, 2] symbols [0]>]>
// CHECK-NOT: wide_row_k0_few_rows
// HELD-LABEL: func.func @wide_row
// HELD-SAME: <"wide_row_k0" grid [max 1 min 16896 cdiv s0 1, 1, 1] block [384, 1, 1] smem 0 buffers [0, 1, 2] symbols [0]>]>
// HELD-NOT: wide_row_k0_few_rows
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
