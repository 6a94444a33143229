func.func @neg(%x: tensor<4xf32>) -> tensor<4xf32> {
  %y = molten.neg %x : tensor<4xf32>
  return %y : tensor<4xf32>
}
