func.func @fused_input_not_tensor(%x: f32) -> tensor<4xf32> {
  %0 = molten.fused hero(loop) ins(%x : f32) -> (tensor<4xf32>) {
  ^bb0(%a: f32):
    %1 = molten.constant dense<1.0> : tensor<4xf32>
    molten.yield %1 : tensor<4xf32>
  }
  return %0 : tensor<4xf32>
}
