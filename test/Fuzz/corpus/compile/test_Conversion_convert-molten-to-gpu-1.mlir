func.func @two_regions(%x: tensor<?x64xf32>, %b: tensor<64xf32>) -> tensor<?x64xf32> {
  %0 = molten.fused hero(loop) ins(%x : tensor<?x64xf32>) -> (tensor<?x64xf32>) {
  ^bb0(%a: tensor<?x64xf32>):
    %1 = molten.exp %a : tensor<?x64xf32>
    molten.yield %1 : tensor<?x64xf32>
  }
  %2 = molten.fused hero(loop) ins(%0, %b : tensor<?x64xf32>, tensor<64xf32>) -> (tensor<?x64xf32>) {
  ^bb0(%a: tensor<?x64xf32>, %c: tensor<64xf32>):
    %3 = molten.add %a, %c : tensor<?x64xf32>, tensor<64xf32>
    molten.yield %3 : tensor<?x64xf32>
  }
  return %2 : tensor<?x64xf32>
}
