func.func @fused_unknown_hero(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = molten.fused hero(attention) ins(%x : tensor<4xf32>) -> (tensor<4xf32>) {
  ^bb0(%a: tensor<4xf32>):
    molten.yield %a : tensor<4xf32>
  }
  return %0 : tensor<4xf32>
}
