// RUN: molten-opt %s --convert-molten-to-linalg -split-input-file | FileCheck %s
// RUN: molten-opt %s --convert-molten-to-linalg=f64 -split-input-file | FileCheck %s --check-prefix=F64

// Every molten op on tensors becomes linalg.generic (or a tensor op) with the
// op's formula in arith/math. f16/bf16 compute in f32 with one rounding; with
// f64, every float type in the module becomes f64.

// CHECK-DAG: #[[ID1:.*]] = affine_map<(d0) -> (d0)>
// CHECK-LABEL: func.func @neg
// CHECK-SAME: (%[[X:.*]]: tensor<4xf32>)
// CHECK: %[[E:.*]] = tensor.empty() : tensor<4xf32>
// CHECK: linalg.generic {indexing_maps = [#[[ID1]], #[[ID1]]], iterator_types = ["parallel"]}
// CHECK-SAME: ins(%[[X]] : tensor<4xf32>) outs(%[[E]] : tensor<4xf32>)
// CHECK-NEXT: ^bb0(%[[IN:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT: %[[R:.*]] = arith.negf %[[IN]] : f32
// CHECK-NEXT: linalg.yield %[[R]] : f32
// CHECK-NOT: molten.
func.func @neg(%x: tensor<4xf32>) -> tensor<4xf32> {
  %y = molten.neg %x : tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

// bf16: extf in, compute in f32, truncf once; the dynamic dim of the result
// is the operand's.
// CHECK-LABEL: func.func @abs_bf16
// CHECK-SAME: (%[[X:.*]]: tensor<?x4xbf16>)
// CHECK: %[[C0:.*]] = arith.constant 0 : index
// CHECK: %[[D:.*]] = tensor.dim %[[X]], %[[C0]] : tensor<?x4xbf16>
// CHECK: %[[E:.*]] = tensor.empty(%[[D]]) : tensor<?x4xbf16>
// CHECK: linalg.generic
// CHECK-SAME: outs(%[[E]] : tensor<?x4xbf16>)
// CHECK-NEXT: ^bb0(%[[IN:.*]]: bf16, %{{.*}}: bf16):
// CHECK-NEXT: %[[W:.*]] = arith.extf %[[IN]] : bf16 to f32
// CHECK-NEXT: %[[A:.*]] = math.absf %[[W]] : f32
// CHECK-NEXT: %[[T:.*]] = arith.truncf %[[A]] : f32 to bf16
// CHECK-NEXT: linalg.yield %[[T]] : bf16
// CHECK: } -> tensor<?x4xbf16>

// F64-LABEL: func.func @abs_bf16
// F64-SAME: (%{{.*}}: tensor<?x4xf64>) -> tensor<?x4xf64>
// F64: ^bb0(%[[IN:.*]]: f64, %{{.*}}: f64):
// F64-NEXT: %[[A:.*]] = math.absf %[[IN]] : f64
// F64-NEXT: linalg.yield %[[A]] : f64
// F64-NOT: bf16
func.func @abs_bf16(%x: tensor<?x4xbf16>) -> tensor<?x4xbf16> {
  %y = molten.abs %x : tensor<?x4xbf16>
  return %y : tensor<?x4xbf16>
}

// -----

// CHECK-LABEL: func.func @exp_log_sqrt
// CHECK: math.exp %{{.*}} : f32
// CHECK: math.log %{{.*}} : f32
// CHECK: math.sqrt %{{.*}} : f32
func.func @exp_log_sqrt(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) {
  %a = molten.exp %x : tensor<4xf32>
  %b = molten.log %x : tensor<4xf32>
  %c = molten.sqrt %x : tensor<4xf32>
  return %a, %b, %c : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
}

// -----

// 1 / sqrt(x), spelled out (math.rsqrt has no libm function on the CPU).
// CHECK-LABEL: func.func @rsqrt
// CHECK: ^bb0(%[[IN:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT: %[[ONE:.*]] = arith.constant 1.000000e+00 : f32
// CHECK-NEXT: %[[S:.*]] = math.sqrt %[[IN]] : f32
// CHECK-NEXT: %[[R:.*]] = arith.divf %[[ONE]], %[[S]] : f32
// CHECK-NEXT: linalg.yield %[[R]] : f32
func.func @rsqrt(%x: tensor<4xf32>) -> tensor<4xf32> {
  %y = molten.rsqrt %x : tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

// CHECK-LABEL: func.func @tanh_erf
// CHECK: math.tanh %{{.*}} : f32
// CHECK: math.erf %{{.*}} : f32
func.func @tanh_erf(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>) {
  %a = molten.tanh %x : tensor<4xf32>
  %b = molten.erf %x : tensor<4xf32>
  return %a, %b : tensor<4xf32>, tensor<4xf32>
}

// -----

// sigmoid = 1 / (e^-x + 1), the formula in MoltenOps.td
// CHECK-LABEL: func.func @sigmoid
// CHECK: ^bb0(%[[IN:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT: %[[N:.*]] = arith.negf %[[IN]] : f32
// CHECK-NEXT: %[[E:.*]] = math.exp %[[N]] : f32
// CHECK-NEXT: %[[ONE:.*]] = arith.constant 1.000000e+00 : f32
// CHECK-NEXT: %[[D:.*]] = arith.addf %[[E]], %[[ONE]] : f32
// CHECK-NEXT: %[[ONE2:.*]] = arith.constant 1.000000e+00 : f32
// CHECK-NEXT: %[[R:.*]] = arith.divf %[[ONE2]], %[[D]] : f32
// CHECK-NEXT: linalg.yield %[[R]] : f32
func.func @sigmoid(%x: tensor<4xf32>) -> tensor<4xf32> {
  %y = molten.sigmoid %x : tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

// silu = x * sigmoid(x)
// CHECK-LABEL: func.func @silu
// CHECK: ^bb0(%[[IN:.*]]: f32, %{{.*}}: f32):
// CHECK: %[[S:.*]] = arith.divf
// CHECK-NEXT: %[[R:.*]] = arith.mulf %[[IN]], %[[S]] : f32
// CHECK-NEXT: linalg.yield %[[R]] : f32
func.func @silu(%x: tensor<4xf32>) -> tensor<4xf32> {
  %y = molten.silu %x : tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

// relu = max(x, 0), NaN-propagating.
// CHECK-LABEL: func.func @relu
// CHECK: ^bb0(%[[IN:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT: %[[Z:.*]] = arith.constant 0.000000e+00 : f32
// CHECK-NEXT: %[[R:.*]] = arith.maximumf %[[IN]], %[[Z]] : f32
func.func @relu(%x: tensor<4xf32>) -> tensor<4xf32> {
  %y = molten.relu %x : tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

// gelu = (x * 0.5) * (erf(x * (1 / sqrt(2))) + 1)
// CHECK-LABEL: func.func @gelu
// CHECK: ^bb0(%[[IN:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT: %[[HALF:.*]] = arith.constant 5.000000e-01 : f32
// CHECK-NEXT: %[[HX:.*]] = arith.mulf %[[IN]], %[[HALF]] : f32
// CHECK-NEXT: %[[RSQRT2:.*]] = arith.constant 0.707106769 : f32
// CHECK-NEXT: %[[A:.*]] = arith.mulf %[[IN]], %[[RSQRT2]] : f32
// CHECK-NEXT: %[[B:.*]] = math.erf %[[A]] : f32
// CHECK-NEXT: %[[ONE:.*]] = arith.constant 1.000000e+00 : f32
// CHECK-NEXT: %[[C:.*]] = arith.addf %[[B]], %[[ONE]] : f32
// CHECK-NEXT: %[[R:.*]] = arith.mulf %[[HX]], %[[C]] : f32
// CHECK-NEXT: linalg.yield %[[R]] : f32
func.func @gelu(%x: tensor<4xf32>) -> tensor<4xf32> {
  %y = molten.gelu %x : tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

// gelu tanh = 0.5 x (1 + tanh(u)), u = sqrt(2 / pi) (x + 0.044715 x^3),
// computed as x / (1 + e^-2u)
// CHECK-LABEL: func.func @gelu_tanh
// CHECK: ^bb0(%[[IN:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT: %[[X2:.*]] = arith.mulf %[[IN]], %[[IN]] : f32
// CHECK-NEXT: %[[X3:.*]] = arith.mulf %[[X2]], %[[IN]] : f32
// CHECK-NEXT: %[[K:.*]] = arith.constant 4.471500e-02 : f32
// CHECK-NEXT: %[[KX3:.*]] = arith.mulf %[[X3]], %[[K]] : f32
// CHECK-NEXT: %[[SUM:.*]] = arith.addf %[[IN]], %[[KX3]] : f32
// CHECK-NEXT: %[[S:.*]] = arith.constant -1.59576917 : f32
// CHECK-NEXT: %[[M2U:.*]] = arith.mulf %[[SUM]], %[[S]] : f32
// CHECK-NEXT: %[[E:.*]] = math.exp %[[M2U]] : f32
// CHECK-NEXT: %[[ONE:.*]] = arith.constant 1.000000e+00 : f32
// CHECK-NEXT: %[[D:.*]] = arith.addf %[[E]], %[[ONE]] : f32
// CHECK-NEXT: %[[ONE2:.*]] = arith.constant 1.000000e+00 : f32
// CHECK-NEXT: %[[RD:.*]] = arith.divf %[[ONE2]], %[[D]] : f32
// CHECK-NEXT: %[[R:.*]] = arith.mulf %[[IN]], %[[RD]] : f32
// CHECK-NEXT: linalg.yield %[[R]] : f32
func.func @gelu_tanh(%x: tensor<4xf32>) -> tensor<4xf32> {
  %y = molten.gelu %x approximate = tanh : tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

// CHECK-LABEL: func.func @clamp
// CHECK: ^bb0(%[[IN:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT: %[[LO:.*]] = arith.constant -1.000000e+00 : f32
// CHECK-NEXT: %[[HI:.*]] = arith.constant 2.000000e+00 : f32
// CHECK-NEXT: %[[A:.*]] = arith.maximumf %[[IN]], %[[LO]] : f32
// CHECK-NEXT: %[[B:.*]] = arith.minimumf %[[A]], %[[HI]] : f32
// CHECK-NEXT: linalg.yield %[[B]] : f32
func.func @clamp(%x: tensor<4xf32>) -> tensor<4xf32> {
  %y = molten.clamp %x min = -1.0 max = 2.0 : tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

// A cast goes through f32 and rounds once; in f64 mode it is the identity.
// CHECK-LABEL: func.func @cast
// CHECK: ^bb0(%[[IN:.*]]: bf16, %{{.*}}: f32):
// CHECK-NEXT: %[[W:.*]] = arith.extf %[[IN]] : bf16 to f32
// CHECK-NEXT: linalg.yield %[[W]] : f32
// CHECK: ^bb0(%[[IN2:.*]]: bf16, %{{.*}}: f16):
// CHECK-NEXT: %[[W2:.*]] = arith.extf %[[IN2]] : bf16 to f32
// CHECK-NEXT: %[[T:.*]] = arith.truncf %[[W2]] : f32 to f16
// CHECK-NEXT: linalg.yield %[[T]] : f16

// F64-LABEL: func.func @cast
// F64-SAME: (%[[X:.*]]: tensor<4xf64>) -> (tensor<4xf64>, tensor<4xf64>)
// F64-NEXT: return %[[X]], %[[X]] : tensor<4xf64>, tensor<4xf64>
func.func @cast(%x: tensor<4xbf16>) -> (tensor<4xf32>, tensor<4xf16>) {
  %a = molten.cast %x : tensor<4xbf16> to tensor<4xf32>
  %b = molten.cast %x : tensor<4xbf16> to tensor<4xf16>
  return %a, %b : tensor<4xf32>, tensor<4xf16>
}

// -----

// Broadcasting: a missing leading dim is not indexed.
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[INNER:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-LABEL: func.func @add_broadcast
// CHECK-SAME: (%[[X:.*]]: tensor<?x4xf32>, %[[W:.*]]: tensor<4xf32>)
// CHECK: %[[D:.*]] = tensor.dim %[[X]], %{{.*}} : tensor<?x4xf32>
// CHECK: %[[E:.*]] = tensor.empty(%[[D]]) : tensor<?x4xf32>
// CHECK: linalg.generic {indexing_maps = [#[[ID]], #[[INNER]], #[[ID]]], iterator_types = ["parallel", "parallel"]}
// CHECK-SAME: ins(%[[X]], %[[W]] : tensor<?x4xf32>, tensor<4xf32>) outs(%[[E]] : tensor<?x4xf32>)
// CHECK: arith.addf
func.func @add_broadcast(%x: tensor<?x4xf32>, %w: tensor<4xf32>) -> tensor<?x4xf32> {
  %y = molten.add %x, %w : tensor<?x4xf32>, tensor<4xf32>
  return %y : tensor<?x4xf32>
}

// -----

// Broadcasting: a dim that is statically 1 reads index 0.
// CHECK-DAG: #[[COL:.*]] = affine_map<(d0, d1) -> (d0, 0)>
// CHECK-DAG: #[[ROW:.*]] = affine_map<(d0, d1) -> (0, d1)>
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-LABEL: func.func @sub_expand_ones
// CHECK: tensor.empty() : tensor<3x4xf32>
// CHECK: linalg.generic {indexing_maps = [#[[COL]], #[[ROW]], #[[ID]]]
// CHECK: arith.subf
func.func @sub_expand_ones(%a: tensor<3x1xf32>, %b: tensor<1x4xf32>) -> tensor<3x4xf32> {
  %y = molten.sub %a, %b : tensor<3x1xf32>, tensor<1x4xf32>
  return %y : tensor<3x4xf32>
}

// -----

// A rank-0 operand broadcasts against anything.
// CHECK-DAG: #[[SCALAR:.*]] = affine_map<(d0, d1) -> ()>
// CHECK-LABEL: func.func @mul_scalar
// CHECK: linalg.generic {indexing_maps = [#{{.*}}, #[[SCALAR]], #{{.*}}]
// CHECK: arith.mulf
func.func @mul_scalar(%a: tensor<?x4xf32>, %b: tensor<f32>) -> tensor<?x4xf32> {
  %y = molten.mul %a, %b : tensor<?x4xf32>, tensor<f32>
  return %y : tensor<?x4xf32>
}

// -----

// The dynamic result dim comes from the operand that has it.
// CHECK-LABEL: func.func @dynamic_from_rhs
// CHECK-SAME: (%[[A:.*]]: tensor<1x4xf32>, %[[B:.*]]: tensor<?x4xf32>)
// CHECK: %[[D:.*]] = tensor.dim %[[B]], %{{.*}} : tensor<?x4xf32>
// CHECK: tensor.empty(%[[D]]) : tensor<?x4xf32>
// CHECK: arith.divf
func.func @dynamic_from_rhs(%a: tensor<1x4xf32>, %b: tensor<?x4xf32>) -> tensor<?x4xf32> {
  %y = molten.div %a, %b : tensor<1x4xf32>, tensor<?x4xf32>
  return %y : tensor<?x4xf32>
}

// -----

// CHECK-LABEL: func.func @max_min_pow
// CHECK: arith.maximumf %{{.*}}, %{{.*}} : f32
// CHECK: arith.minimumf %{{.*}}, %{{.*}} : f32
// CHECK: math.powf %{{.*}}, %{{.*}} : f32
func.func @max_min_pow(%a: tensor<4xf32>, %b: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) {
  %x = molten.max %a, %b : tensor<4xf32>, tensor<4xf32>
  %y = molten.min %a, %b : tensor<4xf32>, tensor<4xf32>
  %z = molten.pow %a, %b : tensor<4xf32>, tensor<4xf32>
  return %x, %y, %z : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
}

// -----

// CHECK-LABEL: func.func @add_bf16
// CHECK: ^bb0(%[[A:.*]]: bf16, %[[B:.*]]: bf16, %{{.*}}: bf16):
// CHECK-NEXT: %[[WA:.*]] = arith.extf %[[A]] : bf16 to f32
// CHECK-NEXT: %[[WB:.*]] = arith.extf %[[B]] : bf16 to f32
// CHECK-NEXT: %[[S:.*]] = arith.addf %[[WA]], %[[WB]] : f32
// CHECK-NEXT: %[[T:.*]] = arith.truncf %[[S]] : f32 to bf16
// CHECK-NEXT: linalg.yield %[[T]] : bf16
func.func @add_bf16(%a: tensor<?x4xbf16>, %b: tensor<4xbf16>) -> tensor<?x4xbf16> {
  %y = molten.add %a, %b : tensor<?x4xbf16>, tensor<4xbf16>
  return %y : tensor<?x4xbf16>
}

// -----

// Ordered predicates, except ne (true with NaN).
// CHECK-LABEL: func.func @compare
// CHECK: outs(%{{.*}} : tensor<4xi1>)
// CHECK: arith.cmpf olt
// CHECK: arith.cmpf ole
// CHECK: arith.cmpf ogt
// CHECK: arith.cmpf oge
// CHECK: arith.cmpf oeq
// CHECK: arith.cmpf une

// F64-LABEL: func.func @compare
// F64-SAME: (%{{.*}}: tensor<4xf64>, %{{.*}}: tensor<f64>) -> (tensor<4xi1>,
// F64: arith.cmpf olt, %{{.*}}, %{{.*}} : f64
func.func @compare(%a: tensor<4xf32>, %b: tensor<f32>) -> (tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>) {
  %0 = molten.compare lt, %a, %b : tensor<4xf32>, tensor<f32>
  %1 = molten.compare le, %a, %b : tensor<4xf32>, tensor<f32>
  %2 = molten.compare gt, %a, %b : tensor<4xf32>, tensor<f32>
  %3 = molten.compare ge, %a, %b : tensor<4xf32>, tensor<f32>
  %4 = molten.compare eq, %a, %b : tensor<4xf32>, tensor<f32>
  %5 = molten.compare ne, %a, %b : tensor<4xf32>, tensor<f32>
  return %0, %1, %2, %3, %4, %5 : tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>
}

// -----

// Choosing needs no arithmetic: no extf/truncf.
// CHECK-DAG: #[[COND:.*]] = affine_map<(d0, d1) -> (d0, 0)>
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[SCALAR:.*]] = affine_map<(d0, d1) -> ()>
// CHECK-LABEL: func.func @select
// CHECK: linalg.generic {indexing_maps = [#[[COND]], #[[ID]], #[[SCALAR]], #[[ID]]]
// CHECK-NEXT: ^bb0(%[[C:.*]]: i1, %[[T:.*]]: bf16, %[[F:.*]]: bf16, %{{.*}}: bf16):
// CHECK-NEXT: %[[R:.*]] = arith.select %[[C]], %[[T]], %[[F]] : bf16
// CHECK-NEXT: linalg.yield %[[R]] : bf16
func.func @select(%c: tensor<3x1xi1>, %a: tensor<3x4xbf16>, %b: tensor<bf16>) -> tensor<3x4xbf16> {
  %y = molten.select %c, %a, %b : tensor<3x1xi1>, tensor<3x4xbf16>, tensor<bf16>
  return %y : tensor<3x4xbf16>
}

// -----

// CHECK-LABEL: func.func @constant
// CHECK: arith.constant dense<[1.000000e+00, 2.000000e+00]> : tensor<2xbf16>
// CHECK: arith.constant dense<9.99999997E-7> : tensor<f32>

// F64-LABEL: func.func @constant() -> (tensor<2xf64>, tensor<f64>)
// F64: arith.constant dense<[1.000000e+00, 2.000000e+00]> : tensor<2xf64>
// F64: arith.constant dense<9.9999999747524271E-7> : tensor<f64>
func.func @constant() -> (tensor<2xbf16>, tensor<f32>) {
  %a = molten.constant dense<[1.0, 2.0]> : tensor<2xbf16>
  %b = molten.constant dense<1.0e-06> : tensor<f32>
  return %a, %b : tensor<2xbf16>, tensor<f32>
}

// -----

// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[ROWS:.*]] = affine_map<(d0, d1) -> (d0)>
// CHECK-LABEL: func.func @reduce_sum
// CHECK-SAME: (%[[X:.*]]: tensor<?x8xf32>)
// CHECK: %[[D:.*]] = tensor.dim %[[X]], %{{.*}} : tensor<?x8xf32>
// CHECK: %[[E:.*]] = tensor.empty(%[[D]]) : tensor<?xf32>
// CHECK: %[[Z:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[INIT:.*]] = linalg.fill ins(%[[Z]] : f32) outs(%[[E]] : tensor<?xf32>)
// CHECK: %[[R:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[ROWS]]], iterator_types = ["parallel", "reduction"]}
// CHECK-SAME: ins(%[[X]] : tensor<?x8xf32>) outs(%[[INIT]] : tensor<?xf32>)
// CHECK-NEXT: ^bb0(%[[IN:.*]]: f32, %[[ACC:.*]]: f32):
// CHECK-NEXT: %[[S:.*]] = arith.addf %[[ACC]], %[[IN]] : f32
// CHECK-NEXT: linalg.yield %[[S]] : f32
// CHECK: return %[[R]] : tensor<?xf32>
func.func @reduce_sum(%x: tensor<?x8xf32>) -> tensor<?xf32> {
  %y = molten.reduce_sum %x dims = [1] : tensor<?x8xf32> -> tensor<?xf32>
  return %y : tensor<?xf32>
}

// -----

// The mean divides by the run-time count; keepdim maps the sums back as 1.
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[COLS:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-LABEL: func.func @reduce_mean_dynamic_keepdim
// CHECK-SAME: (%[[X:.*]]: tensor<?x8xf32>)
// CHECK: %[[SUM:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[COLS]]], iterator_types = ["reduction", "parallel"]}
// CHECK: %[[D:.*]] = tensor.dim %[[X]], %{{.*}} : tensor<?x8xf32>
// CHECK: %[[I:.*]] = arith.index_cast %[[D]] : index to i64
// CHECK: %[[N:.*]] = arith.uitofp %[[I]] : i64 to f32
// CHECK: %[[E:.*]] = tensor.empty() : tensor<1x8xf32>
// CHECK: linalg.generic {indexing_maps = [#[[COLS]], #[[ID]]], iterator_types = ["parallel", "parallel"]}
// CHECK-SAME: ins(%[[SUM]] : tensor<8xf32>) outs(%[[E]] : tensor<1x8xf32>)
// CHECK-NEXT: ^bb0(%[[S:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT: %[[M:.*]] = arith.divf %[[S]], %[[N]] : f32
// CHECK-NEXT: linalg.yield %[[M]] : f32
func.func @reduce_mean_dynamic_keepdim(%x: tensor<?x8xf32>) -> tensor<1x8xf32> {
  %y = molten.reduce_mean %x dims = [0] keepdim : tensor<?x8xf32> -> tensor<1x8xf32>
  return %y : tensor<1x8xf32>
}

// -----

// bf16 reductions accumulate in f32 (max from -inf, min from +inf) and round
// once.
// CHECK-LABEL: func.func @reduce_max_min_bf16
// CHECK: %[[NEGINF:.*]] = arith.constant 0xFF800000 : f32
// CHECK: linalg.fill ins(%[[NEGINF]] : f32) outs(%{{.*}} : tensor<f32>)
// CHECK: iterator_types = ["reduction", "reduction"]
// CHECK-NEXT: ^bb0(%[[IN:.*]]: bf16, %[[ACC:.*]]: f32):
// CHECK-NEXT: %[[W:.*]] = arith.extf %[[IN]] : bf16 to f32
// CHECK-NEXT: %[[M:.*]] = arith.maximumf %[[ACC]], %[[W]] : f32
// CHECK: arith.truncf %{{.*}} : f32 to bf16
// CHECK: %[[INF:.*]] = arith.constant 0x7F800000 : f32
// CHECK: linalg.fill ins(%[[INF]] : f32) outs(%{{.*}} : tensor<2xf32>)
// CHECK: arith.minimumf
// CHECK: tensor.empty() : tensor<2x1xbf16>
// CHECK: arith.truncf %{{.*}} : f32 to bf16
func.func @reduce_max_min_bf16(%x: tensor<2x8xbf16>) -> (tensor<bf16>, tensor<2x1xbf16>) {
  %a = molten.reduce_max %x dims = [0, 1] : tensor<2x8xbf16> -> tensor<bf16>
  %b = molten.reduce_min %x dims = [1] keepdim : tensor<2x8xbf16> -> tensor<2x1xbf16>
  return %a, %b : tensor<bf16>, tensor<2x1xbf16>
}

// -----

// y = x / sqrt(mean(x^2) + eps) * weight, in f32, one rounding.
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[ROWS:.*]] = affine_map<(d0, d1) -> (d0)>
// CHECK-DAG: #[[COLS:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-LABEL: func.func @rms_norm_bf16
// CHECK-SAME: (%[[X:.*]]: tensor<?x8xbf16>, %[[W:.*]]: tensor<8xbf16>)
// CHECK: %[[SQ:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[ROWS]]], iterator_types = ["parallel", "reduction"]}
// CHECK-NEXT: ^bb0(%[[IN:.*]]: bf16, %[[ACC:.*]]: f32):
// CHECK-NEXT: %[[V:.*]] = arith.extf %[[IN]] : bf16 to f32
// CHECK-NEXT: %[[V2:.*]] = arith.mulf %[[V]], %[[V]] : f32
// CHECK-NEXT: arith.addf %[[ACC]], %[[V2]] : f32
// CHECK: %[[N:.*]] = arith.constant 8.000000e+00 : f32
// CHECK: linalg.generic {indexing_maps = [#[[ID]], #[[ROWS]], #[[COLS]], #[[ID]]], iterator_types = ["parallel", "parallel"]}
// CHECK-SAME: ins(%[[X]], %[[SQ]], %[[W]] : tensor<?x8xbf16>, tensor<?xf32>, tensor<8xbf16>)
// CHECK-NEXT: ^bb0(%[[XI:.*]]: bf16, %[[S:.*]]: f32, %[[WI:.*]]: bf16, %{{.*}}: bf16):
// CHECK-NEXT: %[[XF:.*]] = arith.extf %[[XI]] : bf16 to f32
// CHECK-NEXT: %[[MS:.*]] = arith.divf %[[S]], %[[N]] : f32
// CHECK-NEXT: %[[WF:.*]] = arith.extf %[[WI]] : bf16 to f32
// CHECK-NEXT: %[[EPS:.*]] = arith.constant 9.99999974E-6 : f32
// CHECK-NEXT: %[[A:.*]] = arith.addf %[[MS]], %[[EPS]] : f32
// CHECK-NEXT: %[[RMS:.*]] = math.sqrt %[[A]] : f32
// CHECK-NEXT: %[[Q:.*]] = arith.divf %[[XF]], %[[RMS]] : f32
// CHECK-NEXT: %[[Y:.*]] = arith.mulf %[[Q]], %[[WF]] : f32
// CHECK-NEXT: %[[T:.*]] = arith.truncf %[[Y]] : f32 to bf16
// CHECK-NEXT: linalg.yield %[[T]] : bf16

// F64-LABEL: func.func @rms_norm_bf16
// F64-SAME: (%{{.*}}: tensor<?x8xf64>, %{{.*}}: tensor<8xf64>) -> tensor<?x8xf64>
// F64: ^bb0(%[[IN:.*]]: f64, %[[ACC:.*]]: f64):
// F64-NEXT: %[[V2:.*]] = arith.mulf %[[IN]], %[[IN]] : f64
// F64: arith.constant 1.000000e-05 : f64
// F64-NOT: truncf
// F64: return
func.func @rms_norm_bf16(%x: tensor<?x8xbf16>, %w: tensor<8xbf16>) -> tensor<?x8xbf16> {
  %y = molten.rms_norm %x, %w eps = 1.0e-05 : tensor<?x8xbf16>, tensor<8xbf16>
  return %y : tensor<?x8xbf16>
}

// -----

// mean = sum / n, var = sum((x - mean)^2) / n (two passes),
// y = (x - mean) / sqrt(var + eps) * weight + bias.
// CHECK-LABEL: func.func @layer_norm
// CHECK-SAME: (%[[X:.*]]: tensor<?x8xf32>, %[[W:.*]]: tensor<8xf32>, %[[B:.*]]: tensor<8xf32>)
// CHECK: %[[N:.*]] = arith.constant 8.000000e+00 : f32
// CHECK: %[[SUM:.*]] = linalg.generic
// CHECK-SAME: iterator_types = ["parallel", "reduction"]
// CHECK: arith.addf
// CHECK: %[[SSD:.*]] = linalg.generic
// CHECK-SAME: iterator_types = ["parallel", "reduction"]
// CHECK-SAME: ins(%[[X]], %[[SUM]] : tensor<?x8xf32>, tensor<?xf32>)
// CHECK-NEXT: ^bb0(%[[XI:.*]]: f32, %[[S:.*]]: f32, %[[ACC:.*]]: f32):
// CHECK-NEXT: %[[MEAN:.*]] = arith.divf %[[S]], %[[N]] : f32
// CHECK-NEXT: %[[DEV:.*]] = arith.subf %[[XI]], %[[MEAN]] : f32
// CHECK-NEXT: %[[DEV2:.*]] = arith.mulf %[[DEV]], %[[DEV]] : f32
// CHECK-NEXT: arith.addf %[[ACC]], %[[DEV2]] : f32
// CHECK: linalg.generic
// CHECK-SAME: ins(%[[X]], %[[SUM]], %[[SSD]], %[[W]], %[[B]] :
// CHECK-NEXT: ^bb0(%[[XI:.*]]: f32, %[[S:.*]]: f32, %[[Q:.*]]: f32, %[[WI:.*]]: f32, %[[BI:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT: %[[MEAN:.*]] = arith.divf %[[S]], %[[N]] : f32
// CHECK-NEXT: %[[VAR:.*]] = arith.divf %[[Q]], %[[N]] : f32
// CHECK-NEXT: %[[DEV:.*]] = arith.subf %[[XI]], %[[MEAN]] : f32
// CHECK-NEXT: %[[EPS:.*]] = arith.constant 9.99999974E-6 : f32
// CHECK-NEXT: %[[VE:.*]] = arith.addf %[[VAR]], %[[EPS]] : f32
// CHECK-NEXT: %[[SD:.*]] = math.sqrt %[[VE]] : f32
// CHECK-NEXT: %[[NORM:.*]] = arith.divf %[[DEV]], %[[SD]] : f32
// CHECK-NEXT: %[[SCALED:.*]] = arith.mulf %[[NORM]], %[[WI]] : f32
// CHECK-NEXT: %[[Y:.*]] = arith.addf %[[SCALED]], %[[BI]] : f32
// CHECK-NEXT: linalg.yield %[[Y]] : f32
// Without weight and bias:
// CHECK: math.sqrt
// CHECK-NEXT: %[[NORM2:.*]] = arith.divf
// CHECK-NEXT: linalg.yield %[[NORM2]] : f32
func.func @layer_norm(%x: tensor<?x8xf32>, %w: tensor<8xf32>, %b: tensor<8xf32>) -> (tensor<?x8xf32>, tensor<?x8xf32>) {
  %y = molten.layer_norm %x weight(%w : tensor<8xf32>) bias(%b : tensor<8xf32>) : tensor<?x8xf32>
  %z = molten.layer_norm %x : tensor<?x8xf32>
  return %y, %z : tensor<?x8xf32>, tensor<?x8xf32>
}

// -----

// exp(x - max) / sum(exp(x - max)): the row maximum is subtracted.
// CHECK-LABEL: func.func @softmax
// CHECK-SAME: (%[[X:.*]]: tensor<?x8xf32>)
// CHECK: %[[NEGINF:.*]] = arith.constant 0xFF800000 : f32
// CHECK: %[[MAX:.*]] = linalg.generic
// CHECK: arith.maximumf
// CHECK: %[[SUM:.*]] = linalg.generic
// CHECK-SAME: ins(%[[X]], %[[MAX]] : tensor<?x8xf32>, tensor<?xf32>)
// CHECK-NEXT: ^bb0(%[[XI:.*]]: f32, %[[M:.*]]: f32, %[[ACC:.*]]: f32):
// CHECK-NEXT: %[[D:.*]] = arith.subf %[[XI]], %[[M]] : f32
// CHECK-NEXT: %[[E:.*]] = math.exp %[[D]] : f32
// CHECK-NEXT: arith.addf %[[ACC]], %[[E]] : f32
// CHECK: linalg.generic
// CHECK-SAME: ins(%[[X]], %[[MAX]], %[[SUM]] :
// CHECK-NEXT: ^bb0(%[[XI:.*]]: f32, %[[M:.*]]: f32, %[[S:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT: %[[D:.*]] = arith.subf %[[XI]], %[[M]] : f32
// CHECK-NEXT: %[[E:.*]] = math.exp %[[D]] : f32
// CHECK-NEXT: %[[Y:.*]] = arith.divf %[[E]], %[[S]] : f32
// CHECK-NEXT: linalg.yield %[[Y]] : f32
func.func @softmax(%x: tensor<?x8xf32>) -> tensor<?x8xf32> {
  %y = molten.softmax %x : tensor<?x8xf32>
  return %y : tensor<?x8xf32>
}

// -----

// rotate_half: the partner of i is i + D/2 (negated) or i - D/2; cos and sin
// broadcast along the heads.
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-DAG: #[[TABLE:.*]] = affine_map<(d0, d1, d2) -> (d0, 0, d2)>
// CHECK-LABEL: func.func @rope_rotate_half
// CHECK-SAME: (%[[X:.*]]: tensor<?x2x8xf32>, %[[C:.*]]: tensor<?x1x8xf32>, %[[S:.*]]: tensor<?x1x8xf32>)
// CHECK: %[[HALF:.*]] = arith.divui
// CHECK: linalg.generic {indexing_maps = [#[[ID]], #[[TABLE]], #[[TABLE]], #[[ID]]]
// CHECK-SAME: ins(%[[X]], %[[C]], %[[S]] :
// CHECK-NEXT: ^bb0(%[[XI:.*]]: f32, %[[CI:.*]]: f32, %[[SI:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT: %[[I0:.*]] = linalg.index 0 : index
// CHECK-NEXT: %[[I1:.*]] = linalg.index 1 : index
// CHECK-NEXT: %[[I2:.*]] = linalg.index 2 : index
// CHECK-NEXT: %[[LOW:.*]] = arith.cmpi ult, %[[I2]], %[[HALF]] : index
// CHECK-NEXT: %[[UP:.*]] = arith.addi %[[I2]], %[[HALF]] : index
// CHECK-NEXT: %[[DOWN:.*]] = arith.subi %[[I2]], %[[HALF]] : index
// CHECK-NEXT: %[[P:.*]] = arith.select %[[LOW]], %[[UP]], %[[DOWN]] : index
// CHECK-NEXT: %[[O:.*]] = tensor.extract %[[X]][%[[I0]], %[[I1]], %[[P]]] : tensor<?x2x8xf32>
// CHECK-NEXT: %[[NO:.*]] = arith.negf %[[O]] : f32
// CHECK-NEXT: %[[ROT:.*]] = arith.select %[[LOW]], %[[NO]], %[[O]] : f32
// CHECK-NEXT: %[[A:.*]] = arith.mulf %[[XI]], %[[CI]] : f32
// CHECK-NEXT: %[[B:.*]] = arith.mulf %[[ROT]], %[[SI]] : f32
// CHECK-NEXT: %[[Y:.*]] = arith.addf %[[A]], %[[B]] : f32
// CHECK-NEXT: linalg.yield %[[Y]] : f32
func.func @rope_rotate_half(%x: tensor<?x2x8xf32>, %c: tensor<?x1x8xf32>, %s: tensor<?x1x8xf32>) -> tensor<?x2x8xf32> {
  %y = molten.rope %x, %c, %s : tensor<?x2x8xf32>, tensor<?x1x8xf32>
  return %y : tensor<?x2x8xf32>
}

// -----

// interleaved: the partner of i is i + 1 (negated) for even i, else i - 1.
// CHECK-LABEL: func.func @rope_interleaved
// CHECK-SAME: (%[[X:.*]]: tensor<4x8xf32>,
// CHECK: %[[I1:.*]] = linalg.index 1 : index
// CHECK-NEXT: %[[ONE:.*]] = arith.constant 1 : index
// CHECK-NEXT: %[[ZERO:.*]] = arith.constant 0 : index
// CHECK-NEXT: %[[BIT:.*]] = arith.andi %[[I1]], %[[ONE]] : index
// CHECK-NEXT: %[[EVEN:.*]] = arith.cmpi eq, %[[BIT]], %[[ZERO]] : index
// CHECK-NEXT: %[[NEXT:.*]] = arith.addi %[[I1]], %[[ONE]] : index
// CHECK-NEXT: %[[PREV:.*]] = arith.subi %[[I1]], %[[ONE]] : index
// CHECK-NEXT: %[[P:.*]] = arith.select %[[EVEN]], %[[NEXT]], %[[PREV]] : index
// CHECK-NEXT: %[[O:.*]] = tensor.extract %[[X]][%{{.*}}, %[[P]]] : tensor<4x8xf32>
// CHECK-NEXT: %[[NO:.*]] = arith.negf %[[O]] : f32
// CHECK-NEXT: arith.select %[[EVEN]], %[[NO]], %[[O]] : f32
func.func @rope_interleaved(%x: tensor<4x8xf32>, %c: tensor<8xf32>, %s: tensor<8xf32>) -> tensor<4x8xf32> {
  %y = molten.rope %x, %c, %s mode = interleaved : tensor<4x8xf32>, tensor<8xf32>
  return %y : tensor<4x8xf32>
}

// -----

// CHECK-DAG: #[[LHS:.*]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-DAG: #[[RHS:.*]] = affine_map<(d0, d1, d2) -> (d2, d1)>
// CHECK-DAG: #[[OUT:.*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-LABEL: func.func @matmul
// CHECK-SAME: (%[[A:.*]]: tensor<?x16xf32>, %[[B:.*]]: tensor<16x8xf32>)
// CHECK: %[[Z:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[D:.*]] = tensor.dim %[[A]], %{{.*}} : tensor<?x16xf32>
// CHECK: %[[E:.*]] = tensor.empty(%[[D]]) : tensor<?x8xf32>
// CHECK: %[[INIT:.*]] = linalg.fill ins(%[[Z]] : f32) outs(%[[E]] : tensor<?x8xf32>)
// CHECK: linalg.generic {indexing_maps = [#[[LHS]], #[[RHS]], #[[OUT]]], iterator_types = ["parallel", "parallel", "reduction"]}
// CHECK-SAME: ins(%[[A]], %[[B]] : tensor<?x16xf32>, tensor<16x8xf32>) outs(%[[INIT]] : tensor<?x8xf32>)
// CHECK-NEXT: ^bb0(%[[AI:.*]]: f32, %[[BI:.*]]: f32, %[[ACC:.*]]: f32):
// CHECK-NEXT: %[[P:.*]] = arith.mulf %[[AI]], %[[BI]] : f32
// CHECK-NEXT: %[[S:.*]] = arith.addf %[[ACC]], %[[P]] : f32
// CHECK-NEXT: linalg.yield %[[S]] : f32
func.func @matmul(%a: tensor<?x16xf32>, %b: tensor<16x8xf32>) -> tensor<?x8xf32> {
  %y = molten.matmul %a, %b : tensor<?x16xf32>, tensor<16x8xf32> -> tensor<?x8xf32>
  return %y : tensor<?x8xf32>
}

// -----

// Batched, rhs given as [batch, N, K]; bf16 products accumulate in f32 and
// round once at the end.
// CHECK-DAG: #[[LHS:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>
// CHECK-DAG: #[[RHS:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d2, d3)>
// CHECK-DAG: #[[OUT:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>
// CHECK-LABEL: func.func @matmul_batched_transposed_bf16
// CHECK: tensor.empty(%{{.*}}) : tensor<2x?x8xf32>
// CHECK: %[[ACC:.*]] = linalg.generic {indexing_maps = [#[[LHS]], #[[RHS]], #[[OUT]]], iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
// CHECK-NEXT: ^bb0(%[[A:.*]]: bf16, %[[B:.*]]: bf16, %[[C:.*]]: f32):
// CHECK-NEXT: %[[AF:.*]] = arith.extf %[[A]] : bf16 to f32
// CHECK-NEXT: %[[BF:.*]] = arith.extf %[[B]] : bf16 to f32
// CHECK-NEXT: %[[P:.*]] = arith.mulf %[[AF]], %[[BF]] : f32
// CHECK-NEXT: arith.addf %[[C]], %[[P]] : f32
// CHECK: } -> tensor<2x?x8xf32>
// CHECK: linalg.generic
// CHECK-SAME: ins(%[[ACC]] : tensor<2x?x8xf32>) outs(%{{.*}} : tensor<2x?x8xbf16>)
// CHECK: arith.truncf %{{.*}} : f32 to bf16

// F64-LABEL: func.func @matmul_batched_transposed_bf16
// F64-SAME: -> tensor<2x?x8xf64>
// F64: ^bb0(%[[A:.*]]: f64, %[[B:.*]]: f64, %[[C:.*]]: f64):
// F64-NEXT: %[[P:.*]] = arith.mulf %[[A]], %[[B]] : f64
// F64-NOT: truncf
// F64: return
func.func @matmul_batched_transposed_bf16(%a: tensor<2x?x16xbf16>, %b: tensor<2x8x16xbf16>) -> tensor<2x?x8xbf16> {
  %y = molten.matmul %a, %b transpose_rhs : tensor<2x?x16xbf16>, tensor<2x8x16xbf16> -> tensor<2x?x8xbf16>
  return %y : tensor<2x?x8xbf16>
}

// -----

// A rank-2 rhs is shared by every batch.
// CHECK-DAG: #[[RHS:.*]] = affine_map<(d0, d1, d2, d3) -> (d2, d3)>
// CHECK-LABEL: func.func @matmul_shared_rhs
// CHECK: linalg.generic {indexing_maps = [#{{.*}}, #[[RHS]], #{{.*}}]
func.func @matmul_shared_rhs(%a: tensor<2x3x16xf32>, %b: tensor<8x16xf32>) -> tensor<2x3x8xf32> {
  %y = molten.matmul %a, %b transpose_rhs : tensor<2x3x16xf32>, tensor<8x16xf32> -> tensor<2x3x8xf32>
  return %y : tensor<2x3x8xf32>
}

// -----

// attention: scores = q k^T over (b, h, i, j, d) in f32, where query head h
// reads kv head h floordiv 2 (4 query heads, 2 kv heads); then the scale,
// the mask (broadcast) and causal (j > i gives -inf) in one generic; the row
// max, the sum of exp(x - max) and p = exp(x - max) / sum, where a row whose
// max is -inf subtracts 0 and divides by 1 instead (its p is 0, no NaN);
// out = p v over (b, h, i, e, j), rounded to bf16 once.
// CHECK-DAG: #[[Q:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d4)>
// CHECK-DAG: #[[K:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1 floordiv 2, d3, d4)>
// CHECK-DAG: #[[S:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d3)>
// CHECK-DAG: #[[V:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1 floordiv 2, d4, d3)>
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-DAG: #[[MASK:.*]] = affine_map<(d0, d1, d2, d3) -> (d2, d3)>
// CHECK-DAG: #[[ROW:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>
// CHECK-LABEL: func.func @attention_gqa_causal_mask_bf16
// CHECK-SAME: (%[[QA:.*]]: tensor<?x4x?x16xbf16>, %[[KA:.*]]: tensor<?x2x?x16xbf16>, %[[VA:.*]]: tensor<?x2x?x8xbf16>, %[[MA:.*]]: tensor<?x?xf32>)
// CHECK: %[[DB:.*]] = tensor.dim %[[QA]], %{{.*}} : tensor<?x4x?x16xbf16>
// CHECK: %[[DI:.*]] = tensor.dim %[[QA]], %{{.*}} : tensor<?x4x?x16xbf16>
// CHECK: %[[DJ:.*]] = tensor.dim %[[KA]], %{{.*}} : tensor<?x2x?x16xbf16>
// CHECK: tensor.empty(%[[DB]], %[[DI]], %[[DJ]]) : tensor<?x4x?x?xf32>
// CHECK: %[[SCORES:.*]] = linalg.generic {indexing_maps = [#[[Q]], #[[K]], #[[S]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]}
// CHECK-SAME: ins(%[[QA]], %[[KA]] : tensor<?x4x?x16xbf16>, tensor<?x2x?x16xbf16>) outs(%{{.*}} : tensor<?x4x?x?xf32>)
// CHECK-NEXT: ^bb0(%[[QI:.*]]: bf16, %[[KI:.*]]: bf16, %[[ACC:.*]]: f32):
// CHECK-NEXT: %[[QF:.*]] = arith.extf %[[QI]] : bf16 to f32
// CHECK-NEXT: %[[KF:.*]] = arith.extf %[[KI]] : bf16 to f32
// CHECK-NEXT: %[[P:.*]] = arith.mulf %[[QF]], %[[KF]] : f32
// CHECK-NEXT: arith.addf %[[ACC]], %[[P]] : f32
// CHECK: %[[LOGITS:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[MASK]], #[[ID]]], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
// CHECK-SAME: ins(%[[SCORES]], %[[MA]] : tensor<?x4x?x?xf32>, tensor<?x?xf32>)
// CHECK-NEXT: ^bb0(%[[SI:.*]]: f32, %[[MI:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT: %[[SCALE:.*]] = arith.constant 5.000000e-01 : f32
// CHECK-NEXT: %[[SS:.*]] = arith.mulf %[[SI]], %[[SCALE]] : f32
// CHECK-NEXT: %[[SM:.*]] = arith.addf %[[SS]], %[[MI]] : f32
// CHECK-NEXT: %[[I:.*]] = linalg.index 2 : index
// CHECK-NEXT: %[[J:.*]] = linalg.index 3 : index
// CHECK-NEXT: %[[ABOVE:.*]] = arith.cmpi ugt, %[[J]], %[[I]] : index
// CHECK-NEXT: %[[NEGINF:.*]] = arith.constant 0xFF800000 : f32
// CHECK-NEXT: %[[L:.*]] = arith.select %[[ABOVE]], %[[NEGINF]], %[[SM]] : f32
// CHECK-NEXT: linalg.yield %[[L]] : f32
// CHECK: %[[MAX:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[ROW]]], iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
// CHECK-SAME: ins(%[[LOGITS]] : tensor<?x4x?x?xf32>) outs(%{{.*}} : tensor<?x4x?xf32>)
// CHECK-NEXT: ^bb0(%[[X:.*]]: f32, %[[ACC:.*]]: f32):
// CHECK-NEXT: arith.maximumf %[[ACC]], %[[X]] : f32
// CHECK: %[[SUM:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[ROW]], #[[ROW]]], iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
// CHECK-SAME: ins(%[[LOGITS]], %[[MAX]] : tensor<?x4x?x?xf32>, tensor<?x4x?xf32>)
// CHECK-NEXT: ^bb0(%[[X:.*]]: f32, %[[M:.*]]: f32, %[[ACC:.*]]: f32):
// CHECK-NEXT: %[[NEGINF:.*]] = arith.constant 0xFF800000 : f32
// CHECK-NEXT: %[[MASKED:.*]] = arith.cmpf oeq, %[[M]], %[[NEGINF]] : f32
// CHECK-NEXT: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK-NEXT: %[[SHIFT:.*]] = arith.select %[[MASKED]], %[[ZERO]], %[[M]] : f32
// CHECK-NEXT: %[[D:.*]] = arith.subf %[[X]], %[[SHIFT]] : f32
// CHECK-NEXT: %[[E:.*]] = math.exp %[[D]] : f32
// CHECK-NEXT: arith.addf %[[ACC]], %[[E]] : f32
// CHECK: %[[PROBS:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[ROW]], #[[ROW]], #[[ID]]], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
// CHECK-SAME: ins(%[[LOGITS]], %[[MAX]], %[[SUM]] : tensor<?x4x?x?xf32>, tensor<?x4x?xf32>, tensor<?x4x?xf32>)
// CHECK-NEXT: ^bb0(%[[X:.*]]: f32, %[[M:.*]]: f32, %[[T:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT: %[[NEGINF:.*]] = arith.constant 0xFF800000 : f32
// CHECK-NEXT: %[[MASKED:.*]] = arith.cmpf oeq, %[[M]], %[[NEGINF]] : f32
// CHECK-NEXT: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK-NEXT: %[[SHIFT:.*]] = arith.select %[[MASKED]], %[[ZERO]], %[[M]] : f32
// CHECK-NEXT: %[[D:.*]] = arith.subf %[[X]], %[[SHIFT]] : f32
// CHECK-NEXT: %[[E:.*]] = math.exp %[[D]] : f32
// CHECK-NEXT: %[[ONE:.*]] = arith.constant 1.000000e+00 : f32
// CHECK-NEXT: %[[DIV:.*]] = arith.select %[[MASKED]], %[[ONE]], %[[T]] : f32
// CHECK-NEXT: %[[P:.*]] = arith.divf %[[E]], %[[DIV]] : f32
// CHECK-NEXT: linalg.yield %[[P]] : f32
// CHECK-NOT: arith.truncf
// CHECK: %[[OUT:.*]] = linalg.generic {indexing_maps = [#[[Q]], #[[V]], #[[S]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]}
// CHECK-SAME: ins(%[[PROBS]], %[[VA]] : tensor<?x4x?x?xf32>, tensor<?x2x?x8xbf16>) outs(%{{.*}} : tensor<?x4x?x8xf32>)
// CHECK-NEXT: ^bb0(%[[PI:.*]]: f32, %[[VI:.*]]: bf16, %[[ACC:.*]]: f32):
// CHECK-NEXT: %[[VF:.*]] = arith.extf %[[VI]] : bf16 to f32
// CHECK-NEXT: %[[PV:.*]] = arith.mulf %[[PI]], %[[VF]] : f32
// CHECK-NEXT: arith.addf %[[ACC]], %[[PV]] : f32
// CHECK-NOT: arith.truncf
// CHECK: %[[Y:.*]] = linalg.generic
// CHECK-SAME: ins(%[[OUT]] : tensor<?x4x?x8xf32>) outs(%{{.*}} : tensor<?x4x?x8xbf16>)
// CHECK-NEXT: ^bb0(%[[A:.*]]: f32, %{{.*}}: bf16):
// CHECK-NEXT: %[[R:.*]] = arith.truncf %[[A]] : f32 to bf16
// CHECK-NEXT: linalg.yield %[[R]] : bf16
// CHECK-NOT: arith.truncf
// CHECK: return %[[Y]] : tensor<?x4x?x8xbf16>

// f64 mode: every operand, the mask and the result are f64; nothing is
// extended or rounded.
// F64-LABEL: func.func @attention_gqa_causal_mask_bf16
// F64-SAME: (%{{.*}}: tensor<?x4x?x16xf64>, %{{.*}}: tensor<?x2x?x16xf64>, %{{.*}}: tensor<?x2x?x8xf64>, %{{.*}}: tensor<?x?xf64>) -> tensor<?x4x?x8xf64>
// F64-NOT: arith.extf
// F64-NOT: arith.truncf
// F64: arith.constant 5.000000e-01 : f64
// F64-NOT: arith.extf
// F64-NOT: arith.truncf
// F64: arith.constant 0xFFF0000000000000 : f64
// F64-NOT: arith.extf
// F64-NOT: arith.truncf
// F64: %[[OUT:.*]] = linalg.generic {{.*}} outs(%{{.*}} : tensor<?x4x?x8xf64>)
// F64-NOT: arith.truncf
// F64: return %[[OUT]] : tensor<?x4x?x8xf64>
func.func @attention_gqa_causal_mask_bf16(%q: tensor<?x4x?x16xbf16>, %k: tensor<?x2x?x16xbf16>, %v: tensor<?x2x?x8xbf16>, %m: tensor<?x?xf32>) -> tensor<?x4x?x8xbf16> {
  %o = molten.attention %q, %k, %v mask(%m : tensor<?x?xf32>) scale = 0.5 causal : tensor<?x4x?x16xbf16>, tensor<?x2x?x16xbf16>, tensor<?x2x?x8xbf16> -> tensor<?x4x?x8xbf16>
  return %o : tensor<?x4x?x8xbf16>
}

// -----

// Rank 2 (no heads), f32: the default scale 1 / sqrt(16), no causal
// compare, no rounding.
// CHECK-DAG: #[[Q:.*]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-DAG: #[[K:.*]] = affine_map<(d0, d1, d2) -> (d1, d2)>
// CHECK-DAG: #[[S:.*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-DAG: #[[V:.*]] = affine_map<(d0, d1, d2) -> (d2, d1)>
// CHECK-LABEL: func.func @attention_rank2
// CHECK-SAME: (%[[QA:.*]]: tensor<7x16xf32>, %[[KA:.*]]: tensor<13x16xf32>, %[[VA:.*]]: tensor<13x8xf32>)
// CHECK: %[[SCORES:.*]] = linalg.generic {indexing_maps = [#[[Q]], #[[K]], #[[S]]], iterator_types = ["parallel", "parallel", "reduction"]}
// CHECK-SAME: ins(%[[QA]], %[[KA]] : tensor<7x16xf32>, tensor<13x16xf32>) outs(%{{.*}} : tensor<7x13xf32>)
// CHECK: linalg.generic
// CHECK-SAME: ins(%[[SCORES]] : tensor<7x13xf32>) outs(%{{.*}} : tensor<7x13xf32>)
// CHECK-NEXT: ^bb0(%[[SI:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT: %[[SCALE:.*]] = arith.constant 2.500000e-01 : f32
// CHECK-NEXT: %[[L:.*]] = arith.mulf %[[SI]], %[[SCALE]] : f32
// CHECK-NEXT: linalg.yield %[[L]] : f32
// CHECK-NOT: linalg.index
// CHECK: %[[OUT:.*]] = linalg.generic {indexing_maps = [#[[Q]], #[[V]], #[[S]]], iterator_types = ["parallel", "parallel", "reduction"]}
// CHECK-SAME: ins(%{{.*}}, %[[VA]] : tensor<7x13xf32>, tensor<13x8xf32>) outs(%{{.*}} : tensor<7x8xf32>)
// CHECK-NOT: arith.truncf
// CHECK: return %[[OUT]] : tensor<7x8xf32>
func.func @attention_rank2(%q: tensor<7x16xf32>, %k: tensor<13x16xf32>, %v: tensor<13x8xf32>) -> tensor<7x8xf32> {
  %o = molten.attention %q, %k, %v : tensor<7x16xf32>, tensor<13x16xf32>, tensor<13x8xf32> -> tensor<7x8xf32>
  return %o : tensor<7x8xf32>
}

// -----

// One kv head per query head (no floordiv); a mask in the operands' type
// whose unit dims are read at index 0, extended to f32.
// CHECK-DAG: #[[K:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d3, d4)>
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-DAG: #[[MASK:.*]] = affine_map<(d0, d1, d2, d3) -> (0, d1, 0, d3)>
// CHECK-DAG: #[[V:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d4, d3)>
// CHECK-LABEL: func.func @attention_broadcast_mask
// CHECK-SAME: %[[MA:[a-z0-9]+]]: tensor<1x4x1x?xbf16>)
// CHECK: linalg.generic {indexing_maps = [#{{.*}}, #[[K]], #{{.*}}]
// CHECK: linalg.generic {indexing_maps = [#[[ID]], #[[MASK]], #[[ID]]]
// CHECK-SAME: ins(%{{.*}}, %[[MA]] : tensor<?x4x?x?xf32>, tensor<1x4x1x?xbf16>)
// CHECK-NEXT: ^bb0(%[[SI:.*]]: f32, %[[MI:.*]]: bf16, %{{.*}}: f32):
// CHECK-NEXT: %[[SCALE:.*]] = arith.constant 0.353553385 : f32
// CHECK-NEXT: %[[SS:.*]] = arith.mulf %[[SI]], %[[SCALE]] : f32
// CHECK-NEXT: %[[MF:.*]] = arith.extf %[[MI]] : bf16 to f32
// CHECK-NEXT: %[[L:.*]] = arith.addf %[[SS]], %[[MF]] : f32
// CHECK-NEXT: linalg.yield %[[L]] : f32
// CHECK: linalg.generic {indexing_maps = [#{{.*}}, #[[V]], #{{.*}}]
func.func @attention_broadcast_mask(%q: tensor<?x4x?x8xbf16>, %k: tensor<?x4x?x8xbf16>, %v: tensor<?x4x?x8xbf16>, %m: tensor<1x4x1x?xbf16>) -> tensor<?x4x?x8xbf16> {
  %o = molten.attention %q, %k, %v mask(%m : tensor<1x4x1x?xbf16>) : tensor<?x4x?x8xbf16>, tensor<?x4x?x8xbf16>, tensor<?x4x?x8xbf16> -> tensor<?x4x?x8xbf16>
  return %o : tensor<?x4x?x8xbf16>
}

// -----

// nan_if_masked: the softmax is SoftmaxLowering's, exp(x - max) / sum with
// no test for a fully masked row, which so gives NaN (exp(-inf - -inf)).
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[ROW:.*]] = affine_map<(d0, d1) -> (d0)>
// CHECK-LABEL: func.func @attention_nan_if_masked
// CHECK: %[[LOGITS:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[ID]], #[[ID]]]
// CHECK: %[[MAX:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[ROW]]], iterator_types = ["parallel", "reduction"]}
// CHECK-SAME: ins(%[[LOGITS]] : tensor<7x13xf32>)
// CHECK: %[[SUM:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[ROW]], #[[ROW]]], iterator_types = ["parallel", "reduction"]}
// CHECK-SAME: ins(%[[LOGITS]], %[[MAX]] : tensor<7x13xf32>, tensor<7xf32>)
// CHECK-NEXT: ^bb0(%[[X:.*]]: f32, %[[M:.*]]: f32, %[[ACC:.*]]: f32):
// CHECK-NEXT: %[[D:.*]] = arith.subf %[[X]], %[[M]] : f32
// CHECK-NEXT: %[[E:.*]] = math.exp %[[D]] : f32
// CHECK-NEXT: %[[S:.*]] = arith.addf %[[ACC]], %[[E]] : f32
// CHECK-NEXT: linalg.yield %[[S]] : f32
// CHECK: linalg.generic {indexing_maps = [#[[ID]], #[[ROW]], #[[ROW]], #[[ID]]], iterator_types = ["parallel", "parallel"]}
// CHECK-SAME: ins(%[[LOGITS]], %[[MAX]], %[[SUM]] : tensor<7x13xf32>, tensor<7xf32>, tensor<7xf32>)
// CHECK-NEXT: ^bb0(%[[X:.*]]: f32, %[[M:.*]]: f32, %[[T:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT: %[[D:.*]] = arith.subf %[[X]], %[[M]] : f32
// CHECK-NEXT: %[[E:.*]] = math.exp %[[D]] : f32
// CHECK-NEXT: %[[P:.*]] = arith.divf %[[E]], %[[T]] : f32
// CHECK-NEXT: linalg.yield %[[P]] : f32
// CHECK: return
func.func @attention_nan_if_masked(%q: tensor<7x16xf32>, %k: tensor<13x16xf32>, %v: tensor<13x8xf32>, %m: tensor<7x13xf32>) -> tensor<7x8xf32> {
  %o = molten.attention %q, %k, %v mask(%m : tensor<7x13xf32>) scale = 0.25 nan_if_masked : tensor<7x16xf32>, tensor<13x16xf32>, tensor<13x8xf32> -> tensor<7x8xf32>
  return %o : tensor<7x8xf32>
}

// -----

// CHECK-DAG: #[[IN:.*]] = affine_map<(d0, d1, d2) -> (0, d2)>
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-LABEL: func.func @broadcast_to
// CHECK-SAME: (%[[W:.*]]: tensor<1x8xf32>, %[[N:.*]]: index)
// CHECK: %[[E:.*]] = tensor.empty(%[[N]]) : tensor<?x4x8xf32>
// CHECK: linalg.generic {indexing_maps = [#[[IN]], #[[ID]]], iterator_types = ["parallel", "parallel", "parallel"]}
// CHECK-SAME: ins(%[[W]] : tensor<1x8xf32>) outs(%[[E]] : tensor<?x4x8xf32>)
// CHECK-NEXT: ^bb0(%[[V:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT: linalg.yield %[[V]] : f32
func.func @broadcast_to(%w: tensor<1x8xf32>, %n: index) -> tensor<?x4x8xf32> {
  %y = molten.broadcast_to %w [%n] : tensor<1x8xf32> -> tensor<?x4x8xf32>
  return %y : tensor<?x4x8xf32>
}

// -----

// The dynamic dim is the element count over the static dims' product.
// CHECK-LABEL: func.func @reshape
// CHECK-SAME: (%[[X:.*]]: tensor<?x8xf32>)
// CHECK: %[[C8:.*]] = arith.constant 8 : index
// CHECK: %[[D:.*]] = tensor.dim %[[X]], %{{.*}} : tensor<?x8xf32>
// CHECK: %[[COUNT:.*]] = arith.muli %[[C8]], %[[D]] : index
// CHECK: %[[C8B:.*]] = arith.constant 8 : index
// CHECK: %[[N:.*]] = arith.divui %[[COUNT]], %[[C8B]] : index
// CHECK: %[[C2:.*]] = arith.constant 2 : index
// CHECK: %[[C4:.*]] = arith.constant 4 : index
// CHECK: %[[SHAPE:.*]] = tensor.from_elements %[[N]], %[[C2]], %[[C4]] : tensor<3xindex>
// CHECK: tensor.reshape %[[X]](%[[SHAPE]]) : (tensor<?x8xf32>, tensor<3xindex>) -> tensor<?x2x4xf32>
func.func @reshape(%x: tensor<?x8xf32>) -> tensor<?x2x4xf32> {
  %y = molten.reshape %x : tensor<?x8xf32> -> tensor<?x2x4xf32>
  return %y : tensor<?x2x4xf32>
}

// -----

// CHECK-LABEL: func.func @transpose
// CHECK-SAME: (%[[X:.*]]: tensor<?x8xf32>)
// CHECK: %[[D:.*]] = tensor.dim %[[X]], %{{.*}} : tensor<?x8xf32>
// CHECK: %[[E:.*]] = tensor.empty(%[[D]]) : tensor<8x?xf32>
// CHECK: linalg.transpose ins(%[[X]] : tensor<?x8xf32>) outs(%[[E]] : tensor<8x?xf32>) permutation = [1, 0]
func.func @transpose(%x: tensor<?x8xf32>) -> tensor<8x?xf32> {
  %y = molten.transpose %x permutation = [1, 0] : tensor<?x8xf32> -> tensor<8x?xf32>
  return %y : tensor<8x?xf32>
}

// -----

// CHECK-LABEL: func.func @slice
// CHECK-SAME: (%[[X:.*]]: tensor<?x8xf32>)
// CHECK: %[[D:.*]] = tensor.dim %[[X]], %{{.*}} : tensor<?x8xf32>
// CHECK: tensor.extract_slice %[[X]][0, 1] [%[[D]], 3] [1, 2] : tensor<?x8xf32> to tensor<?x3xf32>
func.func @slice(%x: tensor<?x8xf32>) -> tensor<?x3xf32> {
  %y = molten.slice %x offsets = [0, 1] sizes = [-1, 3] strides = [1, 2] : tensor<?x8xf32> -> tensor<?x3xf32>
  return %y : tensor<?x3xf32>
}

// -----

// CHECK-LABEL: func.func @concat
// CHECK-SAME: (%[[A:.*]]: tensor<?x8xf32>, %[[B:.*]]: tensor<?x4xf32>)
// CHECK: %[[E:.*]] = tensor.empty(%{{.*}}) : tensor<?x12xf32>
// CHECK: %[[R:.*]] = tensor.insert_slice %[[A]] into %[[E]][0, 0] [%{{.*}}, 8] [1, 1] : tensor<?x8xf32> into tensor<?x12xf32>
// CHECK: tensor.insert_slice %[[B]] into %[[R]][0, 8] [%{{.*}}, 4] [1, 1] : tensor<?x4xf32> into tensor<?x12xf32>
func.func @concat(%a: tensor<?x8xf32>, %b: tensor<?x4xf32>) -> tensor<?x12xf32> {
  %y = molten.concat %a, %b dim = 1 : tensor<?x8xf32>, tensor<?x4xf32> -> tensor<?x12xf32>
  return %y : tensor<?x12xf32>
}

// -----

// Along a dynamic dim, the offsets and the total size are computed.
// CHECK-LABEL: func.func @concat_dynamic_dim
// CHECK-SAME: (%[[A:.*]]: tensor<?x8xf32>, %[[B:.*]]: tensor<2x8xf32>)
// CHECK: %[[D:.*]] = tensor.dim %[[A]], %{{.*}} : tensor<?x8xf32>
// CHECK: %[[C2:.*]] = arith.constant 2 : index
// CHECK: %[[TOTAL:.*]] = arith.addi %[[D]], %[[C2]] : index
// CHECK: %[[E:.*]] = tensor.empty(%[[TOTAL]]) : tensor<?x8xf32>
// CHECK: %[[DA:.*]] = tensor.dim %[[A]], %{{.*}} : tensor<?x8xf32>
// CHECK: %[[R:.*]] = tensor.insert_slice %[[A]] into %[[E]][0, 0] [%[[DA]], 8] [1, 1]
// CHECK: tensor.insert_slice %[[B]] into %[[R]][%[[DA]], 0] [2, 8] [1, 1]
func.func @concat_dynamic_dim(%a: tensor<?x8xf32>, %b: tensor<2x8xf32>) -> tensor<?x8xf32> {
  %y = molten.concat %a, %b dim = 0 : tensor<?x8xf32>, tensor<2x8xf32> -> tensor<?x8xf32>
  return %y : tensor<?x8xf32>
}

// -----

// molten.fused is inlined: its results are the yielded values.
// CHECK-LABEL: func.func @fused
// CHECK-SAME: (%[[X:.*]]: tensor<?x8xf32>, %[[R:.*]]: tensor<?x8xf32>)
// CHECK-NOT: molten.
// CHECK: %[[S:.*]] = linalg.generic
// CHECK-SAME: ins(%[[X]], %[[R]] :
// CHECK: arith.addf
// CHECK: %[[E:.*]] = linalg.generic
// CHECK-SAME: ins(%[[S]] : tensor<?x8xf32>)
// CHECK: math.exp
// CHECK: return %[[S]], %[[E]] : tensor<?x8xf32>, tensor<?x8xf32>
func.func @fused(%x: tensor<?x8xf32>, %r: tensor<?x8xf32>) -> (tensor<?x8xf32>, tensor<?x8xf32>) {
  %h, %e = molten.fused hero(loop) ins(%x, %r : tensor<?x8xf32>, tensor<?x8xf32>) -> (tensor<?x8xf32>, tensor<?x8xf32>) {
  ^bb0(%a: tensor<?x8xf32>, %b: tensor<?x8xf32>):
    %s = molten.add %a, %b : tensor<?x8xf32>, tensor<?x8xf32>
    %t = molten.exp %s : tensor<?x8xf32>
    molten.yield %s, %t : tensor<?x8xf32>, tensor<?x8xf32>
  }
  return %h, %e : tensor<?x8xf32>, tensor<?x8xf32>
}

// -----

// A fused region can take index sizes for broadcast_to.
// CHECK-LABEL: func.func @fused_with_size
// CHECK-SAME: (%[[W:.*]]: tensor<8xf32>, %[[N:.*]]: index)
// CHECK: tensor.empty(%[[N]]) : tensor<?x8xf32>
func.func @fused_with_size(%w: tensor<8xf32>, %n: index) -> tensor<?x8xf32> {
  %r = molten.fused hero(loop) ins(%w, %n : tensor<8xf32>, index) -> (tensor<?x8xf32>) {
  ^bb0(%a: tensor<8xf32>, %m: index):
    %b = molten.broadcast_to %a [%m] : tensor<8xf32> -> tensor<?x8xf32>
    molten.yield %b : tensor<?x8xf32>
  }
  return %r : tensor<?x8xf32>
}

// -----

// f64 mode retypes the non-molten ops too: function signatures, calls, casts.
// F64-LABEL: func.func @callee
// F64-SAME: (%{{.*}}: tensor<?x4xf64>) -> tensor<?x4xf64>
// F64: math.exp %{{.*}} : f64
// F64-LABEL: func.func @caller
// F64-SAME: (%[[X:.*]]: tensor<2x4xf64>) -> tensor<?x4xf64>
// F64: %[[C:.*]] = tensor.cast %[[X]] : tensor<2x4xf64> to tensor<?x4xf64>
// F64: %[[Y:.*]] = call @callee(%[[C]]) : (tensor<?x4xf64>) -> tensor<?x4xf64>
// F64: return %[[Y]] : tensor<?x4xf64>

// CHECK-LABEL: func.func @caller
// CHECK: tensor.cast %{{.*}} : tensor<2x4xbf16> to tensor<?x4xbf16>
func.func @callee(%x: tensor<?x4xbf16>) -> tensor<?x4xbf16> {
  %y = molten.exp %x : tensor<?x4xbf16>
  return %y : tensor<?x4xbf16>
}
func.func @caller(%x: tensor<2x4xbf16>) -> tensor<?x4xbf16> {
  %c = tensor.cast %x : tensor<2x4xbf16> to tensor<?x4xbf16>
  %y = call @callee(%c) : (tensor<?x4xbf16>) -> tensor<?x4xbf16>
  return %y : tensor<?x4xbf16>
}

// -----

// A region that yields its own block argument: the result is the input
// (fuzz-cases case01 crashed on the dangling argument).
// CHECK-LABEL: func.func @yield_block_argument
// CHECK-SAME: (%[[X:.*]]: tensor<2xbf16>, %[[Y:.*]]: tensor<2xbf16>)
// CHECK: %[[E:.*]] = linalg.generic
// CHECK: return %[[Y]], %[[E]] : tensor<2xbf16>, tensor<2xbf16>
func.func @yield_block_argument(%x: tensor<2xbf16>, %y: tensor<2xbf16>) -> (tensor<2xbf16>, tensor<2xbf16>) {
  %r:2 = molten.fused hero(loop) ins(%x, %y : tensor<2xbf16>, tensor<2xbf16>) -> (tensor<2xbf16>, tensor<2xbf16>) {
  ^bb0(%a: tensor<2xbf16>, %b: tensor<2xbf16>):
    %e = molten.exp %a : tensor<2xbf16>
    molten.yield %b, %e : tensor<2xbf16>, tensor<2xbf16>
  }
  return %r#0, %r#1 : tensor<2xbf16>, tensor<2xbf16>
}
