func.func @compare_shape_mismatch(%x: tensor<2x3xf32>, %y: tensor<3x2xf32>) {
  %0 = molten.compare eq, %x, %y : tensor<2x3xf32>, tensor<3x2xf32>
  return
}
