func.func @rms_norm_rank0(%x: tensor<f32>, %w: tensor<1xf32>) {
  %0 = molten.rms_norm %x, %w : tensor<f32>, tensor<1xf32>
  return
}
