func.func @rms_norm_weight_size_other_axis(%x: tensor<4x8xf32>, %w: tensor<8xf32>) {
  %0 = molten.rms_norm %x, %w axis = 0 : tensor<4x8xf32>, tensor<8xf32>
  return
}
