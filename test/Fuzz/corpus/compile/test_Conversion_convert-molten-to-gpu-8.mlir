func.func @strict(%x: tensor<?x64xbf16>) -> (tensor<?x64xbf16>, tensor<?x64xf32>) {
  %0:2 = molten.fused hero(loop) ins(%x : tensor<?x64xbf16>) -> (tensor<?x64xbf16>, tensor<?x64xf32>) {
  ^bb0(%a: tensor<?x64xbf16>):
    %fa = molten.cast %a : tensor<?x64xbf16> to tensor<?x64xf32>
    %s = molten.mul %fa, %fa : tensor<?x64xf32>, tensor<?x64xf32>
    %t = molten.add %s, %fa : tensor<?x64xf32>, tensor<?x64xf32>
    %e = molten.exp %t : tensor<?x64xf32>
    %r = molten.cast %e : tensor<?x64xf32> to tensor<?x64xbf16>
    molten.yield %r, %e : tensor<?x64xbf16>, tensor<?x64xf32>
  }
  return %0#0, %0#1 : tensor<?x64xbf16>, tensor<?x64xf32>
}
