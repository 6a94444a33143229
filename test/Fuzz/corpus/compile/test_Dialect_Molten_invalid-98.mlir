func.func @concat_rank_mismatch(%a: tensor<2x3xf32>, %b: tensor<3xf32>) {
  %0 = molten.concat %a, %b dim = 0 : tensor<2x3xf32>, tensor<3xf32> -> tensor<3x3xf32>
  return
}
