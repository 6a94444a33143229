func.func @layer_norm_negative_eps(%x: tensor<2x3x4xf16>) {
  %0 = molten.layer_norm %x eps = -1.0 : tensor<2x3x4xf16>
  return
}
