func.func @rms_norm_negative_eps(%x: tensor<?x8xf32>, %w: tensor<8xf32>) {
  %0 = molten.rms_norm %x, %w eps = -1.0e-06 : tensor<?x8xf32>, tensor<8xf32>
  return
}
