func.func @reduce_sum(%x: tensor<?x8xf32>) -> tensor<?xf32> {
  %y = molten.reduce_sum %x dims = [1] : tensor<?x8xf32> -> tensor<?xf32>
  return %y : tensor<?xf32>
}
