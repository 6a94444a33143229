func.func @dense_constant(%x: tensor<2xf32>) -> tensor<2xf32> {
  %0 = molten.fused hero(loop) ins(%x : tensor<2xf32>) -> (tensor<2xf32>) {
  ^bb0(%a: tensor<2xf32>):
    %c = molten.constant dense<[1.0, 2.0]> : tensor<2xf32>
    %1 = molten.add %a, %c : tensor<2xf32>, tensor<2xf32>
    molten.yield %1 : tensor<2xf32>
  }
  return %0 : tensor<2xf32>
}
