func.func @dynamic_from_rhs(%a: tensor<1x4xf32>, %b: tensor<?x4xf32>) -> tensor<?x4xf32> {
  %y = molten.div %a, %b : tensor<1x4xf32>, tensor<?x4xf32>
  return %y : tensor<?x4xf32>
}
