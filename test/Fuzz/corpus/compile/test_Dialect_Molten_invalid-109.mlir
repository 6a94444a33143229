func.func @fused_nested(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = molten.fused hero(loop) ins(%x : tensor<4xf32>) -> (tensor<4xf32>) {
  ^bb0(%a: tensor<4xf32>):
    %1 = molten.fused hero(loop) ins(%a : tensor<4xf32>) -> (tensor<4xf32>) {
    ^bb0(%b: tensor<4xf32>):
      molten.yield %b : tensor<4xf32>
    }
    molten.yield %1 : tensor<4xf32>
  }
  return %0 : tensor<4xf32>
}
