func.func @fused_loop_two_shapes(%x: tensor<?x4xf32>, %s: tensor<f32>) -> (tensor<?x4xf32>, tensor<f32>) {
  %0:2 = molten.fused hero(loop) ins(%x, %s : tensor<?x4xf32>, tensor<f32>) -> (tensor<?x4xf32>, tensor<f32>) {
  ^bb0(%a: tensor<?x4xf32>, %b: tensor<f32>):
    %y = molten.mul %a, %b : tensor<?x4xf32>, tensor<f32>
    %r = molten.relu %b : tensor<f32>
    molten.yield %y, %r : tensor<?x4xf32>, tensor<f32>
  }
  return %0#0, %0#1 : tensor<?x4xf32>, tensor<f32>
}
