func.func @rms_norm_weight_element_type(%x: tensor<?x8xbf16>, %w: tensor<8xf32>) {
  %0 = molten.rms_norm %x, %w : tensor<?x8xbf16>, tensor<8xf32>
  return
}
