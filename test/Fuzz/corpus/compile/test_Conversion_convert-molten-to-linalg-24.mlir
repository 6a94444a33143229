func.func @rms_norm_bf16(%x: tensor<?x8xbf16>, %w: tensor<8xbf16>) -> tensor<?x8xbf16> {
  %y = molten.rms_norm %x, %w eps = 1.0e-05 : tensor<?x8xbf16>, tensor<8xbf16>
  return %y : tensor<?x8xbf16>
}
