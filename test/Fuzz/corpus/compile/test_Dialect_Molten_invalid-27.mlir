func.func @rms_norm_axis_too_large(%x: tensor<?x8xf32>, %w: tensor<8xf32>) {
  %0 = molten.rms_norm %x, %w axis = 2 : tensor<?x8xf32>, tensor<8xf32>
  return
}
