func.func @rms_norm(%x: tensor<?x4096xf32>, %w: tensor<4096xf32>) -> tensor<?x4096xf32> {
  %y = molten.rms_norm %x, %w eps = 1.0e-05 : tensor<?x4096xf32>, tensor<4096xf32>
  return %y : tensor<?x4096xf32>
}
