func.func @softmax(%x: tensor<?x256xf32>) -> tensor<?x256xf32> {
  %0 = molten.fused hero(row_reduction) ins(%x : tensor<?x256xf32>) -> (tensor<?x256xf32>) {
  ^bb0(%a: tensor<?x256xf32>):
    %m = molten.reduce_max %a dims = [1] keepdim : tensor<?x256xf32> -> tensor<?x1xf32>
    %s = molten.sub %a, %m : tensor<?x256xf32>, tensor<?x1xf32>
    %e = molten.exp %s : tensor<?x256xf32>
    %z = molten.reduce_sum %e dims = [1] keepdim : tensor<?x256xf32> -> tensor<?x1xf32>
    %y = molten.div %e, %z : tensor<?x256xf32>, tensor<?x1xf32>
    molten.yield %y : tensor<?x256xf32>
  }
  return %0 : tensor<?x256xf32>
}
