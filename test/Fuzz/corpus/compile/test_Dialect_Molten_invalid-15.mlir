func.func @cast_to_integer(%x: tensor<4xf32>) {
  %0 = molten.cast %x : tensor<4xf32> to tensor<4xi32>
  return
}
