func.func @transpose_duplicate(%x: tensor<2x3xf32>) {
  %0 = molten.transpose %x permutation = [0, 0] : tensor<2x3xf32> -> tensor<2x2xf32>
  return
}
