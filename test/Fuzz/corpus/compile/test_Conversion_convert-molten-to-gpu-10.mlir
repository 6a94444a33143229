func.func @relaxed_sigmoid(%x: tensor<?x64xbf16>) -> tensor<?x64xbf16> {
  %0 = molten.fused hero(loop) ins(%x : tensor<?x64xbf16>) -> (tensor<?x64xbf16>) {
  ^bb0(%a: tensor<?x64xbf16>):
    %f = molten.cast %a : tensor<?x64xbf16> to tensor<?x64xf32>
    %s = molten.sigmoid %f : tensor<?x64xf32>
    %r = molten.cast %s : tensor<?x64xf32> to tensor<?x64xbf16>
    molten.yield %r : tensor<?x64xbf16>
  }
  return %0 : tensor<?x64xbf16>
}
func.func @strict_sigmoid(%x: tensor<?x64xf32>) -> tensor<?x64xf32> {
  %0 = molten.fused hero(loop) ins(%x : tensor<?x64xf32>) -> (tensor<?x64xf32>) {
  ^bb0(%a: tensor<?x64xf32>):
    %s = molten.sigmoid %a : tensor<?x64xf32>
    molten.yield %s : tensor<?x64xf32>
  }
  return %0 : tensor<?x64xf32>
}
