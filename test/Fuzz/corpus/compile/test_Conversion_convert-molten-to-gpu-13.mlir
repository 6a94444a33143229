func.func @concat_four(%a: tensor<?x16xbf16>, %b: tensor<?x16xbf16>, %c: tensor<?x16xbf16>, %d: tensor<?x16xbf16>) -> tensor<?x64xbf16> {
  %0 = molten.fused hero(loop) ins(%a, %b, %c, %d : tensor<?x16xbf16>, tensor<?x16xbf16>, tensor<?x16xbf16>, tensor<?x16xbf16>) -> (tensor<?x64xbf16>) {
  ^bb0(%w: tensor<?x16xbf16>, %x: tensor<?x16xbf16>, %y: tensor<?x16xbf16>, %z: tensor<?x16xbf16>):
    %r = molten.concat %w, %x, %y, %z dim = 1 : tensor<?x16xbf16>, tensor<?x16xbf16>, tensor<?x16xbf16>, tensor<?x16xbf16> -> tensor<?x64xbf16>
    molten.yield %r : tensor<?x64xbf16>
  }
  return %0 : tensor<?x64xbf16>
}
