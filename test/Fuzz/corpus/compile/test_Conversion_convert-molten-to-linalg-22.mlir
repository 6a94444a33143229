func.func @reduce_mean_dynamic_keepdim(%x: tensor<?x8xf32>) -> tensor<1x8xf32> {
  %y = molten.reduce_mean %x dims = [0] keepdim : tensor<?x8xf32> -> tensor<1x8xf32>
  return %y : tensor<1x8xf32>
}
