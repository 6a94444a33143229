func.func @matmul_wrong_result(%a: tensor<4x8xf32>, %b: tensor<8x2xf32>) {
  %0 = molten.matmul %a, %b : tensor<4x8xf32>, tensor<8x2xf32> -> tensor<4x8xf32>
  return
}
