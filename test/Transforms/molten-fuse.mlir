// RUN: molten-opt %s --pass-pipeline='builtin.module(func.func(molten-fuse))' -split-input-file | FileCheck %s
// RUN: molten-opt %s --pass-pipeline='builtin.module(func.func(molten-fuse{sibling-matmuls=1}))' -split-input-file | FileCheck %s --check-prefix=SIB
// RUN: molten-opt %s --pass-pipeline='builtin.module(func.func(molten-fuse{sibling-matmuls=1 report=1}))' -split-input-file -o /dev/null 2>&1 | FileCheck %s --check-prefix=SIB-REPORT
// RUN: molten-opt %s --pass-pipeline='builtin.module(func.func(molten-fuse))' -split-input-file | molten-opt --verify-each -split-input-file | FileCheck %s
// The kernel size limits, made small (the report says why a region ends):
// RUN: molten-opt %s --pass-pipeline='builtin.module(func.func(molten-fuse{max-kernel-ops=3 max-kernel-loads=4 max-kernel-param-bytes=160}))' -split-input-file | FileCheck %s --check-prefix=LIMIT
// RUN: not molten-opt %s --pass-pipeline='builtin.module(func.func(molten-fuse{max-kernel-loads=0}))' -split-input-file 2>&1 | FileCheck %s --check-prefix=BAD-LIMIT
// BAD-LIMIT: error: molten-fuse: max-kernel-ops, max-kernel-loads and max-kernel-param-bytes must be positive
// RUN: molten-opt %s --pass-pipeline='builtin.module(func.func(molten-fuse{report=true max-kernel-ops=3 max-kernel-loads=4 max-kernel-param-bytes=160}))' -split-input-file 2>&1 >/dev/null | FileCheck %s --check-prefix=LIMIT-REPORT

// A row reduction with prologue and epilogue becomes one region.
// CHECK-LABEL: func.func @row_reduction
// CHECK-SAME: (%[[X:.*]]: tensor<?x64xf32>, %[[W:.*]]: tensor<64xf32>)
// CHECK-NEXT: %[[R:.*]] = molten.fused hero(row_reduction) ins(%[[X]], %[[W]] : tensor<?x64xf32>, tensor<64xf32>) -> (tensor<?x64xf32>) {
// CHECK-NEXT: ^bb0(%[[A:.*]]: tensor<?x64xf32>, %[[B:.*]]: tensor<64xf32>):
// CHECK-NEXT:   %[[SQ:.*]] = molten.mul %[[A]], %[[A]]
// CHECK-NEXT:   %[[MS:.*]] = molten.reduce_mean %[[SQ]] dims = [1] keepdim
// CHECK-NEXT:   %[[EPS:.*]] = molten.constant dense<9.99999974E-6> : tensor<f32>
// CHECK-NEXT:   %[[V:.*]] = molten.add %[[MS]], %[[EPS]]
// CHECK-NEXT:   %[[INV:.*]] = molten.rsqrt %[[V]]
// CHECK-NEXT:   %[[N:.*]] = molten.mul %[[A]], %[[INV]]
// CHECK-NEXT:   %[[Y:.*]] = molten.mul %[[N]], %[[B]]
// CHECK-NEXT:   molten.yield %[[Y]] : tensor<?x64xf32>
// CHECK-NEXT: }
// CHECK-NEXT: return %[[R]]
func.func @row_reduction(%x: tensor<?x64xf32>, %w: tensor<64xf32>) -> tensor<?x64xf32> {
  %eps = molten.constant dense<1.0e-05> : tensor<f32>
  %sq = molten.mul %x, %x : tensor<?x64xf32>, tensor<?x64xf32>
  %ms = molten.reduce_mean %sq dims = [1] keepdim : tensor<?x64xf32> -> tensor<?x1xf32>
  %v = molten.add %ms, %eps : tensor<?x1xf32>, tensor<f32>
  %inv = molten.rsqrt %v : tensor<?x1xf32>
  %n = molten.mul %x, %inv : tensor<?x64xf32>, tensor<?x1xf32>
  %y = molten.mul %n, %w : tensor<?x64xf32>, tensor<64xf32>
  return %y : tensor<?x64xf32>
}

// -----

// A value used inside the region and returned is a second result.
// CHECK-LABEL: func.func @multi_output
// CHECK-NEXT: %[[R:.*]]:2 = molten.fused hero(row_reduction) ins(%{{.*}}, %{{.*}} : tensor<?x64xf32>, tensor<?x64xf32>) -> (tensor<?x64xf32>, tensor<?x1xf32>) {
// CHECK:        %[[H:.*]] = molten.add
// CHECK-NEXT:   %[[S:.*]] = molten.reduce_sum %[[H]]
// CHECK-NEXT:   molten.yield %[[H]], %[[S]] : tensor<?x64xf32>, tensor<?x1xf32>
// CHECK-NEXT: }
// CHECK-NEXT: return %[[R]]#0, %[[R]]#1
func.func @multi_output(%x: tensor<?x64xf32>, %r: tensor<?x64xf32>) -> (tensor<?x64xf32>, tensor<?x1xf32>) {
  %h = molten.add %x, %r : tensor<?x64xf32>, tensor<?x64xf32>
  %s = molten.reduce_sum %h dims = [1] keepdim : tensor<?x64xf32> -> tensor<?x1xf32>
  return %h, %s : tensor<?x64xf32>, tensor<?x1xf32>
}

// -----

// A diamond (x used by two branches that rejoin) is one region.
// CHECK-LABEL: func.func @diamond
// CHECK-NEXT: %[[R:.*]] = molten.fused hero(loop) ins(%{{.*}} : tensor<?x64xf32>) -> (tensor<?x64xf32>) {
// CHECK-NEXT: ^bb0(%[[A:.*]]: tensor<?x64xf32>):
// CHECK-NEXT:   %[[E:.*]] = molten.mul %[[A]], %[[A]]
// CHECK-NEXT:   %[[B1:.*]] = molten.neg %[[E]]
// CHECK-NEXT:   %[[B2:.*]] = molten.abs %[[E]]
// CHECK-NEXT:   %[[J:.*]] = molten.add %[[B1]], %[[B2]]
// CHECK-NEXT:   molten.yield %[[J]]
// CHECK-NEXT: }
// CHECK-NEXT: return %[[R]]
func.func @diamond(%x: tensor<?x64xf32>) -> tensor<?x64xf32> {
  %e = molten.mul %x, %x : tensor<?x64xf32>, tensor<?x64xf32>
  %b1 = molten.neg %e : tensor<?x64xf32>
  %b2 = molten.abs %e : tensor<?x64xf32>
  %j = molten.add %b1, %b2 : tensor<?x64xf32>, tensor<?x64xf32>
  return %j : tensor<?x64xf32>
}

// -----

// Two independent chains stay two regions; nothing is lost.
// CHECK-LABEL: func.func @two_chains
// CHECK-SAME: (%[[X:.*]]: tensor<?x64xf32>, %[[Y:.*]]: tensor<?x64xf32>)
// CHECK-NEXT: %[[R0:.*]] = molten.fused hero(loop) ins(%[[X]] : tensor<?x64xf32>)
// CHECK:        molten.mul
// CHECK-NEXT:   molten.neg
// CHECK-NEXT:   molten.yield
// CHECK-NEXT: }
// CHECK-NEXT: %[[R1:.*]] = molten.fused hero(loop) ins(%[[Y]] : tensor<?x64xf32>)
// CHECK:        molten.mul
// CHECK-NEXT:   molten.exp
// CHECK-NEXT:   molten.yield
// CHECK-NEXT: }
// CHECK-NEXT: return %[[R0]], %[[R1]]
func.func @two_chains(%x: tensor<?x64xf32>, %y: tensor<?x64xf32>) -> (tensor<?x64xf32>, tensor<?x64xf32>) {
  %a = molten.mul %x, %x : tensor<?x64xf32>, tensor<?x64xf32>
  %b = molten.mul %y, %y : tensor<?x64xf32>, tensor<?x64xf32>
  %c = molten.neg %a : tensor<?x64xf32>
  %d = molten.exp %b : tensor<?x64xf32>
  return %c, %d : tensor<?x64xf32>, tensor<?x64xf32>
}

// -----

// A reduction over an outer dim is not a row reduction: it gets a region of
// its own, and so do its producer and its consumer.
// CHECK-LABEL: func.func @outer_reduction
// CHECK-NEXT: %[[P:.*]] = molten.fused hero(loop) ins(%{{.*}} : tensor<?x64xf32>) -> (tensor<?x64xf32>)
// CHECK:        molten.mul
// CHECK-NEXT:   molten.yield
// CHECK-NEXT: }
// CHECK-NEXT: %[[S:.*]] = molten.fused hero(outer_reduction) ins(%[[P]] : tensor<?x64xf32>) -> (tensor<1x64xf32>)
// CHECK:        molten.reduce_sum %{{.*}} dims = [0] keepdim
// CHECK-NEXT:   molten.yield
// CHECK-NEXT: }
// CHECK-NEXT: %[[N:.*]] = molten.fused hero(loop) ins(%[[S]] : tensor<1x64xf32>) -> (tensor<1x64xf32>)
// CHECK:        molten.neg
// CHECK-NEXT:   molten.yield
// CHECK-NEXT: }
// CHECK-NEXT: return %[[N]]
func.func @outer_reduction(%x: tensor<?x64xf32>) -> tensor<1x64xf32> {
  %p = molten.mul %x, %x : tensor<?x64xf32>, tensor<?x64xf32>
  %s = molten.reduce_sum %p dims = [0] keepdim : tensor<?x64xf32> -> tensor<1x64xf32>
  %n = molten.neg %s : tensor<1x64xf32>
  return %n : tensor<1x64xf32>
}

// -----

// %p feeds %c directly and through an unfusible reduction: fusing %p and %c
// would make a cycle, so they stay apart and the order stays valid.
// CHECK-LABEL: func.func @no_cycle
// CHECK-NEXT: %[[P:.*]] = molten.fused
// CHECK:        molten.mul
// CHECK-NEXT:   molten.yield
// CHECK-NEXT: }
// CHECK-NEXT: %[[S:.*]] = molten.fused hero(outer_reduction) ins(%[[P]] : tensor<?x64xf32>)
// CHECK:        molten.reduce_sum
// CHECK-NEXT:   molten.yield
// CHECK-NEXT: }
// CHECK-NEXT: %[[C:.*]] = molten.fused hero(loop) ins(%[[P]], %[[S]] : tensor<?x64xf32>, tensor<1x64xf32>)
// CHECK:        molten.add
// CHECK-NEXT:   molten.yield
// CHECK-NEXT: }
// CHECK-NEXT: return %[[C]]
func.func @no_cycle(%x: tensor<?x64xf32>) -> tensor<?x64xf32> {
  %p = molten.mul %x, %x : tensor<?x64xf32>, tensor<?x64xf32>
  %r = molten.reduce_sum %p dims = [0] keepdim : tensor<?x64xf32> -> tensor<1x64xf32>
  %c = molten.add %p, %r : tensor<?x64xf32>, tensor<1x64xf32>
  return %c : tensor<?x64xf32>
}

// -----

// No cycle between groups either: %m joins the reduction's group and takes
// %a from the slice's group; %c, which uses %a and %s, must then not join
// the slice's group (a path %a -> %m -> (group of %s) -> %s -> %c goes
// through another group, not through a single op outside). Found by the
// random differential test (seed 5170); it made molten-fuse fail.
// CHECK-LABEL: func.func @no_cycle_between_groups
// CHECK-NEXT: %[[A:.*]] = molten.fused hero(loop) ins(%{{.*}} : tensor<4x16xf32>) -> (tensor<4x8xf32>)
// CHECK:        molten.slice
// CHECK-NEXT:   molten.yield
// CHECK-NEXT: }
// CHECK-NEXT: %[[R:.*]]:2 = molten.fused hero(row_reduction) ins(%{{.*}}, %[[A]] : tensor<4x8xf32>, tensor<4x8xf32>) -> (tensor<4x8xf32>, tensor<4x8xf32>)
// CHECK:        molten.reduce_max
// CHECK-NEXT:   molten.sub
// CHECK-NEXT:   molten.min
// CHECK-NEXT:   molten.add
// CHECK-NEXT:   molten.yield
// CHECK-NEXT: }
// CHECK-NEXT: return %[[R]]#0, %[[R]]#1
func.func @no_cycle_between_groups(%x: tensor<4x8xf32>, %y: tensor<4x16xf32>) -> (tensor<4x8xf32>, tensor<4x8xf32>) {
  %a = molten.slice %y offsets = [0, 0] sizes = [-1, 8] strides = [1, 1] : tensor<4x16xf32> -> tensor<4x8xf32>
  %r = molten.reduce_max %x dims = [1] keepdim : tensor<4x8xf32> -> tensor<4x1xf32>
  %s = molten.sub %x, %r : tensor<4x8xf32>, tensor<4x1xf32>
  %m = molten.min %s, %a : tensor<4x8xf32>, tensor<4x8xf32>
  %c = molten.add %a, %s : tensor<4x8xf32>, tensor<4x8xf32>
  return %m, %c : tensor<4x8xf32>, tensor<4x8xf32>
}

// -----

// A value used inside a row reduction and by an unrelated later op (a
// matmul, which takes no prologue) is a result of the first region.
// CHECK-LABEL: func.func @used_by_later_op
// CHECK-NEXT: %[[R:.*]]:2 = molten.fused hero(row_reduction) ins(%{{.*}} : tensor<?x64xf32>) -> (tensor<?x64xf32>, tensor<?x1xf32>)
// CHECK:        %[[P:.*]] = molten.mul
// CHECK-NEXT:   %[[S:.*]] = molten.reduce_sum %[[P]]
// CHECK-NEXT:   molten.yield %[[P]], %[[S]]
// CHECK-NEXT: }
// CHECK-NEXT: %[[M:.*]] = molten.fused hero(matmul) ins(%[[R]]#0, %{{.*}} : tensor<?x64xf32>, tensor<64x32xf32>) -> (tensor<?x32xf32>)
// CHECK:        molten.matmul
// CHECK-NEXT:   molten.yield
// CHECK-NEXT: }
// CHECK-NEXT: return %[[R]]#1, %[[M]]
func.func @used_by_later_op(%x: tensor<?x64xf32>, %w: tensor<64x32xf32>) -> (tensor<?x1xf32>, tensor<?x32xf32>) {
  %p = molten.mul %x, %x : tensor<?x64xf32>, tensor<?x64xf32>
  %s = molten.reduce_sum %p dims = [1] keepdim : tensor<?x64xf32> -> tensor<?x1xf32>
  %m = molten.matmul %p, %w : tensor<?x64xf32>, tensor<64x32xf32> -> tensor<?x32xf32>
  return %s, %m : tensor<?x1xf32>, tensor<?x32xf32>
}

// -----

// A matmul takes an elementwise epilogue, including a residual input, but no
// prologue.
// CHECK-LABEL: func.func @matmul_epilogue
// CHECK-NEXT: %[[P:.*]] = molten.fused
// CHECK:        molten.mul
// CHECK-NEXT:   molten.yield
// CHECK-NEXT: }
// CHECK-NEXT: %[[M:.*]] = molten.fused hero(matmul) ins(%[[P]], %{{.*}}, %{{.*}} : tensor<?x64xf32>, tensor<64x64xf32>, tensor<?x64xf32>)
// CHECK-NEXT: ^bb0
// CHECK-NEXT:   %[[MM:.*]] = molten.matmul
// CHECK-NEXT:   %[[B:.*]] = molten.add %[[MM]]
// CHECK-NEXT:   %[[G:.*]] = molten.tanh %[[B]]
// CHECK-NEXT:   molten.yield %[[G]]
// CHECK-NEXT: }
// CHECK-NEXT: return %[[M]]
func.func @matmul_epilogue(%x: tensor<?x64xf32>, %w: tensor<64x64xf32>, %res: tensor<?x64xf32>) -> tensor<?x64xf32> {
  %p = molten.mul %x, %x : tensor<?x64xf32>, tensor<?x64xf32>
  %m = molten.matmul %p, %w : tensor<?x64xf32>, tensor<64x64xf32> -> tensor<?x64xf32>
  %b = molten.add %m, %res : tensor<?x64xf32>, tensor<?x64xf32>
  %g = molten.tanh %b : tensor<?x64xf32>
  return %g : tensor<?x64xf32>
}

// -----

// A cheap producer of an argument (here a cast) used by two regions is
// cloned into both instead of being written once and read twice.
// CHECK-LABEL: func.func @cloned_producer
// CHECK-NEXT: %[[R0:.*]] = molten.fused hero(row_reduction) ins(%[[X:.*]] : tensor<?x64xbf16>) -> (tensor<?x1xf32>)
// CHECK-NEXT: ^bb0(%[[A:.*]]: tensor<?x64xbf16>):
// CHECK-NEXT:   %[[C:.*]] = molten.cast %[[A]] : tensor<?x64xbf16> to tensor<?x64xf32>
// CHECK-NEXT:   molten.reduce_max %[[C]]
// CHECK-NEXT:   molten.yield
// CHECK-NEXT: }
// CHECK-NEXT: %[[R1:.*]] = molten.fused hero(loop) ins(%[[X]] : tensor<?x64xbf16>) -> (tensor<?x64xf32>)
// CHECK-NEXT: ^bb0(%[[B:.*]]: tensor<?x64xbf16>):
// CHECK-NEXT:   %[[D:.*]] = molten.cast %[[B]] : tensor<?x64xbf16> to tensor<?x64xf32>
// CHECK-NEXT:   molten.neg %[[D]]
// CHECK-NEXT:   molten.yield
// CHECK-NEXT: }
// CHECK-NEXT: return %[[R0]], %[[R1]]
func.func @cloned_producer(%x: tensor<?x64xbf16>) -> (tensor<?x1xf32>, tensor<?x64xf32>) {
  %c = molten.cast %x : tensor<?x64xbf16> to tensor<?x64xf32>
  %m = molten.reduce_max %c dims = [1] keepdim : tensor<?x64xf32> -> tensor<?x1xf32>
  %n = molten.neg %c : tensor<?x64xf32>
  return %m, %n : tensor<?x1xf32>, tensor<?x64xf32>
}

// -----

// A constant returned directly gets a region of its own.
// CHECK-LABEL: func.func @returned_constant
// CHECK-NEXT: %[[R:.*]] = molten.fused hero(loop) -> (tensor<2xf32>) {
// CHECK-NEXT:   %[[C:.*]] = molten.constant dense<[1.000000e+00, 2.000000e+00]> : tensor<2xf32>
// CHECK-NEXT:   molten.yield %[[C]] : tensor<2xf32>
// CHECK-NEXT: }
// CHECK-NEXT: return %[[R]]
func.func @returned_constant() -> tensor<2xf32> {
  %c = molten.constant dense<[1.0, 2.0]> : tensor<2xf32>
  return %c : tensor<2xf32>
}

// -----

// broadcast_to takes its dynamic size as an index input; tensor.dim stays.
// CHECK-LABEL: func.func @index_input
// CHECK:      %[[N:.*]] = tensor.dim
// CHECK-NEXT: %[[R:.*]] = molten.fused hero(loop) ins(%{{.*}}, %[[N]] : tensor<64xf32>, index) -> (tensor<?x64xf32>)
// CHECK-NEXT: ^bb0(%[[W:.*]]: tensor<64xf32>, %[[S:.*]]: index):
// CHECK-NEXT:   molten.broadcast_to %[[W]][%[[S]]]
func.func @index_input(%x: tensor<?x64xf32>, %w: tensor<64xf32>) -> tensor<?x64xf32> {
  %c0 = arith.constant 0 : index
  %n = tensor.dim %x, %c0 : tensor<?x64xf32>
  %b = molten.broadcast_to %w [%n] : tensor<64xf32> -> tensor<?x64xf32>
  %y = molten.mul %b, %b : tensor<?x64xf32>, tensor<?x64xf32>
  return %y : tensor<?x64xf32>
}

// -----

// A chain longer than max-kernel-ops is split; each region computes at most
// that many values an element.
// LIMIT-REPORT-LABEL: molten-fusion-report: 2 regions from 5 ops
// LIMIT-REPORT: left out: producer molten.abs ({{.*}}) of molten.tanh ({{.*}}): the kernel would compute 4 values an element, more than 3
// LIMIT-LABEL: func.func @long_chain
// LIMIT: molten.fused
// LIMIT-NEXT: ^bb0
// LIMIT-NEXT: molten.add
// LIMIT-NEXT: molten.neg
// LIMIT-NEXT: molten.abs
// LIMIT-NEXT: molten.yield
// LIMIT: molten.fused
// LIMIT-NEXT: ^bb0
// LIMIT-NEXT: molten.tanh
// LIMIT-NEXT: molten.exp
// LIMIT-NEXT: molten.yield
// With the default limits it is one region.
// CHECK-LABEL: func.func @long_chain
// CHECK: molten.fused
// CHECK-NOT: molten.fused
// CHECK: return
func.func @long_chain(%x: tensor<?x8xf32>, %y: tensor<?x8xf32>) -> tensor<?x8xf32> {
  %s = molten.add %x, %y : tensor<?x8xf32>, tensor<?x8xf32>
  %0 = molten.neg %s : tensor<?x8xf32>
  %1 = molten.abs %0 : tensor<?x8xf32>
  %2 = molten.tanh %1 : tensor<?x8xf32>
  %3 = molten.exp %2 : tensor<?x8xf32>
  return %3 : tensor<?x8xf32>
}

// -----

// Each buffer is 40 bytes of kernel parameters (no dynamic sizes here): at
// 160 bytes a kernel takes at most 4 buffers.
// LIMIT-REPORT-LABEL: molten-fusion-report: 2 regions from 2 ops
// LIMIT-REPORT: left out: producer molten.add ({{.*}}) of molten.select ({{.*}}): the kernel would take 5 buffers, 200 bytes of parameters, more than 160
// LIMIT-LABEL: func.func @many_buffers
// LIMIT: molten.fused hero(loop) ins(%arg1, %arg2 :
// LIMIT: molten.fused hero(loop) ins(%arg0, %{{.*}}, %arg3 :
// CHECK-LABEL: func.func @many_buffers
// CHECK: molten.fused
// CHECK-NOT: molten.fused
// CHECK: return
func.func @many_buffers(%p: tensor<4xi1>, %a: tensor<4xf32>, %b: tensor<4xf32>, %c: tensor<4xf32>) -> tensor<4xf32> {
  %0 = molten.add %a, %b : tensor<4xf32>, tensor<4xf32>
  %1 = molten.select %p, %0, %c : tensor<4xi1>, tensor<4xf32>, tensor<4xf32>
  return %1 : tensor<4xf32>
}

// -----

// Loads an element: one per tensor read, one per concat input (each holds
// registers for the chunks in flight).
// LIMIT-REPORT-LABEL: molten-fusion-report: 2 regions from 2 ops
// LIMIT-REPORT: left out: producer molten.concat ({{.*}}) of molten.add ({{.*}}): the kernel would issue 5 loads an element, more than 4 (registers)
// LIMIT-LABEL: func.func @many_loads
// LIMIT: molten.fused hero(loop) ins(%arg0, %arg1 :
// LIMIT: molten.fused hero(loop) ins(%{{.*}}, %arg2 :
// CHECK-LABEL: func.func @many_loads
// CHECK: molten.fused
// CHECK-NOT: molten.fused
// CHECK: return
func.func @many_loads(%a: tensor<2x4xf32>, %b: tensor<2x4xf32>, %c: tensor<2x8xf32>) -> tensor<2x8xf32> {
  %0 = molten.concat %a, %b dim = 1 : tensor<2x4xf32>, tensor<2x4xf32> -> tensor<2x8xf32>
  %1 = molten.add %0, %c : tensor<2x8xf32>, tensor<2x8xf32>
  return %1 : tensor<2x8xf32>
}

// -----

// A loop writes one shape: the rank-0 comparison is not an output of the
// [?, 4] select's loop, but a region of its own.
// CHECK-LABEL: func.func @loop_scalar_output
// CHECK-NEXT: %[[C:.*]] = molten.fused hero(loop) ins(%{{.*}} : tensor<f32>) -> (tensor<i1>)
// CHECK: %[[Y:.*]] = molten.fused hero(loop) ins(%[[C]], %{{.*}} : tensor<i1>, tensor<?x4xf32>) -> (tensor<?x4xf32>)
// CHECK: return %[[Y]], %[[C]]
func.func @loop_scalar_output(%x: tensor<?x4xf32>, %s: tensor<f32>) -> (tensor<?x4xf32>, tensor<i1>) {
  %zero = molten.constant dense<0.0> : tensor<f32>
  %q = molten.constant dense<0.25> : tensor<f32>
  %r = molten.relu %s : tensor<f32>
  %c = molten.compare eq, %r, %zero : tensor<f32>, tensor<f32>
  %y = molten.select %c, %x, %q : tensor<i1>, tensor<?x4xf32>, tensor<f32>
  return %y, %c : tensor<?x4xf32>, tensor<i1>
}

// -----

// A row reduction writes per element or per row of its rows ([?, 3, 5],
// all three dims reduced): a [1, ?, 1] select only broadcasts into them,
// so it is a loop of its own after the reduction.
// CHECK-LABEL: func.func @row_broadcast_output
// CHECK-NEXT: %[[M:.*]] = molten.fused hero(row_reduction) ins(%{{.*}} : tensor<?x3x5xf32>) -> (tensor<1x1x1xi1>)
// CHECK: %[[Y:.*]] = molten.fused hero(loop) ins(%[[M]], %{{.*}} : tensor<1x1x1xi1>, tensor<?x1xf32>) -> (tensor<1x?x1xf32>)
// CHECK: return %[[Y]]
func.func @row_broadcast_output(%x: tensor<?x3x5xf32>, %p: tensor<?x1xf32>) -> tensor<1x?x1xf32> {
  %m = molten.reduce_mean %x dims = [0, 1, 2] keepdim : tensor<?x3x5xf32> -> tensor<1x1x1xf32>
  %k = molten.constant dense<2.0> : tensor<f32>
  %c = molten.compare gt, %k, %m : tensor<f32>, tensor<1x1x1xf32>
  %y = molten.select %c, %k, %p : tensor<1x1x1xi1>, tensor<f32>, tensor<?x1xf32>
  return %y : tensor<1x?x1xf32>
}

// -----

// Sibling matmuls (one lhs, rhs of one type and layout) whose results meet
// in an epilogue: a gated MLP's silu(x @ Wg) * (x @ Wu). By default each
// matmul is a region of its own; with sibling-matmuls one region holds
// both, and the gate is no longer written out.
// CHECK-LABEL: func.func @gated_mlp
// CHECK-NEXT: %[[G:.*]] = molten.fused hero(matmul) ins(%{{.*}}, %{{.*}} : tensor<?x64xbf16>, tensor<96x64xbf16>) -> (tensor<?x96xbf16>)
// CHECK:        molten.matmul
// CHECK-NOT:    molten.matmul
// CHECK:        molten.yield
// CHECK:      molten.fused hero(matmul)
// SIB-LABEL: func.func @gated_mlp
// SIB-NEXT: %[[R:.*]] = molten.fused hero(matmul) ins(%[[X:.*]], %[[WG:.*]], %[[WU:.*]] : tensor<?x64xbf16>, tensor<96x64xbf16>, tensor<96x64xbf16>) -> (tensor<?x96xbf16>)
// SIB-NEXT: ^bb0(%[[A:.*]]: tensor<?x64xbf16>, %[[B:.*]]: tensor<96x64xbf16>, %[[C:.*]]: tensor<96x64xbf16>):
// SIB-NEXT:   %[[MG:.*]] = molten.matmul %[[A]], %[[B]] transpose_rhs
// SIB-NEXT:   %[[MU:.*]] = molten.matmul %[[A]], %[[C]] transpose_rhs
// SIB-NEXT:   %[[S:.*]] = molten.silu %[[MG]]
// SIB-NEXT:   %[[Y:.*]] = molten.mul %[[S]], %[[MU]]
// SIB-NEXT:   molten.yield %[[Y]]
// SIB-NEXT: }
// SIB-NEXT: return %[[R]]
func.func @gated_mlp(%x: tensor<?x64xbf16>, %wg: tensor<96x64xbf16>, %wu: tensor<96x64xbf16>) -> tensor<?x96xbf16> {
  %g = molten.matmul %x, %wg transpose_rhs : tensor<?x64xbf16>, tensor<96x64xbf16> -> tensor<?x96xbf16>
  %u = molten.matmul %x, %wu transpose_rhs : tensor<?x64xbf16>, tensor<96x64xbf16> -> tensor<?x96xbf16>
  %s = molten.silu %g : tensor<?x96xbf16>
  %y = molten.mul %s, %u : tensor<?x96xbf16>, tensor<?x96xbf16>
  return %y : tensor<?x96xbf16>
}

// -----

// A matmul of another lhs is no sibling, and a kernel takes two at most:
// %b and %d get regions of their own, %c joins %a.
// SIB-LABEL: func.func @not_siblings
// SIB-NEXT: %[[B:.*]] = molten.fused hero(matmul) ins(%arg1, %arg2 : tensor<?x64xf32>, tensor<64x32xf32>)
// SIB:      %[[D:.*]] = molten.fused hero(matmul) ins(%arg0, %arg4 : tensor<?x64xf32>, tensor<64x32xf32>)
// SIB:      %[[R:.*]] = molten.fused hero(matmul) ins(%arg0, %arg2, %[[B]], %arg3, %[[D]] : tensor<?x64xf32>, tensor<64x32xf32>, tensor<?x32xf32>, tensor<64x32xf32>, tensor<?x32xf32>)
// SIB-NEXT: ^bb0
// SIB-NEXT:   molten.matmul
// SIB-NEXT:   molten.add
// SIB-NEXT:   molten.matmul
// SIB-NEXT:   molten.add
// SIB-NEXT:   molten.add
// SIB-NEXT:   molten.yield
// SIB-NEXT: }
// SIB-NEXT: return %[[R]]
// The report says why %b and %d stay apart.
// SIB-REPORT: ops (5): matmul add matmul add add
// SIB-REPORT: left out: producer molten.matmul ({{[0-9]+}}:8) of molten.add ({{[0-9]+}}:9): the matmuls are not siblings (one lhs, an rhs of one type and layout)
// SIB-REPORT-NEXT: left out: producer molten.matmul ({{[0-9]+}}:8) of molten.add ({{[0-9]+}}:8): a kernel computes at most two matmuls
func.func @not_siblings(%x: tensor<?x64xf32>, %z: tensor<?x64xf32>, %w1: tensor<64x32xf32>, %w2: tensor<64x32xf32>, %w3: tensor<64x32xf32>) -> tensor<?x32xf32> {
  %a = molten.matmul %x, %w1 : tensor<?x64xf32>, tensor<64x32xf32> -> tensor<?x32xf32>
  %b = molten.matmul %z, %w1 : tensor<?x64xf32>, tensor<64x32xf32> -> tensor<?x32xf32>
  %ab = molten.add %a, %b : tensor<?x32xf32>, tensor<?x32xf32>
  %c = molten.matmul %x, %w2 : tensor<?x64xf32>, tensor<64x32xf32> -> tensor<?x32xf32>
  %abc = molten.add %ab, %c : tensor<?x32xf32>, tensor<?x32xf32>
  %d = molten.matmul %x, %w3 : tensor<?x64xf32>, tensor<64x32xf32> -> tensor<?x32xf32>
  %y = molten.add %abc, %d : tensor<?x32xf32>, tensor<?x32xf32>
  return %y : tensor<?x32xf32>
}

// -----

// Nothing that feeds either sibling joins their region, also when it
// joins after the siblings have merged (here the scaled up-projection
// weight, which the epilogue reads too).
// SIB-LABEL: func.func @sibling_operand_producer
// SIB-NEXT: %[[W:.*]] = molten.fused hero(loop) ins(%arg2, %arg3 : tensor<64x64xbf16>, tensor<64x1xbf16>)
// SIB:      molten.fused hero(matmul) ins(%arg0, %arg1, %[[W]] : tensor<64x64xbf16>, tensor<64x64xbf16>, tensor<64x64xbf16>)
// SIB-NEXT: ^bb0
// SIB-NEXT:   molten.matmul
// SIB-NEXT:   molten.matmul
// SIB-NEXT:   molten.silu
// SIB-NEXT:   molten.mul
// SIB-NEXT:   molten.add
// SIB-NEXT:   molten.yield
// SIB-REPORT: ops (5): matmul matmul silu mul add
// SIB-REPORT-NEXT: inputs
// SIB-REPORT-NEXT: bytes
// SIB-REPORT-NEXT: left out: producer molten.mul ({{[0-9]+}}:9) of molten.matmul ({{[0-9]+}}:8): matmul operands are not fused (no prologue fusion)
func.func @sibling_operand_producer(%x: tensor<64x64xbf16>, %wg: tensor<64x64xbf16>, %wu: tensor<64x64xbf16>, %c: tensor<64x1xbf16>) -> tensor<64x64xbf16> {
  %g = molten.matmul %x, %wg transpose_rhs : tensor<64x64xbf16>, tensor<64x64xbf16> -> tensor<64x64xbf16>
  %w2 = molten.mul %wu, %c : tensor<64x64xbf16>, tensor<64x1xbf16>
  %u = molten.matmul %x, %w2 transpose_rhs : tensor<64x64xbf16>, tensor<64x64xbf16> -> tensor<64x64xbf16>
  %s = molten.silu %g : tensor<64x64xbf16>
  %y = molten.mul %s, %u : tensor<64x64xbf16>, tensor<64x64xbf16>
  %z = molten.add %y, %w2 : tensor<64x64xbf16>, tensor<64x64xbf16>
  return %z : tensor<64x64xbf16>
}
