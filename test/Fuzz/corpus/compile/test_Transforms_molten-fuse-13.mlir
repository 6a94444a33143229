func.func @many_buffers(%p: tensor<4xi1>, %a: tensor<4xf32>, %b: tensor<4xf32>, %c: tensor<4xf32>) -> tensor<4xf32> {
  %0 = molten.add %a, %b : tensor<4xf32>, tensor<4xf32>
  %1 = molten.select %p, %0, %c : tensor<4xi1>, tensor<4xf32>, tensor<4xf32>
  return %1 : tensor<4xf32>
}
