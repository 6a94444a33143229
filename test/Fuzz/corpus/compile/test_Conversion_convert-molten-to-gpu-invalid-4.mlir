func.func @undecomposed(%x: tensor<?x?xf32>, %w: tensor<4xf32>) -> tensor<?x?xf32> {
  %0 = molten.fused hero(loop) ins(%x, %w : tensor<?x?xf32>, tensor<4xf32>) -> (tensor<?x?xf32>) {
  ^bb0(%a: tensor<?x?xf32>, %b: tensor<4xf32>):
    %1 = molten.rms_norm %a, %b : tensor<?x?xf32>, tensor<4xf32>
    molten.yield %1 : tensor<?x?xf32>
  }
  return %0 : tensor<?x?xf32>
}
