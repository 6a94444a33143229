func.func @matmul_shared_rhs(%a: tensor<2x3x16xf32>, %b: tensor<8x16xf32>) -> tensor<2x3x8xf32> {
  %y = molten.matmul %a, %b transpose_rhs : tensor<2x3x16xf32>, tensor<8x16xf32> -> tensor<2x3x8xf32>
  return %y : tensor<2x3x8xf32>
}
