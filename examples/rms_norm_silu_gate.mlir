// Gated RMSNorm, bf16: RMSNorm of x scaled by the SiLU of a gate.
//
//   y = silu(gate) * rms_norm(x, w)        silu(g) = g * sigmoid(g), eps = 1e-5
//
// PyTorch:
//   F.silu(gate) * F.rms_norm(x, (4096,), weight=w, eps=1e-5)
//
// x, gate: [tokens, 4096], w: [4096]. The SiLU gate of a LLaMA-style gated
// MLP, applied here to a normalised input (as in Mamba-2's RMSNormGated with
// norm_before_gate=True).
func.func @rms_norm_silu_gate(%x: tensor<?x4096xbf16>, %gate: tensor<?x4096xbf16>, %w: tensor<4096xbf16>) -> tensor<?x4096xbf16> {
  %n = molten.rms_norm %x, %w eps = 1.0e-05 : tensor<?x4096xbf16>, tensor<4096xbf16>
  %g = molten.silu %gate : tensor<?x4096xbf16>
  %y = molten.mul %g, %n : tensor<?x4096xbf16>, tensor<?x4096xbf16>
  return %y : tensor<?x4096xbf16>
}
