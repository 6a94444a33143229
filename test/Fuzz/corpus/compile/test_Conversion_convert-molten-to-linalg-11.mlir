func.func @cast(%x: tensor<4xbf16>) -> (tensor<4xf32>, tensor<4xf16>) {
  %a = molten.cast %x : tensor<4xbf16> to tensor<4xf32>
  %b = molten.cast %x : tensor<4xbf16> to tensor<4xf16>
  return %a, %b : tensor<4xf32>, tensor<4xf16>
}
