func.func @outer(%x: tensor<?x8xf32>) -> tensor<8xf32> {
  %0 = molten.fused hero(outer_reduction) ins(%x : tensor<?x8xf32>) -> (tensor<8xf32>) {
  ^bb0(%a: tensor<?x8xf32>):
    %s = molten.reduce_mean %a dims = [0] : tensor<?x8xf32> -> tensor<8xf32>
    molten.yield %s : tensor<8xf32>
  }
  return %0 : tensor<8xf32>
}
