func.func @layer_norm_nan_eps(%x: tensor<2x3x4xf16>) {
  %0 = molten.layer_norm %x eps = 0x7FF8000000000000 : tensor<2x3x4xf16>
  return
}
