func.func @rms_norm_bf16(%x: tensor<?x8xbf16>, %w: tensor<8xbf16>) -> tensor<?x8xbf16> {
  %y = molten.rms_norm %x, %w eps = 1.0e-05 : tensor<?x8xbf16>, tensor<8xbf16>
  return %y : tensor<?x8xbf16>
}

func.func @rms_norm_axis0(%x: tensor<8x?xf32>, %w: tensor<8xf32>) -> tensor<8x?xf32> {
  %y = molten.rms_norm %x, %w axis = 0 : tensor<8x?xf32>, tensor<8xf32>
  return %y : tensor<8x?xf32>
}

func.func @layer_norm(%x: tensor<?x8xf32>, %w: tensor<8xf32>, %b: tensor<8xf32>) -> (tensor<?x8xf32>, tensor<?x8xf32>) {
  %y = molten.layer_norm %x weight(%w : tensor<8xf32>) bias(%b : tensor<8xf32>) : tensor<?x8xf32>
  %z = molten.layer_norm %x eps = 1.0e-03 : tensor<?x8xf32>
  return %y, %z : tensor<?x8xf32>, tensor<?x8xf32>
}

func.func @softmax(%x: tensor<?x8xf16>) -> tensor<?x8xf16> {
  %y = molten.softmax %x : tensor<?x8xf16>
  return %y : tensor<?x8xf16>
}

func.func @gelu(%x: tensor<8xf32>) -> (tensor<8xf32>, tensor<8xf32>) {
  %a = molten.gelu %x : tensor<8xf32>
  %b = molten.gelu %x approximate = tanh : tensor<8xf32>
  return %a, %b : tensor<8xf32>, tensor<8xf32>
}

func.func @silu(%x: tensor<8xbf16>) -> tensor<8xbf16> {
  %a = molten.silu %x : tensor<8xbf16>
  return %a : tensor<8xbf16>
}

func.func @rope(%x: tensor<?x2x8xf32>, %c: tensor<?x1x8xf32>) -> (tensor<?x2x8xf32>, tensor<?x2x8xf32>) {
  %a = molten.rope %x, %c, %c : tensor<?x2x8xf32>, tensor<?x1x8xf32>
  %b = molten.rope %x, %c, %c mode = interleaved : tensor<?x2x8xf32>, tensor<?x1x8xf32>
  return %a, %b : tensor<?x2x8xf32>, tensor<?x2x8xf32>
}

func.func @kept(%x: tensor<?x?xf32>, %w: tensor<4xf32>, %q: tensor<2x?xf32>, %m: tensor<4x4xf32>) -> (tensor<?x?xf32>, tensor<2x?xf32>, tensor<?x4xf32>) {
  %a = molten.rms_norm %x, %w : tensor<?x?xf32>, tensor<4xf32>
  %b = molten.rope %q, %q, %q : tensor<2x?xf32>, tensor<2x?xf32>
  %c = molten.matmul %a, %m : tensor<?x?xf32>, tensor<4x4xf32> -> tensor<?x4xf32>
  return %a, %b, %c : tensor<?x?xf32>, tensor<2x?xf32>, tensor<?x4xf32>
}

func.func @wide_concat(%x: tensor<2x4xf32>, %y: tensor<2x4xf32>) -> tensor<2x68xf32> {
  %0 = molten.concat %x, %x, %x, %x, %x, %x, %x, %x, %x, %x, %x, %x, %x, %x, %x, %x, %y dim = 1 : tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32> -> tensor<2x68xf32>
  return %0 : tensor<2x68xf32>
}
