// Bias add followed by GELU, tanh approximation, bf16 (the GPT-2 "gelu_new"
// MLP activation).
//
//   y = gelu_tanh(x + b)
//   gelu_tanh(v) = 0.5 * v * (1 + tanh(sqrt(2/pi) * (v + 0.044715 * v^3)))
//
// PyTorch: torch.nn.functional.gelu(x + b, approximate="tanh")
//
// x: [tokens, 5120], b: [5120] (broadcast over the tokens).
func.func @gelu_bias(%x: tensor<?x5120xbf16>, %b: tensor<5120xbf16>) -> tensor<?x5120xbf16> {
  %h = molten.add %x, %b : tensor<?x5120xbf16>, tensor<5120xbf16>
  %y = molten.gelu %h approximate = tanh : tensor<?x5120xbf16>
  return %y : tensor<?x5120xbf16>
}
