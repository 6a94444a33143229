func.func @fused_rows_differ(%x: tensor<?x4xf32>, %y: tensor<?x8xf32>) -> (tensor<?x1xf32>, tensor<?x1xf32>) {
  %0:2 = molten.fused hero(row_reduction) ins(%x, %y : tensor<?x4xf32>, tensor<?x8xf32>) -> (tensor<?x1xf32>, tensor<?x1xf32>) {
  ^bb0(%a: tensor<?x4xf32>, %b: tensor<?x8xf32>):
    %s = molten.reduce_sum %a dims = [1] keepdim : tensor<?x4xf32> -> tensor<?x1xf32>
    %m = molten.reduce_max %b dims = [1] keepdim : tensor<?x8xf32> -> tensor<?x1xf32>
    molten.yield %s, %m : tensor<?x1xf32>, tensor<?x1xf32>
  }
  return %0#0, %0#1 : tensor<?x1xf32>, tensor<?x1xf32>
}
