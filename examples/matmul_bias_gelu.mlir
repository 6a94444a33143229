// Linear layer with bias followed by exact (erf) GELU, bf16: an MLP
// up-projection from 4096 to 11008.
//
//   y = gelu(x @ W^T + b)        gelu(v) = 0.5 * v * (1 + erf(v / sqrt(2)))
//
// PyTorch: torch.nn.functional.gelu(torch.nn.functional.linear(x, W, b))
//   (approximate="none", the default)
//
// x: [tokens, 4096]; W: [11008, 4096], stored as nn.Linear stores it
// ([out, in], hence transpose_rhs); b: [11008]. Products accumulate in f32.
//
// Compiled for sm_90a (molten-translate --molten-chip=sm_90a) it runs on
// tensor cores with the bias and GELU applied to the accumulators
// (docs/gpu.md, "Tensor-core matmul").
func.func @matmul_bias_gelu(%x: tensor<?x4096xbf16>, %w: tensor<11008x4096xbf16>, %b: tensor<11008xbf16>) -> tensor<?x11008xbf16> {
  %mm = molten.matmul %x, %w transpose_rhs : tensor<?x4096xbf16>, tensor<11008x4096xbf16> -> tensor<?x11008xbf16>
  %h = molten.add %mm, %b : tensor<?x11008xbf16>, tensor<11008xbf16>
  %y = molten.gelu %h : tensor<?x11008xbf16>
  return %y : tensor<?x11008xbf16>
}
