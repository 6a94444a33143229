func.func @tanh_erf(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>) {
  %a = molten.tanh %x : tensor<4xf32>
  %b = molten.erf %x : tensor<4xf32>
  return %a, %b : tensor<4xf32>, tensor<4xf32>
}
