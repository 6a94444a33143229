func.func @matmul_batch_mismatch(%a: tensor<2x?x4x8xf32>, %b: tensor<3x?x8x2xf32>) {
  %0 = molten.matmul %a, %b : tensor<2x?x4x8xf32>, tensor<3x?x8x2xf32> -> tensor<2x?x4x2xf32>
  return
}
