func.func @fold_nan_inf() -> (tensor<f32>, tensor<f32>, tensor<f32>, tensor<f32>) {
  %m1 = molten.constant dense<-1.0> : tensor<f32>
  %z = molten.constant dense<0.0> : tensor<f32>
  %one = molten.constant dense<1.0> : tensor<f32>
  %l = molten.log %m1 : tensor<f32>
  %d = molten.div %one, %z : tensor<f32>, tensor<f32>
  %mx = molten.max %l, %one : tensor<f32>, tensor<f32>
  %mn = molten.min %d, %one : tensor<f32>, tensor<f32>
  return %l, %d, %mx, %mn : tensor<f32>, tensor<f32>, tensor<f32>, tensor<f32>
}
