func.func @rope_interleaved(%x: tensor<4x8xf32>, %c: tensor<8xf32>, %s: tensor<8xf32>) -> tensor<4x8xf32> {
  %y = molten.rope %x, %c, %s mode = interleaved : tensor<4x8xf32>, tensor<8xf32>
  return %y : tensor<4x8xf32>
}
