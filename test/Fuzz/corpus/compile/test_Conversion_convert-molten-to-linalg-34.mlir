func.func @transpose(%x: tensor<?x8xf32>) -> tensor<8x?xf32> {
  %y = molten.transpose %x permutation = [1, 0] : tensor<?x8xf32> -> tensor<8x?xf32>
  return %y : tensor<8x?xf32>
}
