func.func @reshape_static_to_dynamic(%x: tensor<2x3xf32>) {
  %0 = molten.reshape %x : tensor<2x3xf32> -> tensor<?x4xf32>
  return
}
