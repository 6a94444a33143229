func.func @broadcast_to_size_not_index(%x: tensor<4xf32>, %n: i64) {
  %0 = "molten.broadcast_to"(%x, %n) : (tensor<4xf32>, i64) -> tensor<?x4xf32>
  return
}
