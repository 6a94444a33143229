func.func @relaxed(%x: tensor<?x64xbf16>, %y: tensor<?x64xbf16>) -> tensor<?x64xbf16> {
  %0 = molten.fused hero(loop) ins(%x, %y : tensor<?x64xbf16>, tensor<?x64xbf16>) -> (tensor<?x64xbf16>) {
  ^bb0(%a: tensor<?x64xbf16>, %b: tensor<?x64xbf16>):
    %fa = molten.cast %a : tensor<?x64xbf16> to tensor<?x64xf32>
    %fb = molten.cast %b : tensor<?x64xbf16> to tensor<?x64xf32>
    %s = molten.mul %fa, %fa : tensor<?x64xf32>, tensor<?x64xf32>
    %t = molten.add %s, %fb : tensor<?x64xf32>, tensor<?x64xf32>
    %e = molten.exp %t : tensor<?x64xf32>
    %r = molten.cast %e : tensor<?x64xf32> to tensor<?x64xbf16>
    molten.yield %r : tensor<?x64xbf16>
  }
  return %0 : tensor<?x64xbf16>
}
