func.func @compare_element_type_mismatch(%x: tensor<4xbf16>, %y: tensor<4xf16>) {
  %0 = molten.compare lt, %x, %y : tensor<4xbf16>, tensor<4xf16>
  return
}
