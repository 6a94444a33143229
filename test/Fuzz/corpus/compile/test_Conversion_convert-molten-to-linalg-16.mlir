func.func @max_min_pow(%a: tensor<4xf32>, %b: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) {
  %x = molten.max %a, %b : tensor<4xf32>, tensor<4xf32>
  %y = molten.min %a, %b : tensor<4xf32>, tensor<4xf32>
  %z = molten.pow %a, %b : tensor<4xf32>, tensor<4xf32>
  return %x, %y, %z : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
}
