func.func @narrow_norm(%x: tensor<?x4096xbf16>) -> tensor<?x4096xbf16> {
  %0 = molten.fused hero(row_reduction) ins(%x : tensor<?x4096xbf16>) -> (tensor<?x4096xbf16>) {
  ^bb0(%a: tensor<?x4096xbf16>):
    %sq = molten.mul %a, %a : tensor<?x4096xbf16>, tensor<?x4096xbf16>
    %m = molten.reduce_mean %sq dims = [1] keepdim : tensor<?x4096xbf16> -> tensor<?x1xbf16>
    %r = molten.rsqrt %m : tensor<?x1xbf16>
    %n = molten.mul %a, %r : tensor<?x4096xbf16>, tensor<?x1xbf16>
    molten.yield %n : tensor<?x4096xbf16>
  }
  return %0 : tensor<?x4096xbf16>
}
func.func @widened_norm(%x: tensor<?x4096xbf16>) -> tensor<?x4096xf32> {
  %0 = molten.fused hero(row_reduction) ins(%x : tensor<?x4096xbf16>) -> (tensor<?x4096xf32>) {
  ^bb0(%a: tensor<?x4096xbf16>):
    %w = molten.cast %a : tensor<?x4096xbf16> to tensor<?x4096xf32>
    %sq = molten.mul %w, %w : tensor<?x4096xf32>, tensor<?x4096xf32>
    %m = molten.reduce_mean %sq dims = [1] keepdim : tensor<?x4096xf32> -> tensor<?x1xf32>
    %r = molten.rsqrt %m : tensor<?x1xf32>
    %n = molten.mul %w, %r : tensor<?x4096xf32>, tensor<?x1xf32>
    molten.yield %n : tensor<?x4096xf32>
  }
  return %0 : tensor<?x4096xf32>
}
