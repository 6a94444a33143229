func.func @concat_wrong_result(%a: tensor<?x3xf32>, %b: tensor<2x3xf32>) {
  %0 = molten.concat %a, %b dim = 0 : tensor<?x3xf32>, tensor<2x3xf32> -> tensor<4x3xf32>
  return
}
