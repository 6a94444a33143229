func.func @concat_dim_negative(%a: tensor<2x3xf32>) {
  %0 = molten.concat %a, %a dim = -1 : tensor<2x3xf32>, tensor<2x3xf32> -> tensor<2x6xf32>
  return
}
