// RUN: molten-opt %s --pass-pipeline='builtin.module(func.func(molten-fusion-report))' -split-input-file -o /dev/null 2>&1 | FileCheck %s
// The report pass changes nothing:
// RUN: molten-opt %s --pass-pipeline='builtin.module(func.func(molten-fusion-report))' -split-input-file 2>/dev/null | FileCheck %s --check-prefix=IR
// IR-NOT: molten.fused

// CHECK:      molten-fusion-report: 1 region from 5 ops
// CHECK-NEXT: region 0: hero row_reduction molten.reduce_max (15:8), space [?, 128]
// CHECK-NEXT:   ops (5): reduce_max sub exp reduce_sum div
// CHECK-NEXT:   inputs 1, outputs 1, kernels 5 -> 1
// Per row of 512 bytes, unfused: reduce_max 512+4, sub 512+4+512, exp
// 512+512, reduce_sum 512+4, div 512+4+512; fused: read 512, write 512.
// CHECK-NEXT:   bytes: unfused 4112*N, fused 1024*N, saved 3088*N
// CHECK-NOT:  left out
func.func @softmax(%x: tensor<?x128xf32>) -> tensor<?x128xf32> {
  %m = molten.reduce_max %x dims = [1] keepdim : tensor<?x128xf32> -> tensor<?x1xf32>
  %s = molten.sub %x, %m : tensor<?x128xf32>, tensor<?x1xf32>
  %e = molten.exp %s : tensor<?x128xf32>
  %z = molten.reduce_sum %e dims = [1] keepdim : tensor<?x128xf32> -> tensor<?x1xf32>
  %y = molten.div %e, %z : tensor<?x128xf32>, tensor<?x1xf32>
  return %y : tensor<?x128xf32>
}

// -----

// CHECK:      molten-fusion-report: 3 regions from 3 ops
// CHECK-NEXT: region 0: hero loop molten.mul (42:8), space [?, 64]
// CHECK-NEXT:   ops (1): mul
// CHECK-NEXT:   inputs 1, outputs 1, kernels 1 -> 1
// CHECK-NEXT:   bytes: unfused 768*N, fused 512*N, saved 256*N
// CHECK-NEXT: region 1: hero opaque molten.reduce_sum (43:8), space [?, 64]
// CHECK-NEXT:   ops (1): reduce_sum
// CHECK-NEXT:   inputs 1, outputs 1, kernels 1 -> 1
// CHECK-NEXT:   bytes: unfused 256*N + 256, fused 256*N + 256, saved 0
// CHECK-NEXT:   left out: producer molten.mul (42:8) of molten.reduce_sum (43:8): not fusible: it reduces dims [0], not the innermost dims of a rank-2 tensor
// CHECK-NEXT: region 2: hero loop molten.add (44:8), space [?, 64]
// CHECK-NEXT:   ops (1): add
// CHECK-NEXT:   inputs 2, outputs 1, kernels 1 -> 1
// CHECK-NEXT:   bytes: unfused 512*N + 256, fused 512*N + 256, saved 0
// CHECK-NEXT:   left out: producer molten.mul (42:8) of molten.add (44:8): fusing would create a cycle through an op outside the region
// CHECK-NEXT:   left out: producer molten.reduce_sum (43:8) of molten.add (44:8): not fusible: it reduces dims [0], not the innermost dims of a rank-2 tensor
func.func @outer(%x: tensor<?x64xf32>) -> tensor<?x64xf32> {
  %p = molten.mul %x, %x : tensor<?x64xf32>, tensor<?x64xf32>
  %r = molten.reduce_sum %p dims = [0] keepdim : tensor<?x64xf32> -> tensor<1x64xf32>
  %c = molten.add %p, %r : tensor<?x64xf32>, tensor<1x64xf32>
  return %c : tensor<?x64xf32>
}

// -----

// CHECK:      molten-fusion-report: 3 regions from 4 ops
// CHECK-NEXT: region 0: hero loop molten.mul (63:8), space [?, 64]
// CHECK:      region 1: hero matmul molten.matmul (64:8), space [?, 64]
// CHECK-NEXT:   ops (2): matmul add
// CHECK-NEXT:   inputs 3, outputs 1, kernels 2 -> 1
// CHECK-NEXT:   bytes: unfused 1280*N + 16384, fused 768*N + 16384, saved 512*N
// CHECK-NEXT:   left out: producer molten.mul (63:8) of molten.matmul (64:8): matmul operands are not fused (no prologue fusion)
// CHECK-NEXT: region 2: hero matmul molten.matmul (66:8), space [?, 64]
// CHECK-NEXT:   ops (1): matmul
// CHECK-NEXT:   inputs 2, outputs 1, kernels 1 -> 1
// CHECK-NEXT:   bytes: unfused 512*N + 16384, fused 512*N + 16384, saved 0
// CHECK-NEXT:   left out: producer molten.add (65:8) of molten.matmul (66:8): matmul operands are not fused (no prologue fusion)
func.func @matmuls(%x: tensor<?x64xf32>, %w: tensor<64x64xf32>, %r: tensor<?x64xf32>) -> tensor<?x64xf32> {
  %p = molten.mul %x, %x : tensor<?x64xf32>, tensor<?x64xf32>
  %m = molten.matmul %p, %w : tensor<?x64xf32>, tensor<64x64xf32> -> tensor<?x64xf32>
  %b = molten.add %m, %r : tensor<?x64xf32>, tensor<?x64xf32>
  %n = molten.matmul %b, %w : tensor<?x64xf32>, tensor<64x64xf32> -> tensor<?x64xf32>
  return %n : tensor<?x64xf32>
}

// -----

// Outputs of two shapes cannot come from one loop: the broadcast weight
// stays apart because it is also returned.
// CHECK:      molten-fusion-report: 2 regions from 2 ops
// CHECK:        left out: producer molten.mul (77:9) of molten.add (78:8): its outputs would have different shapes ([64] and [?, 64])
func.func @two_shapes(%x: tensor<?x64xf32>, %w: tensor<64xf32>) -> (tensor<64xf32>, tensor<?x64xf32>) {
  %ww = molten.mul %w, %w : tensor<64xf32>, tensor<64xf32>
  %y = molten.add %x, %ww : tensor<?x64xf32>, tensor<64xf32>
  return %ww, %y : tensor<64xf32>, tensor<?x64xf32>
}

// -----

// A residual add after a linear layer, then an RMS norm (molten-sink-
// reshapes has left the residual's reshape to [T, D] in front of the add):
// the add joins the matmul's epilogue, the reshape stays alone (a kernel
// of its own costs nothing: it shares its input's buffer), and the
// widening cast stays out of the epilogue, which writes the bf16 sum once;
// the norm's kernel casts it, squares it and reduces.
// CHECK:      molten-fusion-report: 3 regions from 10 ops
// CHECK-NEXT: region 0: hero matmul molten.matmul ([[#L:]]:8), space [?, 64]
// CHECK-NEXT:   ops (2): matmul add
// CHECK-NEXT:   inputs 3, outputs 1, kernels 2 -> 1
// CHECK-NEXT:   bytes:
// CHECK-NEXT:   left out: producer molten.reshape ([[#L+1]]:8) of molten.add ([[#L+2]]:10): a reshape of its own shares its input's buffer: no kernel
// CHECK-NEXT: region 1: hero loop molten.reshape ([[#L+1]]:8), space [?, 64]
// CHECK-NEXT:   ops (1): reshape
// CHECK-NEXT:   inputs 1, outputs 1, kernels 1 -> 1
// CHECK-NEXT:   bytes:
// CHECK-NEXT: region 2: hero row_reduction molten.reduce_mean ([[#L+5]]:11), space [?, 64]
// CHECK-NEXT:   ops (7): cast mul reduce_mean rsqrt mul mul cast
// CHECK-NEXT:   inputs 2, outputs 1, kernels 7 -> 1
// CHECK-NEXT:   bytes:
// CHECK-NEXT:   left out: producer molten.add ([[#L+2]]:10) of molten.cast ([[#L+3]]:8): a widening cast on the way to a row reduction stays out of a matmul epilogue: the reduction reads the narrower value
func.func @residual_norm(%x: tensor<?x64xbf16>, %w: tensor<64x64xbf16>, %res: tensor<1x?x64xbf16>, %g: tensor<64xf32>) -> (tensor<?x64xbf16>, tensor<?x64xbf16>) {
  %p = molten.matmul %x, %w : tensor<?x64xbf16>, tensor<64x64xbf16> -> tensor<?x64xbf16>
  %r = molten.reshape %res : tensor<1x?x64xbf16> -> tensor<?x64xbf16>
  %sum = molten.add %r, %p : tensor<?x64xbf16>, tensor<?x64xbf16>
  %f = molten.cast %sum : tensor<?x64xbf16> to tensor<?x64xf32>
  %sq = molten.mul %f, %f : tensor<?x64xf32>, tensor<?x64xf32>
  %mean = molten.reduce_mean %sq dims = [1] keepdim : tensor<?x64xf32> -> tensor<?x1xf32>
  %rs = molten.rsqrt %mean : tensor<?x1xf32>
  %n = molten.mul %f, %rs : tensor<?x64xf32>, tensor<?x1xf32>
  %y = molten.mul %n, %g : tensor<?x64xf32>, tensor<64xf32>
  %yb = molten.cast %y : tensor<?x64xf32> to tensor<?x64xbf16>
  return %yb, %sum : tensor<?x64xbf16>, tensor<?x64xbf16>
}

// -----

// The widening cast goes into the epilogue where the reduction it leads
// to has no kernel that could take it (an outer reduction, opaque): bias
// and GELU stay with the matmul.
// CHECK:      molten-fusion-report: 2 regions from 5 ops
// CHECK-NEXT: region 0: hero matmul molten.matmul
// CHECK-NEXT:   ops (4): matmul cast add gelu
// CHECK:      region 1: hero opaque molten.reduce_sum
// CHECK-NEXT:   ops (1): reduce_sum
func.func @outer_after_epilogue(%x: tensor<?x64xbf16>, %w: tensor<64x64xbf16>, %b: tensor<64xf32>) -> tensor<1x64xf32> {
  %p = molten.matmul %x, %w : tensor<?x64xbf16>, tensor<64x64xbf16> -> tensor<?x64xbf16>
  %f = molten.cast %p : tensor<?x64xbf16> to tensor<?x64xf32>
  %a = molten.add %f, %b : tensor<?x64xf32>, tensor<64xf32>
  %g = molten.gelu %a : tensor<?x64xf32>
  %s = molten.reduce_sum %g dims = [0] keepdim : tensor<?x64xf32> -> tensor<1x64xf32>
  return %s : tensor<1x64xf32>
}

// -----

// RoPE on a transposed x, transposed back (Llama's q after its projection):
// the add's edge from x * cos would close a cycle through the rotate_half
// ops while they are outside; it is tried again once the add has taken them,
// so the whole rotation is one kernel (it was two, the first writing both
// the transposed x and x * cos).
// CHECK:      molten-fusion-report: 2 regions from 10 ops
// CHECK-NEXT: region 0: hero loop molten.reshape
// CHECK:      region 1: hero loop molten.transpose
// CHECK-NEXT:   ops (9): transpose mul slice slice neg concat mul add transpose
// CHECK-NEXT:   inputs 3, outputs 1, kernels 9 -> 1
// CHECK-NOT:  cycle
func.func @rope_transposed(%q: tensor<?x16xbf16>, %cos: tensor<?x8xbf16>, %sin: tensor<?x8xbf16>) -> tensor<1x?x2x8xbf16> {
  %r = molten.reshape %q : tensor<?x16xbf16> -> tensor<1x?x2x8xbf16>
  %t = molten.transpose %r permutation = [0, 2, 1, 3] : tensor<1x?x2x8xbf16> -> tensor<1x2x?x8xbf16>
  %c = molten.mul %t, %cos : tensor<1x2x?x8xbf16>, tensor<?x8xbf16>
  %hi = molten.slice %t offsets = [0, 0, 0, 4] sizes = [1, 2, -1, 4] strides = [1, 1, 1, 1] : tensor<1x2x?x8xbf16> -> tensor<1x2x?x4xbf16>
  %lo = molten.slice %t offsets = [0, 0, 0, 0] sizes = [1, 2, -1, 4] strides = [1, 1, 1, 1] : tensor<1x2x?x8xbf16> -> tensor<1x2x?x4xbf16>
  %n = molten.neg %hi : tensor<1x2x?x4xbf16>
  %rot = molten.concat %n, %lo dim = 3 : tensor<1x2x?x4xbf16>, tensor<1x2x?x4xbf16> -> tensor<1x2x?x8xbf16>
  %s = molten.mul %rot, %sin : tensor<1x2x?x8xbf16>, tensor<?x8xbf16>
  %y = molten.add %c, %s : tensor<1x2x?x8xbf16>, tensor<1x2x?x8xbf16>
  %b = molten.transpose %y permutation = [0, 2, 1, 3] : tensor<1x2x?x8xbf16> -> tensor<1x?x2x8xbf16>
  return %b : tensor<1x?x2x8xbf16>
}
