// RoPE as Llama's attention writes it (transformers' apply_rotary_pos_emb
// after the q projection): the projection's [tokens, heads * dim] viewed as
// [1, tokens, heads, dim], transposed to [1, heads, tokens, dim],
// x * cos + rotate_half(x) * sin, transposed back. 2 heads of dim 8.
func.func @rope(%q: tensor<?x16xbf16>, %cos: tensor<?x8xbf16>, %sin: tensor<?x8xbf16>) -> tensor<1x?x2x8xbf16> {
  %v20 = molten.reshape %q : tensor<?x16xbf16> -> tensor<1x?x16xbf16>
  %v22 = molten.reshape %v20 : tensor<1x?x16xbf16> -> tensor<1x?x2x8xbf16>
  %v24 = molten.transpose %v22 permutation = [0, 2, 1, 3] : tensor<1x?x2x8xbf16> -> tensor<1x2x?x8xbf16>
  %v26 = molten.mul %v24, %cos : tensor<1x2x?x8xbf16>, tensor<?x8xbf16>
  %v27 = molten.slice %v24 offsets = [0, 0, 0, 4] sizes = [1, 2, -1, 4] strides = [1, 1, 1, 1] : tensor<1x2x?x8xbf16> -> tensor<1x2x?x4xbf16>
  %v28 = molten.slice %v24 offsets = [0, 0, 0, 0] sizes = [1, 2, -1, 4] strides = [1, 1, 1, 1] : tensor<1x2x?x8xbf16> -> tensor<1x2x?x4xbf16>
  %v32 = molten.neg %v27 : tensor<1x2x?x4xbf16>
  %v34 = molten.concat %v32, %v28 dim = 3 : tensor<1x2x?x4xbf16>, tensor<1x2x?x4xbf16> -> tensor<1x2x?x8xbf16>
  %v36 = molten.mul %v34, %sin : tensor<1x2x?x8xbf16>, tensor<?x8xbf16>
  %v38 = molten.add %v26, %v36 : tensor<1x2x?x8xbf16>, tensor<1x2x?x8xbf16>
  %v40 = molten.transpose %v38 permutation = [0, 2, 1, 3] : tensor<1x2x?x8xbf16> -> tensor<1x?x2x8xbf16>
  return %v40 : tensor<1x?x2x8xbf16>
}
