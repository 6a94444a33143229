func.func @reduce_dim_negative(%x: tensor<?x4xf32>) {
  %0 = molten.reduce_max %x dims = [-1] : tensor<?x4xf32> -> tensor<?xf32>
  return
}
