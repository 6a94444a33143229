func.func @fused_wrong_hero(%x: tensor<?x4xf32>) -> tensor<?x1xf32> {
  %0 = molten.fused hero(loop) ins(%x : tensor<?x4xf32>) -> (tensor<?x1xf32>) {
  ^bb0(%a: tensor<?x4xf32>):
    %s = molten.reduce_sum %a dims = [1] keepdim : tensor<?x4xf32> -> tensor<?x1xf32>
    molten.yield %s : tensor<?x1xf32>
  }
  return %0 : tensor<?x1xf32>
}
