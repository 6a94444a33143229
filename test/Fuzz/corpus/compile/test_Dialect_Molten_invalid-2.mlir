func.func @sub_element_type_mismatch(%x: tensor<4xf32>, %y: tensor<4xf16>) {
  %0 = molten.sub %x, %y : tensor<4xf32>, tensor<4xf16>
  return
}
