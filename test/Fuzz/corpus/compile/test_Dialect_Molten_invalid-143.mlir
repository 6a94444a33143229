func.func @fused_outer_other_type(%x: tensor<?x4xf32>) -> (tensor<1x4xf32>, tensor<?x4xf32>) {
  %0:2 = molten.fused hero(outer_reduction) ins(%x : tensor<?x4xf32>) -> (tensor<1x4xf32>, tensor<?x4xf32>) {
  ^bb0(%a: tensor<?x4xf32>):
    %s = molten.reduce_sum %a dims = [0] keepdim : tensor<?x4xf32> -> tensor<1x4xf32>
    molten.yield %s, %a : tensor<1x4xf32>, tensor<?x4xf32>
  }
  return %0#0, %0#1 : tensor<1x4xf32>, tensor<?x4xf32>
}
