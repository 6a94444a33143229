func.func @broadcast_to_extra_size(%x: tensor<4xf32>, %n: index) {
  %0 = molten.broadcast_to %x [%n] : tensor<4xf32> -> tensor<2x4xf32>
  return
}
