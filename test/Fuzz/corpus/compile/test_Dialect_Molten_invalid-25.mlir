func.func @reduce_wrong_result(%x: tensor<2x3xf32>) {
  %0 = molten.reduce_sum %x dims = [1] keepdim : tensor<2x3xf32> -> tensor<2xf32>
  return
}
