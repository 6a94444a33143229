func.func @reshape_dynamic_to_static(%x: tensor<?x4xf32>) {
  %0 = molten.reshape %x : tensor<?x4xf32> -> tensor<6xf32>
  return
}
