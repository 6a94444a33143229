func.func @constant() -> (tensor<2xbf16>, tensor<f32>) {
  %a = molten.constant dense<[1.0, 2.0]> : tensor<2xbf16>
  %b = molten.constant dense<1.0e-06> : tensor<f32>
  return %a, %b : tensor<2xbf16>, tensor<f32>
}
