func.func @fused_row_result_shape(%x: tensor<?x4xf32>) -> tensor<1x4xf32> {
  %0 = molten.fused hero(row_reduction) ins(%x : tensor<?x4xf32>) -> (tensor<1x4xf32>) {
  ^bb0(%a: tensor<?x4xf32>):
    %s = molten.reduce_sum %a dims = [1] keepdim : tensor<?x4xf32> -> tensor<?x1xf32>
    %c = molten.constant dense<1.0> : tensor<1x4xf32>
    %y = molten.mul %c, %s : tensor<1x4xf32>, tensor<?x1xf32>
    molten.yield %c : tensor<1x4xf32>
  }
  return %0 : tensor<1x4xf32>
}
