func.func @select_cond_shape(%m: tensor<3xi1>, %x: tensor<4xf32>, %y: tensor<4xf32>) {
  %0 = molten.select %m, %x, %y : tensor<3xi1>, tensor<4xf32>, tensor<4xf32>
  return
}
