// RUN: molten-opt %s --canonicalize -split-input-file | FileCheck %s
// The folded IR is a fixed point and verifies:
// RUN: molten-opt %s --canonicalize -split-input-file | molten-opt --verify-each --canonicalize -split-input-file | FileCheck %s

// Constant folding: unary ops, in double precision and rounded once.
// CHECK-LABEL: func.func @fold_unary(
// CHECK-SAME: ) -> (tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) {
// CHECK-NEXT: %[[V0:.*]] = molten.constant dense<[1.000000e+00, 4.000000e+00]> : tensor<2xf32>
// CHECK-NEXT: %[[V1:.*]] = molten.constant dense<[-1.000000e+00, 4.000000e+00]> : tensor<2xf32>
// CHECK-NEXT: %[[V2:.*]] = molten.constant dense<[2.71828175, 54.5981483]> : tensor<2xf32>
// CHECK-NEXT: %[[V3:.*]] = molten.constant dense<[1.000000e+00, 2.000000e+00]> : tensor<2xf32>
// CHECK-NEXT: %[[V4:.*]] = molten.constant dense<[1.000000e+00, 0.000000e+00]> : tensor<2xf32>
// CHECK-NEXT: %[[V5:.*]] = molten.constant dense<[5.000000e-01, -2.000000e+00]> : tensor<2xf32>
// CHECK-NEXT: return %[[V0]], %[[V1]], %[[V2]], %[[V3]], %[[V4]], %[[V5]] : tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>
func.func @fold_unary() -> (tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) {
  %c = molten.constant dense<[1.0, -4.0]> : tensor<2xf32>
  %a = molten.abs %c : tensor<2xf32>
  %n = molten.neg %c : tensor<2xf32>
  %e = molten.exp %a : tensor<2xf32>
  %s = molten.sqrt %a : tensor<2xf32>
  %r = molten.relu %c : tensor<2xf32>
  %k = molten.clamp %c min = -2.0 max = 0.5 : tensor<2xf32>
  return %a, %n, %e, %s, %r, %k : tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>
}

// -----

// CHECK-LABEL: func.func @fold_unary_splat(
// CHECK-SAME: ) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) {
// CHECK-NEXT: %[[V0:.*]] = molten.constant dense<5.000000e-01> : tensor<4xf32>
// CHECK-NEXT: %[[V1:.*]] = molten.constant dense<-0.693147182> : tensor<4xf32>
// CHECK-NEXT: %[[V2:.*]] = molten.constant dense<1.41421354> : tensor<4xf32>
// CHECK-NEXT: %[[V3:.*]] = molten.constant dense<0.462117165> : tensor<4xf32>
// CHECK-NEXT: %[[V4:.*]] = molten.constant dense<0.622459352> : tensor<4xf32>
// CHECK-NEXT: %[[V5:.*]] = molten.constant dense<0.311229676> : tensor<4xf32>
// CHECK-NEXT: %[[V6:.*]] = molten.constant dense<0.345731229> : tensor<4xf32>
// CHECK-NEXT: %[[V7:.*]] = molten.constant dense<3.457140e-01> : tensor<4xf32>
// CHECK-NEXT: %[[V8:.*]] = molten.constant dense<0.520499885> : tensor<4xf32>
// CHECK-NEXT: return %[[V1]], %[[V2]], %[[V3]], %[[V4]], %[[V5]], %[[V6]], %[[V7]], %[[V8]], %[[V0]] : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
func.func @fold_unary_splat() -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) {
  %c = molten.constant dense<0.5> : tensor<4xf32>
  %0 = molten.log %c : tensor<4xf32>
  %1 = molten.rsqrt %c : tensor<4xf32>
  %2 = molten.tanh %c : tensor<4xf32>
  %3 = molten.sigmoid %c : tensor<4xf32>
  %4 = molten.silu %c : tensor<4xf32>
  %5 = molten.gelu %c : tensor<4xf32>
  %6 = molten.gelu %c approximate = tanh : tensor<4xf32>
  %7 = molten.erf %c : tensor<4xf32>
  %8 = molten.cast %c : tensor<4xf32> to tensor<4xf32>
  return %0, %1, %2, %3, %4, %5, %6, %7, %8 : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
}

// -----

// NaN and inf are values like any other: log(-1) is NaN, 1/0 is inf,
// max propagates NaN.
// CHECK-LABEL: func.func @fold_nan_inf(
// CHECK-SAME: ) -> (tensor<f32>, tensor<f32>, tensor<f32>, tensor<f32>) {
// CHECK-NEXT: %[[V0:.*]] = molten.constant dense<0xFFC00000> : tensor<f32>
// CHECK-NEXT: %[[V1:.*]] = molten.constant dense<0x7F800000> : tensor<f32>
// CHECK-NEXT: %[[V2:.*]] = molten.constant dense<0x7FC00000> : tensor<f32>
// CHECK-NEXT: %[[V3:.*]] = molten.constant dense<1.000000e+00> : tensor<f32>
// CHECK-NEXT: return %[[V0]], %[[V1]], %[[V2]], %[[V3]] : tensor<f32>, tensor<f32>, tensor<f32>, tensor<f32>
func.func @fold_nan_inf() -> (tensor<f32>, tensor<f32>, tensor<f32>, tensor<f32>) {
  %m1 = molten.constant dense<-1.0> : tensor<f32>
  %z = molten.constant dense<0.0> : tensor<f32>
  %one = molten.constant dense<1.0> : tensor<f32>
  %l = molten.log %m1 : tensor<f32>
  %d = molten.div %one, %z : tensor<f32>, tensor<f32>
  %mx = molten.max %l, %one : tensor<f32>, tensor<f32>
  %mn = molten.min %d, %one : tensor<f32>, tensor<f32>
  return %l, %d, %mx, %mn : tensor<f32>, tensor<f32>, tensor<f32>, tensor<f32>
}

// -----

// Rounding to bf16 happens once, at the end (round to nearest even).
// CHECK-LABEL: func.func @fold_cast(
// CHECK-SAME: ) -> (tensor<2xbf16>, tensor<2xf16>) {
// CHECK-NEXT: %[[V0:.*]] = molten.constant dense<[1.000000e+00, 2.990080e+05]> : tensor<2xbf16>
// CHECK-NEXT: %[[V1:.*]] = molten.constant dense<[1.003910e+00, 0x7C00]> : tensor<2xf16>
// CHECK-NEXT: return %[[V0]], %[[V1]] : tensor<2xbf16>, tensor<2xf16>
func.func @fold_cast() -> (tensor<2xbf16>, tensor<2xf16>) {
  %c = molten.constant dense<[1.00390625, 3.0e+05]> : tensor<2xf32>
  %b = molten.cast %c : tensor<2xf32> to tensor<2xbf16>
  %h = molten.cast %c : tensor<2xf32> to tensor<2xf16>
  return %b, %h : tensor<2xbf16>, tensor<2xf16>
}

// -----

// Binary ops broadcast their constant operands.
// CHECK-LABEL: func.func @fold_binary(
// CHECK-SAME: ) -> (tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>) {
// CHECK-NEXT: %[[V0:.*]] = molten.constant dense<{{\[\[}}1.100000e+01, 2.200000e+01], [1.300000e+01, 2.400000e+01{{\]\]}}> : tensor<2x2xf32>
// CHECK-NEXT: %[[V1:.*]] = molten.constant dense<{{\[\[}}-1.000000e+00, 0.000000e+00], [2.500000e+00, 3.500000e+00{{\]\]}}> : tensor<2x2xf32>
// CHECK-NEXT: %[[V2:.*]] = molten.constant dense<{{\[\[}}2.000000e+01, 4.000000e+01], [5.000000e+00, 1.000000e+01{{\]\]}}> : tensor<2x2xf32>
// CHECK-NEXT: %[[V3:.*]] = molten.constant dense<{{\[\[}}5.000000e-01, 1.000000e+00], [6.000000e+00, 8.000000e+00{{\]\]}}> : tensor<2x2xf32>
// CHECK-NEXT: %[[V4:.*]] = molten.constant dense<{{\[\[}}1.000000e+00, 4.000000e+00], [1.73205078, 2.000000e+00{{\]\]}}> : tensor<2x2xf32>
// CHECK-NEXT: %[[V5:.*]] = molten.constant dense<{{\[\[}}2.000000e+00, 2.000000e+00], [3.000000e+00, 4.000000e+00{{\]\]}}> : tensor<2x2xf32>
// CHECK-NEXT: return %[[V0]], %[[V1]], %[[V2]], %[[V3]], %[[V4]], %[[V5]] : tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>
func.func @fold_binary() -> (tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>) {
  %a = molten.constant dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>
  %b = molten.constant dense<[10.0, 20.0]> : tensor<2xf32>
  %c = molten.constant dense<[[2.0], [0.5]]> : tensor<2x1xf32>
  %0 = molten.add %a, %b : tensor<2x2xf32>, tensor<2xf32>
  %1 = molten.sub %a, %c : tensor<2x2xf32>, tensor<2x1xf32>
  %2 = molten.mul %b, %c : tensor<2xf32>, tensor<2x1xf32>
  %3 = molten.div %a, %c : tensor<2x2xf32>, tensor<2x1xf32>
  %4 = molten.pow %a, %c : tensor<2x2xf32>, tensor<2x1xf32>
  %5 = molten.max %a, %c : tensor<2x2xf32>, tensor<2x1xf32>
  return %0, %1, %2, %3, %4, %5 : tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>
}

// -----

// CHECK-LABEL: func.func @fold_compare_select(
// CHECK-SAME: ) -> (tensor<3xi1>, tensor<3xi1>, tensor<3xf32>) {
// CHECK-NEXT: %[[V0:.*]] = molten.constant dense<[true, false, false]> : tensor<3xi1>
// CHECK-NEXT: %[[V1:.*]] = molten.constant dense<[true, false, true]> : tensor<3xi1>
// CHECK-NEXT: %[[V2:.*]] = molten.constant dense<[1.000000e+00, 2.000000e+00, 2.000000e+00]> : tensor<3xf32>
// CHECK-NEXT: return %[[V0]], %[[V1]], %[[V2]] : tensor<3xi1>, tensor<3xi1>, tensor<3xf32>
func.func @fold_compare_select() -> (tensor<3xi1>, tensor<3xi1>, tensor<3xf32>) {
  %a = molten.constant dense<[1.0, 2.0, 0x7FC00000]> : tensor<3xf32>
  %b = molten.constant dense<2.0> : tensor<f32>
  %lt = molten.compare lt, %a, %b : tensor<3xf32>, tensor<f32>
  %ne = molten.compare ne, %a, %b : tensor<3xf32>, tensor<f32>
  %s = molten.select %lt, %a, %b : tensor<3xi1>, tensor<3xf32>, tensor<f32>
  return %lt, %ne, %s : tensor<3xi1>, tensor<3xi1>, tensor<3xf32>
}

// -----

// CHECK-LABEL: func.func @fold_reductions(
// CHECK-SAME: ) -> (tensor<2xf32>, tensor<1x3xf32>, tensor<2x1xf32>, tensor<f32>, tensor<2xf32>) {
// CHECK-NEXT: %[[V0:.*]] = molten.constant dense<[6.000000e+00, 1.600000e+01]> : tensor<2xf32>
// CHECK-NEXT: %[[V1:.*]] = molten.constant dense<{{\[\[}}2.500000e+00, 3.500000e+00, 5.000000e+00{{\]\]}}> : tensor<1x3xf32>
// CHECK-NEXT: %[[V2:.*]] = molten.constant dense<{{\[\[}}3.000000e+00], [7.000000e+00{{\]\]}}> : tensor<2x1xf32>
// CHECK-NEXT: %[[V3:.*]] = molten.constant dense<1.000000e+00> : tensor<f32>
// CHECK-NEXT: %[[V4:.*]] = molten.constant dense<6.000000e+00> : tensor<2xf32>
// CHECK-NEXT: return %[[V0]], %[[V1]], %[[V2]], %[[V3]], %[[V4]] : tensor<2xf32>, tensor<1x3xf32>, tensor<2x1xf32>, tensor<f32>, tensor<2xf32>
func.func @fold_reductions() -> (tensor<2xf32>, tensor<1x3xf32>, tensor<2x1xf32>, tensor<f32>, tensor<2xf32>) {
  %a = molten.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 7.0]]> : tensor<2x3xf32>
  %s = molten.reduce_sum %a dims = [1] : tensor<2x3xf32> -> tensor<2xf32>
  %m = molten.reduce_mean %a dims = [0] keepdim : tensor<2x3xf32> -> tensor<1x3xf32>
  %x = molten.reduce_max %a dims = [1] keepdim : tensor<2x3xf32> -> tensor<2x1xf32>
  %n = molten.reduce_min %a dims = [0, 1] : tensor<2x3xf32> -> tensor<f32>
  %sp = molten.constant dense<1.5> : tensor<2x4xf32>
  %t = molten.reduce_sum %sp dims = [1] : tensor<2x4xf32> -> tensor<2xf32>
  return %s, %m, %x, %n, %t : tensor<2xf32>, tensor<1x3xf32>, tensor<2x1xf32>, tensor<f32>, tensor<2xf32>
}

// -----

// Identities that hold for every input, NaN and inf included.
// CHECK-LABEL: func.func @identities(
// CHECK-SAME: %[[A0:.*]]: tensor<?x8xf32>, %[[A1:.*]]: index) -> (tensor<?x8xf32>, tensor<?x8xf32>, tensor<?x8xf32>, tensor<?x8xf32>, tensor<?x8xf32>, tensor<?x8xf32>, tensor<?x8xf32>, tensor<?x8xf32>) {
// CHECK-NEXT: return %[[A0]], %[[A0]], %[[A0]], %[[A0]], %[[A0]], %[[A0]], %[[A0]], %[[A0]] : tensor<?x8xf32>, tensor<?x8xf32>, tensor<?x8xf32>, tensor<?x8xf32>, tensor<?x8xf32>, tensor<?x8xf32>, tensor<?x8xf32>, tensor<?x8xf32>
func.func @identities(%x: tensor<?x8xf32>, %n: index) -> (tensor<?x8xf32>, tensor<?x8xf32>, tensor<?x8xf32>, tensor<?x8xf32>, tensor<?x8xf32>, tensor<?x8xf32>, tensor<?x8xf32>, tensor<?x8xf32>) {
  %zero = molten.constant dense<0.0> : tensor<f32>
  %one = molten.constant dense<1.0> : tensor<8xf32>
  %0 = molten.add %x, %zero : tensor<?x8xf32>, tensor<f32>
  %1 = molten.add %zero, %0 : tensor<f32>, tensor<?x8xf32>
  %2 = molten.sub %1, %zero : tensor<?x8xf32>, tensor<f32>
  %3 = molten.mul %one, %2 : tensor<8xf32>, tensor<?x8xf32>
  %4 = molten.mul %3, %one : tensor<?x8xf32>, tensor<8xf32>
  %5 = molten.div %4, %one : tensor<?x8xf32>, tensor<8xf32>
  %6 = molten.pow %5, %one : tensor<?x8xf32>, tensor<8xf32>
  %7 = molten.neg %6 : tensor<?x8xf32>
  %8 = molten.neg %7 : tensor<?x8xf32>
  %9 = molten.cast %8 : tensor<?x8xf32> to tensor<?x8xf32>
  %10 = molten.reshape %9 : tensor<?x8xf32> -> tensor<?x8xf32>
  %11 = molten.transpose %10 permutation = [0, 1] : tensor<?x8xf32> -> tensor<?x8xf32>
  %12 = molten.broadcast_to %11 [%n] : tensor<?x8xf32> -> tensor<?x8xf32>
  %13 = molten.slice %12 offsets = [0, 0] sizes = [-1, 8] strides = [1, 1] : tensor<?x8xf32> -> tensor<?x8xf32>
  %14 = molten.concat %13 dim = 1 : tensor<?x8xf32> -> tensor<?x8xf32>
  %15 = molten.reduce_sum %14 dims = [1] keepdim : tensor<?x8xf32> -> tensor<?x1xf32>
  %16 = molten.reshape %14 : tensor<?x8xf32> -> tensor<?x8x1xf32>
  %17 = molten.reduce_max %16 dims = [2] keepdim : tensor<?x8x1xf32> -> tensor<?x8x1xf32>
  %18 = molten.reshape %17 : tensor<?x8x1xf32> -> tensor<?x8xf32>
  %c = molten.compare gt, %x, %18 : tensor<?x8xf32>, tensor<?x8xf32>
  %19 = molten.select %c, %18, %18 : tensor<?x8xi1>, tensor<?x8xf32>, tensor<?x8xf32>
  %t = molten.constant dense<true> : tensor<i1>
  %20 = molten.select %t, %19, %x : tensor<i1>, tensor<?x8xf32>, tensor<?x8xf32>
  return %0, %2, %4, %6, %8, %14, %18, %20 : tensor<?x8xf32>, tensor<?x8xf32>, tensor<?x8xf32>, tensor<?x8xf32>, tensor<?x8xf32>, tensor<?x8xf32>, tensor<?x8xf32>, tensor<?x8xf32>
}

// -----

// A round trip through a wider type is the identity; one through a
// narrower or different type is not.
// CHECK-LABEL: func.func @cast_chains(
// CHECK-SAME: %[[A0:.*]]: tensor<4xf16>, %[[A1:.*]]: tensor<4xbf16>, %[[A2:.*]]: tensor<4xf32>) -> (tensor<4xf16>, tensor<4xbf16>, tensor<4xf16>, tensor<4xf32>, tensor<4xbf16>) {
// CHECK-NEXT: %[[V0:.*]] = molten.cast %[[A1]] : tensor<4xbf16> to tensor<4xf16>
// CHECK-NEXT: %[[V1:.*]] = molten.cast %[[A2]] : tensor<4xf32> to tensor<4xbf16>
// CHECK-NEXT: %[[V2:.*]] = molten.cast %[[V1]] : tensor<4xbf16> to tensor<4xf32>
// CHECK-NEXT: %[[V3:.*]] = molten.cast %[[A1]] : tensor<4xbf16> to tensor<4xf16>
// CHECK-NEXT: %[[V4:.*]] = molten.cast %[[V3]] : tensor<4xf16> to tensor<4xbf16>
// CHECK-NEXT: return %[[A0]], %[[A1]], %[[V0]], %[[V2]], %[[V4]] : tensor<4xf16>, tensor<4xbf16>, tensor<4xf16>, tensor<4xf32>, tensor<4xbf16>
func.func @cast_chains(%h: tensor<4xf16>, %b: tensor<4xbf16>, %f: tensor<4xf32>) -> (tensor<4xf16>, tensor<4xbf16>, tensor<4xf16>, tensor<4xf32>, tensor<4xbf16>) {
  %0 = molten.cast %h : tensor<4xf16> to tensor<4xf32>
  %1 = molten.cast %0 : tensor<4xf32> to tensor<4xf16>
  %2 = molten.cast %b : tensor<4xbf16> to tensor<4xf32>
  %3 = molten.cast %2 : tensor<4xf32> to tensor<4xbf16>
  %4 = molten.cast %2 : tensor<4xf32> to tensor<4xf16>
  %5 = molten.cast %f : tensor<4xf32> to tensor<4xbf16>
  %6 = molten.cast %5 : tensor<4xbf16> to tensor<4xf32>
  %7 = molten.cast %b : tensor<4xbf16> to tensor<4xf16>
  %8 = molten.cast %7 : tensor<4xf16> to tensor<4xbf16>
  return %1, %3, %4, %6, %8 : tensor<4xf16>, tensor<4xbf16>, tensor<4xf16>, tensor<4xf32>, tensor<4xbf16>
}

// -----

// CHECK-LABEL: func.func @data_movement_chains(
// CHECK-SAME: %[[A0:.*]]: tensor<?x4x6xf32>) -> (tensor<?x24xf32>, tensor<?x6x4xf32>, tensor<?x4x6xf32>, tensor<2x3xf32>, tensor<3x2xf32>) {
// CHECK-NEXT: %[[V0:.*]] = molten.constant dense<{{\[\[}}8.000000e+00, 9.000000e+00, 1.000000e+01], [1.100000e+01, 1.200000e+01, 1.300000e+01{{\]\]}}> : tensor<2x3xf32>
// CHECK-NEXT: %[[V1:.*]] = molten.constant dense<7.000000e+00> : tensor<3x2xf32>
// CHECK-NEXT: %[[V2:.*]] = molten.reshape %[[A0]] : tensor<?x4x6xf32> -> tensor<?x24xf32>
// CHECK-NEXT: %[[V3:.*]] = molten.transpose %[[A0]] permutation = [0, 2, 1] : tensor<?x4x6xf32> -> tensor<?x6x4xf32>
// CHECK-NEXT: return %[[V2]], %[[V3]], %[[A0]], %[[V0]], %[[V1]] : tensor<?x24xf32>, tensor<?x6x4xf32>, tensor<?x4x6xf32>, tensor<2x3xf32>, tensor<3x2xf32>
func.func @data_movement_chains(%x: tensor<?x4x6xf32>) -> (tensor<?x24xf32>, tensor<?x6x4xf32>, tensor<?x4x6xf32>, tensor<2x3xf32>, tensor<3x2xf32>) {
  %0 = molten.reshape %x : tensor<?x4x6xf32> -> tensor<?x2x12xf32>
  %1 = molten.reshape %0 : tensor<?x2x12xf32> -> tensor<?x24xf32>
  %2 = molten.transpose %x permutation = [2, 0, 1] : tensor<?x4x6xf32> -> tensor<6x?x4xf32>
  %3 = molten.transpose %2 permutation = [1, 0, 2] : tensor<6x?x4xf32> -> tensor<?x6x4xf32>
  %4 = molten.transpose %3 permutation = [0, 2, 1] : tensor<?x6x4xf32> -> tensor<?x4x6xf32>
  %c = molten.constant dense<[1.0, 2.0, 3.0, 4.0, 5.0, 6.0]> : tensor<6xf32>
  %5 = molten.reshape %c : tensor<6xf32> -> tensor<2x3xf32>
  %s = molten.constant dense<7.0> : tensor<3xf32>
  %6 = molten.broadcast_to %s : tensor<3xf32> -> tensor<2x3xf32>
  %7 = molten.transpose %6 permutation = [1, 0] : tensor<2x3xf32> -> tensor<3x2xf32>
  %8 = molten.add %5, %6 : tensor<2x3xf32>, tensor<2x3xf32>
  return %1, %3, %4, %8, %7 : tensor<?x24xf32>, tensor<?x6x4xf32>, tensor<?x4x6xf32>, tensor<2x3xf32>, tensor<3x2xf32>
}

// -----

// A transpose that keeps the order of every dim but the size-1 ones moves
// no element: a reshape (attention's output at one token). Not where
// dims other than size 1 change order, nor where the reshape's result would
// have two dynamic dims.
// CHECK-LABEL: func.func @transpose_of_unit_dims(
// CHECK-SAME: %[[X:[^:]*]]: tensor<1x32x1x128xbf16>, %[[Y:[^:]*]]: tensor<1x?x1x128xbf16>, %[[Z:[^:]*]]: tensor<2x1x3xf32>, %[[W:[^:]*]]: tensor<?x1x?xf32>)
// CHECK-NEXT: %[[A:.*]] = molten.reshape %[[X]] : tensor<1x32x1x128xbf16> -> tensor<1x1x32x128xbf16>
// CHECK-NEXT: %[[B:.*]] = molten.reshape %[[Y]] : tensor<1x?x1x128xbf16> -> tensor<1x1x?x128xbf16>
// CHECK-NEXT: %[[C:.*]] = molten.transpose %[[Z]] permutation = [2, 1, 0]
// CHECK-NEXT: %[[D:.*]] = molten.transpose %[[W]] permutation = [1, 0, 2]
// CHECK-NEXT: return %[[A]], %[[B]], %[[C]], %[[D]]
func.func @transpose_of_unit_dims(%x: tensor<1x32x1x128xbf16>, %y: tensor<1x?x1x128xbf16>, %z: tensor<2x1x3xf32>, %w: tensor<?x1x?xf32>) -> (tensor<1x1x32x128xbf16>, tensor<1x1x?x128xbf16>, tensor<3x1x2xf32>, tensor<1x?x?xf32>) {
  %a = molten.transpose %x permutation = [0, 2, 1, 3] : tensor<1x32x1x128xbf16> -> tensor<1x1x32x128xbf16>
  %b = molten.transpose %y permutation = [0, 2, 1, 3] : tensor<1x?x1x128xbf16> -> tensor<1x1x?x128xbf16>
  %c = molten.transpose %z permutation = [2, 1, 0] : tensor<2x1x3xf32> -> tensor<3x1x2xf32>
  %d = molten.transpose %w permutation = [1, 0, 2] : tensor<?x1x?xf32> -> tensor<1x?x?xf32>
  return %a, %b, %c, %d : tensor<1x1x32x128xbf16>, tensor<1x1x?x128xbf16>, tensor<3x1x2xf32>, tensor<1x?x?xf32>
}

// -----

// What must NOT fold.
// CHECK-LABEL: func.func @no_fold(
// CHECK-SAME: %[[A0:.*]]: tensor<?x8xf32>, %[[A1:.*]]: tensor<8xf32>) -> (tensor<?x8xf32>, tensor<?x8xf32>, tensor<?x8xf32>, tensor<?x8xf32>, tensor<2x8xf32>, tensor<?x8xf32>, tensor<?x1xf32>) {
// CHECK-NEXT: %[[V0:.*]] = molten.constant dense<0.000000e+00> : tensor<f32>
// CHECK-NEXT: %[[V1:.*]] = molten.constant dense<1.000000e+00> : tensor<f32>
// CHECK-NEXT: %[[V2:.*]] = molten.constant dense<0.000000e+00> : tensor<2x8xf32>
// CHECK-NEXT: %[[V3:.*]] = molten.mul %[[A0]], %[[V0]] : tensor<?x8xf32>, tensor<f32>
// CHECK-NEXT: %[[V4:.*]] = molten.sub %[[A0]], %[[A0]] : tensor<?x8xf32>, tensor<?x8xf32>
// CHECK-NEXT: %[[V5:.*]] = molten.div %[[A0]], %[[A0]] : tensor<?x8xf32>, tensor<?x8xf32>
// CHECK-NEXT: %[[V6:.*]] = molten.add %[[A0]], %[[V1]] : tensor<?x8xf32>, tensor<f32>
// CHECK-NEXT: %[[V7:.*]] = molten.add %[[A1]], %[[V2]] : tensor<8xf32>, tensor<2x8xf32>
// CHECK-NEXT: %[[V8:.*]] = molten.reduce_max %[[A0]] dims = [1] keepdim : tensor<?x8xf32> -> tensor<?x1xf32>
// CHECK-NEXT: %[[V9:.*]] = molten.max %[[A0]], %[[A0]] : tensor<?x8xf32>, tensor<?x8xf32>
// CHECK-NEXT: return %[[V3]], %[[V4]], %[[V5]], %[[V6]], %[[V7]], %[[V9]], %[[V8]] : tensor<?x8xf32>, tensor<?x8xf32>, tensor<?x8xf32>, tensor<?x8xf32>, tensor<2x8xf32>, tensor<?x8xf32>, tensor<?x1xf32>
func.func @no_fold(%x: tensor<?x8xf32>, %v: tensor<8xf32>) -> (tensor<?x8xf32>, tensor<?x8xf32>, tensor<?x8xf32>, tensor<?x8xf32>, tensor<2x8xf32>, tensor<?x8xf32>, tensor<?x1xf32>) {
  %zero = molten.constant dense<0.0> : tensor<f32>
  %one = molten.constant dense<1.0> : tensor<f32>
  %zeros = molten.constant dense<0.0> : tensor<2x8xf32>
  // x * 0 is NaN for NaN and inf: not 0.
  %0 = molten.mul %x, %zero : tensor<?x8xf32>, tensor<f32>
  // x - x is NaN for inf.
  %1 = molten.sub %x, %x : tensor<?x8xf32>, tensor<?x8xf32>
  // x / x is NaN for 0 and inf.
  %2 = molten.div %x, %x : tensor<?x8xf32>, tensor<?x8xf32>
  // x + 1 is not x.
  %3 = molten.add %x, %one : tensor<?x8xf32>, tensor<f32>
  // v + 0 where the zero broadcasts v to a larger shape: not v.
  %4 = molten.add %v, %zeros : tensor<8xf32>, tensor<2x8xf32>
  // A reduction over a dim that is not 1.
  %5 = molten.reduce_max %x dims = [1] keepdim : tensor<?x8xf32> -> tensor<?x1xf32>
  %6 = molten.max %x, %x : tensor<?x8xf32>, tensor<?x8xf32>
  return %0, %1, %2, %3, %4, %6, %5 : tensor<?x8xf32>, tensor<?x8xf32>, tensor<?x8xf32>, tensor<?x8xf32>, tensor<2x8xf32>, tensor<?x8xf32>, tensor<?x1xf32>
}

// -----

// CHECK-LABEL: func.func @no_fold_movement(
// CHECK-SAME: %[[A0:.*]]: tensor<?x8xf32>, %[[A1:.*]]: tensor<8xf32>, %[[A2:.*]]: index) -> (tensor<?x2x4xf32>, tensor<8x?xf32>, tensor<?x8xf32>, tensor<?x4xf32>, tensor<?x16xf32>) {
// CHECK-NEXT: %[[V0:.*]] = molten.reshape %[[A0]] : tensor<?x8xf32> -> tensor<?x2x4xf32>
// CHECK-NEXT: %[[V1:.*]] = molten.transpose %[[A0]] permutation = [1, 0] : tensor<?x8xf32> -> tensor<8x?xf32>
// CHECK-NEXT: %[[V2:.*]] = molten.broadcast_to %[[A1]][%[[A2]]] : tensor<8xf32> -> tensor<?x8xf32>
// CHECK-NEXT: %[[V3:.*]] = molten.slice %[[A0]] offsets = [0, 1] sizes = [-1, 4] strides = [1, 1] : tensor<?x8xf32> -> tensor<?x4xf32>
// CHECK-NEXT: %[[V4:.*]] = molten.concat %[[A0]], %[[A0]] dim = 1 : tensor<?x8xf32>, tensor<?x8xf32> -> tensor<?x16xf32>
// CHECK-NEXT: return %[[V0]], %[[V1]], %[[V2]], %[[V3]], %[[V4]] : tensor<?x2x4xf32>, tensor<8x?xf32>, tensor<?x8xf32>, tensor<?x4xf32>, tensor<?x16xf32>
func.func @no_fold_movement(%x: tensor<?x8xf32>, %w: tensor<8xf32>, %n: index) -> (tensor<?x2x4xf32>, tensor<8x?xf32>, tensor<?x8xf32>, tensor<?x4xf32>, tensor<?x16xf32>) {
  %0 = molten.reshape %x : tensor<?x8xf32> -> tensor<?x2x4xf32>
  %1 = molten.transpose %x permutation = [1, 0] : tensor<?x8xf32> -> tensor<8x?xf32>
  %2 = molten.broadcast_to %w [%n] : tensor<8xf32> -> tensor<?x8xf32>
  %3 = molten.slice %x offsets = [0, 1] sizes = [-1, 4] strides = [1, 1] : tensor<?x8xf32> -> tensor<?x4xf32>
  %4 = molten.concat %x, %x dim = 1 : tensor<?x8xf32>, tensor<?x8xf32> -> tensor<?x16xf32>
  return %0, %1, %2, %3, %4 : tensor<?x2x4xf32>, tensor<8x?xf32>, tensor<?x8xf32>, tensor<?x4xf32>, tensor<?x16xf32>
}
