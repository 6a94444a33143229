func.func @used_by_later_op(%x: tensor<?x64xf32>, %w: tensor<64x32xf32>) -> (tensor<?x1xf32>, tensor<?x32xf32>) {
  %p = molten.mul %x, %x : tensor<?x64xf32>, tensor<?x64xf32>
  %s = molten.reduce_sum %p dims = [1] keepdim : tensor<?x64xf32> -> tensor<?x1xf32>
  %m = molten.matmul %p, %w : tensor<?x64xf32>, tensor<64x32xf32> -> tensor<?x32xf32>
  return %s, %m : tensor<?x1xf32>, tensor<?x32xf32>
}
