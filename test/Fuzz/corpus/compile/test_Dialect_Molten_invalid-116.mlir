func.func @fused_uses_outside_value(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = molten.fused hero(loop) -> (tensor<4xf32>) {
    %1 = molten.exp %x : tensor<4xf32>
    molten.yield %1 : tensor<4xf32>
  }
  return %0 : tensor<4xf32>
}
