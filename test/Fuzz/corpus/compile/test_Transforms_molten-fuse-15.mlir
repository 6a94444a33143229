func.func @loop_scalar_output(%x: tensor<?x4xf32>, %s: tensor<f32>) -> (tensor<?x4xf32>, tensor<i1>) {
  %zero = molten.constant dense<0.0> : tensor<f32>
  %q = molten.constant dense<0.25> : tensor<f32>
  %r = molten.relu %s : tensor<f32>
  %c = molten.compare eq, %r, %zero : tensor<f32>, tensor<f32>
  %y = molten.select %c, %x, %q : tensor<i1>, tensor<?x4xf32>, tensor<f32>
  return %y, %c : tensor<?x4xf32>, tensor<i1>
}
