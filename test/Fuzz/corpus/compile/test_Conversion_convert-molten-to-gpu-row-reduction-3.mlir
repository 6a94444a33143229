func.func @long_row(%x: tensor<?x65536xbf16>, %w: tensor<65536xbf16>) -> tensor<?x65536xbf16> {
  %0 = molten.fused hero(row_reduction) ins(%x, %w : tensor<?x65536xbf16>, tensor<65536xbf16>) -> (tensor<?x65536xbf16>) {
  ^bb0(%a: tensor<?x65536xbf16>, %c: tensor<65536xbf16>):
    %f = molten.cast %a : tensor<?x65536xbf16> to tensor<?x65536xf32>
    %sq = molten.mul %f, %f : tensor<?x65536xf32>, tensor<?x65536xf32>
    %m = molten.reduce_mean %sq dims = [1] keepdim : tensor<?x65536xf32> -> tensor<?x1xf32>
    %r = molten.rsqrt %m : tensor<?x1xf32>
    %n = molten.mul %f, %r : tensor<?x65536xf32>, tensor<?x1xf32>
    %wf = molten.cast %c : tensor<65536xbf16> to tensor<65536xf32>
    %y = molten.mul %n, %wf : tensor<?x65536xf32>, tensor<65536xf32>
    %yb = molten.cast %y : tensor<?x65536xf32> to tensor<?x65536xbf16>
    molten.yield %yb : tensor<?x65536xbf16>
  }
  return %0 : tensor<?x65536xbf16>
}
