func.func @rotate_half(%x: tensor<?x128xbf16>) -> tensor<?x128xbf16> {
  %0 = molten.fused hero(loop) ins(%x : tensor<?x128xbf16>) -> (tensor<?x128xbf16>) {
  ^bb0(%a: tensor<?x128xbf16>):
    %lo = molten.slice %a offsets = [0, 0] sizes = [-1, 64] strides = [1, 1] : tensor<?x128xbf16> -> tensor<?x64xbf16>
    %hi = molten.slice %a offsets = [0, 64] sizes = [-1, 64] strides = [1, 1] : tensor<?x128xbf16> -> tensor<?x64xbf16>
    %n = molten.neg %hi : tensor<?x64xbf16>
    %r = molten.concat %n, %lo dim = 1 : tensor<?x64xbf16>, tensor<?x64xbf16> -> tensor<?x128xbf16>
    molten.yield %r : tensor<?x128xbf16>
  }
  return %0 : tensor<?x128xbf16>
}
