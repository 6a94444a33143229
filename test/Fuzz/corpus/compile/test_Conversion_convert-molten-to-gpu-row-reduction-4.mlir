func.func @held_row(%x: tensor<?x16384xbf16>) -> tensor<?x1xf32> {
  %0 = molten.fused hero(row_reduction) ins(%x : tensor<?x16384xbf16>) -> (tensor<?x1xf32>) {
  ^bb0(%a: tensor<?x16384xbf16>):
    %f = molten.cast %a : tensor<?x16384xbf16> to tensor<?x16384xf32>
    %s = molten.reduce_sum %f dims = [1] keepdim : tensor<?x16384xf32> -> tensor<?x1xf32>
    molten.yield %s : tensor<?x1xf32>
  }
  return %0 : tensor<?x1xf32>
}
