func.func @clamp(%x: tensor<4xf32>) -> tensor<4xf32> {
  %y = molten.clamp %x min = -1.0 max = 2.0 : tensor<4xf32>
  return %y : tensor<4xf32>
}
