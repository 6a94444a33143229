func.func @broadcast_to_not_one(%x: tensor<3x4xf32>) {
  %0 = molten.broadcast_to %x : tensor<3x4xf32> -> tensor<2x6x4xf32>
  return
}
