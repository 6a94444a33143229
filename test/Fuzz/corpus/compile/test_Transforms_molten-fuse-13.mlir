func.func @many_inputs(%p: tensor<4xi1>, %a: tensor<4xf32>, %b: tensor<4xf32>, %q: tensor<4xi1>, %c: tensor<4xf32>) -> tensor<4xf32> {
  %0 = molten.select %p, %a, %b : tensor<4xi1>, tensor<4xf32>, tensor<4xf32>
  %1 = molten.select %q, %0, %c : tensor<4xi1>, tensor<4xf32>, tensor<4xf32>
  return %1 : tensor<4xf32>
}
