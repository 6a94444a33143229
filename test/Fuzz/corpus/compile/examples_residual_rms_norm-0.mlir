func.func @residual_rms_norm(%x: tensor<?x4096xbf16>, %r: tensor<?x4096xbf16>, %w: tensor<4096xbf16>) -> (tensor<?x4096xbf16>, tensor<?x4096xbf16>) {
  %h = molten.add %x, %r : tensor<?x4096xbf16>, tensor<?x4096xbf16>
  %y = molten.rms_norm %h, %w eps = 1.0e-05 : tensor<?x4096xbf16>, tensor<4096xbf16>
  return %h, %y : tensor<?x4096xbf16>, tensor<?x4096xbf16>
}
