func.func @layer_norm(%x: tensor<?x5120xf32>, %w: tensor<5120xf32>, %b: tensor<5120xf32>) -> tensor<?x5120xf32> {
  %y = molten.layer_norm %x weight(%w : tensor<5120xf32>) bias(%b : tensor<5120xf32>) eps = 1.0e-05 : tensor<?x5120xf32>
  return %y : tensor<?x5120xf32>
}
