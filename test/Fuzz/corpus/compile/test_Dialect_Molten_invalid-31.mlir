func.func @rms_norm_weight_rank(%x: tensor<?x8xf32>, %w: tensor<1x8xf32>) {
  %0 = molten.rms_norm %x, %w : tensor<?x8xf32>, tensor<1x8xf32>
  return
}
