func.func @fused_too_many_arguments(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = molten.fused hero(loop) ins(%x : tensor<4xf32>) -> (tensor<4xf32>) {
  ^bb0(%a: tensor<4xf32>, %b: tensor<4xf32>):
    molten.yield %a : tensor<4xf32>
  }
  return %0 : tensor<4xf32>
}
