func.func @softmax(%x: tensor<?x128xf32>) -> tensor<?x128xf32> {
  %m = molten.reduce_max %x dims = [1] keepdim : tensor<?x128xf32> -> tensor<?x1xf32>
  %s = molten.sub %x, %m : tensor<?x128xf32>, tensor<?x1xf32>
  %e = molten.exp %s : tensor<?x128xf32>
  %z = molten.reduce_sum %e dims = [1] keepdim : tensor<?x128xf32> -> tensor<?x1xf32>
  %y = molten.div %e, %z : tensor<?x128xf32>, tensor<?x1xf32>
  return %y : tensor<?x128xf32>
}
