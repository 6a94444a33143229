func.func @outer(%x: tensor<?x64xf32>) -> tensor<?x64xf32> {
  %p = molten.mul %x, %x : tensor<?x64xf32>, tensor<?x64xf32>
  %r = molten.reduce_sum %p dims = [0] keepdim : tensor<?x64xf32> -> tensor<1x64xf32>
  %c = molten.add %p, %r : tensor<?x64xf32>, tensor<1x64xf32>
  return %c : tensor<?x64xf32>
}
