func.func @matmul_rank1_lhs(%a: tensor<8xf32>, %b: tensor<8x2xf32>) {
  %0 = molten.matmul %a, %b : tensor<8xf32>, tensor<8x2xf32> -> tensor<2xf32>
  return
}
