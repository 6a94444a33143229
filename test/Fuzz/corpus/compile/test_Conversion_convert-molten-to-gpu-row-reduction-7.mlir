func.func @static_rows(%x: tensor<4x4096xf32>, %w: tensor<4096xf32>) -> tensor<4x4096xf32> {
  %0 = molten.fused hero(row_reduction) ins(%x, %w : tensor<4x4096xf32>, tensor<4096xf32>) -> (tensor<4x4096xf32>) {
  ^bb0(%a: tensor<4x4096xf32>, %c: tensor<4096xf32>):
    %sq = molten.mul %a, %a : tensor<4x4096xf32>, tensor<4x4096xf32>
    %m = molten.reduce_mean %sq dims = [1] keepdim : tensor<4x4096xf32> -> tensor<4x1xf32>
    %r = molten.rsqrt %m : tensor<4x1xf32>
    %n = molten.mul %a, %r : tensor<4x4096xf32>, tensor<4x1xf32>
    %y = molten.mul %n, %c : tensor<4x4096xf32>, tensor<4096xf32>
    molten.yield %y : tensor<4x4096xf32>
  }
  return %0 : tensor<4x4096xf32>
}
