func.func @residual_first(%x: tensor<?x4096xf32>, %r: tensor<?x4096xf32>, %w: tensor<4096xf32>) -> (tensor<?x4096xf32>, tensor<?x4096xf32>) {
  %0:2 = molten.fused hero(row_reduction) ins(%x, %r, %w : tensor<?x4096xf32>, tensor<?x4096xf32>, tensor<4096xf32>) -> (tensor<?x4096xf32>, tensor<?x4096xf32>) {
  ^bb0(%a: tensor<?x4096xf32>, %b: tensor<?x4096xf32>, %c: tensor<4096xf32>):
    %h = molten.add %a, %b : tensor<?x4096xf32>, tensor<?x4096xf32>
    %sq = molten.mul %h, %h : tensor<?x4096xf32>, tensor<?x4096xf32>
    %m = molten.reduce_mean %sq dims = [1] keepdim : tensor<?x4096xf32> -> tensor<?x1xf32>
    %s = molten.rsqrt %m : tensor<?x1xf32>
    %n = molten.mul %h, %s : tensor<?x4096xf32>, tensor<?x1xf32>
    %y = molten.mul %n, %c : tensor<?x4096xf32>, tensor<4096xf32>
    molten.yield %h, %y : tensor<?x4096xf32>, tensor<?x4096xf32>
  }
  return %0#0, %0#1 : tensor<?x4096xf32>, tensor<?x4096xf32>
}
