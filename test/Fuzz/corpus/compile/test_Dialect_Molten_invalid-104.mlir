func.func @fused_too_few_arguments(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = molten.fused hero(loop) ins(%x : tensor<4xf32>) -> (tensor<4xf32>) {
    %1 = molten.constant dense<1.0> : tensor<4xf32>
    molten.yield %1 : tensor<4xf32>
  }
  return %0 : tensor<4xf32>
}
