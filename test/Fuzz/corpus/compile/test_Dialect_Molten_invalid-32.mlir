func.func @rms_norm_weight_size(%x: tensor<?x8xf32>, %w: tensor<16xf32>) {
  %0 = molten.rms_norm %x, %w : tensor<?x8xf32>, tensor<16xf32>
  return
}
