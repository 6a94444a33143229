func.func @layer_norm_axis(%x: tensor<2x3x4xf16>) {
  %0 = molten.layer_norm %x axis = -4 : tensor<2x3x4xf16>
  return
}
