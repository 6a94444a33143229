func.func @fused_matmul_hero(%x: tensor<?x8xf32>, %w: tensor<8x4xf32>) -> tensor<?x4xf32> {
  %0 = molten.fused hero(row_reduction) ins(%x, %w : tensor<?x8xf32>, tensor<8x4xf32>) -> (tensor<?x4xf32>) {
  ^bb0(%a: tensor<?x8xf32>, %b: tensor<8x4xf32>):
    %m = molten.matmul %a, %b : tensor<?x8xf32>, tensor<8x4xf32> -> tensor<?x4xf32>
    molten.yield %m : tensor<?x4xf32>
  }
  return %0 : tensor<?x4xf32>
}
