func.func @silu(%x: tensor<4xf32>) -> tensor<4xf32> {
  %y = molten.silu %x : tensor<4xf32>
  return %y : tensor<4xf32>
}
