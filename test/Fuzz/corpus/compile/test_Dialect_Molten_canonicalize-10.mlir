func.func @no_fold(%x: tensor<?x8xf32>, %v: tensor<8xf32>) -> (tensor<?x8xf32>, tensor<?x8xf32>, tensor<?x8xf32>, tensor<?x8xf32>, tensor<2x8xf32>, tensor<?x8xf32>, tensor<?x1xf32>) {
  %zero = molten.constant dense<0.0> : tensor<f32>
  %one = molten.constant dense<1.0> : tensor<f32>
  %zeros = molten.constant dense<0.0> : tensor<2x8xf32>
  %0 = molten.mul %x, %zero : tensor<?x8xf32>, tensor<f32>
  %1 = molten.sub %x, %x : tensor<?x8xf32>, tensor<?x8xf32>
  %2 = molten.div %x, %x : tensor<?x8xf32>, tensor<?x8xf32>
  %3 = molten.add %x, %one : tensor<?x8xf32>, tensor<f32>
  %4 = molten.add %v, %zeros : tensor<8xf32>, tensor<2x8xf32>
  %5 = molten.reduce_max %x dims = [1] keepdim : tensor<?x8xf32> -> tensor<?x1xf32>
  %6 = molten.max %x, %x : tensor<?x8xf32>, tensor<?x8xf32>
  return %0, %1, %2, %3, %4, %6, %5 : tensor<?x8xf32>, tensor<?x8xf32>, tensor<?x8xf32>, tensor<?x8xf32>, tensor<2x8xf32>, tensor<?x8xf32>, tensor<?x1xf32>
}
