func.func @layer_norm_bias_element_type(%x: tensor<2x3x4xf16>, %w: tensor<4xf16>, %b: tensor<4xbf16>) {
  %0 = molten.layer_norm %x weight(%w : tensor<4xf16>) bias(%b : tensor<4xbf16>) : tensor<2x3x4xf16>
  return
}
