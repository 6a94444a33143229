func.func @concat_two_f32(%x: tensor<?x64xf32>, %y: tensor<?x64xf32>) -> tensor<?x128xf32> {
  %0 = molten.fused hero(loop) ins(%x, %y : tensor<?x64xf32>, tensor<?x64xf32>) -> (tensor<?x128xf32>) {
  ^bb0(%a: tensor<?x64xf32>, %b: tensor<?x64xf32>):
    %r = molten.concat %a, %b dim = 1 : tensor<?x64xf32>, tensor<?x64xf32> -> tensor<?x128xf32>
    molten.yield %r : tensor<?x128xf32>
  }
  return %0 : tensor<?x128xf32>
}
