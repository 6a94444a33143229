func.func @transpose_wrong_result(%x: tensor<2x3xf32>) {
  %0 = molten.transpose %x permutation = [1, 0] : tensor<2x3xf32> -> tensor<2x3xf32>
  return
}
