func.func @row_broadcast_output(%x: tensor<?x3x5xf32>, %p: tensor<?x1xf32>) -> tensor<1x?x1xf32> {
  %m = molten.reduce_mean %x dims = [0, 1, 2] keepdim : tensor<?x3x5xf32> -> tensor<1x1x1xf32>
  %k = molten.constant dense<2.0> : tensor<f32>
  %c = molten.compare gt, %k, %m : tensor<f32>, tensor<1x1x1xf32>
  %y = molten.select %c, %k, %p : tensor<1x1x1xi1>, tensor<f32>, tensor<?x1xf32>
  return %y : tensor<1x?x1xf32>
}
