// RMSNorm (LLaMA-2 style) over the hidden dim, f32.
//
//   y = x / sqrt(mean(x^2, dim=-1) + eps) * w        eps = 1e-5
//
// PyTorch: torch.nn.functional.rms_norm(x, (4096,), weight=w, eps=1e-5)
//
// x: [tokens, 4096], w: [4096]. f32 (not bf16) so that it computes the same
// thing as rms_norm_raw.mlir, its hand-written form; the fusion tests compare
// the two.
func.func @rms_norm(%x: tensor<?x4096xf32>, %w: tensor<4096xf32>) -> tensor<?x4096xf32> {
  %y = molten.rms_norm %x, %w eps = 1.0e-05 : tensor<?x4096xf32>, tensor<4096xf32>
  return %y : tensor<?x4096xf32>
}
