func.func @scale(%x: tensor<?x64xf32>) -> tensor<?x64xf32> {
  %0 = molten.fused hero(loop) ins(%x : tensor<?x64xf32>) -> (tensor<?x64xf32>) {
  ^bb0(%a: tensor<?x64xf32>):
    %y = molten.add %a, %a : tensor<?x64xf32>, tensor<?x64xf32>
    molten.yield %y : tensor<?x64xf32>
  }
  return %0 : tensor<?x64xf32>
}
