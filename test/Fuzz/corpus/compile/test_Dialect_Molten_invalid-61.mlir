func.func @matmul_rank_mismatch(%a: tensor<2x4x8xf32>, %b: tensor<3x2x8x2xf32>) {
  %0 = molten.matmul %a, %b : tensor<2x4x8xf32>, tensor<3x2x8x2xf32> -> tensor<2x4x2xf32>
  return
}
