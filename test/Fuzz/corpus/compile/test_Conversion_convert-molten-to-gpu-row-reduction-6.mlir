func.func @unholdable_row(%x: tensor<?x33000xbf16>) -> tensor<?x1xbf16> {
  %0 = molten.fused hero(row_reduction) ins(%x : tensor<?x33000xbf16>) -> (tensor<?x1xbf16>) {
  ^bb0(%a: tensor<?x33000xbf16>):
    %f = molten.cast %a : tensor<?x33000xbf16> to tensor<?x33000xf32>
    %s = molten.reduce_sum %f dims = [1] keepdim : tensor<?x33000xf32> -> tensor<?x1xf32>
    %b = molten.cast %s : tensor<?x1xf32> to tensor<?x1xbf16>
    molten.yield %b : tensor<?x1xbf16>
  }
  return %0 : tensor<?x1xbf16>
}
