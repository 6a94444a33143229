func.func @matmul_k_mismatch_transposed(%a: tensor<?x4096xbf16>, %b: tensor<4096x8xbf16>) {
  %0 = molten.matmul %a, %b transpose_rhs : tensor<?x4096xbf16>, tensor<4096x8xbf16> -> tensor<?x4096xbf16>
  return
}
