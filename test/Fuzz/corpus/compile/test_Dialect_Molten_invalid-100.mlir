func.func @concat_other_dim_differs(%a: tensor<2x3xf32>, %b: tensor<2x4xf32>) {
  %0 = molten.concat %a, %b dim = 0 : tensor<2x3xf32>, tensor<2x4xf32> -> tensor<4x3xf32>
  return
}
