func.func @broadcast_to_missing_size(%x: tensor<4xf32>) {
  %0 = molten.broadcast_to %x : tensor<4xf32> -> tensor<?x4xf32>
  return
}
