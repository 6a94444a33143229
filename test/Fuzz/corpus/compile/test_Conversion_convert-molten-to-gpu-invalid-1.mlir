func.func @returns_argument(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>) {
  %0 = molten.fused hero(loop) ins(%x : tensor<4xf32>) -> (tensor<4xf32>) {
  ^bb0(%a: tensor<4xf32>):
    %1 = molten.exp %a : tensor<4xf32>
    molten.yield %1 : tensor<4xf32>
  }
  return %0, %x : tensor<4xf32>, tensor<4xf32>
}
