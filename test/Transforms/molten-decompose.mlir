// RUN: molten-opt %s --molten-decompose | FileCheck %s
// The expansion is stable: a second run changes nothing.
// RUN: molten-opt %s --molten-decompose --molten-decompose | FileCheck %s
// With report=true, every softmax feeding p @ v that stays math says why.
// RUN: molten-opt %s --molten-decompose=report=true -verify-diagnostics -o /dev/null

// bf16 in, f32 inside, one cast back: x * rsqrt(mean(x*x) + eps) * w.
// CHECK-LABEL: func.func @rms_norm_bf16(
// CHECK-SAME: %[[A0:.*]]: tensor<?x8xbf16>, %[[A1:.*]]: tensor<8xbf16>) -> tensor<?x8xbf16> {
// CHECK-NEXT: %[[V0:.*]] = molten.constant dense<9.99999974E-6> : tensor<f32>
// CHECK-NEXT: %[[V1:.*]] = molten.cast %[[A0]] : tensor<?x8xbf16> to tensor<?x8xf32>
// CHECK-NEXT: %[[V2:.*]] = molten.mul %[[V1]], %[[V1]] : tensor<?x8xf32>, tensor<?x8xf32>
// CHECK-NEXT: %[[V3:.*]] = molten.reduce_mean %[[V2]] dims = [1] keepdim : tensor<?x8xf32> -> tensor<?x1xf32>
// CHECK-NEXT: %[[V4:.*]] = molten.add %[[V3]], %[[V0]] : tensor<?x1xf32>, tensor<f32>
// CHECK-NEXT: %[[V5:.*]] = molten.rsqrt %[[V4]] : tensor<?x1xf32>
// CHECK-NEXT: %[[V6:.*]] = molten.cast %[[A1]] : tensor<8xbf16> to tensor<8xf32>
// CHECK-NEXT: %[[V7:.*]] = molten.mul %[[V1]], %[[V5]] : tensor<?x8xf32>, tensor<?x1xf32>
// CHECK-NEXT: %[[V8:.*]] = molten.mul %[[V7]], %[[V6]] : tensor<?x8xf32>, tensor<8xf32>
// CHECK-NEXT: %[[V9:.*]] = molten.cast %[[V8]] : tensor<?x8xf32> to tensor<?x8xbf16>
// CHECK-NEXT: return %[[V9]] : tensor<?x8xbf16>
func.func @rms_norm_bf16(%x: tensor<?x8xbf16>, %w: tensor<8xbf16>) -> tensor<?x8xbf16> {
  %y = molten.rms_norm %x, %w eps = 1.0e-05 : tensor<?x8xbf16>, tensor<8xbf16>
  return %y : tensor<?x8xbf16>
}

// A normalised axis other than the last: the weight is reshaped to [D, 1].
// CHECK-LABEL: func.func @rms_norm_axis0(
// CHECK-SAME: %[[A0:.*]]: tensor<8x?xf32>, %[[A1:.*]]: tensor<8xf32>) -> tensor<8x?xf32> {
// CHECK-NEXT: %[[V0:.*]] = molten.constant dense<9.99999997E-7> : tensor<f32>
// CHECK-NEXT: %[[V1:.*]] = molten.mul %[[A0]], %[[A0]] : tensor<8x?xf32>, tensor<8x?xf32>
// CHECK-NEXT: %[[V2:.*]] = molten.reduce_mean %[[V1]] dims = [0] keepdim : tensor<8x?xf32> -> tensor<1x?xf32>
// CHECK-NEXT: %[[V3:.*]] = molten.add %[[V2]], %[[V0]] : tensor<1x?xf32>, tensor<f32>
// CHECK-NEXT: %[[V4:.*]] = molten.rsqrt %[[V3]] : tensor<1x?xf32>
// CHECK-NEXT: %[[V5:.*]] = molten.reshape %[[A1]] : tensor<8xf32> -> tensor<8x1xf32>
// CHECK-NEXT: %[[V6:.*]] = molten.mul %[[A0]], %[[V4]] : tensor<8x?xf32>, tensor<1x?xf32>
// CHECK-NEXT: %[[V7:.*]] = molten.mul %[[V6]], %[[V5]] : tensor<8x?xf32>, tensor<8x1xf32>
// CHECK-NEXT: return %[[V7]] : tensor<8x?xf32>
func.func @rms_norm_axis0(%x: tensor<8x?xf32>, %w: tensor<8xf32>) -> tensor<8x?xf32> {
  %y = molten.rms_norm %x, %w axis = 0 : tensor<8x?xf32>, tensor<8xf32>
  return %y : tensor<8x?xf32>
}

// With weight and bias, and without either (custom eps).
// CHECK-LABEL: func.func @layer_norm(
// CHECK-SAME: %[[A0:.*]]: tensor<?x8xf32>, %[[A1:.*]]: tensor<8xf32>, %[[A2:.*]]: tensor<8xf32>) -> (tensor<?x8xf32>, tensor<?x8xf32>) {
// CHECK-NEXT: %[[V0:.*]] = molten.constant dense<1.000000e-03> : tensor<f32>
// CHECK-NEXT: %[[V1:.*]] = molten.constant dense<9.99999974E-6> : tensor<f32>
// CHECK-NEXT: %[[V2:.*]] = molten.reduce_mean %[[A0]] dims = [1] keepdim : tensor<?x8xf32> -> tensor<?x1xf32>
// CHECK-NEXT: %[[V3:.*]] = molten.sub %[[A0]], %[[V2]] : tensor<?x8xf32>, tensor<?x1xf32>
// CHECK-NEXT: %[[V4:.*]] = molten.mul %[[V3]], %[[V3]] : tensor<?x8xf32>, tensor<?x8xf32>
// CHECK-NEXT: %[[V5:.*]] = molten.reduce_mean %[[V4]] dims = [1] keepdim : tensor<?x8xf32> -> tensor<?x1xf32>
// CHECK-NEXT: %[[V6:.*]] = molten.add %[[V5]], %[[V1]] : tensor<?x1xf32>, tensor<f32>
// CHECK-NEXT: %[[V7:.*]] = molten.rsqrt %[[V6]] : tensor<?x1xf32>
// CHECK-NEXT: %[[V8:.*]] = molten.mul %[[V3]], %[[V7]] : tensor<?x8xf32>, tensor<?x1xf32>
// CHECK-NEXT: %[[V9:.*]] = molten.mul %[[V8]], %[[A1]] : tensor<?x8xf32>, tensor<8xf32>
// CHECK-NEXT: %[[V10:.*]] = molten.add %[[V9]], %[[A2]] : tensor<?x8xf32>, tensor<8xf32>
// CHECK-NEXT: %[[V11:.*]] = molten.reduce_mean %[[A0]] dims = [1] keepdim : tensor<?x8xf32> -> tensor<?x1xf32>
// CHECK-NEXT: %[[V12:.*]] = molten.sub %[[A0]], %[[V11]] : tensor<?x8xf32>, tensor<?x1xf32>
// CHECK-NEXT: %[[V13:.*]] = molten.mul %[[V12]], %[[V12]] : tensor<?x8xf32>, tensor<?x8xf32>
// CHECK-NEXT: %[[V14:.*]] = molten.reduce_mean %[[V13]] dims = [1] keepdim : tensor<?x8xf32> -> tensor<?x1xf32>
// CHECK-NEXT: %[[V15:.*]] = molten.add %[[V14]], %[[V0]] : tensor<?x1xf32>, tensor<f32>
// CHECK-NEXT: %[[V16:.*]] = molten.rsqrt %[[V15]] : tensor<?x1xf32>
// CHECK-NEXT: %[[V17:.*]] = molten.mul %[[V12]], %[[V16]] : tensor<?x8xf32>, tensor<?x1xf32>
// CHECK-NEXT: return %[[V10]], %[[V17]] : tensor<?x8xf32>, tensor<?x8xf32>
func.func @layer_norm(%x: tensor<?x8xf32>, %w: tensor<8xf32>, %b: tensor<8xf32>) -> (tensor<?x8xf32>, tensor<?x8xf32>) {
  %y = molten.layer_norm %x weight(%w : tensor<8xf32>) bias(%b : tensor<8xf32>) : tensor<?x8xf32>
  %z = molten.layer_norm %x eps = 1.0e-03 : tensor<?x8xf32>
  return %y, %z : tensor<?x8xf32>, tensor<?x8xf32>
}

// The numerically safe form: the row maximum is subtracted before exp.
// CHECK-LABEL: func.func @softmax(
// CHECK-SAME: %[[A0:.*]]: tensor<?x8xf16>) -> tensor<?x8xf16> {
// CHECK-NEXT: %[[V0:.*]] = molten.cast %[[A0]] : tensor<?x8xf16> to tensor<?x8xf32>
// CHECK-NEXT: %[[V1:.*]] = molten.reduce_max %[[V0]] dims = [1] keepdim : tensor<?x8xf32> -> tensor<?x1xf32>
// CHECK-NEXT: %[[V2:.*]] = molten.sub %[[V0]], %[[V1]] : tensor<?x8xf32>, tensor<?x1xf32>
// CHECK-NEXT: %[[V3:.*]] = molten.exp %[[V2]] : tensor<?x8xf32>
// CHECK-NEXT: %[[V4:.*]] = molten.reduce_sum %[[V3]] dims = [1] keepdim : tensor<?x8xf32> -> tensor<?x1xf32>
// CHECK-NEXT: %[[V5:.*]] = molten.div %[[V3]], %[[V4]] : tensor<?x8xf32>, tensor<?x1xf32>
// CHECK-NEXT: %[[V6:.*]] = molten.cast %[[V5]] : tensor<?x8xf32> to tensor<?x8xf16>
// CHECK-NEXT: return %[[V6]] : tensor<?x8xf16>
func.func @softmax(%x: tensor<?x8xf16>) -> tensor<?x8xf16> {
  %y = molten.softmax %x : tensor<?x8xf16>
  return %y : tensor<?x8xf16>
}

// gelu, sigmoid and silu become their formulas (MoltenOps.td). Exact gelu
// uses erf; the tanh form its polynomial, as
// 0.5 x (1 + tanh(u)) = x / (1 + exp(-2u)).
// CHECK-LABEL: func.func @gelu(
// CHECK-SAME: %[[A0:.*]]: tensor<8xf32>) -> (tensor<8xf32>, tensor<8xf32>) {
// CHECK-NEXT: %[[V0:.*]] = molten.constant dense<-1.59576917> : tensor<f32>
// CHECK-NEXT: %[[V1:.*]] = molten.constant dense<4.471500e-02> : tensor<f32>
// CHECK-NEXT: %[[V2:.*]] = molten.constant dense<1.000000e+00> : tensor<f32>
// CHECK-NEXT: %[[V3:.*]] = molten.constant dense<0.707106769> : tensor<f32>
// CHECK-NEXT: %[[V4:.*]] = molten.constant dense<5.000000e-01> : tensor<f32>
// CHECK-NEXT: %[[V5:.*]] = molten.mul %[[A0]], %[[V4]] : tensor<8xf32>, tensor<f32>
// CHECK-NEXT: %[[V6:.*]] = molten.mul %[[A0]], %[[V3]] : tensor<8xf32>, tensor<f32>
// CHECK-NEXT: %[[V7:.*]] = molten.erf %[[V6]] : tensor<8xf32>
// CHECK-NEXT: %[[V8:.*]] = molten.add %[[V7]], %[[V2]] : tensor<8xf32>, tensor<f32>
// CHECK-NEXT: %[[V9:.*]] = molten.mul %[[V5]], %[[V8]] : tensor<8xf32>, tensor<8xf32>
// CHECK-NEXT: %[[V10:.*]] = molten.mul %[[A0]], %[[A0]] : tensor<8xf32>, tensor<8xf32>
// CHECK-NEXT: %[[V11:.*]] = molten.mul %[[V10]], %[[A0]] : tensor<8xf32>, tensor<8xf32>
// CHECK-NEXT: %[[V12:.*]] = molten.mul %[[V11]], %[[V1]] : tensor<8xf32>, tensor<f32>
// CHECK-NEXT: %[[V13:.*]] = molten.add %[[A0]], %[[V12]] : tensor<8xf32>, tensor<8xf32>
// CHECK-NEXT: %[[V14:.*]] = molten.mul %[[V13]], %[[V0]] : tensor<8xf32>, tensor<f32>
// CHECK-NEXT: %[[V15:.*]] = molten.exp %[[V14]] : tensor<8xf32>
// CHECK-NEXT: %[[V16:.*]] = molten.add %[[V15]], %[[V2]] : tensor<8xf32>, tensor<f32>
// CHECK-NEXT: %[[V17:.*]] = molten.div %[[V2]], %[[V16]] : tensor<f32>, tensor<8xf32>
// CHECK-NEXT: %[[V18:.*]] = molten.mul %[[A0]], %[[V17]] : tensor<8xf32>, tensor<8xf32>
// CHECK-NEXT: return %[[V9]], %[[V18]] : tensor<8xf32>, tensor<8xf32>
func.func @gelu(%x: tensor<8xf32>) -> (tensor<8xf32>, tensor<8xf32>) {
  %a = molten.gelu %x : tensor<8xf32>
  %b = molten.gelu %x approximate = tanh : tensor<8xf32>
  return %a, %b : tensor<8xf32>, tensor<8xf32>
}

// silu is x * sigmoid(x), with sigmoid = 1 / (exp(-x) + 1).
// CHECK-LABEL: func.func @silu(
// CHECK-SAME: %[[A0:.*]]: tensor<8xbf16>) -> tensor<8xbf16> {
// CHECK-NEXT: %[[V0:.*]] = molten.constant dense<1.000000e+00> : tensor<f32>
// CHECK-NEXT: %[[V1:.*]] = molten.cast %[[A0]] : tensor<8xbf16> to tensor<8xf32>
// CHECK-NEXT: %[[V2:.*]] = molten.neg %[[V1]] : tensor<8xf32>
// CHECK-NEXT: %[[V3:.*]] = molten.exp %[[V2]] : tensor<8xf32>
// CHECK-NEXT: %[[V4:.*]] = molten.add %[[V3]], %[[V0]] : tensor<8xf32>, tensor<f32>
// CHECK-NEXT: %[[V5:.*]] = molten.div %[[V0]], %[[V4]] : tensor<f32>, tensor<8xf32>
// CHECK-NEXT: %[[V6:.*]] = molten.mul %[[V1]], %[[V5]] : tensor<8xf32>, tensor<8xf32>
// CHECK-NEXT: %[[V7:.*]] = molten.cast %[[V6]] : tensor<8xf32> to tensor<8xbf16>
// CHECK-NEXT: return %[[V7]] : tensor<8xbf16>
func.func @silu(%x: tensor<8xbf16>) -> tensor<8xbf16> {
  %a = molten.silu %x : tensor<8xbf16>
  return %a : tensor<8xbf16>
}

// rotate_half: concat(-x[D/2:], x[:D/2]); interleaved: pairs (2i, 2i+1) via [..., D/2, 2].
// CHECK-LABEL: func.func @rope(
// CHECK-SAME: %[[A0:.*]]: tensor<?x2x8xf32>, %[[A1:.*]]: tensor<?x1x8xf32>) -> (tensor<?x2x8xf32>, tensor<?x2x8xf32>) {
// CHECK-NEXT: %[[V0:.*]] = molten.slice %[[A0]] offsets = [0, 0, 0] sizes = [-1, -1, 4] strides = [1, 1, 1] : tensor<?x2x8xf32> -> tensor<?x2x4xf32>
// CHECK-NEXT: %[[V1:.*]] = molten.slice %[[A0]] offsets = [0, 0, 4] sizes = [-1, -1, 4] strides = [1, 1, 1] : tensor<?x2x8xf32> -> tensor<?x2x4xf32>
// CHECK-NEXT: %[[V2:.*]] = molten.neg %[[V1]] : tensor<?x2x4xf32>
// CHECK-NEXT: %[[V3:.*]] = molten.concat %[[V2]], %[[V0]] dim = 2 : tensor<?x2x4xf32>, tensor<?x2x4xf32> -> tensor<?x2x8xf32>
// CHECK-NEXT: %[[V4:.*]] = molten.mul %[[V3]], %[[A1]] : tensor<?x2x8xf32>, tensor<?x1x8xf32>
// CHECK-NEXT: %[[V5:.*]] = molten.mul %[[A0]], %[[A1]] : tensor<?x2x8xf32>, tensor<?x1x8xf32>
// CHECK-NEXT: %[[V6:.*]] = molten.add %[[V5]], %[[V4]] : tensor<?x2x8xf32>, tensor<?x2x8xf32>
// CHECK-NEXT: %[[V7:.*]] = molten.reshape %[[A0]] : tensor<?x2x8xf32> -> tensor<?x2x4x2xf32>
// CHECK-NEXT: %[[V8:.*]] = molten.slice %[[V7]] offsets = [0, 0, 0, 0] sizes = [-1, -1, -1, 1] strides = [1, 1, 1, 1] : tensor<?x2x4x2xf32> -> tensor<?x2x4x1xf32>
// CHECK-NEXT: %[[V9:.*]] = molten.slice %[[V7]] offsets = [0, 0, 0, 1] sizes = [-1, -1, -1, 1] strides = [1, 1, 1, 1] : tensor<?x2x4x2xf32> -> tensor<?x2x4x1xf32>
// CHECK-NEXT: %[[V10:.*]] = molten.neg %[[V9]] : tensor<?x2x4x1xf32>
// CHECK-NEXT: %[[V11:.*]] = molten.concat %[[V10]], %[[V8]] dim = 3 : tensor<?x2x4x1xf32>, tensor<?x2x4x1xf32> -> tensor<?x2x4x2xf32>
// CHECK-NEXT: %[[V12:.*]] = molten.reshape %[[V11]] : tensor<?x2x4x2xf32> -> tensor<?x2x8xf32>
// CHECK-NEXT: %[[V13:.*]] = molten.mul %[[V12]], %[[A1]] : tensor<?x2x8xf32>, tensor<?x1x8xf32>
// CHECK-NEXT: %[[V14:.*]] = molten.mul %[[A0]], %[[A1]] : tensor<?x2x8xf32>, tensor<?x1x8xf32>
// CHECK-NEXT: %[[V15:.*]] = molten.add %[[V14]], %[[V13]] : tensor<?x2x8xf32>, tensor<?x2x8xf32>
// CHECK-NEXT: return %[[V6]], %[[V15]] : tensor<?x2x8xf32>, tensor<?x2x8xf32>
func.func @rope(%x: tensor<?x2x8xf32>, %c: tensor<?x1x8xf32>) -> (tensor<?x2x8xf32>, tensor<?x2x8xf32>) {
  %a = molten.rope %x, %c, %c : tensor<?x2x8xf32>, tensor<?x1x8xf32>
  %b = molten.rope %x, %c, %c mode = interleaved : tensor<?x2x8xf32>, tensor<?x1x8xf32>
  return %a, %b : tensor<?x2x8xf32>, tensor<?x2x8xf32>
}

// Not expanded: a static weight on a dynamic axis, rope over a dynamic innermost
// dim, and matmul (a fusion root of its own).
// CHECK-LABEL: func.func @kept(
// CHECK-SAME: %[[A0:.*]]: tensor<?x?xf32>, %[[A1:.*]]: tensor<4xf32>, %[[A2:.*]]: tensor<2x?xf32>, %[[A3:.*]]: tensor<4x4xf32>) -> (tensor<?x?xf32>, tensor<2x?xf32>, tensor<?x4xf32>) {
// CHECK-NEXT: %[[V0:.*]] = molten.rms_norm %[[A0]], %[[A1]] : tensor<?x?xf32>, tensor<4xf32>
// CHECK-NEXT: %[[V1:.*]] = molten.rope %[[A2]], %[[A2]], %[[A2]] : tensor<2x?xf32>, tensor<2x?xf32>
// CHECK-NEXT: %[[V2:.*]] = molten.matmul %[[V0]], %[[A3]] : tensor<?x?xf32>, tensor<4x4xf32> -> tensor<?x4xf32>
// CHECK-NEXT: return %[[V0]], %[[V1]], %[[V2]] : tensor<?x?xf32>, tensor<2x?xf32>, tensor<?x4xf32>
func.func @kept(%x: tensor<?x?xf32>, %w: tensor<4xf32>, %q: tensor<2x?xf32>, %m: tensor<4x4xf32>) -> (tensor<?x?xf32>, tensor<2x?xf32>, tensor<?x4xf32>) {
  %a = molten.rms_norm %x, %w : tensor<?x?xf32>, tensor<4xf32>
  %b = molten.rope %q, %q, %q : tensor<2x?xf32>, tensor<2x?xf32>
  %c = molten.matmul %a, %m : tensor<?x?xf32>, tensor<4x4xf32> -> tensor<?x4xf32>
  return %a, %b, %c : tensor<?x?xf32>, tensor<2x?xf32>, tensor<?x4xf32>
}

// A concat of more than 16 inputs becomes a tree of concats of at most 16
// (a kernel evaluates every input of a concat it holds).
// CHECK-LABEL: func.func @wide_concat
// CHECK-SAME: (%[[X:.*]]: tensor<2x4xf32>, %[[Y:.*]]: tensor<2x4xf32>)
// CHECK: %[[A:.*]] = molten.concat {{(%[a-z0-9]+, )+}}%[[X]] dim = 1 : {{.*}} -> tensor<2x64xf32>
// CHECK: %[[B:.*]] = molten.concat %[[A]], %[[Y]] dim = 1 : tensor<2x64xf32>, tensor<2x4xf32> -> tensor<2x68xf32>
// CHECK: return %[[B]]
func.func @wide_concat(%x: tensor<2x4xf32>, %y: tensor<2x4xf32>) -> tensor<2x68xf32> {
  %0 = molten.concat %x, %x, %x, %x, %x, %x, %x, %x, %x, %x, %x, %x, %x, %x, %x, %x, %y dim = 1 : tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32> -> tensor<2x68xf32>
  return %0 : tensor<2x68xf32>
}

// PyTorch's batched matmul as bmm: the operands' leading dims merged by
// reshapes and the product split back. The matmul takes the operands as
// they are (a dynamic batch dim included); an rhs transposed in its last
// two dims is read in place (transpose_rhs).
// CHECK-LABEL: func.func @bmm_unmerged(
// CHECK-SAME: %[[A:.*]]: tensor<2x4x7x16xf32>, %[[B:.*]]: tensor<2x4x9x16xf32>, %[[C:.*]]: tensor<?x3x5x8xf32>, %[[D:.*]]: tensor<?x3x8x6xf32>)
// CHECK-NEXT: %[[P:.*]] = molten.matmul %[[A]], %[[B]] transpose_rhs : tensor<2x4x7x16xf32>, tensor<2x4x9x16xf32> -> tensor<2x4x7x9xf32>
// CHECK-NEXT: %[[Q:.*]] = molten.matmul %[[C]], %[[D]] : tensor<?x3x5x8xf32>, tensor<?x3x8x6xf32> -> tensor<?x3x5x6xf32>
// CHECK-NEXT: return %[[P]], %[[Q]]
func.func @bmm_unmerged(%a: tensor<2x4x7x16xf32>, %b: tensor<2x4x9x16xf32>, %c: tensor<?x3x5x8xf32>, %d: tensor<?x3x8x6xf32>) -> (tensor<2x4x7x9xf32>, tensor<?x3x5x6xf32>) {
  %bt = molten.transpose %b permutation = [0, 1, 3, 2] : tensor<2x4x9x16xf32> -> tensor<2x4x16x9xf32>
  %a3 = molten.reshape %a : tensor<2x4x7x16xf32> -> tensor<8x7x16xf32>
  %b3 = molten.reshape %bt : tensor<2x4x16x9xf32> -> tensor<8x16x9xf32>
  %p3 = molten.matmul %a3, %b3 : tensor<8x7x16xf32>, tensor<8x16x9xf32> -> tensor<8x7x9xf32>
  %p = molten.reshape %p3 : tensor<8x7x9xf32> -> tensor<2x4x7x9xf32>
  %c3 = molten.reshape %c : tensor<?x3x5x8xf32> -> tensor<?x5x8xf32>
  %d3 = molten.reshape %d : tensor<?x3x8x6xf32> -> tensor<?x8x6xf32>
  %q3 = molten.matmul %c3, %d3 : tensor<?x5x8xf32>, tensor<?x8x6xf32> -> tensor<?x5x6xf32>
  %q = molten.reshape %q3 : tensor<?x5x6xf32> -> tensor<?x3x5x6xf32>
  return %p, %q : tensor<2x4x7x9xf32>, tensor<?x3x5x6xf32>
}

// Reshapes that do more than merge or split the leading dims, a transpose
// of other dims, or a product used twice keep the matmul as written.
// CHECK-LABEL: func.func @bmm_kept(
// CHECK: molten.matmul %{{.*}}, %{{.*}} : tensor<8x7x16xf32>, tensor<8x16x9xf32> -> tensor<8x7x9xf32>
// CHECK: molten.matmul %{{.*}}, %{{.*}} : tensor<4x14x16xf32>, tensor<4x16x9xf32> -> tensor<4x14x9xf32>
// CHECK: molten.matmul %{{.*}}, %{{.*}} : tensor<8x7x16xf32>, tensor<8x16x9xf32> -> tensor<8x7x9xf32>
// CHECK: molten.matmul %{{.*}}, %{{.*}} : tensor<2x4x7x16xf32>, tensor<2x4x16x9xf32> -> tensor<2x4x7x9xf32>
// CHECK-NOT: transpose_rhs
// CHECK: return
func.func @bmm_kept(%a: tensor<2x4x7x16xf32>, %b: tensor<2x4x16x9xf32>, %e: tensor<8x7x16xf32>, %x: tensor<2x2x14x16xf32>, %y: tensor<2x2x16x9xf32>, %g: tensor<4x2x9x16xf32>) -> (tensor<2x4x7x9xf32>, tensor<2x2x7x18xf32>, tensor<2x4x7x9xf32>, tensor<8x7x9xf32>, tensor<2x4x7x9xf32>) {
  %b3 = molten.reshape %b : tensor<2x4x16x9xf32> -> tensor<8x16x9xf32>
  // the lhs is not a reshape
  %p3 = molten.matmul %e, %b3 : tensor<8x7x16xf32>, tensor<8x16x9xf32> -> tensor<8x7x9xf32>
  %p = molten.reshape %p3 : tensor<8x7x9xf32> -> tensor<2x4x7x9xf32>
  // the product's reshape splits its rows and columns too
  %x3 = molten.reshape %x : tensor<2x2x14x16xf32> -> tensor<4x14x16xf32>
  %y3 = molten.reshape %y : tensor<2x2x16x9xf32> -> tensor<4x16x9xf32>
  %q3 = molten.matmul %x3, %y3 : tensor<4x14x16xf32>, tensor<4x16x9xf32> -> tensor<4x14x9xf32>
  %q = molten.reshape %q3 : tensor<4x14x9xf32> -> tensor<2x2x7x18xf32>
  // the product used twice
  %a3 = molten.reshape %a : tensor<2x4x7x16xf32> -> tensor<8x7x16xf32>
  %r3 = molten.matmul %a3, %b3 : tensor<8x7x16xf32>, tensor<8x16x9xf32> -> tensor<8x7x9xf32>
  %r = molten.reshape %r3 : tensor<8x7x9xf32> -> tensor<2x4x7x9xf32>
  // a transpose of other dims than the last two
  %gt = molten.transpose %g permutation = [1, 0, 3, 2] : tensor<4x2x9x16xf32> -> tensor<2x4x16x9xf32>
  %s = molten.matmul %a, %gt : tensor<2x4x7x16xf32>, tensor<2x4x16x9xf32> -> tensor<2x4x7x9xf32>
  return %p, %q, %r, %r3, %s : tensor<2x4x7x9xf32>, tensor<2x2x7x18xf32>, tensor<2x4x7x9xf32>, tensor<8x7x9xf32>, tensor<2x4x7x9xf32>
}

// Attention written as math: softmax(q @ k^T * c) @ v becomes one
// molten.attention with scale c, before the softmax would be expanded; the
// constant goes with the math. Batch and sequence dims dynamic, D != Dv.
// CHECK-LABEL: func.func @attention_mul(
// CHECK-SAME: %[[Q:.*]]: tensor<?x8x?x64xf32>, %[[K:.*]]: tensor<?x8x?x64xf32>, %[[V:.*]]: tensor<?x8x?x32xf32>) -> tensor<?x8x?x32xf32> {
// CHECK-NEXT: %[[O:.*]] = molten.attention %[[Q]], %[[K]], %[[V]] scale = 1.250000e-01 : tensor<?x8x?x64xf32>, tensor<?x8x?x64xf32>, tensor<?x8x?x32xf32> -> tensor<?x8x?x32xf32>
// CHECK-NEXT: return %[[O]] : tensor<?x8x?x32xf32>
func.func @attention_mul(%q: tensor<?x8x?x64xf32>, %k: tensor<?x8x?x64xf32>, %v: tensor<?x8x?x32xf32>) -> tensor<?x8x?x32xf32> {
  %c = molten.constant dense<1.250000e-01> : tensor<f32>
  %s = molten.matmul %q, %k transpose_rhs : tensor<?x8x?x64xf32>, tensor<?x8x?x64xf32> -> tensor<?x8x?x?xf32>
  %t = molten.mul %s, %c : tensor<?x8x?x?xf32>, tensor<f32>
  %p = molten.softmax %t : tensor<?x8x?x?xf32>
  %o = molten.matmul %p, %v : tensor<?x8x?x?xf32>, tensor<?x8x?x32xf32> -> tensor<?x8x?x32xf32>
  return %o : tensor<?x8x?x32xf32>
}

// The constant on the left, a splat of rank 2 in bf16 (the scale is its
// bf16 value, 0.3 rounded), and the softmax axis given as 2 (the last).
// CHECK-LABEL: func.func @attention_mul_left_bf16(
// CHECK-SAME: %[[Q:.*]]: tensor<2x7x16xbf16>, %[[K:.*]]: tensor<2x13x16xbf16>, %[[V:.*]]: tensor<2x13x16xbf16>) -> tensor<2x7x16xbf16> {
// CHECK-NEXT: %[[O:.*]] = molten.attention %[[Q]], %[[K]], %[[V]] scale = 0.30078125 : tensor<2x7x16xbf16>, tensor<2x13x16xbf16>, tensor<2x13x16xbf16> -> tensor<2x7x16xbf16>
// CHECK-NEXT: return %[[O]] : tensor<2x7x16xbf16>
func.func @attention_mul_left_bf16(%q: tensor<2x7x16xbf16>, %k: tensor<2x13x16xbf16>, %v: tensor<2x13x16xbf16>) -> tensor<2x7x16xbf16> {
  %c = molten.constant dense<0.3> : tensor<1x1xbf16>
  %s = molten.matmul %q, %k transpose_rhs : tensor<2x7x16xbf16>, tensor<2x13x16xbf16> -> tensor<2x7x13xbf16>
  %t = molten.mul %c, %s : tensor<1x1xbf16>, tensor<2x7x13xbf16>
  %p = molten.softmax %t axis = 2 : tensor<2x7x13xbf16>
  %o = molten.matmul %p, %v : tensor<2x7x13xbf16>, tensor<2x13x16xbf16> -> tensor<2x7x16xbf16>
  return %o : tensor<2x7x16xbf16>
}

// Divided by a constant: the scale is its reciprocal. Rank 2, f16.
// CHECK-LABEL: func.func @attention_div(
// CHECK-SAME: %[[Q:.*]]: tensor<?x64xf16>, %[[K:.*]]: tensor<?x64xf16>, %[[V:.*]]: tensor<?x64xf16>) -> tensor<?x64xf16> {
// CHECK-NEXT: %[[O:.*]] = molten.attention %[[Q]], %[[K]], %[[V]] scale = 1.250000e-01 : tensor<?x64xf16>, tensor<?x64xf16>, tensor<?x64xf16> -> tensor<?x64xf16>
// CHECK-NEXT: return %[[O]] : tensor<?x64xf16>
func.func @attention_div(%q: tensor<?x64xf16>, %k: tensor<?x64xf16>, %v: tensor<?x64xf16>) -> tensor<?x64xf16> {
  %c = molten.constant dense<8.0> : tensor<f16>
  %s = molten.matmul %q, %k transpose_rhs : tensor<?x64xf16>, tensor<?x64xf16> -> tensor<?x?xf16>
  %t = molten.div %s, %c : tensor<?x?xf16>, tensor<f16>
  %p = molten.softmax %t : tensor<?x?xf16>
  %o = molten.matmul %p, %v : tensor<?x?xf16>, tensor<?x64xf16> -> tensor<?x64xf16>
  return %o : tensor<?x64xf16>
}

// Unscaled scores: scale 1, written out (the op's default is 1 / sqrt(D)).
// CHECK-LABEL: func.func @attention_unscaled(
// CHECK-SAME: %[[Q:.*]]: tensor<4x8xf32>, %[[K:.*]]: tensor<6x8xf32>, %[[V:.*]]: tensor<6x2xf32>) -> tensor<4x2xf32> {
// CHECK-NEXT: %[[O:.*]] = molten.attention %[[Q]], %[[K]], %[[V]] scale = 1.000000e+00 : tensor<4x8xf32>, tensor<6x8xf32>, tensor<6x2xf32> -> tensor<4x2xf32>
// CHECK-NEXT: return %[[O]] : tensor<4x2xf32>
func.func @attention_unscaled(%q: tensor<4x8xf32>, %k: tensor<6x8xf32>, %v: tensor<6x2xf32>) -> tensor<4x2xf32> {
  %s = molten.matmul %q, %k transpose_rhs : tensor<4x8xf32>, tensor<6x8xf32> -> tensor<4x6xf32>
  %p = molten.softmax %s : tensor<4x6xf32>
  %o = molten.matmul %p, %v : tensor<4x6xf32>, tensor<6x2xf32> -> tensor<4x2xf32>
  return %o : tensor<4x2xf32>
}

// A mask added to the scaled scores, here c * s + m with m [Sq, Skv]
// broadcast over batch and heads: the op's mask is m. A fully masked row is
// NaN in the math (exp(-inf - -inf)), so the op gets nan_if_masked.
// CHECK-LABEL: func.func @attention_mask(
// CHECK-SAME: %[[Q:.*]]: tensor<2x4x7x16xf32>, %[[K:.*]]: tensor<2x4x13x16xf32>, %[[V:.*]]: tensor<2x4x13x8xf32>, %[[M:.*]]: tensor<7x13xf32>) -> tensor<2x4x7x8xf32> {
// CHECK-NEXT: %[[O:.*]] = molten.attention %[[Q]], %[[K]], %[[V]] mask(%[[M]] : tensor<7x13xf32>) scale = 2.500000e-01 nan_if_masked : tensor<2x4x7x16xf32>, tensor<2x4x13x16xf32>, tensor<2x4x13x8xf32> -> tensor<2x4x7x8xf32>
// CHECK-NEXT: return %[[O]] : tensor<2x4x7x8xf32>
func.func @attention_mask(%q: tensor<2x4x7x16xf32>, %k: tensor<2x4x13x16xf32>, %v: tensor<2x4x13x8xf32>, %m: tensor<7x13xf32>) -> tensor<2x4x7x8xf32> {
  %c = molten.constant dense<2.500000e-01> : tensor<f32>
  %s = molten.matmul %q, %k transpose_rhs : tensor<2x4x7x16xf32>, tensor<2x4x13x16xf32> -> tensor<2x4x7x13xf32>
  %t = molten.mul %c, %s : tensor<f32>, tensor<2x4x7x13xf32>
  %u = molten.add %t, %m : tensor<2x4x7x13xf32>, tensor<7x13xf32>
  %p = molten.softmax %u : tensor<2x4x7x13xf32>
  %o = molten.matmul %p, %v : tensor<2x4x7x13xf32>, tensor<2x4x13x8xf32> -> tensor<2x4x7x8xf32>
  return %o : tensor<2x4x7x8xf32>
}

// The mask on the left (m + s / c), in the operands' type bf16, with a
// dynamic key dim; rank 2.
// CHECK-LABEL: func.func @attention_mask_left_bf16(
// CHECK-SAME: %[[Q:.*]]: tensor<?x64xbf16>, %[[K:.*]]: tensor<?x64xbf16>, %[[V:.*]]: tensor<?x32xbf16>, %[[M:.*]]: tensor<1x?xbf16>) -> tensor<?x32xbf16> {
// CHECK-NEXT: %[[O:.*]] = molten.attention %[[Q]], %[[K]], %[[V]] mask(%[[M]] : tensor<1x?xbf16>) scale = 1.250000e-01 nan_if_masked : tensor<?x64xbf16>, tensor<?x64xbf16>, tensor<?x32xbf16> -> tensor<?x32xbf16>
// CHECK-NEXT: return %[[O]] : tensor<?x32xbf16>
func.func @attention_mask_left_bf16(%q: tensor<?x64xbf16>, %k: tensor<?x64xbf16>, %v: tensor<?x32xbf16>, %m: tensor<1x?xbf16>) -> tensor<?x32xbf16> {
  %c = molten.constant dense<8.0> : tensor<bf16>
  %s = molten.matmul %q, %k transpose_rhs : tensor<?x64xbf16>, tensor<?x64xbf16> -> tensor<?x?xbf16>
  %t = molten.div %s, %c : tensor<?x?xbf16>, tensor<bf16>
  %u = molten.add %m, %t : tensor<1x?xbf16>, tensor<?x?xbf16>
  %p = molten.softmax %u : tensor<?x?xbf16>
  %o = molten.matmul %p, %v : tensor<?x?xbf16>, tensor<?x32xbf16> -> tensor<?x32xbf16>
  return %o : tensor<?x32xbf16>
}

// A mask as a select, select(keep, s * c, -inf) (masked_fill): the op's
// mask is select(keep, 0, -inf) in f32, of keep's shape, built before it.
// CHECK-LABEL: func.func @attention_select(
// CHECK-SAME: %[[Q:.*]]: tensor<2x4x7x16xbf16>, %[[K:.*]]: tensor<2x4x13x16xbf16>, %[[V:.*]]: tensor<2x4x13x8xbf16>, %[[KEEP:.*]]: tensor<2x1x7x13xi1>) -> tensor<2x4x7x8xbf16> {
// CHECK-NEXT: %[[ZERO:.*]] = molten.constant dense<0.000000e+00> : tensor<f32>
// CHECK-NEXT: %[[NINF:.*]] = molten.constant dense<0xFF800000> : tensor<f32>
// CHECK-NEXT: %[[M:.*]] = molten.select %[[KEEP]], %[[ZERO]], %[[NINF]] : tensor<2x1x7x13xi1>, tensor<f32>, tensor<f32>
// CHECK-NEXT: %[[O:.*]] = molten.attention %[[Q]], %[[K]], %[[V]] mask(%[[M]] : tensor<2x1x7x13xf32>) scale = 2.500000e-01 nan_if_masked : tensor<2x4x7x16xbf16>, tensor<2x4x13x16xbf16>, tensor<2x4x13x8xbf16> -> tensor<2x4x7x8xbf16>
// CHECK-NEXT: return %[[O]] : tensor<2x4x7x8xbf16>
func.func @attention_select(%q: tensor<2x4x7x16xbf16>, %k: tensor<2x4x13x16xbf16>, %v: tensor<2x4x13x8xbf16>, %keep: tensor<2x1x7x13xi1>) -> tensor<2x4x7x8xbf16> {
  %c = molten.constant dense<2.500000e-01> : tensor<bf16>
  %ninf = molten.constant dense<0xFF80> : tensor<bf16>
  %s = molten.matmul %q, %k transpose_rhs : tensor<2x4x7x16xbf16>, tensor<2x4x13x16xbf16> -> tensor<2x4x7x13xbf16>
  %t = molten.mul %s, %c : tensor<2x4x7x13xbf16>, tensor<bf16>
  %u = molten.select %keep, %t, %ninf : tensor<2x1x7x13xi1>, tensor<2x4x7x13xbf16>, tensor<bf16>
  %p = molten.softmax %u : tensor<2x4x7x13xbf16>
  %o = molten.matmul %p, %v : tensor<2x4x7x13xbf16>, tensor<2x4x13x8xbf16> -> tensor<2x4x7x8xbf16>
  return %o : tensor<2x4x7x8xbf16>
}

// The select the other way round, select(masked, -inf, s * c), as
// masked_fill(masked, -inf) reaches molten from a PyTorch graph: the op's
// mask is select(masked, -inf, 0).
// CHECK-LABEL: func.func @attention_select_masked_fill(
// CHECK-SAME: %[[Q:.*]]: tensor<4x7x16xf32>, %[[K:.*]]: tensor<4x13x16xf32>, %[[V:.*]]: tensor<4x13x8xf32>, %[[MASKED:.*]]: tensor<7x13xi1>) -> tensor<4x7x8xf32> {
// CHECK-NEXT: %[[ZERO:.*]] = molten.constant dense<0.000000e+00> : tensor<f32>
// CHECK-NEXT: %[[NINF:.*]] = molten.constant dense<0xFF800000> : tensor<f32>
// CHECK-NEXT: %[[M:.*]] = molten.select %[[MASKED]], %[[NINF]], %[[ZERO]] : tensor<7x13xi1>, tensor<f32>, tensor<f32>
// CHECK-NEXT: %[[O:.*]] = molten.attention %[[Q]], %[[K]], %[[V]] mask(%[[M]] : tensor<7x13xf32>) scale = 2.500000e-01 nan_if_masked : tensor<4x7x16xf32>, tensor<4x13x16xf32>, tensor<4x13x8xf32> -> tensor<4x7x8xf32>
// CHECK-NEXT: return %[[O]] : tensor<4x7x8xf32>
func.func @attention_select_masked_fill(%q: tensor<4x7x16xf32>, %k: tensor<4x13x16xf32>, %v: tensor<4x13x8xf32>, %masked: tensor<7x13xi1>) -> tensor<4x7x8xf32> {
  %c = molten.constant dense<2.500000e-01> : tensor<f32>
  %ninf = molten.constant dense<0xFF800000> : tensor<f32>
  %s = molten.matmul %q, %k transpose_rhs : tensor<4x7x16xf32>, tensor<4x13x16xf32> -> tensor<4x7x13xf32>
  %t = molten.mul %s, %c : tensor<4x7x13xf32>, tensor<f32>
  %u = molten.select %masked, %ninf, %t : tensor<7x13xi1>, tensor<f32>, tensor<4x7x13xf32>
  %p = molten.softmax %u : tensor<4x7x13xf32>
  %o = molten.matmul %p, %v : tensor<4x7x13xf32>, tensor<4x13x8xf32> -> tensor<4x7x8xf32>
  return %o : tensor<4x7x8xf32>
}

// Grouped-query attention as data movement (PyTorch's repeat_kv): k and v
// of 2 heads, each repeated 4 times, reshape(broadcast_to(reshape(x))),
// as canonicalize leaves it. The op reads the 2 heads (query head h reads
// head h / 4); the repeats are gone. The sequence dim is dynamic.
// CHECK-LABEL: func.func @attention_gqa(
// CHECK-SAME: %[[Q:.*]]: tensor<2x8x?x16xf32>, %[[K:.*]]: tensor<2x2x?x16xf32>, %[[V:.*]]: tensor<2x2x?x8xf32>) -> tensor<2x8x?x8xf32> {
// CHECK-NEXT: %[[O:.*]] = molten.attention %[[Q]], %[[K]], %[[V]] scale = 2.500000e-01 : tensor<2x8x?x16xf32>, tensor<2x2x?x16xf32>, tensor<2x2x?x8xf32> -> tensor<2x8x?x8xf32>
// CHECK-NEXT: return %[[O]] : tensor<2x8x?x8xf32>
func.func @attention_gqa(%q: tensor<2x8x?x16xf32>, %k0: tensor<2x2x?x16xf32>, %v0: tensor<2x2x?x8xf32>) -> tensor<2x8x?x8xf32> {
  %c2 = arith.constant 2 : index
  %n = tensor.dim %k0, %c2 : tensor<2x2x?x16xf32>
  %k1 = molten.reshape %k0 : tensor<2x2x?x16xf32> -> tensor<2x2x1x?x16xf32>
  %k2 = molten.broadcast_to %k1 [%n] : tensor<2x2x1x?x16xf32> -> tensor<2x2x4x?x16xf32>
  %k = molten.reshape %k2 : tensor<2x2x4x?x16xf32> -> tensor<2x8x?x16xf32>
  %v1 = molten.reshape %v0 : tensor<2x2x?x8xf32> -> tensor<2x2x1x?x8xf32>
  %v2 = molten.broadcast_to %v1 [%n] : tensor<2x2x1x?x8xf32> -> tensor<2x2x4x?x8xf32>
  %v = molten.reshape %v2 : tensor<2x2x4x?x8xf32> -> tensor<2x8x?x8xf32>
  %c = molten.constant dense<2.500000e-01> : tensor<f32>
  %s = molten.matmul %q, %k transpose_rhs : tensor<2x8x?x16xf32>, tensor<2x8x?x16xf32> -> tensor<2x8x?x?xf32>
  %t = molten.mul %s, %c : tensor<2x8x?x?xf32>, tensor<f32>
  %p = molten.softmax %t : tensor<2x8x?x?xf32>
  %o = molten.matmul %p, %v : tensor<2x8x?x?xf32>, tensor<2x8x?x8xf32> -> tensor<2x8x?x8xf32>
  return %o : tensor<2x8x?x8xf32>
}

// Where x0 is itself a reshape (v's heads split off [B, S, 2 * Dv]),
// canonicalize folds it into the unit-dim reshape: v's chain starts from
// [2, 7, 16]. x0 is rebuilt as one reshape, before the op. With a mask.
// CHECK-LABEL: func.func @attention_gqa_folded_reshape(
// CHECK-SAME: %[[Q:.*]]: tensor<2x8x5x16xf32>, %[[K:.*]]: tensor<2x2x7x16xf32>, %[[VP:.*]]: tensor<2x7x16xf32>, %[[M:.*]]: tensor<2x1x5x7xf32>) -> tensor<2x8x5x8xf32> {
// CHECK-NEXT: %[[V:.*]] = molten.reshape %[[VP]] : tensor<2x7x16xf32> -> tensor<2x2x7x8xf32>
// CHECK-NEXT: %[[O:.*]] = molten.attention %[[Q]], %[[K]], %[[V]] mask(%[[M]] : tensor<2x1x5x7xf32>) scale = 1.000000e+00 nan_if_masked : tensor<2x8x5x16xf32>, tensor<2x2x7x16xf32>, tensor<2x2x7x8xf32> -> tensor<2x8x5x8xf32>
// CHECK-NEXT: return %[[O]] : tensor<2x8x5x8xf32>
func.func @attention_gqa_folded_reshape(%q: tensor<2x8x5x16xf32>, %k0: tensor<2x2x7x16xf32>, %vp: tensor<2x7x16xf32>, %m: tensor<2x1x5x7xf32>) -> tensor<2x8x5x8xf32> {
  %k1 = molten.reshape %k0 : tensor<2x2x7x16xf32> -> tensor<2x2x1x7x16xf32>
  %k2 = molten.broadcast_to %k1 : tensor<2x2x1x7x16xf32> -> tensor<2x2x4x7x16xf32>
  %k = molten.reshape %k2 : tensor<2x2x4x7x16xf32> -> tensor<2x8x7x16xf32>
  %v1 = molten.reshape %vp : tensor<2x7x16xf32> -> tensor<2x2x1x7x8xf32>
  %v2 = molten.broadcast_to %v1 : tensor<2x2x1x7x8xf32> -> tensor<2x2x4x7x8xf32>
  %v = molten.reshape %v2 : tensor<2x2x4x7x8xf32> -> tensor<2x8x7x8xf32>
  %s = molten.matmul %q, %k transpose_rhs : tensor<2x8x5x16xf32>, tensor<2x8x7x16xf32> -> tensor<2x8x5x7xf32>
  %u = molten.add %s, %m : tensor<2x8x5x7xf32>, tensor<2x1x5x7xf32>
  %p = molten.softmax %u : tensor<2x8x5x7xf32>
  %o = molten.matmul %p, %v : tensor<2x8x5x7xf32>, tensor<2x8x7x8xf32> -> tensor<2x8x5x8xf32>
  return %o : tensor<2x8x5x8xf32>
}

// Repeats the op cannot take: k repeated 2 times from 4 heads and v 4
// times from 2; k repeated and v not; q's head count dynamic (the op would
// take it as one query head per key head). Each is attention on k and v
// as given, the repeats kept.
// CHECK-LABEL: func.func @attention_gqa_unlike(
// CHECK-SAME: %[[Q:[a-z0-9]+]]: tensor<2x8x5x16xf32>, %[[QD:[a-z0-9]+]]: tensor<2x?x5x16xf32>, %[[K4:[a-z0-9]+]]: tensor<2x4x7x16xf32>, %[[V2:[a-z0-9]+]]: tensor<2x2x7x8xf32>, %[[V8:[a-z0-9]+]]: tensor<2x8x7x8xf32>)
// CHECK-DAG: %[[K:.*]] = molten.reshape %{{.*}} : tensor<2x4x2x7x16xf32> -> tensor<2x8x7x16xf32>
// CHECK-DAG: %[[V:.*]] = molten.reshape %{{.*}} : tensor<2x2x4x7x8xf32> -> tensor<2x8x7x8xf32>
// CHECK: molten.attention %[[Q]], %[[K]], %[[V]] scale = 1.000000e+00 : tensor<2x8x5x16xf32>, tensor<2x8x7x16xf32>, tensor<2x8x7x8xf32> -> tensor<2x8x5x8xf32>
// CHECK: molten.attention %[[Q]], %[[K]], %[[V8]] scale = 1.000000e+00 : tensor<2x8x5x16xf32>, tensor<2x8x7x16xf32>, tensor<2x8x7x8xf32> -> tensor<2x8x5x8xf32>
// CHECK: molten.attention %[[QD]], %[[K]], %[[V]] scale = 1.000000e+00 : tensor<2x?x5x16xf32>, tensor<2x8x7x16xf32>, tensor<2x8x7x8xf32> -> tensor<2x8x5x8xf32>
// CHECK: return
func.func @attention_gqa_unlike(%q: tensor<2x8x5x16xf32>, %qd: tensor<2x?x5x16xf32>, %k0: tensor<2x4x7x16xf32>, %v0: tensor<2x2x7x8xf32>, %v8: tensor<2x8x7x8xf32>) -> (tensor<2x8x5x8xf32>, tensor<2x8x5x8xf32>, tensor<2x8x5x8xf32>) {
  %k1 = molten.reshape %k0 : tensor<2x4x7x16xf32> -> tensor<2x4x1x7x16xf32>
  %k2 = molten.broadcast_to %k1 : tensor<2x4x1x7x16xf32> -> tensor<2x4x2x7x16xf32>
  %k = molten.reshape %k2 : tensor<2x4x2x7x16xf32> -> tensor<2x8x7x16xf32>
  %v1 = molten.reshape %v0 : tensor<2x2x7x8xf32> -> tensor<2x2x1x7x8xf32>
  %v2 = molten.broadcast_to %v1 : tensor<2x2x1x7x8xf32> -> tensor<2x2x4x7x8xf32>
  %v = molten.reshape %v2 : tensor<2x2x4x7x8xf32> -> tensor<2x8x7x8xf32>
  %s0 = molten.matmul %q, %k transpose_rhs : tensor<2x8x5x16xf32>, tensor<2x8x7x16xf32> -> tensor<2x8x5x7xf32>
  %p0 = molten.softmax %s0 : tensor<2x8x5x7xf32>
  %o0 = molten.matmul %p0, %v : tensor<2x8x5x7xf32>, tensor<2x8x7x8xf32> -> tensor<2x8x5x8xf32>
  %s1 = molten.matmul %q, %k transpose_rhs : tensor<2x8x5x16xf32>, tensor<2x8x7x16xf32> -> tensor<2x8x5x7xf32>
  %p1 = molten.softmax %s1 : tensor<2x8x5x7xf32>
  %o1 = molten.matmul %p1, %v8 : tensor<2x8x5x7xf32>, tensor<2x8x7x8xf32> -> tensor<2x8x5x8xf32>
  %s2 = molten.matmul %qd, %k transpose_rhs : tensor<2x?x5x16xf32>, tensor<2x8x7x16xf32> -> tensor<2x8x5x7xf32>
  %p2 = molten.softmax %s2 : tensor<2x8x5x7xf32>
  %o2 = molten.matmul %p2, %v : tensor<2x8x5x7xf32>, tensor<2x8x7x8xf32> -> tensor<2x8x5x8xf32>
  return %o0, %o1, %o2 : tensor<2x8x5x8xf32>, tensor<2x8x5x8xf32>, tensor<2x8x5x8xf32>
}

// Near misses: each stays math (both matmuls kept, the softmax expanded).
// Masks that are not the forms above: a select of a finite fill (either
// side), masked scores
// used again, a mask or a condition that broadcasts the scores to a larger
// shape, and an add of a mask to something other than the scores.
// CHECK-LABEL: func.func @not_attention_masks(
// CHECK-NOT: molten.attention
// CHECK: molten.matmul %{{.*}}, %{{.*}} transpose_rhs
// CHECK: molten.select
// CHECK: molten.reduce_max
// CHECK: molten.matmul
// CHECK-NOT: molten.attention
// CHECK: return
func.func @not_attention_masks(%q: tensor<4x8xf32>, %k: tensor<6x8xf32>, %v: tensor<6x2xf32>, %keep: tensor<4x6xi1>, %wide: tensor<2x4x6xi1>, %m: tensor<4x6xf32>, %mw: tensor<2x4x6xf32>, %x: tensor<4x6xf32>) -> (tensor<4x2xf32>, tensor<4x2xf32>, tensor<4x2xf32>, tensor<4x6xf32>, tensor<2x4x2xf32>, tensor<2x4x2xf32>, tensor<4x2xf32>) {
  %ninf = molten.constant dense<0xFF800000> : tensor<f32>
  %big = molten.constant dense<-1.0e+09> : tensor<f32>
  %s0 = molten.matmul %q, %k transpose_rhs : tensor<4x8xf32>, tensor<6x8xf32> -> tensor<4x6xf32>
  %t0 = molten.select %keep, %big, %s0 : tensor<4x6xi1>, tensor<f32>, tensor<4x6xf32>
  // expected-remark @+1 {{not recognised as attention: the scores are masked by a select other than select(cond, scores, -inf) or select(cond, -inf, scores), -inf a splat constant}}
  %p0 = molten.softmax %t0 : tensor<4x6xf32>
  %o0 = molten.matmul %p0, %v : tensor<4x6xf32>, tensor<6x2xf32> -> tensor<4x2xf32>
  %s1 = molten.matmul %q, %k transpose_rhs : tensor<4x8xf32>, tensor<6x8xf32> -> tensor<4x6xf32>
  %t1 = molten.select %keep, %s1, %big : tensor<4x6xi1>, tensor<4x6xf32>, tensor<f32>
  // expected-remark @+1 {{not recognised as attention: the scores are masked by a select other than select(cond, scores, -inf) or select(cond, -inf, scores), -inf a splat constant}}
  %p1 = molten.softmax %t1 : tensor<4x6xf32>
  %o1 = molten.matmul %p1, %v : tensor<4x6xf32>, tensor<6x2xf32> -> tensor<4x2xf32>
  %s2 = molten.matmul %q, %k transpose_rhs : tensor<4x8xf32>, tensor<6x8xf32> -> tensor<4x6xf32>
  %t2 = molten.add %s2, %m : tensor<4x6xf32>, tensor<4x6xf32>
  // expected-remark @+1 {{not recognised as attention: the masked scores have other uses, or the mask broadcasts them}}
  %p2 = molten.softmax %t2 : tensor<4x6xf32>
  %o2 = molten.matmul %p2, %v : tensor<4x6xf32>, tensor<6x2xf32> -> tensor<4x2xf32>
  %s3 = molten.matmul %q, %k transpose_rhs : tensor<4x8xf32>, tensor<6x8xf32> -> tensor<4x6xf32>
  %t3 = molten.add %mw, %s3 : tensor<2x4x6xf32>, tensor<4x6xf32>
  // expected-remark @+1 {{not recognised as attention: the masked scores have other uses, or the mask broadcasts them}}
  %p3 = molten.softmax %t3 : tensor<2x4x6xf32>
  %o3 = molten.matmul %p3, %v : tensor<2x4x6xf32>, tensor<6x2xf32> -> tensor<2x4x2xf32>
  %s4 = molten.matmul %q, %k transpose_rhs : tensor<4x8xf32>, tensor<6x8xf32> -> tensor<4x6xf32>
  %t4 = molten.select %wide, %s4, %ninf : tensor<2x4x6xi1>, tensor<4x6xf32>, tensor<f32>
  // expected-remark @+1 {{not recognised as attention: the masked scores have other uses, or the mask broadcasts them}}
  %p4 = molten.softmax %t4 : tensor<2x4x6xf32>
  %o4 = molten.matmul %p4, %v : tensor<2x4x6xf32>, tensor<6x2xf32> -> tensor<2x4x2xf32>
  %t5 = molten.add %x, %m : tensor<4x6xf32>, tensor<4x6xf32>
  // expected-remark @+1 {{not recognised as attention: the scores are not q @ k^T}}
  %p5 = molten.softmax %t5 : tensor<4x6xf32>
  %o5 = molten.matmul %p5, %v : tensor<4x6xf32>, tensor<6x2xf32> -> tensor<4x2xf32>
  return %o0, %o1, %o2, %t2, %o3, %o4, %o5 : tensor<4x2xf32>, tensor<4x2xf32>, tensor<4x2xf32>, tensor<4x6xf32>, tensor<2x4x2xf32>, tensor<2x4x2xf32>, tensor<4x2xf32>
}

// PyTorch eager's softmax(dtype=float32).to(dtype) on bf16 scores: the
// softmax in f32 between two casts; the casts go with the math.
// CHECK-LABEL: func.func @attention_f32_softmax(
// CHECK-SAME: %[[Q:.*]]: tensor<2x4x7x16xbf16>, %[[K:.*]]: tensor<2x4x13x16xbf16>, %[[V:.*]]: tensor<2x4x13x8xbf16>, %[[M:.*]]: tensor<7x13xbf16>)
// CHECK-NEXT: %[[O:.*]] = molten.attention %[[Q]], %[[K]], %[[V]] mask(%[[M]] : tensor<7x13xbf16>) scale = 2.500000e-01 nan_if_masked : tensor<2x4x7x16xbf16>, tensor<2x4x13x16xbf16>, tensor<2x4x13x8xbf16> -> tensor<2x4x7x8xbf16>
// CHECK-NEXT: return %[[O]]
func.func @attention_f32_softmax(%q: tensor<2x4x7x16xbf16>, %k: tensor<2x4x13x16xbf16>, %v: tensor<2x4x13x8xbf16>, %m: tensor<7x13xbf16>) -> tensor<2x4x7x8xbf16> {
  %c = molten.constant dense<2.500000e-01> : tensor<bf16>
  %s = molten.matmul %q, %k transpose_rhs : tensor<2x4x7x16xbf16>, tensor<2x4x13x16xbf16> -> tensor<2x4x7x13xbf16>
  %t = molten.mul %s, %c : tensor<2x4x7x13xbf16>, tensor<bf16>
  %u = molten.add %t, %m : tensor<2x4x7x13xbf16>, tensor<7x13xbf16>
  %w = molten.cast %u : tensor<2x4x7x13xbf16> to tensor<2x4x7x13xf32>
  %p = molten.softmax %w : tensor<2x4x7x13xf32>
  %n = molten.cast %p : tensor<2x4x7x13xf32> to tensor<2x4x7x13xbf16>
  %o = molten.matmul %n, %v : tensor<2x4x7x13xbf16>, tensor<2x4x13x8xbf16> -> tensor<2x4x7x8xbf16>
  return %o : tensor<2x4x7x8xbf16>
}

// The softmax between casts that do not come back to the scores' type, or
// whose result is used again, stays math.
// CHECK-LABEL: func.func @not_attention_f32_softmax(
// CHECK-NOT: molten.attention
// CHECK: return
func.func @not_attention_f32_softmax(%q: tensor<7x16xbf16>, %k: tensor<13x16xbf16>, %v: tensor<13x8xf16>) -> (tensor<7x8xf16>, tensor<7x8xf16>, tensor<7x13xf16>) {
  %s0 = molten.matmul %q, %k transpose_rhs : tensor<7x16xbf16>, tensor<13x16xbf16> -> tensor<7x13xbf16>
  %w0 = molten.cast %s0 : tensor<7x13xbf16> to tensor<7x13xf32>
  // expected-remark @+1 {{not recognised as attention: the softmax is not in f32 between casts from and back to the scores' type}}
  %p0 = molten.softmax %w0 : tensor<7x13xf32>
  %n0 = molten.cast %p0 : tensor<7x13xf32> to tensor<7x13xf16>
  %o0 = molten.matmul %n0, %v : tensor<7x13xf16>, tensor<13x8xf16> -> tensor<7x8xf16>
  %s1 = molten.matmul %q, %k transpose_rhs : tensor<7x16xbf16>, tensor<13x16xbf16> -> tensor<7x13xbf16>
  %w1 = molten.cast %s1 : tensor<7x13xbf16> to tensor<7x13xf32>
  // expected-remark @+1 {{not recognised as attention: the softmax's casts have other uses}}
  %p1 = molten.softmax %w1 : tensor<7x13xf32>
  %n1 = molten.cast %p1 : tensor<7x13xf32> to tensor<7x13xf16>
  %o1 = molten.matmul %n1, %v : tensor<7x13xf16>, tensor<13x8xf16> -> tensor<7x8xf16>
  return %o0, %o1, %n1 : tensor<7x8xf16>, tensor<7x8xf16>, tensor<7x13xf16>
}

// The scores, the scaled scores or the probabilities used again.
// CHECK-LABEL: func.func @not_attention_reused(
// CHECK-NOT: molten.attention
// CHECK: return
func.func @not_attention_reused(%q: tensor<4x8xf32>, %k: tensor<6x8xf32>, %v: tensor<6x2xf32>) -> (tensor<4x2xf32>, tensor<4x6xf32>, tensor<4x2xf32>, tensor<4x6xf32>, tensor<4x2xf32>, tensor<4x6xf32>) {
  %c = molten.constant dense<0.5> : tensor<f32>
  %s0 = molten.matmul %q, %k transpose_rhs : tensor<4x8xf32>, tensor<6x8xf32> -> tensor<4x6xf32>
  // expected-remark @+1 {{not recognised as attention: the scores have other uses}}
  %p0 = molten.softmax %s0 : tensor<4x6xf32>
  %o0 = molten.matmul %p0, %v : tensor<4x6xf32>, tensor<6x2xf32> -> tensor<4x2xf32>
  %s1 = molten.matmul %q, %k transpose_rhs : tensor<4x8xf32>, tensor<6x8xf32> -> tensor<4x6xf32>
  %t1 = molten.mul %s1, %c : tensor<4x6xf32>, tensor<f32>
  // expected-remark @+1 {{not recognised as attention: the scaled scores have other uses, or the scaling broadcasts them}}
  %p1 = molten.softmax %t1 : tensor<4x6xf32>
  %o1 = molten.matmul %p1, %v : tensor<4x6xf32>, tensor<6x2xf32> -> tensor<4x2xf32>
  %s2 = molten.matmul %q, %k transpose_rhs : tensor<4x8xf32>, tensor<6x8xf32> -> tensor<4x6xf32>
  // expected-remark @+1 {{not recognised as attention: the probabilities have other uses than p @ v}}
  %p2 = molten.softmax %s2 : tensor<4x6xf32>
  %o2 = molten.matmul %p2, %v : tensor<4x6xf32>, tensor<6x2xf32> -> tensor<4x2xf32>
  return %o0, %s0, %o1, %t1, %o2, %p2 : tensor<4x2xf32>, tensor<4x6xf32>, tensor<4x2xf32>, tensor<4x6xf32>, tensor<4x2xf32>, tensor<4x6xf32>
}

// v given as [Dv, keys] (p @ v with transpose_rhs, as molten-decompose
// itself makes p @ transpose(x)): the op reads v transposed back.
// CHECK-LABEL: func.func @attention_v_transposed(
// CHECK-SAME: %[[Q:.*]]: tensor<4x8xf32>, %[[K:.*]]: tensor<6x8xf32>, %[[VT:.*]]: tensor<2x6xf32>)
// CHECK-NEXT: %[[V:.*]] = molten.transpose %[[VT]] permutation = [1, 0] : tensor<2x6xf32> -> tensor<6x2xf32>
// CHECK-NEXT: %[[O:.*]] = molten.attention %[[Q]], %[[K]], %[[V]] scale = 1.000000e+00 : tensor<4x8xf32>, tensor<6x8xf32>, tensor<6x2xf32> -> tensor<4x2xf32>
// CHECK-NEXT: return %[[O]]
func.func @attention_v_transposed(%q: tensor<4x8xf32>, %k: tensor<6x8xf32>, %vt: tensor<2x6xf32>) -> tensor<4x2xf32> {
  %s = molten.matmul %q, %k transpose_rhs : tensor<4x8xf32>, tensor<6x8xf32> -> tensor<4x6xf32>
  %p = molten.softmax %s : tensor<4x6xf32>
  %o = molten.matmul %p, %vt transpose_rhs : tensor<4x6xf32>, tensor<2x6xf32> -> tensor<4x2xf32>
  return %o : tensor<4x2xf32>
}

// k not transposed, the softmax over the first dim, p as the rhs, a
// shared rank-2 k, and a head dim that is dynamic.
// CHECK-LABEL: func.func @not_attention_shapes(
// CHECK-NOT: molten.attention
// CHECK: return
func.func @not_attention_shapes(%q: tensor<4x8xf32>, %kt: tensor<8x6xf32>, %k: tensor<6x8xf32>, %v: tensor<6x2xf32>, %w: tensor<2x4xf32>, %qb: tensor<3x4x8xf32>, %vb: tensor<3x6x2xf32>, %qd: tensor<4x?xf32>, %kd: tensor<6x?xf32>) -> (tensor<4x2xf32>, tensor<4x2xf32>, tensor<2x6xf32>, tensor<3x4x2xf32>, tensor<4x2xf32>) {
  %s0 = molten.matmul %q, %kt : tensor<4x8xf32>, tensor<8x6xf32> -> tensor<4x6xf32>
  // expected-remark @+1 {{not recognised as attention: the scores are not q @ k^T}}
  %p0 = molten.softmax %s0 : tensor<4x6xf32>
  %o0 = molten.matmul %p0, %v : tensor<4x6xf32>, tensor<6x2xf32> -> tensor<4x2xf32>
  %s1 = molten.matmul %q, %k transpose_rhs : tensor<4x8xf32>, tensor<6x8xf32> -> tensor<4x6xf32>
  // expected-remark @+1 {{not recognised as attention: the softmax is not over the last dim}}
  %p1 = molten.softmax %s1 axis = 0 : tensor<4x6xf32>
  %o1 = molten.matmul %p1, %v : tensor<4x6xf32>, tensor<6x2xf32> -> tensor<4x2xf32>
  %s2 = molten.matmul %q, %k transpose_rhs : tensor<4x8xf32>, tensor<6x8xf32> -> tensor<4x6xf32>
  %p2 = molten.softmax %s2 : tensor<4x6xf32>
  %o2 = molten.matmul %w, %p2 : tensor<2x4xf32>, tensor<4x6xf32> -> tensor<2x6xf32>
  %s4 = molten.matmul %qb, %k transpose_rhs : tensor<3x4x8xf32>, tensor<6x8xf32> -> tensor<3x4x6xf32>
  // expected-remark @+1 {{not recognised as attention: q, k and v do not have the shapes of molten.attention}}
  %p4 = molten.softmax %s4 : tensor<3x4x6xf32>
  %o4 = molten.matmul %p4, %vb : tensor<3x4x6xf32>, tensor<3x6x2xf32> -> tensor<3x4x2xf32>
  %s5 = molten.matmul %qd, %kd transpose_rhs : tensor<4x?xf32>, tensor<6x?xf32> -> tensor<4x6xf32>
  // expected-remark @+1 {{not recognised as attention: q, k and v do not have the shapes of molten.attention}}
  %p5 = molten.softmax %s5 : tensor<4x6xf32>
  %o5 = molten.matmul %p5, %v : tensor<4x6xf32>, tensor<6x2xf32> -> tensor<4x2xf32>
  return %o0, %o1, %o2, %o4, %o5 : tensor<4x2xf32>, tensor<4x2xf32>, tensor<2x6xf32>, tensor<3x4x2xf32>, tensor<4x2xf32>
}

// Scaled by something other than a splat constant: an argument, a constant
// with distinct values, a constant divided by the scores, a division by 0,
// and a splat that broadcasts the scores to a larger shape.
// CHECK-LABEL: func.func @not_attention_scales(
// CHECK-NOT: molten.attention
// CHECK: return
func.func @not_attention_scales(%q: tensor<4x8xf32>, %k: tensor<6x8xf32>, %v: tensor<6x2xf32>, %a: tensor<f32>) -> (tensor<4x2xf32>, tensor<4x2xf32>, tensor<4x2xf32>, tensor<4x2xf32>, tensor<2x4x2xf32>) {
  %dense = molten.constant dense<[0.5, 0.25, 0.5, 0.5, 0.5, 0.5]> : tensor<6xf32>
  %zero = molten.constant dense<0.0> : tensor<f32>
  %half = molten.constant dense<0.5> : tensor<f32>
  %wide = molten.constant dense<0.5> : tensor<2x4x6xf32>
  %s0 = molten.matmul %q, %k transpose_rhs : tensor<4x8xf32>, tensor<6x8xf32> -> tensor<4x6xf32>
  %t0 = molten.mul %s0, %a : tensor<4x6xf32>, tensor<f32>
  // expected-remark @+1 {{not recognised as attention: the scores are scaled by something other than a finite splat constant}}
  %p0 = molten.softmax %t0 : tensor<4x6xf32>
  %o0 = molten.matmul %p0, %v : tensor<4x6xf32>, tensor<6x2xf32> -> tensor<4x2xf32>
  %s1 = molten.matmul %q, %k transpose_rhs : tensor<4x8xf32>, tensor<6x8xf32> -> tensor<4x6xf32>
  %t1 = molten.mul %s1, %dense : tensor<4x6xf32>, tensor<6xf32>
  // expected-remark @+1 {{not recognised as attention: the scores are scaled by something other than a finite splat constant}}
  %p1 = molten.softmax %t1 : tensor<4x6xf32>
  %o1 = molten.matmul %p1, %v : tensor<4x6xf32>, tensor<6x2xf32> -> tensor<4x2xf32>
  %s2 = molten.matmul %q, %k transpose_rhs : tensor<4x8xf32>, tensor<6x8xf32> -> tensor<4x6xf32>
  %t2 = molten.div %half, %s2 : tensor<f32>, tensor<4x6xf32>
  // expected-remark @+1 {{not recognised as attention: the scores are scaled by something other than a finite splat constant}}
  %p2 = molten.softmax %t2 : tensor<4x6xf32>
  %o2 = molten.matmul %p2, %v : tensor<4x6xf32>, tensor<6x2xf32> -> tensor<4x2xf32>
  %s3 = molten.matmul %q, %k transpose_rhs : tensor<4x8xf32>, tensor<6x8xf32> -> tensor<4x6xf32>
  %t3 = molten.div %s3, %zero : tensor<4x6xf32>, tensor<f32>
  // expected-remark @+1 {{not recognised as attention: the scores are scaled by something other than a finite splat constant}}
  %p3 = molten.softmax %t3 : tensor<4x6xf32>
  %o3 = molten.matmul %p3, %v : tensor<4x6xf32>, tensor<6x2xf32> -> tensor<4x2xf32>
  %s4 = molten.matmul %q, %k transpose_rhs : tensor<4x8xf32>, tensor<6x8xf32> -> tensor<4x6xf32>
  %t4 = molten.mul %s4, %wide : tensor<4x6xf32>, tensor<2x4x6xf32>
  // expected-remark @+1 {{not recognised as attention: the scaled scores have other uses, or the scaling broadcasts them}}
  %p4 = molten.softmax %t4 : tensor<2x4x6xf32>
  %o4 = molten.matmul %p4, %v : tensor<2x4x6xf32>, tensor<6x2xf32> -> tensor<2x4x2xf32>
  return %o0, %o1, %o2, %o3, %o4 : tensor<4x2xf32>, tensor<4x2xf32>, tensor<4x2xf32>, tensor<4x2xf32>, tensor<2x4x2xf32>
}
