func.func @unary_f32(%x: tensor<?x4096xf32>) -> tensor<?x4096xf32> {
  %0 = molten.neg %x : tensor<?x4096xf32>
  %1 = molten.abs %0 : tensor<?x4096xf32>
  %2 = molten.exp %1 : tensor<?x4096xf32>
  %3 = molten.log %2 : tensor<?x4096xf32>
  %4 = molten.sqrt %3 : tensor<?x4096xf32>
  %5 = molten.rsqrt %4 : tensor<?x4096xf32>
  %6 = molten.tanh %5 : tensor<?x4096xf32>
  %7 = molten.sigmoid %6 : tensor<?x4096xf32>
  %8 = molten.relu %7 : tensor<?x4096xf32>
  %9 = molten.silu %8 : tensor<?x4096xf32>
  %10 = molten.erf %9 : tensor<?x4096xf32>
  return %10 : tensor<?x4096xf32>
}

func.func @unary_f16_bf16_static(%h: tensor<2x3xf16>, %b: tensor<bf16>)
    -> (tensor<2x3xf16>, tensor<bf16>) {
  %0 = molten.exp %h : tensor<2x3xf16>
  %1 = molten.tanh %b : tensor<bf16>
  return %0, %1 : tensor<2x3xf16>, tensor<bf16>
}

func.func @gelu(%x: tensor<?x?xbf16>)
    -> (tensor<?x?xbf16>, tensor<?x?xbf16>, tensor<?x?xbf16>) {
  %0 = molten.gelu %x : tensor<?x?xbf16>
  %1 = molten.gelu %x approximate = none : tensor<?x?xbf16>
  %2 = molten.gelu %x approximate = tanh : tensor<?x?xbf16>
  return %0, %1, %2 : tensor<?x?xbf16>, tensor<?x?xbf16>, tensor<?x?xbf16>
}

func.func @clamp(%x: tensor<8xf32>, %h: tensor<?x8xf16>)
    -> (tensor<8xf32>, tensor<?x8xf16>, tensor<8xf32>) {
  %0 = molten.clamp %x min = -1.0 max = 1.0 : tensor<8xf32>
  %1 = molten.clamp %h min = 0.0 max = 6.0 : tensor<?x8xf16>
  %2 = molten.clamp %x min = 0xFFF0000000000000 max = 0x7FF0000000000000 : tensor<8xf32>
  %3 = molten.clamp %2 min = 0.25 max = 0.25 : tensor<8xf32>
  return %0, %1, %3 : tensor<8xf32>, tensor<?x8xf16>, tensor<8xf32>
}

func.func @cast(%x: tensor<?x4096xbf16>) -> tensor<?x4096xbf16> {
  %0 = molten.cast %x : tensor<?x4096xbf16> to tensor<?x4096xf32>
  %1 = molten.cast %0 : tensor<?x4096xf32> to tensor<?x4096xf16>
  %2 = molten.cast %1 : tensor<?x4096xf16> to tensor<?x4096xbf16>
  %3 = molten.cast %2 : tensor<?x4096xbf16> to tensor<?x4096xbf16>
  return %3 : tensor<?x4096xbf16>
}


func.func @binary_broadcast(%x: tensor<?x4096xf32>, %w: tensor<4096xf32>,
                            %s: tensor<f32>, %c: tensor<?x1xf32>,
                            %r: tensor<1x4096xf32>)
    -> (tensor<?x4096xf32>, tensor<?x4096xf32>, tensor<?x4096xf32>,
        tensor<?x4096xf32>, tensor<?x4096xf32>, tensor<4096xf32>,
        tensor<?x4096xf32>) {
  %0 = molten.add %x, %w : tensor<?x4096xf32>, tensor<4096xf32>
  %1 = molten.sub %w, %x : tensor<4096xf32>, tensor<?x4096xf32>
  %2 = molten.mul %x, %s : tensor<?x4096xf32>, tensor<f32>
  %3 = molten.div %x, %c : tensor<?x4096xf32>, tensor<?x1xf32>
  %4 = molten.max %c, %r : tensor<?x1xf32>, tensor<1x4096xf32>
  %5 = molten.min %s, %w : tensor<f32>, tensor<4096xf32>
  %6 = molten.pow %x, %x : tensor<?x4096xf32>, tensor<?x4096xf32>
  return %0, %1, %2, %3, %4, %5, %6
      : tensor<?x4096xf32>, tensor<?x4096xf32>, tensor<?x4096xf32>,
        tensor<?x4096xf32>, tensor<?x4096xf32>, tensor<4096xf32>,
        tensor<?x4096xf32>
}

func.func @binary_dynamic_meets_static(%a: tensor<?x8xf16>, %b: tensor<4x?xf16>,
                                       %s: tensor<bf16>)
    -> (tensor<4x8xf16>, tensor<bf16>) {
  %0 = molten.add %a, %b : tensor<?x8xf16>, tensor<4x?xf16>
  %1 = molten.mul %s, %s : tensor<bf16>, tensor<bf16>
  return %0, %1 : tensor<4x8xf16>, tensor<bf16>
}

func.func @compare(%x: tensor<?x8xf32>, %y: tensor<8xf32>,
                   %h: tensor<2x1xbf16>, %k: tensor<3xbf16>)
    -> (tensor<?x8xi1>, tensor<?x8xi1>, tensor<?x8xi1>, tensor<?x8xi1>,
        tensor<?x8xi1>, tensor<?x8xi1>, tensor<2x3xi1>) {
  %0 = molten.compare lt, %x, %y : tensor<?x8xf32>, tensor<8xf32>
  %1 = molten.compare le, %x, %y : tensor<?x8xf32>, tensor<8xf32>
  %2 = molten.compare gt, %y, %x : tensor<8xf32>, tensor<?x8xf32>
  %3 = molten.compare ge, %x, %x : tensor<?x8xf32>, tensor<?x8xf32>
  %4 = molten.compare eq, %x, %y : tensor<?x8xf32>, tensor<8xf32>
  %5 = molten.compare ne, %x, %y : tensor<?x8xf32>, tensor<8xf32>
  %6 = molten.compare lt, %h, %k : tensor<2x1xbf16>, tensor<3xbf16>
  return %0, %1, %2, %3, %4, %5, %6
      : tensor<?x8xi1>, tensor<?x8xi1>, tensor<?x8xi1>, tensor<?x8xi1>,
        tensor<?x8xi1>, tensor<?x8xi1>, tensor<2x3xi1>
}

func.func @select(%m: tensor<?x8xi1>, %x: tensor<?x8xf32>, %z: tensor<f32>,
                  %c: tensor<i1>, %h: tensor<4x1xf16>, %k: tensor<1x5xf16>)
    -> (tensor<?x8xf32>, tensor<4x5xf16>) {
  %0 = molten.select %m, %x, %z : tensor<?x8xi1>, tensor<?x8xf32>, tensor<f32>
  %1 = molten.select %c, %h, %k : tensor<i1>, tensor<4x1xf16>, tensor<1x5xf16>
  return %0, %1 : tensor<?x8xf32>, tensor<4x5xf16>
}


func.func @constants() -> (tensor<f32>, tensor<2x3xf32>, tensor<2xbf16>,
                           tensor<4xf16>, tensor<i1>, tensor<3xi1>,
                           tensor<2x2xi1>, tensor<0xf32>) {
  %0 = molten.constant dense<0.5> : tensor<f32>
  %1 = molten.constant dense<-2.5> : tensor<2x3xf32>
  %2 = molten.constant dense<[1.0, 2.0]> : tensor<2xbf16>
  %3 = molten.constant dense<[0.0, -0.0, 0x7C00, 0x7E00]> : tensor<4xf16>
  %4 = molten.constant dense<true> : tensor<i1>
  %5 = molten.constant dense<[true, false, true]> : tensor<3xi1>
  %6 = molten.constant dense<false> : tensor<2x2xi1>
  %7 = molten.constant dense<> : tensor<0xf32>
  return %0, %1, %2, %3, %4, %5, %6, %7
      : tensor<f32>, tensor<2x3xf32>, tensor<2xbf16>, tensor<4xf16>,
        tensor<i1>, tensor<3xi1>, tensor<2x2xi1>, tensor<0xf32>
}


func.func @reductions(%x: tensor<?x4096xf32>, %y: tensor<2x?x8x16xbf16>)
    -> (tensor<?x1xf32>, tensor<?xf32>, tensor<1x4096xf32>, tensor<f32>,
        tensor<1x?x1x16xbf16>, tensor<?x16xbf16>, tensor<2x1x1x1xbf16>) {
  %0 = molten.reduce_sum %x dims = [1] keepdim : tensor<?x4096xf32> -> tensor<?x1xf32>
  %1 = molten.reduce_mean %x dims = [1] : tensor<?x4096xf32> -> tensor<?xf32>
  %2 = molten.reduce_max %x dims = [0] keepdim : tensor<?x4096xf32> -> tensor<1x4096xf32>
  %3 = molten.reduce_min %x dims = [0, 1] : tensor<?x4096xf32> -> tensor<f32>
  %4 = molten.reduce_sum %y dims = [2, 0] keepdim : tensor<2x?x8x16xbf16> -> tensor<1x?x1x16xbf16>
  %5 = molten.reduce_mean %y dims = [0, 2] : tensor<2x?x8x16xbf16> -> tensor<?x16xbf16>
  %6 = molten.reduce_max %y dims = [1, 2, 3] keepdim : tensor<2x?x8x16xbf16> -> tensor<2x1x1x1xbf16>
  return %0, %1, %2, %3, %4, %5, %6
      : tensor<?x1xf32>, tensor<?xf32>, tensor<1x4096xf32>, tensor<f32>,
        tensor<1x?x1x16xbf16>, tensor<?x16xbf16>, tensor<2x1x1x1xbf16>
}


func.func @rms_norm(%x: tensor<?x4096xbf16>, %w: tensor<4096xbf16>,
                    %v: tensor<?xbf16>)
    -> (tensor<?x4096xbf16>, tensor<?x4096xbf16>, tensor<?x4096xbf16>,
        tensor<?x4096xbf16>, tensor<?x4096xbf16>, tensor<?x4096xbf16>) {
  %0 = molten.rms_norm %x, %w : tensor<?x4096xbf16>, tensor<4096xbf16>
  %1 = molten.rms_norm %x, %w eps = 1.0e-05 : tensor<?x4096xbf16>, tensor<4096xbf16>
  %2 = molten.rms_norm %x, %w axis = 1 : tensor<?x4096xbf16>, tensor<4096xbf16>
  %3 = molten.rms_norm %x, %v eps = 0.0 axis = -2 : tensor<?x4096xbf16>, tensor<?xbf16>
  %4 = molten.rms_norm %x, %w eps = 1.0e-06 axis = -1 : tensor<?x4096xbf16>, tensor<4096xbf16>
  %5 = molten.rms_norm %x, %v : tensor<?x4096xbf16>, tensor<?xbf16>
  return %0, %1, %2, %3, %4, %5 : tensor<?x4096xbf16>, tensor<?x4096xbf16>,
      tensor<?x4096xbf16>, tensor<?x4096xbf16>, tensor<?x4096xbf16>,
      tensor<?x4096xbf16>
}

func.func @layer_norm(%x: tensor<?x4096xf32>, %w: tensor<4096xf32>,
                      %b: tensor<4096xf32>, %y: tensor<8x?x64xf16>,
                      %v: tensor<8xf16>)
    -> (tensor<?x4096xf32>, tensor<?x4096xf32>, tensor<?x4096xf32>,
        tensor<?x4096xf32>, tensor<8x?x64xf16>) {
  %0 = molten.layer_norm %x : tensor<?x4096xf32>
  %1 = molten.layer_norm %x weight(%w : tensor<4096xf32>) : tensor<?x4096xf32>
  %2 = molten.layer_norm %x bias(%b : tensor<4096xf32>) eps = 0.5 : tensor<?x4096xf32>
  %3 = molten.layer_norm %x weight(%w : tensor<4096xf32>) bias(%b : tensor<4096xf32>)
      eps = 1.0e-05 : tensor<?x4096xf32>
  %4 = molten.layer_norm %y weight(%v : tensor<8xf16>) bias(%v : tensor<8xf16>)
      eps = 1.0e-03 axis = 0 : tensor<8x?x64xf16>
  return %0, %1, %2, %3, %4 : tensor<?x4096xf32>, tensor<?x4096xf32>,
      tensor<?x4096xf32>, tensor<?x4096xf32>, tensor<8x?x64xf16>
}

func.func @softmax(%x: tensor<?x4096xf32>, %h: tensor<2x8x?xf16>)
    -> (tensor<?x4096xf32>, tensor<?x4096xf32>, tensor<2x8x?xf16>) {
  %0 = molten.softmax %x : tensor<?x4096xf32>
  %1 = molten.softmax %x axis = 0 : tensor<?x4096xf32>
  %2 = molten.softmax %h axis = -3 : tensor<2x8x?xf16>
  return %0, %1, %2 : tensor<?x4096xf32>, tensor<?x4096xf32>, tensor<2x8x?xf16>
}

func.func @rope(%x: tensor<?x32x128xbf16>, %cos: tensor<?x1x128xbf16>,
                %sin: tensor<?x1x128xbf16>, %t: tensor<128xbf16>,
                %f: tensor<4x?xf32>)
    -> (tensor<?x32x128xbf16>, tensor<?x32x128xbf16>, tensor<?x32x128xbf16>,
        tensor<4x?xf32>) {
  %0 = molten.rope %x, %cos, %sin : tensor<?x32x128xbf16>, tensor<?x1x128xbf16>
  %1 = molten.rope %x, %cos, %sin mode = rotate_half : tensor<?x32x128xbf16>, tensor<?x1x128xbf16>
  %2 = molten.rope %x, %t, %t mode = interleaved : tensor<?x32x128xbf16>, tensor<128xbf16>
  %3 = molten.rope %f, %f, %f mode = interleaved : tensor<4x?xf32>, tensor<4x?xf32>
  return %0, %1, %2, %3 : tensor<?x32x128xbf16>, tensor<?x32x128xbf16>,
      tensor<?x32x128xbf16>, tensor<4x?xf32>
}

func.func @matmul(%x: tensor<?x4096xbf16>, %w: tensor<11008x4096xbf16>,
                  %v: tensor<4096x11008xbf16>, %a: tensor<8x?x64x32xf32>,
                  %b: tensor<8x?x32x16xf32>, %bt: tensor<8x1x16x32xf32>,
                  %r: tensor<32x?xf32>, %d: tensor<?x?xf16>)
    -> (tensor<?x11008xbf16>, tensor<?x11008xbf16>, tensor<8x?x64x16xf32>,
        tensor<8x?x64x?xf32>, tensor<8x1x64x16xf32>, tensor<?x?xf16>) {
  %0 = molten.matmul %x, %w transpose_rhs : tensor<?x4096xbf16>, tensor<11008x4096xbf16> -> tensor<?x11008xbf16>
  %1 = molten.matmul %x, %v : tensor<?x4096xbf16>, tensor<4096x11008xbf16> -> tensor<?x11008xbf16>
  %2 = molten.matmul %a, %b : tensor<8x?x64x32xf32>, tensor<8x?x32x16xf32> -> tensor<8x?x64x16xf32>
  %3 = molten.matmul %a, %r : tensor<8x?x64x32xf32>, tensor<32x?xf32> -> tensor<8x?x64x?xf32>
  %4 = molten.matmul %a, %bt transpose_rhs : tensor<8x?x64x32xf32>, tensor<8x1x16x32xf32> -> tensor<8x1x64x16xf32>
  %5 = molten.matmul %d, %d : tensor<?x?xf16>, tensor<?x?xf16> -> tensor<?x?xf16>
  return %0, %1, %2, %3, %4, %5 : tensor<?x11008xbf16>, tensor<?x11008xbf16>,
      tensor<8x?x64x16xf32>, tensor<8x?x64x?xf32>, tensor<8x1x64x16xf32>,
      tensor<?x?xf16>
}


func.func @broadcast_to(%x: tensor<?x?x4096xf32>, %w: tensor<4096xf32>,
                        %s: tensor<bf16>, %c: tensor<?x1xf16>)
    -> (tensor<?x?x4096xf32>, tensor<2x4096xf32>, tensor<3x?xbf16>,
        tensor<?x8xf16>, tensor<4096xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %d0 = tensor.dim %x, %c0 : tensor<?x?x4096xf32>
  %d1 = tensor.dim %x, %c1 : tensor<?x?x4096xf32>
  %0 = molten.broadcast_to %w [%d0, %d1] : tensor<4096xf32> -> tensor<?x?x4096xf32>
  %1 = molten.broadcast_to %w : tensor<4096xf32> -> tensor<2x4096xf32>
  %2 = molten.broadcast_to %s [%d1] : tensor<bf16> -> tensor<3x?xbf16>
  %3 = molten.broadcast_to %c [%d0] : tensor<?x1xf16> -> tensor<?x8xf16>
  %4 = molten.broadcast_to %w : tensor<4096xf32> -> tensor<4096xf32>
  return %0, %1, %2, %3, %4 : tensor<?x?x4096xf32>, tensor<2x4096xf32>,
      tensor<3x?xbf16>, tensor<?x8xf16>, tensor<4096xf32>
}

func.func @reshape(%x: tensor<?x4096xf32>, %s: tensor<2x3x4xbf16>,
                   %d: tensor<?x?xf16>)
    -> (tensor<?x32x128xf32>, tensor<6x4xbf16>, tensor<?x8xbf16>,
        tensor<?xf16>, tensor<1x24x1xbf16>) {
  %0 = molten.reshape %x : tensor<?x4096xf32> -> tensor<?x32x128xf32>
  %1 = molten.reshape %s : tensor<2x3x4xbf16> -> tensor<6x4xbf16>
  %2 = molten.reshape %s : tensor<2x3x4xbf16> -> tensor<?x8xbf16>
  %3 = molten.reshape %d : tensor<?x?xf16> -> tensor<?xf16>
  %4 = molten.reshape %s : tensor<2x3x4xbf16> -> tensor<1x24x1xbf16>
  return %0, %1, %2, %3, %4 : tensor<?x32x128xf32>, tensor<6x4xbf16>,
      tensor<?x8xbf16>, tensor<?xf16>, tensor<1x24x1xbf16>
}

func.func @transpose(%x: tensor<?x64xf32>, %y: tensor<2x?x8xbf16>,
                     %s: tensor<f16>)
    -> (tensor<64x?xf32>, tensor<8x2x?xbf16>, tensor<2x?x8xbf16>, tensor<f16>) {
  %0 = molten.transpose %x permutation = [1, 0] : tensor<?x64xf32> -> tensor<64x?xf32>
  %1 = molten.transpose %y permutation = [2, 0, 1] : tensor<2x?x8xbf16> -> tensor<8x2x?xbf16>
  %2 = molten.transpose %y permutation = [0, 1, 2] : tensor<2x?x8xbf16> -> tensor<2x?x8xbf16>
  %3 = molten.transpose %s permutation = [] : tensor<f16> -> tensor<f16>
  return %0, %1, %2, %3 : tensor<64x?xf32>, tensor<8x2x?xbf16>, tensor<2x?x8xbf16>, tensor<f16>
}

func.func @slice(%x: tensor<?x128xf32>, %y: tensor<4x?x10xbf16>)
    -> (tensor<?x64xf32>, tensor<?x64xf32>, tensor<2x?x4xbf16>, tensor<?x128xf32>) {
  %0 = molten.slice %x offsets = [0, 0] sizes = [-1, 64] strides = [1, 1]
      : tensor<?x128xf32> -> tensor<?x64xf32>
  %1 = molten.slice %x offsets = [0, 1] sizes = [-1, 64] strides = [1, 2]
      : tensor<?x128xf32> -> tensor<?x64xf32>
  %2 = molten.slice %y offsets = [2, 0, 0] sizes = [2, -1, 4] strides = [1, 1, 3]
      : tensor<4x?x10xbf16> -> tensor<2x?x4xbf16>
  %3 = molten.slice %x offsets = [0, 0] sizes = [-1, -1] strides = [1, 1]
      : tensor<?x128xf32> -> tensor<?x128xf32>
  return %0, %1, %2, %3 : tensor<?x64xf32>, tensor<?x64xf32>, tensor<2x?x4xbf16>, tensor<?x128xf32>
}

func.func @concat(%a: tensor<?x64xf32>, %b: tensor<?x64xf32>,
                  %c: tensor<2x?xbf16>, %d: tensor<3x8xbf16>,
                  %e: tensor<5x8xbf16>)
    -> (tensor<?x128xf32>, tensor<?x64xf32>, tensor<10x8xbf16>, tensor<?x64xf32>) {
  %0 = molten.concat %a, %b dim = 1 : tensor<?x64xf32>, tensor<?x64xf32> -> tensor<?x128xf32>
  %1 = molten.concat %a, %b, %a dim = 0 : tensor<?x64xf32>, tensor<?x64xf32>, tensor<?x64xf32> -> tensor<?x64xf32>
  %2 = molten.concat %c, %d, %e dim = 0 : tensor<2x?xbf16>, tensor<3x8xbf16>, tensor<5x8xbf16> -> tensor<10x8xbf16>
  %3 = molten.concat %a dim = 1 : tensor<?x64xf32> -> tensor<?x64xf32>
  return %0, %1, %2, %3 : tensor<?x128xf32>, tensor<?x64xf32>, tensor<10x8xbf16>, tensor<?x64xf32>
}


func.func @fused_several_results(%x: tensor<?x4096xf32>, %r: tensor<?x4096xf32>,
                                 %w: tensor<4096xf32>)
    -> (tensor<?x4096xf32>, tensor<?x4096xf32>, tensor<?x1xf32>) {
  %h:3 = molten.fused hero(row_reduction) ins(%x, %r, %w : tensor<?x4096xf32>, tensor<?x4096xf32>, tensor<4096xf32>)
      -> (tensor<?x4096xf32>, tensor<?x4096xf32>, tensor<?x1xf32>) {
  ^bb0(%a: tensor<?x4096xf32>, %b: tensor<?x4096xf32>, %c: tensor<4096xf32>):
    %s = molten.add %a, %b : tensor<?x4096xf32>, tensor<?x4096xf32>
    %n = molten.rms_norm %s, %c : tensor<?x4096xf32>, tensor<4096xf32>
    %m = molten.reduce_max %n dims = [1] keepdim : tensor<?x4096xf32> -> tensor<?x1xf32>
    molten.yield %s, %n, %m : tensor<?x4096xf32>, tensor<?x4096xf32>, tensor<?x1xf32>
  }
  return %h#0, %h#1, %h#2 : tensor<?x4096xf32>, tensor<?x4096xf32>, tensor<?x1xf32>
}

func.func @fused_no_inputs(%x: tensor<2xbf16>) -> (tensor<2xbf16>, tensor<2xbf16>) {
  %0 = molten.fused hero(loop) -> (tensor<2xbf16>) {
    %k = molten.constant dense<[1.0, 2.0]> : tensor<2xbf16>
    %e = molten.exp %k : tensor<2xbf16>
    molten.yield %e : tensor<2xbf16>
  }
  %1 = molten.fused hero(loop) ins(%x : tensor<2xbf16>) -> (tensor<2xbf16>) {
  ^bb0(%a: tensor<2xbf16>):
    molten.yield %a : tensor<2xbf16>
  }
  return %0, %1 : tensor<2xbf16>, tensor<2xbf16>
}

func.func @fused_index_input(%x: tensor<?x4096xf16>, %w: tensor<4096xf16>)
    -> tensor<?x4096xf16> {
  %c0 = arith.constant 0 : index
  %n = tensor.dim %x, %c0 : tensor<?x4096xf16>
  %0 = molten.fused hero(loop) ins(%w, %n : tensor<4096xf16>, index) -> (tensor<?x4096xf16>) {
  ^bb0(%a: tensor<4096xf16>, %i: index):
    %b = molten.broadcast_to %a [%i] : tensor<4096xf16> -> tensor<?x4096xf16>
    molten.yield %b : tensor<?x4096xf16>
  }
  return %0 : tensor<?x4096xf16>
}

func.func private @planned() attributes {molten.launch_plan = #molten.launch_plan<inputs 2 outputs 1 symbols 2 buffers [<input 0 bf16 [s0, 64]>, <input 1 bf16 [s1, / * s0 2 2]>, <output 0 f32 [s0, s1]>, <temp f32 [* le s0 16 * 2 * s0 s1]>] kernels [<"planned_k0" grid [max 1 min 132 cdiv * s0 s1 256, 1, 1] block [256, 1, 1] smem 0 buffers [0, 1, 2, 3] symbols [0, 1]>, <"planned_k1" grid [min 132 cdiv s0 64, 2, 1] block [384, 1, 1] smem 197696 buffers [0, 2] symbols [0, 1] tensormaps [<0 [1, s0, 64] box [1, 64, 64] swizzle 128>, <1 [s1, s0] box [16, 8] swizzle none>] dependent>]>}
