func.func @broadcast_to_element_type(%x: tensor<4xf32>) {
  %0 = molten.broadcast_to %x : tensor<4xf32> -> tensor<2x4xf16>
  return
}
