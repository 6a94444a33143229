func.func @reduce_empty_splat()
    -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) {
  %b = molten.constant dense<0x7F800000> : tensor<0x4xf32>
  %0 = molten.reduce_sum %b dims = [0] : tensor<0x4xf32> -> tensor<4xf32>
  %1 = molten.reduce_mean %b dims = [0] : tensor<0x4xf32> -> tensor<4xf32>
  %2 = molten.reduce_max %b dims = [0] : tensor<0x4xf32> -> tensor<4xf32>
  %3 = molten.reduce_min %b dims = [0] : tensor<0x4xf32> -> tensor<4xf32>
  return %0, %1, %2, %3 : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
}
