func.func @sub_expand_ones(%a: tensor<3x1xf32>, %b: tensor<1x4xf32>) -> tensor<3x4xf32> {
  %y = molten.sub %a, %b : tensor<3x1xf32>, tensor<1x4xf32>
  return %y : tensor<3x4xf32>
}
