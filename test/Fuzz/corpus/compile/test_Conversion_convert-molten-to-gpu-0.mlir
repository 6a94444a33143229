func.func @flat_bf16(%x: tensor<?x3001xbf16>) -> tensor<?x3001xi1> {
  %0 = molten.fused hero(loop) ins(%x : tensor<?x3001xbf16>) -> (tensor<?x3001xi1>) {
  ^bb0(%a: tensor<?x3001xbf16>):
    %e = molten.exp %a : tensor<?x3001xbf16>
    %c = molten.compare gt, %e, %a : tensor<?x3001xbf16>, tensor<?x3001xbf16>
    molten.yield %c : tensor<?x3001xi1>
  }
  return %0 : tensor<?x3001xi1>
}
