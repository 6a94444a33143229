func.func @div_generic_shape_mismatch(%x: tensor<3x?xf32>, %y: tensor<2x1xf32>) {
  %0 = "molten.div"(%x, %y) : (tensor<3x?xf32>, tensor<2x1xf32>) -> tensor<3x?xf32>
  return
}
