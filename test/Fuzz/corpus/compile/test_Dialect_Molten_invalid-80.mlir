func.func @transpose_too_few(%x: tensor<2x3x4xf32>) {
  %0 = molten.transpose %x permutation = [1, 0] : tensor<2x3x4xf32> -> tensor<3x2xf32>
  return
}
