func.func @reciprocal(%x: tensor<?x64xf32>, %y: tensor<?x64xf32>) -> (tensor<?x64xf32>, tensor<?x64xf32>) {
  %0:2 = molten.fused hero(loop) ins(%x, %y : tensor<?x64xf32>, tensor<?x64xf32>) -> (tensor<?x64xf32>, tensor<?x64xf32>) {
  ^bb0(%a: tensor<?x64xf32>, %b: tensor<?x64xf32>):
    %one = molten.constant dense<1.0> : tensor<f32>
    %r = molten.div %one, %a : tensor<f32>, tensor<?x64xf32>
    %q = molten.div %b, %a : tensor<?x64xf32>, tensor<?x64xf32>
    molten.yield %r, %q : tensor<?x64xf32>, tensor<?x64xf32>
  }
  return %0#0, %0#1 : tensor<?x64xf32>, tensor<?x64xf32>
}
