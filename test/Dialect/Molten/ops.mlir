// RUN: molten-opt %s | molten-opt | FileCheck %s
// RUN: molten-opt %s -mlir-print-op-generic | molten-opt | FileCheck %s
// RUN: molten-opt %s -mlir-print-op-generic | FileCheck %s --check-prefix=GENERIC

// Every op of the dialect round-trips through the custom and the generic
// form, with each optional attribute and operand present and absent. Results
// whose type the custom form does not print (inferred types) are pinned by
// the `return` that uses them; the GENERIC prefix pins some of them, and the
// default-valued attributes, in the generic form as well.

//===----------------------------------------------------------------------===//
// Elementwise unary ops
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @unary_f32(
// CHECK-SAME:      %[[X:[a-z0-9_]+]]: tensor<?x4096xf32>)
func.func @unary_f32(%x: tensor<?x4096xf32>) -> tensor<?x4096xf32> {
  // CHECK-NEXT: %[[NEG:[0-9]+]] = molten.neg %[[X]] : tensor<?x4096xf32>
  %0 = molten.neg %x : tensor<?x4096xf32>
  // CHECK-NEXT: %[[ABS:[0-9]+]] = molten.abs %[[NEG]] : tensor<?x4096xf32>
  %1 = molten.abs %0 : tensor<?x4096xf32>
  // CHECK-NEXT: %[[EXP:[0-9]+]] = molten.exp %[[ABS]] : tensor<?x4096xf32>
  %2 = molten.exp %1 : tensor<?x4096xf32>
  // CHECK-NEXT: %[[LOG:[0-9]+]] = molten.log %[[EXP]] : tensor<?x4096xf32>
  %3 = molten.log %2 : tensor<?x4096xf32>
  // CHECK-NEXT: %[[SQRT:[0-9]+]] = molten.sqrt %[[LOG]] : tensor<?x4096xf32>
  %4 = molten.sqrt %3 : tensor<?x4096xf32>
  // CHECK-NEXT: %[[RSQRT:[0-9]+]] = molten.rsqrt %[[SQRT]] : tensor<?x4096xf32>
  %5 = molten.rsqrt %4 : tensor<?x4096xf32>
  // CHECK-NEXT: %[[TANH:[0-9]+]] = molten.tanh %[[RSQRT]] : tensor<?x4096xf32>
  %6 = molten.tanh %5 : tensor<?x4096xf32>
  // CHECK-NEXT: %[[SIG:[0-9]+]] = molten.sigmoid %[[TANH]] : tensor<?x4096xf32>
  %7 = molten.sigmoid %6 : tensor<?x4096xf32>
  // CHECK-NEXT: %[[RELU:[0-9]+]] = molten.relu %[[SIG]] : tensor<?x4096xf32>
  %8 = molten.relu %7 : tensor<?x4096xf32>
  // CHECK-NEXT: %[[SILU:[0-9]+]] = molten.silu %[[RELU]] : tensor<?x4096xf32>
  %9 = molten.silu %8 : tensor<?x4096xf32>
  // CHECK-NEXT: %[[ERF:[0-9]+]] = molten.erf %[[SILU]] : tensor<?x4096xf32>
  %10 = molten.erf %9 : tensor<?x4096xf32>
  // CHECK-NEXT: return %[[ERF]] : tensor<?x4096xf32>
  return %10 : tensor<?x4096xf32>
}

// CHECK-LABEL: func.func @unary_f16_bf16_static(
// CHECK-SAME:      %[[H:[a-z0-9_]+]]: tensor<2x3xf16>, %[[B:[a-z0-9_]+]]: tensor<bf16>)
func.func @unary_f16_bf16_static(%h: tensor<2x3xf16>, %b: tensor<bf16>)
    -> (tensor<2x3xf16>, tensor<bf16>) {
  // CHECK-NEXT: %[[E:[0-9]+]] = molten.exp %[[H]] : tensor<2x3xf16>
  %0 = molten.exp %h : tensor<2x3xf16>
  // CHECK-NEXT: %[[T:[0-9]+]] = molten.tanh %[[B]] : tensor<bf16>
  %1 = molten.tanh %b : tensor<bf16>
  // CHECK-NEXT: return %[[E]], %[[T]] : tensor<2x3xf16>, tensor<bf16>
  return %0, %1 : tensor<2x3xf16>, tensor<bf16>
}

// The default approximation (none) is elided whether written or not.
// CHECK-LABEL: func.func @gelu(
// CHECK-SAME:      %[[X:[a-z0-9_]+]]: tensor<?x?xbf16>)
func.func @gelu(%x: tensor<?x?xbf16>)
    -> (tensor<?x?xbf16>, tensor<?x?xbf16>, tensor<?x?xbf16>) {
  // CHECK-NEXT: %[[G0:[0-9]+]] = molten.gelu %[[X]] : tensor<?x?xbf16>
  %0 = molten.gelu %x : tensor<?x?xbf16>
  // CHECK-NEXT: %[[G1:[0-9]+]] = molten.gelu %[[X]] : tensor<?x?xbf16>
  %1 = molten.gelu %x approximate = none : tensor<?x?xbf16>
  // CHECK-NEXT: %[[G2:[0-9]+]] = molten.gelu %[[X]] approximate = tanh : tensor<?x?xbf16>
  %2 = molten.gelu %x approximate = tanh : tensor<?x?xbf16>
  // CHECK-NEXT: return %[[G0]], %[[G1]], %[[G2]]
  return %0, %1, %2 : tensor<?x?xbf16>, tensor<?x?xbf16>, tensor<?x?xbf16>
}
// GENERIC-LABEL: sym_name = "gelu"
// GENERIC: "molten.gelu"(%{{.*}}) <{approximate = 0 : i32}> : (tensor<?x?xbf16>) -> tensor<?x?xbf16>
// GENERIC: "molten.gelu"(%{{.*}}) <{approximate = 0 : i32}> : (tensor<?x?xbf16>) -> tensor<?x?xbf16>
// GENERIC: "molten.gelu"(%{{.*}}) <{approximate = 1 : i32}> : (tensor<?x?xbf16>) -> tensor<?x?xbf16>

// CHECK-LABEL: func.func @clamp(
// CHECK-SAME:      %[[X:[a-z0-9_]+]]: tensor<8xf32>, %[[H:[a-z0-9_]+]]: tensor<?x8xf16>)
func.func @clamp(%x: tensor<8xf32>, %h: tensor<?x8xf16>)
    -> (tensor<8xf32>, tensor<?x8xf16>, tensor<8xf32>) {
  // CHECK-NEXT: %[[C0:[0-9]+]] = molten.clamp %[[X]] min = -1.000000e+00 max = 1.000000e+00 : tensor<8xf32>
  %0 = molten.clamp %x min = -1.0 max = 1.0 : tensor<8xf32>
  // CHECK-NEXT: %[[C1:[0-9]+]] = molten.clamp %[[H]] min = 0.000000e+00 max = 6.000000e+00 : tensor<?x8xf16>
  %1 = molten.clamp %h min = 0.0 max = 6.0 : tensor<?x8xf16>
  // min == max is allowed, and so are infinite bounds.
  // CHECK-NEXT: %[[C2:[0-9]+]] = molten.clamp %[[X]] min = 0xFFF0000000000000 max = 0x7FF0000000000000 : tensor<8xf32>
  %2 = molten.clamp %x min = 0xFFF0000000000000 max = 0x7FF0000000000000 : tensor<8xf32>
  // CHECK-NEXT: %[[C3:[0-9]+]] = molten.clamp %[[C2]] min = 2.500000e-01 max = 2.500000e-01 : tensor<8xf32>
  %3 = molten.clamp %2 min = 0.25 max = 0.25 : tensor<8xf32>
  // CHECK-NEXT: return %[[C0]], %[[C1]], %[[C3]]
  return %0, %1, %3 : tensor<8xf32>, tensor<?x8xf16>, tensor<8xf32>
}

// CHECK-LABEL: func.func @cast(
// CHECK-SAME:      %[[X:[a-z0-9_]+]]: tensor<?x4096xbf16>)
func.func @cast(%x: tensor<?x4096xbf16>) -> tensor<?x4096xbf16> {
  // CHECK-NEXT: %[[F32:[0-9]+]] = molten.cast %[[X]] : tensor<?x4096xbf16> to tensor<?x4096xf32>
  %0 = molten.cast %x : tensor<?x4096xbf16> to tensor<?x4096xf32>
  // CHECK-NEXT: %[[F16:[0-9]+]] = molten.cast %[[F32]] : tensor<?x4096xf32> to tensor<?x4096xf16>
  %1 = molten.cast %0 : tensor<?x4096xf32> to tensor<?x4096xf16>
  // CHECK-NEXT: %[[BF16:[0-9]+]] = molten.cast %[[F16]] : tensor<?x4096xf16> to tensor<?x4096xbf16>
  %2 = molten.cast %1 : tensor<?x4096xf16> to tensor<?x4096xbf16>
  // A cast to the same type is valid (and folds away).
  // CHECK-NEXT: %[[SAME:[0-9]+]] = molten.cast %[[BF16]] : tensor<?x4096xbf16> to tensor<?x4096xbf16>
  %3 = molten.cast %2 : tensor<?x4096xbf16> to tensor<?x4096xbf16>
  // CHECK-NEXT: return %[[SAME]] : tensor<?x4096xbf16>
  return %3 : tensor<?x4096xbf16>
}

//===----------------------------------------------------------------------===//
// Elementwise binary ops: the result type is inferred by broadcasting
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @binary_broadcast(
// CHECK-SAME:      %[[X:[a-z0-9_]+]]: tensor<?x4096xf32>, %[[W:[a-z0-9_]+]]: tensor<4096xf32>, %[[S:[a-z0-9_]+]]: tensor<f32>, %[[C:[a-z0-9_]+]]: tensor<?x1xf32>, %[[R:[a-z0-9_]+]]: tensor<1x4096xf32>
func.func @binary_broadcast(%x: tensor<?x4096xf32>, %w: tensor<4096xf32>,
                            %s: tensor<f32>, %c: tensor<?x1xf32>,
                            %r: tensor<1x4096xf32>)
    -> (tensor<?x4096xf32>, tensor<?x4096xf32>, tensor<?x4096xf32>,
        tensor<?x4096xf32>, tensor<?x4096xf32>, tensor<4096xf32>,
        tensor<?x4096xf32>) {
  // CHECK-NEXT: %[[ADD:[0-9]+]] = molten.add %[[X]], %[[W]] : tensor<?x4096xf32>, tensor<4096xf32>
  %0 = molten.add %x, %w : tensor<?x4096xf32>, tensor<4096xf32>
  // CHECK-NEXT: %[[SUB:[0-9]+]] = molten.sub %[[W]], %[[X]] : tensor<4096xf32>, tensor<?x4096xf32>
  %1 = molten.sub %w, %x : tensor<4096xf32>, tensor<?x4096xf32>
  // CHECK-NEXT: %[[MUL:[0-9]+]] = molten.mul %[[X]], %[[S]] : tensor<?x4096xf32>, tensor<f32>
  %2 = molten.mul %x, %s : tensor<?x4096xf32>, tensor<f32>
  // CHECK-NEXT: %[[DIV:[0-9]+]] = molten.div %[[X]], %[[C]] : tensor<?x4096xf32>, tensor<?x1xf32>
  %3 = molten.div %x, %c : tensor<?x4096xf32>, tensor<?x1xf32>
  // [?, 1] and [1, 4096] meet at [?, 4096].
  // CHECK-NEXT: %[[MAX:[0-9]+]] = molten.max %[[C]], %[[R]] : tensor<?x1xf32>, tensor<1x4096xf32>
  %4 = molten.max %c, %r : tensor<?x1xf32>, tensor<1x4096xf32>
  // CHECK-NEXT: %[[MIN:[0-9]+]] = molten.min %[[S]], %[[W]] : tensor<f32>, tensor<4096xf32>
  %5 = molten.min %s, %w : tensor<f32>, tensor<4096xf32>
  // CHECK-NEXT: %[[POW:[0-9]+]] = molten.pow %[[X]], %[[X]] : tensor<?x4096xf32>, tensor<?x4096xf32>
  %6 = molten.pow %x, %x : tensor<?x4096xf32>, tensor<?x4096xf32>
  // CHECK-NEXT: return %[[ADD]], %[[SUB]], %[[MUL]], %[[DIV]], %[[MAX]], %[[MIN]], %[[POW]] : tensor<?x4096xf32>, tensor<?x4096xf32>, tensor<?x4096xf32>, tensor<?x4096xf32>, tensor<?x4096xf32>, tensor<4096xf32>, tensor<?x4096xf32>
  return %0, %1, %2, %3, %4, %5, %6
      : tensor<?x4096xf32>, tensor<?x4096xf32>, tensor<?x4096xf32>,
        tensor<?x4096xf32>, tensor<?x4096xf32>, tensor<4096xf32>,
        tensor<?x4096xf32>
}
// GENERIC-LABEL: sym_name = "binary_broadcast"
// GENERIC: "molten.add"(%{{.*}}, %{{.*}}) : (tensor<?x4096xf32>, tensor<4096xf32>) -> tensor<?x4096xf32>
// GENERIC: "molten.max"(%{{.*}}, %{{.*}}) : (tensor<?x1xf32>, tensor<1x4096xf32>) -> tensor<?x4096xf32>
// GENERIC: "molten.min"(%{{.*}}, %{{.*}}) : (tensor<f32>, tensor<4096xf32>) -> tensor<4096xf32>

// A dynamic dimension never expands: against a static one it must equal it,
// so the result takes the static size. Rank-0 operands give a rank-0 result.
// CHECK-LABEL: func.func @binary_dynamic_meets_static(
// CHECK-SAME:      %[[A:[a-z0-9_]+]]: tensor<?x8xf16>, %[[B:[a-z0-9_]+]]: tensor<4x?xf16>, %[[S:[a-z0-9_]+]]: tensor<bf16>)
func.func @binary_dynamic_meets_static(%a: tensor<?x8xf16>, %b: tensor<4x?xf16>,
                                       %s: tensor<bf16>)
    -> (tensor<4x8xf16>, tensor<bf16>) {
  // CHECK-NEXT: %[[ADD:[0-9]+]] = molten.add %[[A]], %[[B]] : tensor<?x8xf16>, tensor<4x?xf16>
  %0 = molten.add %a, %b : tensor<?x8xf16>, tensor<4x?xf16>
  // CHECK-NEXT: %[[MUL:[0-9]+]] = molten.mul %[[S]], %[[S]] : tensor<bf16>, tensor<bf16>
  %1 = molten.mul %s, %s : tensor<bf16>, tensor<bf16>
  // CHECK-NEXT: return %[[ADD]], %[[MUL]] : tensor<4x8xf16>, tensor<bf16>
  return %0, %1 : tensor<4x8xf16>, tensor<bf16>
}

// CHECK-LABEL: func.func @compare(
// CHECK-SAME:      %[[X:[a-z0-9_]+]]: tensor<?x8xf32>, %[[Y:[a-z0-9_]+]]: tensor<8xf32>, %[[H:[a-z0-9_]+]]: tensor<2x1xbf16>, %[[K:[a-z0-9_]+]]: tensor<3xbf16>)
func.func @compare(%x: tensor<?x8xf32>, %y: tensor<8xf32>,
                   %h: tensor<2x1xbf16>, %k: tensor<3xbf16>)
    -> (tensor<?x8xi1>, tensor<?x8xi1>, tensor<?x8xi1>, tensor<?x8xi1>,
        tensor<?x8xi1>, tensor<?x8xi1>, tensor<2x3xi1>) {
  // CHECK-NEXT: %[[LT:[0-9]+]] = molten.compare lt, %[[X]], %[[Y]] : tensor<?x8xf32>, tensor<8xf32>
  %0 = molten.compare lt, %x, %y : tensor<?x8xf32>, tensor<8xf32>
  // CHECK-NEXT: %[[LE:[0-9]+]] = molten.compare le, %[[X]], %[[Y]] : tensor<?x8xf32>, tensor<8xf32>
  %1 = molten.compare le, %x, %y : tensor<?x8xf32>, tensor<8xf32>
  // CHECK-NEXT: %[[GT:[0-9]+]] = molten.compare gt, %[[Y]], %[[X]] : tensor<8xf32>, tensor<?x8xf32>
  %2 = molten.compare gt, %y, %x : tensor<8xf32>, tensor<?x8xf32>
  // CHECK-NEXT: %[[GE:[0-9]+]] = molten.compare ge, %[[X]], %[[X]] : tensor<?x8xf32>, tensor<?x8xf32>
  %3 = molten.compare ge, %x, %x : tensor<?x8xf32>, tensor<?x8xf32>
  // CHECK-NEXT: %[[EQ:[0-9]+]] = molten.compare eq, %[[X]], %[[Y]] : tensor<?x8xf32>, tensor<8xf32>
  %4 = molten.compare eq, %x, %y : tensor<?x8xf32>, tensor<8xf32>
  // CHECK-NEXT: %[[NE:[0-9]+]] = molten.compare ne, %[[X]], %[[Y]] : tensor<?x8xf32>, tensor<8xf32>
  %5 = molten.compare ne, %x, %y : tensor<?x8xf32>, tensor<8xf32>
  // CHECK-NEXT: %[[B:[0-9]+]] = molten.compare lt, %[[H]], %[[K]] : tensor<2x1xbf16>, tensor<3xbf16>
  %6 = molten.compare lt, %h, %k : tensor<2x1xbf16>, tensor<3xbf16>
  // CHECK-NEXT: return %[[LT]], %[[LE]], %[[GT]], %[[GE]], %[[EQ]], %[[NE]], %[[B]] : tensor<?x8xi1>, tensor<?x8xi1>, tensor<?x8xi1>, tensor<?x8xi1>, tensor<?x8xi1>, tensor<?x8xi1>, tensor<2x3xi1>
  return %0, %1, %2, %3, %4, %5, %6
      : tensor<?x8xi1>, tensor<?x8xi1>, tensor<?x8xi1>, tensor<?x8xi1>,
        tensor<?x8xi1>, tensor<?x8xi1>, tensor<2x3xi1>
}
// GENERIC-LABEL: sym_name = "compare"
// GENERIC: "molten.compare"(%{{.*}}, %{{.*}}) <{predicate = 0 : i32}> : (tensor<?x8xf32>, tensor<8xf32>) -> tensor<?x8xi1>
// GENERIC: "molten.compare"(%{{.*}}, %{{.*}}) <{predicate = 1 : i32}>
// GENERIC: "molten.compare"(%{{.*}}, %{{.*}}) <{predicate = 2 : i32}>
// GENERIC: "molten.compare"(%{{.*}}, %{{.*}}) <{predicate = 3 : i32}>
// GENERIC: "molten.compare"(%{{.*}}, %{{.*}}) <{predicate = 4 : i32}>
// GENERIC: "molten.compare"(%{{.*}}, %{{.*}}) <{predicate = 5 : i32}>
// GENERIC: "molten.compare"(%{{.*}}, %{{.*}}) <{predicate = 0 : i32}> : (tensor<2x1xbf16>, tensor<3xbf16>) -> tensor<2x3xi1>

// CHECK-LABEL: func.func @select(
// CHECK-SAME:      %[[M:[a-z0-9_]+]]: tensor<?x8xi1>, %[[X:[a-z0-9_]+]]: tensor<?x8xf32>, %[[Z:[a-z0-9_]+]]: tensor<f32>, %[[C:[a-z0-9_]+]]: tensor<i1>, %[[H:[a-z0-9_]+]]: tensor<4x1xf16>, %[[K:[a-z0-9_]+]]: tensor<1x5xf16>)
func.func @select(%m: tensor<?x8xi1>, %x: tensor<?x8xf32>, %z: tensor<f32>,
                  %c: tensor<i1>, %h: tensor<4x1xf16>, %k: tensor<1x5xf16>)
    -> (tensor<?x8xf32>, tensor<4x5xf16>) {
  // CHECK-NEXT: %[[S0:[0-9]+]] = molten.select %[[M]], %[[X]], %[[Z]] : tensor<?x8xi1>, tensor<?x8xf32>, tensor<f32>
  %0 = molten.select %m, %x, %z : tensor<?x8xi1>, tensor<?x8xf32>, tensor<f32>
  // CHECK-NEXT: %[[S1:[0-9]+]] = molten.select %[[C]], %[[H]], %[[K]] : tensor<i1>, tensor<4x1xf16>, tensor<1x5xf16>
  %1 = molten.select %c, %h, %k : tensor<i1>, tensor<4x1xf16>, tensor<1x5xf16>
  // CHECK-NEXT: return %[[S0]], %[[S1]] : tensor<?x8xf32>, tensor<4x5xf16>
  return %0, %1 : tensor<?x8xf32>, tensor<4x5xf16>
}

//===----------------------------------------------------------------------===//
// Constants
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @constants()
func.func @constants() -> (tensor<f32>, tensor<2x3xf32>, tensor<2xbf16>,
                           tensor<4xf16>, tensor<i1>, tensor<3xi1>,
                           tensor<2x2xi1>, tensor<0xf32>) {
  // CHECK-NEXT: %[[SCALAR:.+]] = molten.constant dense<5.000000e-01> : tensor<f32>
  %0 = molten.constant dense<0.5> : tensor<f32>
  // CHECK-NEXT: %[[SPLAT:.+]] = molten.constant dense<-2.500000e+00> : tensor<2x3xf32>
  %1 = molten.constant dense<-2.5> : tensor<2x3xf32>
  // CHECK-NEXT: %[[DENSE:.+]] = molten.constant dense<[1.000000e+00, 2.000000e+00]> : tensor<2xbf16>
  %2 = molten.constant dense<[1.0, 2.0]> : tensor<2xbf16>
  // CHECK-NEXT: %[[HALF:.+]] = molten.constant dense<[0.000000e+00, -0.000000e+00, 0x7C00, 0x7E00]> : tensor<4xf16>
  %3 = molten.constant dense<[0.0, -0.0, 0x7C00, 0x7E00]> : tensor<4xf16>
  // CHECK-NEXT: %[[TRUE:.+]] = molten.constant dense<true> : tensor<i1>
  %4 = molten.constant dense<true> : tensor<i1>
  // CHECK-NEXT: %[[MASK:.+]] = molten.constant dense<[true, false, true]> : tensor<3xi1>
  %5 = molten.constant dense<[true, false, true]> : tensor<3xi1>
  // CHECK-NEXT: %[[SPLATMASK:.+]] = molten.constant dense<false> : tensor<2x2xi1>
  %6 = molten.constant dense<false> : tensor<2x2xi1>
  // CHECK-NEXT: %[[EMPTY:.+]] = molten.constant dense<> : tensor<0xf32>
  %7 = molten.constant dense<> : tensor<0xf32>
  // CHECK-NEXT: return %[[SCALAR]], %[[SPLAT]], %[[DENSE]], %[[HALF]], %[[TRUE]], %[[MASK]], %[[SPLATMASK]], %[[EMPTY]] : tensor<f32>, tensor<2x3xf32>, tensor<2xbf16>, tensor<4xf16>, tensor<i1>, tensor<3xi1>, tensor<2x2xi1>, tensor<0xf32>
  return %0, %1, %2, %3, %4, %5, %6, %7
      : tensor<f32>, tensor<2x3xf32>, tensor<2xbf16>, tensor<4xf16>,
        tensor<i1>, tensor<3xi1>, tensor<2x2xi1>, tensor<0xf32>
}

//===----------------------------------------------------------------------===//
// Reductions
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @reductions(
// CHECK-SAME:      %[[X:[a-z0-9_]+]]: tensor<?x4096xf32>, %[[Y:[a-z0-9_]+]]: tensor<2x?x8x16xbf16>)
func.func @reductions(%x: tensor<?x4096xf32>, %y: tensor<2x?x8x16xbf16>)
    -> (tensor<?x1xf32>, tensor<?xf32>, tensor<1x4096xf32>, tensor<f32>,
        tensor<1x?x1x16xbf16>, tensor<?x16xbf16>, tensor<2x1x1x1xbf16>) {
  // CHECK-NEXT: %[[SUM:[0-9]+]] = molten.reduce_sum %[[X]] dims = [1] keepdim : tensor<?x4096xf32> -> tensor<?x1xf32>
  %0 = molten.reduce_sum %x dims = [1] keepdim : tensor<?x4096xf32> -> tensor<?x1xf32>
  // CHECK-NEXT: %[[MEAN:[0-9]+]] = molten.reduce_mean %[[X]] dims = [1] : tensor<?x4096xf32> -> tensor<?xf32>
  %1 = molten.reduce_mean %x dims = [1] : tensor<?x4096xf32> -> tensor<?xf32>
  // A dynamic dimension reduces to 1 with keepdim.
  // CHECK-NEXT: %[[MAX:[0-9]+]] = molten.reduce_max %[[X]] dims = [0] keepdim : tensor<?x4096xf32> -> tensor<1x4096xf32>
  %2 = molten.reduce_max %x dims = [0] keepdim : tensor<?x4096xf32> -> tensor<1x4096xf32>
  // CHECK-NEXT: %[[MIN:[0-9]+]] = molten.reduce_min %[[X]] dims = [0, 1] : tensor<?x4096xf32> -> tensor<f32>
  %3 = molten.reduce_min %x dims = [0, 1] : tensor<?x4096xf32> -> tensor<f32>
  // CHECK-NEXT: %[[SUM2:[0-9]+]] = molten.reduce_sum %[[Y]] dims = [2, 0] keepdim : tensor<2x?x8x16xbf16> -> tensor<1x?x1x16xbf16>
  %4 = molten.reduce_sum %y dims = [2, 0] keepdim : tensor<2x?x8x16xbf16> -> tensor<1x?x1x16xbf16>
  // CHECK-NEXT: %[[MEAN2:[0-9]+]] = molten.reduce_mean %[[Y]] dims = [0, 2] : tensor<2x?x8x16xbf16> -> tensor<?x16xbf16>
  %5 = molten.reduce_mean %y dims = [0, 2] : tensor<2x?x8x16xbf16> -> tensor<?x16xbf16>
  // CHECK-NEXT: %[[MAX2:[0-9]+]] = molten.reduce_max %[[Y]] dims = [1, 2, 3] keepdim : tensor<2x?x8x16xbf16> -> tensor<2x1x1x1xbf16>
  %6 = molten.reduce_max %y dims = [1, 2, 3] keepdim : tensor<2x?x8x16xbf16> -> tensor<2x1x1x1xbf16>
  // CHECK-NEXT: return %[[SUM]], %[[MEAN]], %[[MAX]], %[[MIN]], %[[SUM2]], %[[MEAN2]], %[[MAX2]]
  return %0, %1, %2, %3, %4, %5, %6
      : tensor<?x1xf32>, tensor<?xf32>, tensor<1x4096xf32>, tensor<f32>,
        tensor<1x?x1x16xbf16>, tensor<?x16xbf16>, tensor<2x1x1x1xbf16>
}
// GENERIC-LABEL: sym_name = "reductions"
// GENERIC: "molten.reduce_sum"(%{{.*}}) <{dims = array<i64: 1>, keepdim}> : (tensor<?x4096xf32>) -> tensor<?x1xf32>
// GENERIC: "molten.reduce_mean"(%{{.*}}) <{dims = array<i64: 1>}> : (tensor<?x4096xf32>) -> tensor<?xf32>

//===----------------------------------------------------------------------===//
// Composites
//===----------------------------------------------------------------------===//

// eps and axis are elided when they hold their defaults (1e-6 and -1).
// CHECK-LABEL: func.func @rms_norm(
// CHECK-SAME:      %[[X:[a-z0-9_]+]]: tensor<?x4096xbf16>, %[[W:[a-z0-9_]+]]: tensor<4096xbf16>, %[[V:[a-z0-9_]+]]: tensor<?xbf16>)
func.func @rms_norm(%x: tensor<?x4096xbf16>, %w: tensor<4096xbf16>,
                    %v: tensor<?xbf16>)
    -> (tensor<?x4096xbf16>, tensor<?x4096xbf16>, tensor<?x4096xbf16>,
        tensor<?x4096xbf16>, tensor<?x4096xbf16>, tensor<?x4096xbf16>) {
  // CHECK-NEXT: %[[R0:[0-9]+]] = molten.rms_norm %[[X]], %[[W]] : tensor<?x4096xbf16>, tensor<4096xbf16>
  %0 = molten.rms_norm %x, %w : tensor<?x4096xbf16>, tensor<4096xbf16>
  // CHECK-NEXT: %[[R1:[0-9]+]] = molten.rms_norm %[[X]], %[[W]] eps = 1.000000e-05 : tensor<?x4096xbf16>, tensor<4096xbf16>
  %1 = molten.rms_norm %x, %w eps = 1.0e-05 : tensor<?x4096xbf16>, tensor<4096xbf16>
  // CHECK-NEXT: %[[R2:[0-9]+]] = molten.rms_norm %[[X]], %[[W]] axis = 1 : tensor<?x4096xbf16>, tensor<4096xbf16>
  %2 = molten.rms_norm %x, %w axis = 1 : tensor<?x4096xbf16>, tensor<4096xbf16>
  // CHECK-NEXT: %[[R3:[0-9]+]] = molten.rms_norm %[[X]], %[[V]] eps = 0.000000e+00 axis = -2 : tensor<?x4096xbf16>, tensor<?xbf16>
  %3 = molten.rms_norm %x, %v eps = 0.0 axis = -2 : tensor<?x4096xbf16>, tensor<?xbf16>
  // CHECK-NEXT: %[[R4:[0-9]+]] = molten.rms_norm %[[X]], %[[W]] : tensor<?x4096xbf16>, tensor<4096xbf16>
  %4 = molten.rms_norm %x, %w eps = 1.0e-06 axis = -1 : tensor<?x4096xbf16>, tensor<4096xbf16>
  // A dynamic weight meets the static axis (equal at run time).
  // CHECK-NEXT: %[[R5:[0-9]+]] = molten.rms_norm %[[X]], %[[V]] : tensor<?x4096xbf16>, tensor<?xbf16>
  %5 = molten.rms_norm %x, %v : tensor<?x4096xbf16>, tensor<?xbf16>
  // CHECK-NEXT: return %[[R0]], %[[R1]], %[[R2]], %[[R3]], %[[R4]], %[[R5]]
  return %0, %1, %2, %3, %4, %5 : tensor<?x4096xbf16>, tensor<?x4096xbf16>,
      tensor<?x4096xbf16>, tensor<?x4096xbf16>, tensor<?x4096xbf16>,
      tensor<?x4096xbf16>
}
// GENERIC-LABEL: sym_name = "rms_norm"
// GENERIC: "molten.rms_norm"(%{{.*}}, %{{.*}}) <{axis = -1 : i64, eps = 9.9999999999999995E-7 : f64}> : (tensor<?x4096xbf16>, tensor<4096xbf16>) -> tensor<?x4096xbf16>
// GENERIC: "molten.rms_norm"(%{{.*}}, %{{.*}}) <{axis = -1 : i64, eps = 1.000000e-05 : f64}>
// GENERIC: "molten.rms_norm"(%{{.*}}, %{{.*}}) <{axis = 1 : i64, eps = 9.9999999999999995E-7 : f64}>

// CHECK-LABEL: func.func @layer_norm(
// CHECK-SAME:      %[[X:[a-z0-9_]+]]: tensor<?x4096xf32>, %[[W:[a-z0-9_]+]]: tensor<4096xf32>, %[[B:[a-z0-9_]+]]: tensor<4096xf32>, %[[Y:[a-z0-9_]+]]: tensor<8x?x64xf16>, %[[V:[a-z0-9_]+]]: tensor<8xf16>)
func.func @layer_norm(%x: tensor<?x4096xf32>, %w: tensor<4096xf32>,
                      %b: tensor<4096xf32>, %y: tensor<8x?x64xf16>,
                      %v: tensor<8xf16>)
    -> (tensor<?x4096xf32>, tensor<?x4096xf32>, tensor<?x4096xf32>,
        tensor<?x4096xf32>, tensor<8x?x64xf16>) {
  // CHECK-NEXT: %[[L0:[0-9]+]] = molten.layer_norm %[[X]] : tensor<?x4096xf32>
  %0 = molten.layer_norm %x : tensor<?x4096xf32>
  // CHECK-NEXT: %[[L1:[0-9]+]] = molten.layer_norm %[[X]] weight(%[[W]] : tensor<4096xf32>) : tensor<?x4096xf32>
  %1 = molten.layer_norm %x weight(%w : tensor<4096xf32>) : tensor<?x4096xf32>
  // CHECK-NEXT: %[[L2:[0-9]+]] = molten.layer_norm %[[X]] bias(%[[B]] : tensor<4096xf32>) eps = 5.000000e-01 : tensor<?x4096xf32>
  %2 = molten.layer_norm %x bias(%b : tensor<4096xf32>) eps = 0.5 : tensor<?x4096xf32>
  // CHECK-NEXT: %[[L3:[0-9]+]] = molten.layer_norm %[[X]] weight(%[[W]] : tensor<4096xf32>) bias(%[[B]] : tensor<4096xf32>) : tensor<?x4096xf32>
  %3 = molten.layer_norm %x weight(%w : tensor<4096xf32>) bias(%b : tensor<4096xf32>)
      eps = 1.0e-05 : tensor<?x4096xf32>
  // CHECK-NEXT: %[[L4:[0-9]+]] = molten.layer_norm %[[Y]] weight(%[[V]] : tensor<8xf16>) bias(%[[V]] : tensor<8xf16>) eps = 1.000000e-03 axis = 0 : tensor<8x?x64xf16>
  %4 = molten.layer_norm %y weight(%v : tensor<8xf16>) bias(%v : tensor<8xf16>)
      eps = 1.0e-03 axis = 0 : tensor<8x?x64xf16>
  // CHECK-NEXT: return %[[L0]], %[[L1]], %[[L2]], %[[L3]], %[[L4]]
  return %0, %1, %2, %3, %4 : tensor<?x4096xf32>, tensor<?x4096xf32>,
      tensor<?x4096xf32>, tensor<?x4096xf32>, tensor<8x?x64xf16>
}
// GENERIC-LABEL: sym_name = "layer_norm"
// GENERIC: "molten.layer_norm"(%{{.*}}) <{axis = -1 : i64, eps = 1.000000e-05 : f64, operandSegmentSizes = array<i32: 1, 0, 0>}> : (tensor<?x4096xf32>) -> tensor<?x4096xf32>
// GENERIC: "molten.layer_norm"(%{{.*}}, %{{.*}}) <{axis = -1 : i64, eps = 1.000000e-05 : f64, operandSegmentSizes = array<i32: 1, 1, 0>}>
// GENERIC: "molten.layer_norm"(%{{.*}}, %{{.*}}) <{axis = -1 : i64, eps = 5.000000e-01 : f64, operandSegmentSizes = array<i32: 1, 0, 1>}>
// GENERIC: "molten.layer_norm"(%{{.*}}, %{{.*}}, %{{.*}}) <{axis = -1 : i64, eps = 1.000000e-05 : f64, operandSegmentSizes = array<i32: 1, 1, 1>}>

// CHECK-LABEL: func.func @softmax(
// CHECK-SAME:      %[[X:[a-z0-9_]+]]: tensor<?x4096xf32>, %[[H:[a-z0-9_]+]]: tensor<2x8x?xf16>)
func.func @softmax(%x: tensor<?x4096xf32>, %h: tensor<2x8x?xf16>)
    -> (tensor<?x4096xf32>, tensor<?x4096xf32>, tensor<2x8x?xf16>) {
  // CHECK-NEXT: %[[S0:[0-9]+]] = molten.softmax %[[X]] : tensor<?x4096xf32>
  %0 = molten.softmax %x : tensor<?x4096xf32>
  // CHECK-NEXT: %[[S1:[0-9]+]] = molten.softmax %[[X]] axis = 0 : tensor<?x4096xf32>
  %1 = molten.softmax %x axis = 0 : tensor<?x4096xf32>
  // CHECK-NEXT: %[[S2:[0-9]+]] = molten.softmax %[[H]] axis = -3 : tensor<2x8x?xf16>
  %2 = molten.softmax %h axis = -3 : tensor<2x8x?xf16>
  // CHECK-NEXT: return %[[S0]], %[[S1]], %[[S2]]
  return %0, %1, %2 : tensor<?x4096xf32>, tensor<?x4096xf32>, tensor<2x8x?xf16>
}

// CHECK-LABEL: func.func @rope(
// CHECK-SAME:      %[[X:[a-z0-9_]+]]: tensor<?x32x128xbf16>, %[[C:[a-z0-9_]+]]: tensor<?x1x128xbf16>, %[[S:[a-z0-9_]+]]: tensor<?x1x128xbf16>, %[[T:[a-z0-9_]+]]: tensor<128xbf16>, %[[F:[a-z0-9_]+]]: tensor<4x?xf32>)
func.func @rope(%x: tensor<?x32x128xbf16>, %cos: tensor<?x1x128xbf16>,
                %sin: tensor<?x1x128xbf16>, %t: tensor<128xbf16>,
                %f: tensor<4x?xf32>)
    -> (tensor<?x32x128xbf16>, tensor<?x32x128xbf16>, tensor<?x32x128xbf16>,
        tensor<4x?xf32>) {
  // CHECK-NEXT: %[[R0:[0-9]+]] = molten.rope %[[X]], %[[C]], %[[S]] : tensor<?x32x128xbf16>, tensor<?x1x128xbf16>
  %0 = molten.rope %x, %cos, %sin : tensor<?x32x128xbf16>, tensor<?x1x128xbf16>
  // CHECK-NEXT: %[[R1:[0-9]+]] = molten.rope %[[X]], %[[C]], %[[S]] : tensor<?x32x128xbf16>, tensor<?x1x128xbf16>
  %1 = molten.rope %x, %cos, %sin mode = rotate_half : tensor<?x32x128xbf16>, tensor<?x1x128xbf16>
  // CHECK-NEXT: %[[R2:[0-9]+]] = molten.rope %[[X]], %[[T]], %[[T]] mode = interleaved : tensor<?x32x128xbf16>, tensor<128xbf16>
  %2 = molten.rope %x, %t, %t mode = interleaved : tensor<?x32x128xbf16>, tensor<128xbf16>
  // A dynamic innermost dimension is allowed (its evenness is a run-time
  // requirement).
  // CHECK-NEXT: %[[R3:[0-9]+]] = molten.rope %[[F]], %[[F]], %[[F]] mode = interleaved : tensor<4x?xf32>, tensor<4x?xf32>
  %3 = molten.rope %f, %f, %f mode = interleaved : tensor<4x?xf32>, tensor<4x?xf32>
  // CHECK-NEXT: return %[[R0]], %[[R1]], %[[R2]], %[[R3]]
  return %0, %1, %2, %3 : tensor<?x32x128xbf16>, tensor<?x32x128xbf16>,
      tensor<?x32x128xbf16>, tensor<4x?xf32>
}
// GENERIC-LABEL: sym_name = "rope"
// GENERIC: "molten.rope"(%{{.*}}, %{{.*}}, %{{.*}}) <{mode = 0 : i32}> : (tensor<?x32x128xbf16>, tensor<?x1x128xbf16>, tensor<?x1x128xbf16>) -> tensor<?x32x128xbf16>
// GENERIC: "molten.rope"(%{{.*}}, %{{.*}}, %{{.*}}) <{mode = 0 : i32}>
// GENERIC: "molten.rope"(%{{.*}}, %{{.*}}, %{{.*}}) <{mode = 1 : i32}> : (tensor<?x32x128xbf16>, tensor<128xbf16>, tensor<128xbf16>) -> tensor<?x32x128xbf16>

// CHECK-LABEL: func.func @matmul(
// CHECK-SAME:      %[[X:[a-z0-9_]+]]: tensor<?x4096xbf16>, %[[W:[a-z0-9_]+]]: tensor<11008x4096xbf16>, %[[V:[a-z0-9_]+]]: tensor<4096x11008xbf16>, %[[A:[a-z0-9_]+]]: tensor<8x?x64x32xf32>, %[[B:[a-z0-9_]+]]: tensor<8x?x32x16xf32>, %[[BT:[a-z0-9_]+]]: tensor<8x1x16x32xf32>, %[[R:[a-z0-9_]+]]: tensor<32x?xf32>, %[[D:[a-z0-9_]+]]: tensor<?x?xf16>)
func.func @matmul(%x: tensor<?x4096xbf16>, %w: tensor<11008x4096xbf16>,
                  %v: tensor<4096x11008xbf16>, %a: tensor<8x?x64x32xf32>,
                  %b: tensor<8x?x32x16xf32>, %bt: tensor<8x1x16x32xf32>,
                  %r: tensor<32x?xf32>, %d: tensor<?x?xf16>)
    -> (tensor<?x11008xbf16>, tensor<?x11008xbf16>, tensor<8x?x64x16xf32>,
        tensor<8x?x64x?xf32>, tensor<8x1x64x16xf32>, tensor<?x?xf16>) {
  // CHECK-NEXT: %[[M0:[0-9]+]] = molten.matmul %[[X]], %[[W]] transpose_rhs : tensor<?x4096xbf16>, tensor<11008x4096xbf16> -> tensor<?x11008xbf16>
  %0 = molten.matmul %x, %w transpose_rhs : tensor<?x4096xbf16>, tensor<11008x4096xbf16> -> tensor<?x11008xbf16>
  // CHECK-NEXT: %[[M1:[0-9]+]] = molten.matmul %[[X]], %[[V]] : tensor<?x4096xbf16>, tensor<4096x11008xbf16> -> tensor<?x11008xbf16>
  %1 = molten.matmul %x, %v : tensor<?x4096xbf16>, tensor<4096x11008xbf16> -> tensor<?x11008xbf16>
  // Batched: rhs has the lhs batch dimensions.
  // CHECK-NEXT: %[[M2:[0-9]+]] = molten.matmul %[[A]], %[[B]] : tensor<8x?x64x32xf32>, tensor<8x?x32x16xf32> -> tensor<8x?x64x16xf32>
  %2 = molten.matmul %a, %b : tensor<8x?x64x32xf32>, tensor<8x?x32x16xf32> -> tensor<8x?x64x16xf32>
  // Batched lhs, rank-2 rhs shared by every batch.
  // CHECK-NEXT: %[[M3:[0-9]+]] = molten.matmul %[[A]], %[[R]] : tensor<8x?x64x32xf32>, tensor<32x?xf32> -> tensor<8x?x64x?xf32>
  %3 = molten.matmul %a, %r : tensor<8x?x64x32xf32>, tensor<32x?xf32> -> tensor<8x?x64x?xf32>
  // Batched and transposed (rhs is [batch..., N, K]); a dynamic batch
  // dimension meets a static one and takes its size.
  // CHECK-NEXT: %[[M4:[0-9]+]] = molten.matmul %[[A]], %[[BT]] transpose_rhs : tensor<8x?x64x32xf32>, tensor<8x1x16x32xf32> -> tensor<8x1x64x16xf32>
  %4 = molten.matmul %a, %bt transpose_rhs : tensor<8x?x64x32xf32>, tensor<8x1x16x32xf32> -> tensor<8x1x64x16xf32>
  // CHECK-NEXT: %[[M5:[0-9]+]] = molten.matmul %[[D]], %[[D]] : tensor<?x?xf16>, tensor<?x?xf16> -> tensor<?x?xf16>
  %5 = molten.matmul %d, %d : tensor<?x?xf16>, tensor<?x?xf16> -> tensor<?x?xf16>
  // CHECK-NEXT: return %[[M0]], %[[M1]], %[[M2]], %[[M3]], %[[M4]], %[[M5]]
  return %0, %1, %2, %3, %4, %5 : tensor<?x11008xbf16>, tensor<?x11008xbf16>,
      tensor<8x?x64x16xf32>, tensor<8x?x64x?xf32>, tensor<8x1x64x16xf32>,
      tensor<?x?xf16>
}
// GENERIC-LABEL: sym_name = "matmul"
// GENERIC: "molten.matmul"(%{{.*}}, %{{.*}}) <{transpose_rhs}> : (tensor<?x4096xbf16>, tensor<11008x4096xbf16>) -> tensor<?x11008xbf16>
// GENERIC: "molten.matmul"(%{{.*}}, %{{.*}}) : (tensor<?x4096xbf16>, tensor<4096x11008xbf16>) -> tensor<?x11008xbf16>

//===----------------------------------------------------------------------===//
// Attention
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @attention(
// CHECK-SAME:      %[[Q:[a-z0-9_]+]]: tensor<?x32x?x128xbf16>, %[[K:[a-z0-9_]+]]: tensor<?x8x?x128xbf16>, %[[V:[a-z0-9_]+]]: tensor<?x8x?x128xbf16>, %[[M:[a-z0-9_]+]]: tensor<?x?xf32>, %[[MB:[a-z0-9_]+]]: tensor<?x1x?x?xbf16>, %[[Q2:[a-z0-9_]+]]: tensor<7x64xf32>, %[[K2:[a-z0-9_]+]]: tensor<?x64xf32>, %[[V2:[a-z0-9_]+]]: tensor<?x32xf32>, %[[Q3:[a-z0-9_]+]]: tensor<4x?x16xf16>)
func.func @attention(%q: tensor<?x32x?x128xbf16>, %k: tensor<?x8x?x128xbf16>,
                     %v: tensor<?x8x?x128xbf16>, %m: tensor<?x?xf32>,
                     %mb: tensor<?x1x?x?xbf16>, %q2: tensor<7x64xf32>,
                     %k2: tensor<?x64xf32>, %v2: tensor<?x32xf32>,
                     %q3: tensor<4x?x16xf16>)
    -> (tensor<?x32x?x128xbf16>, tensor<?x32x?x128xbf16>,
        tensor<?x32x?x128xbf16>, tensor<?x32x?x128xbf16>, tensor<7x32xf32>,
        tensor<4x?x16xf16>) {
  // Grouped-query (32 query heads on 8 kv heads), causal.
  // CHECK-NEXT: %[[A0:[0-9]+]] = molten.attention %[[Q]], %[[K]], %[[V]] causal : tensor<?x32x?x128xbf16>, tensor<?x8x?x128xbf16>, tensor<?x8x?x128xbf16> -> tensor<?x32x?x128xbf16>
  %0 = molten.attention %q, %k, %v causal : tensor<?x32x?x128xbf16>, tensor<?x8x?x128xbf16>, tensor<?x8x?x128xbf16> -> tensor<?x32x?x128xbf16>
  // An f32 mask and a scale.
  // CHECK-NEXT: %[[A1:[0-9]+]] = molten.attention %[[Q]], %[[K]], %[[V]] mask(%[[M]] : tensor<?x?xf32>) scale = 5.000000e-01 : tensor<?x32x?x128xbf16>, tensor<?x8x?x128xbf16>, tensor<?x8x?x128xbf16> -> tensor<?x32x?x128xbf16>
  %1 = molten.attention %q, %k, %v mask(%m : tensor<?x?xf32>) scale = 0.5 : tensor<?x32x?x128xbf16>, tensor<?x8x?x128xbf16>, tensor<?x8x?x128xbf16> -> tensor<?x32x?x128xbf16>
  // A mask in the operands' type with unit dims, a scale and causal.
  // CHECK-NEXT: %[[A2:[0-9]+]] = molten.attention %[[Q]], %[[K]], %[[V]] mask(%[[MB]] : tensor<?x1x?x?xbf16>) scale = 1.250000e-01 causal : tensor<?x32x?x128xbf16>, tensor<?x8x?x128xbf16>, tensor<?x8x?x128xbf16> -> tensor<?x32x?x128xbf16>
  %2 = molten.attention %q, %k, %v mask(%mb : tensor<?x1x?x?xbf16>) scale = 0.125 causal : tensor<?x32x?x128xbf16>, tensor<?x8x?x128xbf16>, tensor<?x8x?x128xbf16> -> tensor<?x32x?x128xbf16>
  // Neither mask, scale nor causal.
  // CHECK-NEXT: %[[A3:[0-9]+]] = molten.attention %[[Q]], %[[K]], %[[V]] : tensor<?x32x?x128xbf16>, tensor<?x8x?x128xbf16>, tensor<?x8x?x128xbf16> -> tensor<?x32x?x128xbf16>
  %3 = molten.attention %q, %k, %v : tensor<?x32x?x128xbf16>, tensor<?x8x?x128xbf16>, tensor<?x8x?x128xbf16> -> tensor<?x32x?x128xbf16>
  // Rank 2 (no heads), D != Dv.
  // CHECK-NEXT: %[[A4:[0-9]+]] = molten.attention %[[Q2]], %[[K2]], %[[V2]] : tensor<7x64xf32>, tensor<?x64xf32>, tensor<?x32xf32> -> tensor<7x32xf32>
  %4 = molten.attention %q2, %k2, %v2 : tensor<7x64xf32>, tensor<?x64xf32>, tensor<?x32xf32> -> tensor<7x32xf32>
  // Rank 3 (heads, no batch), self-attention.
  // CHECK-NEXT: %[[A5:[0-9]+]] = molten.attention %[[Q3]], %[[Q3]], %[[Q3]] causal : tensor<4x?x16xf16>, tensor<4x?x16xf16>, tensor<4x?x16xf16> -> tensor<4x?x16xf16>
  %5 = molten.attention %q3, %q3, %q3 causal : tensor<4x?x16xf16>, tensor<4x?x16xf16>, tensor<4x?x16xf16> -> tensor<4x?x16xf16>
  // CHECK-NEXT: return %[[A0]], %[[A1]], %[[A2]], %[[A3]], %[[A4]], %[[A5]]
  return %0, %1, %2, %3, %4, %5 : tensor<?x32x?x128xbf16>, tensor<?x32x?x128xbf16>,
      tensor<?x32x?x128xbf16>, tensor<?x32x?x128xbf16>, tensor<7x32xf32>,
      tensor<4x?x16xf16>
}
// GENERIC-LABEL: sym_name = "attention"
// GENERIC: "molten.attention"(%{{.*}}, %{{.*}}, %{{.*}}) <{causal}> : (tensor<?x32x?x128xbf16>, tensor<?x8x?x128xbf16>, tensor<?x8x?x128xbf16>) -> tensor<?x32x?x128xbf16>
// GENERIC: "molten.attention"(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}) <{scale = 5.000000e-01 : f64}> : (tensor<?x32x?x128xbf16>, tensor<?x8x?x128xbf16>, tensor<?x8x?x128xbf16>, tensor<?x?xf32>) -> tensor<?x32x?x128xbf16>
// GENERIC: "molten.attention"(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}) <{causal, scale = 1.250000e-01 : f64}> : (tensor<?x32x?x128xbf16>, tensor<?x8x?x128xbf16>, tensor<?x8x?x128xbf16>, tensor<?x1x?x?xbf16>) -> tensor<?x32x?x128xbf16>
// GENERIC: "molten.attention"(%{{.*}}, %{{.*}}, %{{.*}}) : (tensor<?x32x?x128xbf16>, tensor<?x8x?x128xbf16>, tensor<?x8x?x128xbf16>) -> tensor<?x32x?x128xbf16>

//===----------------------------------------------------------------------===//
// Data movement
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @broadcast_to(
// CHECK-SAME:      %[[X:[a-z0-9_]+]]: tensor<?x?x4096xf32>, %[[W:[a-z0-9_]+]]: tensor<4096xf32>, %[[S:[a-z0-9_]+]]: tensor<bf16>, %[[C:[a-z0-9_]+]]: tensor<?x1xf16>)
func.func @broadcast_to(%x: tensor<?x?x4096xf32>, %w: tensor<4096xf32>,
                        %s: tensor<bf16>, %c: tensor<?x1xf16>)
    -> (tensor<?x?x4096xf32>, tensor<2x4096xf32>, tensor<3x?xbf16>,
        tensor<?x8xf16>, tensor<4096xf32>) {
  // CHECK-NEXT: %[[C0:.+]] = arith.constant 0 : index
  // CHECK-NEXT: %[[C1:.+]] = arith.constant 1 : index
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  // CHECK-NEXT: %[[D0:.+]] = tensor.dim %[[X]], %[[C0]] : tensor<?x?x4096xf32>
  // CHECK-NEXT: %[[D1:.+]] = tensor.dim %[[X]], %[[C1]] : tensor<?x?x4096xf32>
  %d0 = tensor.dim %x, %c0 : tensor<?x?x4096xf32>
  %d1 = tensor.dim %x, %c1 : tensor<?x?x4096xf32>
  // CHECK-NEXT: %[[B0:[0-9]+]] = molten.broadcast_to %[[W]][%[[D0]], %[[D1]]] : tensor<4096xf32> -> tensor<?x?x4096xf32>
  %0 = molten.broadcast_to %w [%d0, %d1] : tensor<4096xf32> -> tensor<?x?x4096xf32>
  // CHECK-NEXT: %[[B1:[0-9]+]] = molten.broadcast_to %[[W]] : tensor<4096xf32> -> tensor<2x4096xf32>
  %1 = molten.broadcast_to %w : tensor<4096xf32> -> tensor<2x4096xf32>
  // CHECK-NEXT: %[[B2:[0-9]+]] = molten.broadcast_to %[[S]][%[[D1]]] : tensor<bf16> -> tensor<3x?xbf16>
  %2 = molten.broadcast_to %s [%d1] : tensor<bf16> -> tensor<3x?xbf16>
  // The dynamic dimension passes through; only the static 1 expands.
  // CHECK-NEXT: %[[B3:[0-9]+]] = molten.broadcast_to %[[C]][%[[D0]]] : tensor<?x1xf16> -> tensor<?x8xf16>
  %3 = molten.broadcast_to %c [%d0] : tensor<?x1xf16> -> tensor<?x8xf16>
  // Broadcasting to the same type is valid (and folds away).
  // CHECK-NEXT: %[[B4:[0-9]+]] = molten.broadcast_to %[[W]] : tensor<4096xf32> -> tensor<4096xf32>
  %4 = molten.broadcast_to %w : tensor<4096xf32> -> tensor<4096xf32>
  // CHECK-NEXT: return %[[B0]], %[[B1]], %[[B2]], %[[B3]], %[[B4]]
  return %0, %1, %2, %3, %4 : tensor<?x?x4096xf32>, tensor<2x4096xf32>,
      tensor<3x?xbf16>, tensor<?x8xf16>, tensor<4096xf32>
}
// GENERIC-LABEL: sym_name = "broadcast_to"
// GENERIC: "molten.broadcast_to"(%{{.*}}, %{{.*}}, %{{.*}}) : (tensor<4096xf32>, index, index) -> tensor<?x?x4096xf32>
// GENERIC: "molten.broadcast_to"(%{{.*}}) : (tensor<4096xf32>) -> tensor<2x4096xf32>

// CHECK-LABEL: func.func @reshape(
// CHECK-SAME:      %[[X:[a-z0-9_]+]]: tensor<?x4096xf32>, %[[S:[a-z0-9_]+]]: tensor<2x3x4xbf16>, %[[D:[a-z0-9_]+]]: tensor<?x?xf16>)
func.func @reshape(%x: tensor<?x4096xf32>, %s: tensor<2x3x4xbf16>,
                   %d: tensor<?x?xf16>)
    -> (tensor<?x32x128xf32>, tensor<6x4xbf16>, tensor<?x8xbf16>,
        tensor<?xf16>, tensor<1x24x1xbf16>) {
  // CHECK-NEXT: %[[R0:[0-9]+]] = molten.reshape %[[X]] : tensor<?x4096xf32> -> tensor<?x32x128xf32>
  %0 = molten.reshape %x : tensor<?x4096xf32> -> tensor<?x32x128xf32>
  // CHECK-NEXT: %[[R1:[0-9]+]] = molten.reshape %[[S]] : tensor<2x3x4xbf16> -> tensor<6x4xbf16>
  %1 = molten.reshape %s : tensor<2x3x4xbf16> -> tensor<6x4xbf16>
  // CHECK-NEXT: %[[R2:[0-9]+]] = molten.reshape %[[S]] : tensor<2x3x4xbf16> -> tensor<?x8xbf16>
  %2 = molten.reshape %s : tensor<2x3x4xbf16> -> tensor<?x8xbf16>
  // CHECK-NEXT: %[[R3:[0-9]+]] = molten.reshape %[[D]] : tensor<?x?xf16> -> tensor<?xf16>
  %3 = molten.reshape %d : tensor<?x?xf16> -> tensor<?xf16>
  // CHECK-NEXT: %[[R4:[0-9]+]] = molten.reshape %[[S]] : tensor<2x3x4xbf16> -> tensor<1x24x1xbf16>
  %4 = molten.reshape %s : tensor<2x3x4xbf16> -> tensor<1x24x1xbf16>
  // CHECK-NEXT: return %[[R0]], %[[R1]], %[[R2]], %[[R3]], %[[R4]]
  return %0, %1, %2, %3, %4 : tensor<?x32x128xf32>, tensor<6x4xbf16>,
      tensor<?x8xbf16>, tensor<?xf16>, tensor<1x24x1xbf16>
}

// CHECK-LABEL: func.func @transpose(
// CHECK-SAME:      %[[X:[a-z0-9_]+]]: tensor<?x64xf32>, %[[Y:[a-z0-9_]+]]: tensor<2x?x8xbf16>, %[[S:[a-z0-9_]+]]: tensor<f16>)
func.func @transpose(%x: tensor<?x64xf32>, %y: tensor<2x?x8xbf16>,
                     %s: tensor<f16>)
    -> (tensor<64x?xf32>, tensor<8x2x?xbf16>, tensor<2x?x8xbf16>, tensor<f16>) {
  // CHECK-NEXT: %[[T0:[0-9]+]] = molten.transpose %[[X]] permutation = [1, 0] : tensor<?x64xf32> -> tensor<64x?xf32>
  %0 = molten.transpose %x permutation = [1, 0] : tensor<?x64xf32> -> tensor<64x?xf32>
  // CHECK-NEXT: %[[T1:[0-9]+]] = molten.transpose %[[Y]] permutation = [2, 0, 1] : tensor<2x?x8xbf16> -> tensor<8x2x?xbf16>
  %1 = molten.transpose %y permutation = [2, 0, 1] : tensor<2x?x8xbf16> -> tensor<8x2x?xbf16>
  // CHECK-NEXT: %[[T2:[0-9]+]] = molten.transpose %[[Y]] permutation = [0, 1, 2] : tensor<2x?x8xbf16> -> tensor<2x?x8xbf16>
  %2 = molten.transpose %y permutation = [0, 1, 2] : tensor<2x?x8xbf16> -> tensor<2x?x8xbf16>
  // CHECK-NEXT: %[[T3:[0-9]+]] = molten.transpose %[[S]] permutation = [] : tensor<f16> -> tensor<f16>
  %3 = molten.transpose %s permutation = [] : tensor<f16> -> tensor<f16>
  // CHECK-NEXT: return %[[T0]], %[[T1]], %[[T2]], %[[T3]]
  return %0, %1, %2, %3 : tensor<64x?xf32>, tensor<8x2x?xbf16>, tensor<2x?x8xbf16>, tensor<f16>
}
// GENERIC-LABEL: sym_name = "transpose"
// GENERIC: "molten.transpose"(%{{.*}}) <{permutation = array<i64: 1, 0>}> : (tensor<?x64xf32>) -> tensor<64x?xf32>

// CHECK-LABEL: func.func @slice(
// CHECK-SAME:      %[[X:[a-z0-9_]+]]: tensor<?x128xf32>, %[[Y:[a-z0-9_]+]]: tensor<4x?x10xbf16>)
func.func @slice(%x: tensor<?x128xf32>, %y: tensor<4x?x10xbf16>)
    -> (tensor<?x64xf32>, tensor<?x64xf32>, tensor<2x?x4xbf16>, tensor<?x128xf32>) {
  // CHECK-NEXT: %[[S0:[0-9]+]] = molten.slice %[[X]] offsets = [0, 0] sizes = [-1, 64] strides = [1, 1] : tensor<?x128xf32> -> tensor<?x64xf32>
  %0 = molten.slice %x offsets = [0, 0] sizes = [-1, 64] strides = [1, 1]
      : tensor<?x128xf32> -> tensor<?x64xf32>
  // Odd elements: the last one read is 1 + 63 * 2 = 127.
  // CHECK-NEXT: %[[S1:[0-9]+]] = molten.slice %[[X]] offsets = [0, 1] sizes = [-1, 64] strides = [1, 2] : tensor<?x128xf32> -> tensor<?x64xf32>
  %1 = molten.slice %x offsets = [0, 1] sizes = [-1, 64] strides = [1, 2]
      : tensor<?x128xf32> -> tensor<?x64xf32>
  // The last element read in dimension 2 is 0 + 3 * 3 = 9, the last one.
  // CHECK-NEXT: %[[S2:[0-9]+]] = molten.slice %[[Y]] offsets = [2, 0, 0] sizes = [2, -1, 4] strides = [1, 1, 3] : tensor<4x?x10xbf16> -> tensor<2x?x4xbf16>
  %2 = molten.slice %y offsets = [2, 0, 0] sizes = [2, -1, 4] strides = [1, 1, 3]
      : tensor<4x?x10xbf16> -> tensor<2x?x4xbf16>
  // CHECK-NEXT: %[[S3:[0-9]+]] = molten.slice %[[X]] offsets = [0, 0] sizes = [-1, -1] strides = [1, 1] : tensor<?x128xf32> -> tensor<?x128xf32>
  %3 = molten.slice %x offsets = [0, 0] sizes = [-1, -1] strides = [1, 1]
      : tensor<?x128xf32> -> tensor<?x128xf32>
  // CHECK-NEXT: return %[[S0]], %[[S1]], %[[S2]], %[[S3]]
  return %0, %1, %2, %3 : tensor<?x64xf32>, tensor<?x64xf32>, tensor<2x?x4xbf16>, tensor<?x128xf32>
}
// GENERIC-LABEL: sym_name = "slice"
// GENERIC: "molten.slice"(%{{.*}}) <{offsets = array<i64: 0, 0>, sizes = array<i64: -1, 64>, strides = array<i64: 1, 1>}> : (tensor<?x128xf32>) -> tensor<?x64xf32>

// CHECK-LABEL: func.func @concat(
// CHECK-SAME:      %[[A:[a-z0-9_]+]]: tensor<?x64xf32>, %[[B:[a-z0-9_]+]]: tensor<?x64xf32>, %[[C:[a-z0-9_]+]]: tensor<2x?xbf16>, %[[D:[a-z0-9_]+]]: tensor<3x8xbf16>, %[[E:[a-z0-9_]+]]: tensor<5x8xbf16>)
func.func @concat(%a: tensor<?x64xf32>, %b: tensor<?x64xf32>,
                  %c: tensor<2x?xbf16>, %d: tensor<3x8xbf16>,
                  %e: tensor<5x8xbf16>)
    -> (tensor<?x128xf32>, tensor<?x64xf32>, tensor<10x8xbf16>, tensor<?x64xf32>) {
  // CHECK-NEXT: %[[C0:[0-9]+]] = molten.concat %[[A]], %[[B]] dim = 1 : tensor<?x64xf32>, tensor<?x64xf32> -> tensor<?x128xf32>
  %0 = molten.concat %a, %b dim = 1 : tensor<?x64xf32>, tensor<?x64xf32> -> tensor<?x128xf32>
  // CHECK-NEXT: %[[C1:[0-9]+]] = molten.concat %[[A]], %[[B]], %[[A]] dim = 0 : tensor<?x64xf32>, tensor<?x64xf32>, tensor<?x64xf32> -> tensor<?x64xf32>
  %1 = molten.concat %a, %b, %a dim = 0 : tensor<?x64xf32>, tensor<?x64xf32>, tensor<?x64xf32> -> tensor<?x64xf32>
  // The dynamic dimension of %c meets the static 8 of the others.
  // CHECK-NEXT: %[[C2:[0-9]+]] = molten.concat %[[C]], %[[D]], %[[E]] dim = 0 : tensor<2x?xbf16>, tensor<3x8xbf16>, tensor<5x8xbf16> -> tensor<10x8xbf16>
  %2 = molten.concat %c, %d, %e dim = 0 : tensor<2x?xbf16>, tensor<3x8xbf16>, tensor<5x8xbf16> -> tensor<10x8xbf16>
  // CHECK-NEXT: %[[C3:[0-9]+]] = molten.concat %[[A]] dim = 1 : tensor<?x64xf32> -> tensor<?x64xf32>
  %3 = molten.concat %a dim = 1 : tensor<?x64xf32> -> tensor<?x64xf32>
  // CHECK-NEXT: return %[[C0]], %[[C1]], %[[C2]], %[[C3]]
  return %0, %1, %2, %3 : tensor<?x128xf32>, tensor<?x64xf32>, tensor<10x8xbf16>, tensor<?x64xf32>
}
// GENERIC-LABEL: sym_name = "concat"
// GENERIC: "molten.concat"(%{{.*}}, %{{.*}}) <{dim = 1 : i64}> : (tensor<?x64xf32>, tensor<?x64xf32>) -> tensor<?x128xf32>

//===----------------------------------------------------------------------===//
// Fusion regions
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @fused_several_results(
// CHECK-SAME:      %[[X:[a-z0-9_]+]]: tensor<?x4096xf32>, %[[R:[a-z0-9_]+]]: tensor<?x4096xf32>, %[[W:[a-z0-9_]+]]: tensor<4096xf32>)
func.func @fused_several_results(%x: tensor<?x4096xf32>, %r: tensor<?x4096xf32>,
                                 %w: tensor<4096xf32>)
    -> (tensor<?x4096xf32>, tensor<?x4096xf32>, tensor<?x1xf32>) {
  // CHECK-NEXT: %[[F:[0-9]+]]:3 = molten.fused hero(row_reduction) ins(%[[X]], %[[R]], %[[W]] : tensor<?x4096xf32>, tensor<?x4096xf32>, tensor<4096xf32>) -> (tensor<?x4096xf32>, tensor<?x4096xf32>, tensor<?x1xf32>) {
  // CHECK-NEXT: ^bb0(%[[A:[a-z0-9_]+]]: tensor<?x4096xf32>, %[[B:[a-z0-9_]+]]: tensor<?x4096xf32>, %[[C:[a-z0-9_]+]]: tensor<4096xf32>):
  // CHECK-NEXT:   %[[S:[0-9]+]] = molten.add %[[A]], %[[B]] : tensor<?x4096xf32>, tensor<?x4096xf32>
  // CHECK-NEXT:   %[[N:[0-9]+]] = molten.rms_norm %[[S]], %[[C]] : tensor<?x4096xf32>, tensor<4096xf32>
  // CHECK-NEXT:   %[[M:[0-9]+]] = molten.reduce_max %[[N]] dims = [1] keepdim : tensor<?x4096xf32> -> tensor<?x1xf32>
  // CHECK-NEXT:   molten.yield %[[S]], %[[N]], %[[M]] : tensor<?x4096xf32>, tensor<?x4096xf32>, tensor<?x1xf32>
  // CHECK-NEXT: }
  %h:3 = molten.fused hero(row_reduction) ins(%x, %r, %w : tensor<?x4096xf32>, tensor<?x4096xf32>, tensor<4096xf32>)
      -> (tensor<?x4096xf32>, tensor<?x4096xf32>, tensor<?x1xf32>) {
  ^bb0(%a: tensor<?x4096xf32>, %b: tensor<?x4096xf32>, %c: tensor<4096xf32>):
    %s = molten.add %a, %b : tensor<?x4096xf32>, tensor<?x4096xf32>
    %n = molten.rms_norm %s, %c : tensor<?x4096xf32>, tensor<4096xf32>
    %m = molten.reduce_max %n dims = [1] keepdim : tensor<?x4096xf32> -> tensor<?x1xf32>
    molten.yield %s, %n, %m : tensor<?x4096xf32>, tensor<?x4096xf32>, tensor<?x1xf32>
  }
  // CHECK-NEXT: return %[[F]]#0, %[[F]]#1, %[[F]]#2 : tensor<?x4096xf32>, tensor<?x4096xf32>, tensor<?x1xf32>
  return %h#0, %h#1, %h#2 : tensor<?x4096xf32>, tensor<?x4096xf32>, tensor<?x1xf32>
}
// GENERIC-LABEL: sym_name = "fused_several_results"
// GENERIC: "molten.fused"(%{{.*}}, %{{.*}}, %{{.*}}) <{hero = 1 : i32}> ({
// GENERIC: "molten.yield"(%{{.*}}, %{{.*}}, %{{.*}}) : (tensor<?x4096xf32>, tensor<?x4096xf32>, tensor<?x1xf32>) -> ()
// GENERIC-NEXT: }) : (tensor<?x4096xf32>, tensor<?x4096xf32>, tensor<4096xf32>) -> (tensor<?x4096xf32>, tensor<?x4096xf32>, tensor<?x1xf32>)

// A region with no inputs (it computes from constants only) and a region
// that yields one of its arguments unchanged.
// CHECK-LABEL: func.func @fused_no_inputs(
// CHECK-SAME:      %[[X:[a-z0-9_]+]]: tensor<2xbf16>)
func.func @fused_no_inputs(%x: tensor<2xbf16>) -> (tensor<2xbf16>, tensor<2xbf16>) {
  // CHECK-NEXT: %[[F0:[0-9]+]] = molten.fused hero(loop) -> (tensor<2xbf16>) {
  // CHECK-NEXT:   %[[K:[0-9]+]] = molten.constant dense<[1.000000e+00, 2.000000e+00]> : tensor<2xbf16>
  // CHECK-NEXT:   %[[E:[0-9]+]] = molten.exp %[[K]] : tensor<2xbf16>
  // CHECK-NEXT:   molten.yield %[[E]] : tensor<2xbf16>
  // CHECK-NEXT: }
  %0 = molten.fused hero(loop) -> (tensor<2xbf16>) {
    %k = molten.constant dense<[1.0, 2.0]> : tensor<2xbf16>
    %e = molten.exp %k : tensor<2xbf16>
    molten.yield %e : tensor<2xbf16>
  }
  // CHECK-NEXT: %[[F1:[0-9]+]] = molten.fused hero(loop) ins(%[[X]] : tensor<2xbf16>) -> (tensor<2xbf16>) {
  // CHECK-NEXT: ^bb0(%[[A:[a-z0-9_]+]]: tensor<2xbf16>):
  // CHECK-NEXT:   molten.yield %[[A]] : tensor<2xbf16>
  // CHECK-NEXT: }
  %1 = molten.fused hero(loop) ins(%x : tensor<2xbf16>) -> (tensor<2xbf16>) {
  ^bb0(%a: tensor<2xbf16>):
    molten.yield %a : tensor<2xbf16>
  }
  // CHECK-NEXT: return %[[F0]], %[[F1]] : tensor<2xbf16>, tensor<2xbf16>
  return %0, %1 : tensor<2xbf16>, tensor<2xbf16>
}

// Index inputs carry the sizes that broadcast_to needs inside the region.
// CHECK-LABEL: func.func @fused_index_input(
// CHECK-SAME:      %[[X:[a-z0-9_]+]]: tensor<?x4096xf16>, %[[W:[a-z0-9_]+]]: tensor<4096xf16>)
func.func @fused_index_input(%x: tensor<?x4096xf16>, %w: tensor<4096xf16>)
    -> tensor<?x4096xf16> {
  // CHECK-NEXT: %[[C0:.+]] = arith.constant 0 : index
  // CHECK-NEXT: %[[N:.+]] = tensor.dim %[[X]], %[[C0]] : tensor<?x4096xf16>
  %c0 = arith.constant 0 : index
  %n = tensor.dim %x, %c0 : tensor<?x4096xf16>
  // CHECK-NEXT: %[[F:[0-9]+]] = molten.fused hero(loop) ins(%[[W]], %[[N]] : tensor<4096xf16>, index) -> (tensor<?x4096xf16>) {
  // CHECK-NEXT: ^bb0(%[[A:[a-z0-9_]+]]: tensor<4096xf16>, %[[I:[a-z0-9_]+]]: index):
  // CHECK-NEXT:   %[[B:[0-9]+]] = molten.broadcast_to %[[A]][%[[I]]] : tensor<4096xf16> -> tensor<?x4096xf16>
  // CHECK-NEXT:   molten.yield %[[B]] : tensor<?x4096xf16>
  // CHECK-NEXT: }
  %0 = molten.fused hero(loop) ins(%w, %n : tensor<4096xf16>, index) -> (tensor<?x4096xf16>) {
  ^bb0(%a: tensor<4096xf16>, %i: index):
    %b = molten.broadcast_to %a [%i] : tensor<4096xf16> -> tensor<?x4096xf16>
    molten.yield %b : tensor<?x4096xf16>
  }
  // CHECK-NEXT: return %[[F]] : tensor<?x4096xf16>
  return %0 : tensor<?x4096xf16>
}

// A launch plan (what convert-molten-to-gpu sets) round-trips: every size operator,
// each buffer role, tensor maps with and without a swizzle, `dependent`.
// CHECK-LABEL: func.func private @planned
// CHECK-SAME: molten.launch_plan = #molten.launch_plan<inputs 2 outputs 1 symbols 2 buffers [<input 0 bf16 [s0, 64]>, <input 1 bf16 [s1, / * s0 2 2]>, <output 0 f32 [s0, s1]>, <temp f32 [* le s0 16 * 2 * s0 s1]>] kernels [<"planned_k0" grid [max 1 min 132 cdiv * s0 s1 256, 1, 1] block [256, 1, 1] smem 0 buffers [0, 1, 2, 3] symbols [0, 1]>, <"planned_k1" grid [min 132 cdiv s0 64, 2, 1] block [384, 1, 1] smem 197696 buffers [0, 2] symbols [0, 1] tensormaps [<0 [1, s0, 64] box [1, 64, 64] swizzle 128>, <1 [s1, s0] box [16, 8] swizzle none>] dependent>]>
func.func private @planned() attributes {molten.launch_plan = #molten.launch_plan<inputs 2 outputs 1 symbols 2 buffers [<input 0 bf16 [s0, 64]>, <input 1 bf16 [s1, / * s0 2 2]>, <output 0 f32 [s0, s1]>, <temp f32 [* le s0 16 * 2 * s0 s1]>] kernels [<"planned_k0" grid [max 1 min 132 cdiv * s0 s1 256, 1, 1] block [256, 1, 1] smem 0 buffers [0, 1, 2, 3] symbols [0, 1]>, <"planned_k1" grid [min 132 cdiv s0 64, 2, 1] block [384, 1, 1] smem 197696 buffers [0, 2] symbols [0, 1] tensormaps [<0 [1, s0, 64] box [1, 64, 64] swizzle 128>, <1 [s1, s0] box [16, 8] swizzle none>] dependent>]>}

// A static mask against dynamic sequence lengths (checked at run time).
// CHECK-LABEL: func.func @attention_static_mask
// CHECK: molten.attention %{{.*}}, %{{.*}}, %{{.*}} mask(%{{.*}} : tensor<7x13xf32>)
func.func @attention_static_mask(%q: tensor<?x8xf32>, %k: tensor<?x8xf32>, %v: tensor<?x8xf32>, %m: tensor<7x13xf32>) -> tensor<?x8xf32> {
  %0 = molten.attention %q, %k, %v mask(%m : tensor<7x13xf32>) : tensor<?x8xf32>, tensor<?x8xf32>, tensor<?x8xf32> -> tensor<?x8xf32>
  return %0 : tensor<?x8xf32>
}
