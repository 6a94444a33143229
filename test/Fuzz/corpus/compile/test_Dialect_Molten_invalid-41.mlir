func.func @layer_norm_bias_size(%x: tensor<2x3x4xf16>, %b: tensor<3xf16>) {
  %0 = molten.layer_norm %x bias(%b : tensor<3xf16>) : tensor<2x3x4xf16>
  return
}
