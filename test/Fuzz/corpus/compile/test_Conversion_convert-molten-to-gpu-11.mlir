func.func @relaxed_scaled_exp(%x: tensor<?x64xbf16>) -> tensor<?x64xbf16> {
  %0 = molten.fused hero(loop) ins(%x : tensor<?x64xbf16>) -> (tensor<?x64xbf16>) {
  ^bb0(%a: tensor<?x64xbf16>):
    %two = molten.constant dense<2.0> : tensor<f32>
    %f = molten.cast %a : tensor<?x64xbf16> to tensor<?x64xf32>
    %s = molten.mul %f, %two : tensor<?x64xf32>, tensor<f32>
    %e = molten.exp %s : tensor<?x64xf32>
    %r = molten.cast %e : tensor<?x64xf32> to tensor<?x64xbf16>
    molten.yield %r : tensor<?x64xbf16>
  }
  return %0 : tensor<?x64xbf16>
}
