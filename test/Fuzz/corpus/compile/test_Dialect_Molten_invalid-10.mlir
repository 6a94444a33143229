func.func @select_cond_not_i1(%m: tensor<4xf32>, %x: tensor<4xf32>) {
  %0 = molten.select %m, %x, %x : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
  return
}
