func.func @fold_compare_select() -> (tensor<3xi1>, tensor<3xi1>, tensor<3xf32>) {
  %a = molten.constant dense<[1.0, 2.0, 0x7FC00000]> : tensor<3xf32>
  %b = molten.constant dense<2.0> : tensor<f32>
  %lt = molten.compare lt, %a, %b : tensor<3xf32>, tensor<f32>
  %ne = molten.compare ne, %a, %b : tensor<3xf32>, tensor<f32>
  %s = molten.select %lt, %a, %b : tensor<3xi1>, tensor<3xf32>, tensor<f32>
  return %lt, %ne, %s : tensor<3xi1>, tensor<3xi1>, tensor<3xf32>
}
