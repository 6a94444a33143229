func.func @wide_row(%x: tensor<?x24576xf32>, %w: tensor<24576xf32>) -> tensor<?x24576xf32> {
  %0 = molten.fused hero(row_reduction) ins(%x, %w : tensor<?x24576xf32>, tensor<24576xf32>) -> (tensor<?x24576xf32>) {
  ^bb0(%a: tensor<?x24576xf32>, %c: tensor<24576xf32>):
    %sq = molten.mul %a, %a : tensor<?x24576xf32>, tensor<?x24576xf32>
    %m = molten.reduce_mean %sq dims = [1] keepdim : tensor<?x24576xf32> -> tensor<?x1xf32>
    %r = molten.rsqrt %m : tensor<?x1xf32>
    %n = molten.mul %a, %r : tensor<?x24576xf32>, tensor<?x1xf32>
    %y = molten.mul %n, %c : tensor<?x24576xf32>, tensor<24576xf32>
    molten.yield %y : tensor<?x24576xf32>
  }
  return %0 : tensor<?x24576xf32>
}
