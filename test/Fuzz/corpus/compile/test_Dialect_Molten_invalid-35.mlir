func.func @rms_norm_nan_eps(%x: tensor<?x8xf32>, %w: tensor<8xf32>) {
  %0 = molten.rms_norm %x, %w eps = 0x7FF8000000000000 : tensor<?x8xf32>, tensor<8xf32>
  return
}
