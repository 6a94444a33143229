// Causal grouped-query attention, bf16, Llama-style: 32 query heads share 8
// key/value heads (4 query heads per key/value head), head dim 128.
//
//   o = softmax(q @ k^T * scale + causal_mask) @ v     scale = 1 / sqrt(128)
//   causal_mask[i, j] = 0 where j <= i, -inf where j > i
//   (query head h reads key/value head h / 4)
//
// PyTorch:
//   F.scaled_dot_product_attention(q, k, v, is_causal=True, enable_gqa=True)
//
// q: [batch, 32, seq, 128]; k, v: [batch, 8, seq, 128]; o: [batch, 32, seq,
// 128]; batch and seq are dynamic. The scores and their softmax are f32 and
// never written to memory; the result is rounded to bf16 once.
//
// Compiled for sm_90a (molten-translate --molten-chip=sm_90a) it runs as one
// flash-attention kernel on tensor cores (TMA + wgmma, the probabilities
// rounded to bf16 for p @ v; docs/gpu.md, "Attention"), and for up to 16
// query rows a head (decode) as a split-KV kernel and a combine kernel;
// elsewhere as one portable kernel.
func.func @attention(%q: tensor<?x32x?x128xbf16>, %k: tensor<?x8x?x128xbf16>, %v: tensor<?x8x?x128xbf16>) -> tensor<?x32x?x128xbf16> {
  %o = molten.attention %q, %k, %v causal : tensor<?x32x?x128xbf16>, tensor<?x8x?x128xbf16>, tensor<?x8x?x128xbf16> -> tensor<?x32x?x128xbf16>
  return %o : tensor<?x32x?x128xbf16>
}
