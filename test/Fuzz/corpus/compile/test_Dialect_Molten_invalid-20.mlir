func.func @reduce_no_dims(%x: tensor<4xf32>) {
  %0 = molten.reduce_sum %x dims = [] : tensor<4xf32> -> tensor<4xf32>
  return
}
