func.func @gated_long_row(%x: tensor<?x32768xbf16>, %g: tensor<?x32768xbf16>) -> tensor<?x32768xbf16> {
  %0 = molten.fused hero(row_reduction) ins(%x, %g : tensor<?x32768xbf16>, tensor<?x32768xbf16>) -> (tensor<?x32768xbf16>) {
  ^bb0(%a: tensor<?x32768xbf16>, %b: tensor<?x32768xbf16>):
    %f = molten.cast %a : tensor<?x32768xbf16> to tensor<?x32768xf32>
    %sq = molten.mul %f, %f : tensor<?x32768xf32>, tensor<?x32768xf32>
    %m = molten.reduce_mean %sq dims = [1] keepdim : tensor<?x32768xf32> -> tensor<?x1xf32>
    %r = molten.rsqrt %m : tensor<?x1xf32>
    %n = molten.mul %f, %r : tensor<?x32768xf32>, tensor<?x1xf32>
    %gf = molten.cast %b : tensor<?x32768xbf16> to tensor<?x32768xf32>
    %y = molten.mul %n, %gf : tensor<?x32768xf32>, tensor<?x32768xf32>
    %yb = molten.cast %y : tensor<?x32768xf32> to tensor<?x32768xbf16>
    molten.yield %yb : tensor<?x32768xbf16>
  }
  return %0 : tensor<?x32768xbf16>
}
