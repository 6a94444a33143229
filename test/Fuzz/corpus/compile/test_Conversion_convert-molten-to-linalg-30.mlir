func.func @matmul_batched_transposed_bf16(%a: tensor<2x?x16xbf16>, %b: tensor<2x8x16xbf16>) -> tensor<2x?x8xbf16> {
  %y = molten.matmul %a, %b transpose_rhs : tensor<2x?x16xbf16>, tensor<2x8x16xbf16> -> tensor<2x?x8xbf16>
  return %y : tensor<2x?x8xbf16>
}
