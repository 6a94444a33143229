func.func @outer_reduction(%x: tensor<?x64xf32>) -> tensor<1x64xf32> {
  %p = molten.mul %x, %x : tensor<?x64xf32>, tensor<?x64xf32>
  %s = molten.reduce_sum %p dims = [0] keepdim : tensor<?x64xf32> -> tensor<1x64xf32>
  %n = molten.neg %s : tensor<1x64xf32>
  return %n : tensor<1x64xf32>
}
