func.func @fused_non_molten_op(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = molten.fused hero(loop) ins(%x : tensor<4xf32>) -> (tensor<4xf32>) {
  ^bb0(%a: tensor<4xf32>):
    %c = arith.constant 0 : index
    molten.yield %a : tensor<4xf32>
  }
  return %0 : tensor<4xf32>
}
