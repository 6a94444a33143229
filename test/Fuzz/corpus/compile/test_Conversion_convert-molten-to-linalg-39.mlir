func.func @fused_with_size(%w: tensor<8xf32>, %n: index) -> tensor<?x8xf32> {
  %r = molten.fused hero(loop) ins(%w, %n : tensor<8xf32>, index) -> (tensor<?x8xf32>) {
  ^bb0(%a: tensor<8xf32>, %m: index):
    %b = molten.broadcast_to %a [%m] : tensor<8xf32> -> tensor<?x8xf32>
    molten.yield %b : tensor<?x8xf32>
  }
  return %r : tensor<?x8xf32>
}
