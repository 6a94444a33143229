func.func @rotate_heads(%x: tensor<?x40x128xbf16>, %c: tensor<?x1x128xbf16>) -> tensor<?x40x128xbf16> {
  %0 = molten.fused hero(loop) ins(%x, %c : tensor<?x40x128xbf16>, tensor<?x1x128xbf16>) -> (tensor<?x40x128xbf16>) {
  ^bb0(%a: tensor<?x40x128xbf16>, %b: tensor<?x1x128xbf16>):
    %hi = molten.slice %a offsets = [0, 0, 64] sizes = [-1, 40, 64] strides = [1, 1, 1] : tensor<?x40x128xbf16> -> tensor<?x40x64xbf16>
    %lo = molten.slice %a offsets = [0, 0, 0] sizes = [-1, 40, 64] strides = [1, 1, 1] : tensor<?x40x128xbf16> -> tensor<?x40x64xbf16>
    %r = molten.concat %hi, %lo dim = 2 : tensor<?x40x64xbf16>, tensor<?x40x64xbf16> -> tensor<?x40x128xbf16>
    %m = molten.mul %a, %b : tensor<?x40x128xbf16>, tensor<?x1x128xbf16>
    %y = molten.add %m, %r : tensor<?x40x128xbf16>, tensor<?x40x128xbf16>
    molten.yield %y : tensor<?x40x128xbf16>
  }
  return %0 : tensor<?x40x128xbf16>
}
