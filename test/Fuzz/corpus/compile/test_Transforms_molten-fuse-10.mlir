func.func @returned_constant() -> tensor<2xf32> {
  %c = molten.constant dense<[1.0, 2.0]> : tensor<2xf32>
  return %c : tensor<2xf32>
}
