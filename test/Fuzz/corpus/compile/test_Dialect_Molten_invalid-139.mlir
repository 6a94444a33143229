func.func @fused_no_hero(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = molten.fused ins(%x : tensor<4xf32>) -> (tensor<4xf32>) {
  ^bb0(%a: tensor<4xf32>):
    molten.yield %a : tensor<4xf32>
  }
  return %0 : tensor<4xf32>
}
