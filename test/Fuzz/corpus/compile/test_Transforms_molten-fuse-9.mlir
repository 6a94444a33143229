func.func @cloned_producer(%x: tensor<?x64xbf16>) -> (tensor<?x1xf32>, tensor<?x64xf32>) {
  %c = molten.cast %x : tensor<?x64xbf16> to tensor<?x64xf32>
  %m = molten.reduce_max %c dims = [1] keepdim : tensor<?x64xf32> -> tensor<?x1xf32>
  %n = molten.neg %c : tensor<?x64xf32>
  return %m, %n : tensor<?x1xf32>, tensor<?x64xf32>
}
