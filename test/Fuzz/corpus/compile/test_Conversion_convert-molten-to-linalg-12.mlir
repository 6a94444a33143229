func.func @add_broadcast(%x: tensor<?x4xf32>, %w: tensor<4xf32>) -> tensor<?x4xf32> {
  %y = molten.add %x, %w : tensor<?x4xf32>, tensor<4xf32>
  return %y : tensor<?x4xf32>
}
