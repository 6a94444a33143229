func.func @broadcast_to_lower_rank(%x: tensor<2x4xf32>) {
  %0 = molten.broadcast_to %x : tensor<2x4xf32> -> tensor<4xf32>
  return
}
