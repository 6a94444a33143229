func.func @reduce_dim_too_large(%x: tensor<?x4xf32>) {
  %0 = molten.reduce_mean %x dims = [2] : tensor<?x4xf32> -> tensor<?xf32>
  return
}
