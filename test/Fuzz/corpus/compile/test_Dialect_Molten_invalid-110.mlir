func.func @fused_yield_type(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = molten.fused hero(row_reduction) ins(%x : tensor<4xf32>) -> (tensor<4xf32>) {
  ^bb0(%a: tensor<4xf32>):
    %1 = molten.reduce_sum %a dims = [0] : tensor<4xf32> -> tensor<f32>
    molten.yield %1 : tensor<f32>
  }
  return %0 : tensor<4xf32>
}
