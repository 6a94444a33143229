// Residual add followed by RMSNorm, bf16 (between two transformer blocks):
// returns both the new residual stream and its normalised form.
//
//   h = x + r
//   y = h / sqrt(mean(h^2, dim=-1) + eps) * w        eps = 1e-5
//
// PyTorch:
//   h = x + r
//   y = torch.nn.functional.rms_norm(h, (4096,), weight=w, eps=1e-5)
//   return h, y
//
// x, r: [tokens, 4096], w: [4096].
func.func @residual_rms_norm(%x: tensor<?x4096xbf16>, %r: tensor<?x4096xbf16>, %w: tensor<4096xbf16>) -> (tensor<?x4096xbf16>, tensor<?x4096xbf16>) {
  %h = molten.add %x, %r : tensor<?x4096xbf16>, tensor<?x4096xbf16>
  %y = molten.rms_norm %h, %w eps = 1.0e-05 : tensor<?x4096xbf16>, tensor<4096xbf16>
  return %h, %y : tensor<?x4096xbf16>, tensor<?x4096xbf16>
}
