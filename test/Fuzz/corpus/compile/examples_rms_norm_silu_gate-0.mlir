func.func @rms_norm_silu_gate(%x: tensor<?x4096xbf16>, %gate: tensor<?x4096xbf16>, %w: tensor<4096xbf16>) -> tensor<?x4096xbf16> {
  %n = molten.rms_norm %x, %w eps = 1.0e-05 : tensor<?x4096xbf16>, tensor<4096xbf16>
  %g = molten.silu %gate : tensor<?x4096xbf16>
  %y = molten.mul %g, %n : tensor<?x4096xbf16>, tensor<?x4096xbf16>
  return %y : tensor<?x4096xbf16>
}
