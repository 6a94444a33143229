func.func @matmul_k_mismatch(%a: tensor<?x4096xbf16>, %b: tensor<4095x8xbf16>) {
  %0 = molten.matmul %a, %b : tensor<?x4096xbf16>, tensor<4095x8xbf16> -> tensor<?x8xbf16>
  return
}
