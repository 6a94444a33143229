func.func @concat_two(%x: tensor<?x64xbf16>, %y: tensor<?x64xbf16>) -> tensor<?x128xbf16> {
  %0 = molten.fused hero(loop) ins(%x, %y : tensor<?x64xbf16>, tensor<?x64xbf16>) -> (tensor<?x128xbf16>) {
  ^bb0(%a: tensor<?x64xbf16>, %b: tensor<?x64xbf16>):
    %n = molten.neg %a : tensor<?x64xbf16>
    %r = molten.concat %n, %b dim = 1 : tensor<?x64xbf16>, tensor<?x64xbf16> -> tensor<?x128xbf16>
    molten.yield %r : tensor<?x128xbf16>
  }
  return %0 : tensor<?x128xbf16>
}
