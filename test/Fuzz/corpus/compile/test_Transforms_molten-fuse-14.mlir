func.func @many_loads(%a: tensor<2x4xf32>, %b: tensor<2x4xf32>, %c: tensor<2x8xf32>) -> tensor<2x8xf32> {
  %0 = molten.concat %a, %b dim = 1 : tensor<2x4xf32>, tensor<2x4xf32> -> tensor<2x8xf32>
  %1 = molten.add %0, %c : tensor<2x8xf32>, tensor<2x8xf32>
  return %1 : tensor<2x8xf32>
}
