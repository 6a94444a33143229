// LayerNorm with weight and bias over the hidden dim, f32.
//
//   y = (x - mean(x)) / sqrt(var(x) + eps) * w + b
//   mean and biased variance over dim=-1, eps = 1e-5
//
// PyTorch: torch.nn.functional.layer_norm(x, (5120,), weight=w, bias=b, eps=1e-5)
//
// x: [tokens, 5120], w, b: [5120].
func.func @layer_norm(%x: tensor<?x5120xf32>, %w: tensor<5120xf32>, %b: tensor<5120xf32>) -> tensor<?x5120xf32> {
  %y = molten.layer_norm %x weight(%w : tensor<5120xf32>) bias(%b : tensor<5120xf32>) eps = 1.0e-05 : tensor<?x5120xf32>
  return %y : tensor<?x5120xf32>
}
