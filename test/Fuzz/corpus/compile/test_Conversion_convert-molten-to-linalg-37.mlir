func.func @concat_dynamic_dim(%a: tensor<?x8xf32>, %b: tensor<2x8xf32>) -> tensor<?x8xf32> {
  %y = molten.concat %a, %b dim = 0 : tensor<?x8xf32>, tensor<2x8xf32> -> tensor<?x8xf32>
  return %y : tensor<?x8xf32>
}
