func.func @add_shape_mismatch(%x: tensor<4xf32>, %y: tensor<5xf32>) {
  %0 = molten.add %x, %y : tensor<4xf32>, tensor<5xf32>
  return
}
