func.func @rows3(%x: tensor<?x4x65536xbf16>, %w: tensor<65536xbf16>) -> tensor<?x4x65536xbf16> {
  %0 = molten.fused hero(row_reduction) ins(%x, %w : tensor<?x4x65536xbf16>, tensor<65536xbf16>) -> (tensor<?x4x65536xbf16>) {
  ^bb0(%a: tensor<?x4x65536xbf16>, %c: tensor<65536xbf16>):
    %f = molten.cast %a : tensor<?x4x65536xbf16> to tensor<?x4x65536xf32>
    %sq = molten.mul %f, %f : tensor<?x4x65536xf32>, tensor<?x4x65536xf32>
    %m = molten.reduce_mean %sq dims = [2] keepdim : tensor<?x4x65536xf32> -> tensor<?x4x1xf32>
    %r = molten.rsqrt %m : tensor<?x4x1xf32>
    %n = molten.mul %f, %r : tensor<?x4x65536xf32>, tensor<?x4x1xf32>
    %wf = molten.cast %c : tensor<65536xbf16> to tensor<65536xf32>
    %y = molten.mul %n, %wf : tensor<?x4x65536xf32>, tensor<65536xf32>
    %yb = molten.cast %y : tensor<?x4x65536xf32> to tensor<?x4x65536xbf16>
    molten.yield %yb : tensor<?x4x65536xbf16>
  }
  return %0 : tensor<?x4x65536xbf16>
}
func.func @one_row(%x: tensor<1x65536xbf16>, %w: tensor<65536xbf16>) -> tensor<1x65536xbf16> {
  %0 = molten.fused hero(row_reduction) ins(%x, %w : tensor<1x65536xbf16>, tensor<65536xbf16>) -> (tensor<1x65536xbf16>) {
  ^bb0(%a: tensor<1x65536xbf16>, %c: tensor<65536xbf16>):
    %f = molten.cast %a : tensor<1x65536xbf16> to tensor<1x65536xf32>
    %sq = molten.mul %f, %f : tensor<1x65536xf32>, tensor<1x65536xf32>
    %m = molten.reduce_mean %sq dims = [1] keepdim : tensor<1x65536xf32> -> tensor<1x1xf32>
    %r = molten.rsqrt %m : tensor<1x1xf32>
    %n = molten.mul %f, %r : tensor<1x65536xf32>, tensor<1x1xf32>
    %wf = molten.cast %c : tensor<65536xbf16> to tensor<65536xf32>
    %y = molten.mul %n, %wf : tensor<1x65536xf32>, tensor<65536xf32>
    %yb = molten.cast %y : tensor<1x65536xf32> to tensor<1x65536xbf16>
    molten.yield %yb : tensor<1x65536xbf16>
  }
  return %0 : tensor<1x65536xbf16>
}
func.func @outer_bias(%x: tensor<?x64xf32>, %b: tensor<64xf32>) -> tensor<1x64xf32> {
  %0 = molten.fused hero(outer_reduction) ins(%x, %b : tensor<?x64xf32>, tensor<64xf32>) -> (tensor<1x64xf32>) {
  ^bb0(%a: tensor<?x64xf32>, %c: tensor<64xf32>):
    %s = molten.reduce_sum %a dims = [0] keepdim : tensor<?x64xf32> -> tensor<1x64xf32>
    %y = molten.add %s, %c : tensor<1x64xf32>, tensor<64xf32>
    molten.yield %y : tensor<1x64xf32>
  }
  return %0 : tensor<1x64xf32>
}
