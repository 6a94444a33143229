func.func @reduce_keeps_element_type(%x: tensor<2x3xbf16>) {
  %0 = molten.reduce_mean %x dims = [1] : tensor<2x3xbf16> -> tensor<2xf32>
  return
}
