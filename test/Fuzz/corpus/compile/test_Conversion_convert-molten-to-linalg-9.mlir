func.func @gelu_tanh(%x: tensor<4xf32>) -> tensor<4xf32> {
  %y = molten.gelu %x approximate = tanh : tensor<4xf32>
  return %y : tensor<4xf32>
}
