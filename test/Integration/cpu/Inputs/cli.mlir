func.func @scale(%x: tensor<?x3xbf16>, %w: tensor<3xbf16>) -> (tensor<?x3xbf16>, tensor<?x1xf32>) {
  %y = molten.mul %x, %w : tensor<?x3xbf16>, tensor<3xbf16>
  %f = molten.cast %x : tensor<?x3xbf16> to tensor<?x3xf32>
  %s = molten.reduce_sum %f dims = [1] keepdim : tensor<?x3xf32> -> tensor<?x1xf32>
  return %y, %s : tensor<?x3xbf16>, tensor<?x1xf32>
}
