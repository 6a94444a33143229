func.func @computed(%x: tensor<?x64xbf16>, %w: tensor<64x64xbf16>) -> tensor<?x64xbf16> {
  %0 = molten.fused hero(matmul) ins(%x, %w : tensor<?x64xbf16>, tensor<64x64xbf16>) -> (tensor<?x64xbf16>) {
  ^bb0(%a: tensor<?x64xbf16>, %b: tensor<64x64xbf16>):
    %r = molten.relu %a : tensor<?x64xbf16>
    %m = molten.matmul %r, %b : tensor<?x64xbf16>, tensor<64x64xbf16> -> tensor<?x64xbf16>
    molten.yield %m : tensor<?x64xbf16>
  }
  return %0 : tensor<?x64xbf16>
}
