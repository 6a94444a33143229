func.func @rms_norm_axis_too_negative(%x: tensor<?x8xf32>, %w: tensor<8xf32>) {
  %0 = molten.rms_norm %x, %w axis = -3 : tensor<?x8xf32>, tensor<8xf32>
  return
}
