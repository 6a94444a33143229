func.func @matmul_element_types(%a: tensor<4x8xf32>, %b: tensor<8x2xbf16>) {
  %0 = molten.matmul %a, %b : tensor<4x8xf32>, tensor<8x2xbf16> -> tensor<4x2xf32>
  return
}
