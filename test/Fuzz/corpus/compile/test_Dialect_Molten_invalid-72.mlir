func.func @reshape_element_type(%x: tensor<2x3xf32>) {
  %0 = molten.reshape %x : tensor<2x3xf32> -> tensor<6xbf16>
  return
}
