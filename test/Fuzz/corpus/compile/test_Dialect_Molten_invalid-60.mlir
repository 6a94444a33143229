func.func @matmul_rank1_rhs(%a: tensor<4x8xf32>, %b: tensor<8xf32>) {
  %0 = molten.matmul %a, %b : tensor<4x8xf32>, tensor<8xf32> -> tensor<4xf32>
  return
}
