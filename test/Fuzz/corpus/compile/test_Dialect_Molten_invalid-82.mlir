func.func @transpose_out_of_range(%x: tensor<2x3xf32>) {
  %0 = molten.transpose %x permutation = [2, 0] : tensor<2x3xf32> -> tensor<3x2xf32>
  return
}
