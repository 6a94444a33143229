func.func @multi_output(%x: tensor<?x64xf32>, %r: tensor<?x64xf32>) -> (tensor<?x64xf32>, tensor<?x1xf32>) {
  %h = molten.add %x, %r : tensor<?x64xf32>, tensor<?x64xf32>
  %s = molten.reduce_sum %h dims = [1] keepdim : tensor<?x64xf32> -> tensor<?x1xf32>
  return %h, %s : tensor<?x64xf32>, tensor<?x1xf32>
}
