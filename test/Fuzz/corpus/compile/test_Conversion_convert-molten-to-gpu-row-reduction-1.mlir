func.func @norm_gate(%x: tensor<?x4096xf32>, %g: tensor<?x4096xf32>, %w: tensor<4096xf32>) -> tensor<?x4096xf32> {
  %0 = molten.fused hero(row_reduction) ins(%x, %g, %w : tensor<?x4096xf32>, tensor<?x4096xf32>, tensor<4096xf32>) -> (tensor<?x4096xf32>) {
  ^bb0(%a: tensor<?x4096xf32>, %b: tensor<?x4096xf32>, %c: tensor<4096xf32>):
    %sq = molten.mul %a, %a : tensor<?x4096xf32>, tensor<?x4096xf32>
    %m = molten.reduce_mean %sq dims = [1] keepdim : tensor<?x4096xf32> -> tensor<?x1xf32>
    %r = molten.rsqrt %m : tensor<?x1xf32>
    %n = molten.mul %a, %r : tensor<?x4096xf32>, tensor<?x1xf32>
    %nw = molten.mul %n, %c : tensor<?x4096xf32>, tensor<4096xf32>
    %s = molten.silu %b : tensor<?x4096xf32>
    %y = molten.mul %s, %nw : tensor<?x4096xf32>, tensor<?x4096xf32>
    molten.yield %y : tensor<?x4096xf32>
  }
  return %0 : tensor<?x4096xf32>
}
