func.func @reshape_static_count(%x: tensor<2x3xf32>) {
  %0 = molten.reshape %x : tensor<2x3xf32> -> tensor<7xf32>
  return
}
