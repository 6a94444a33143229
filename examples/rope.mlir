// Rotary position embedding, rotate_half form (LLaMA / GPT-NeoX), bf16, on
// the queries of 32 heads of dim 128.
//
//   y = x * cos + rotate_half(x) * sin
//   rotate_half(x) = concat(-x[..., 64:], x[..., :64])
//
// PyTorch (transformers' apply_rotary_pos_emb):
//   def rotate_half(x):
//       x1, x2 = x[..., :64], x[..., 64:]
//       return torch.cat((-x2, x1), dim=-1)
//   y = x * cos + rotate_half(x) * sin
//
// x: [tokens, 32, 128]; cos, sin: [tokens, 1, 128] (one angle set per
// token, shared by the heads).
func.func @rope(%x: tensor<?x32x128xbf16>, %cos: tensor<?x1x128xbf16>, %sin: tensor<?x1x128xbf16>) -> tensor<?x32x128xbf16> {
  %y = molten.rope %x, %cos, %sin : tensor<?x32x128xbf16>, tensor<?x1x128xbf16>
  return %y : tensor<?x32x128xbf16>
}
