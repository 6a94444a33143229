func.func @fused_other_terminator(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = molten.fused hero(loop) ins(%x : tensor<4xf32>) -> (tensor<4xf32>) {
  ^bb0(%a: tensor<4xf32>):
    ub.unreachable
  }
  return %0 : tensor<4xf32>
}
