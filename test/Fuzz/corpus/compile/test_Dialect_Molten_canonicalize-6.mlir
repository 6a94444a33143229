func.func @fold_reductions() -> (tensor<2xf32>, tensor<1x3xf32>, tensor<2x1xf32>, tensor<f32>, tensor<2xf32>) {
  %a = molten.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 7.0]]> : tensor<2x3xf32>
  %s = molten.reduce_sum %a dims = [1] : tensor<2x3xf32> -> tensor<2xf32>
  %m = molten.reduce_mean %a dims = [0] keepdim : tensor<2x3xf32> -> tensor<1x3xf32>
  %x = molten.reduce_max %a dims = [1] keepdim : tensor<2x3xf32> -> tensor<2x1xf32>
  %n = molten.reduce_min %a dims = [0, 1] : tensor<2x3xf32> -> tensor<f32>
  %sp = molten.constant dense<1.5> : tensor<2x4xf32>
  %t = molten.reduce_sum %sp dims = [1] : tensor<2x4xf32> -> tensor<2xf32>
  return %s, %m, %x, %n, %t : tensor<2xf32>, tensor<1x3xf32>, tensor<2x1xf32>, tensor<f32>, tensor<2xf32>
}
