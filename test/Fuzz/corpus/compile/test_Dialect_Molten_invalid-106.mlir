func.func @fused_argument_type(%x: tensor<4xf32>, %y: tensor<4xf32>) -> tensor<4xf32> {
  %0 = molten.fused hero(loop) ins(%x, %y : tensor<4xf32>, tensor<4xf32>) -> (tensor<4xf32>) {
  ^bb0(%a: tensor<4xf32>, %b: tensor<4xf16>):
    molten.yield %a : tensor<4xf32>
  }
  return %0 : tensor<4xf32>
}
