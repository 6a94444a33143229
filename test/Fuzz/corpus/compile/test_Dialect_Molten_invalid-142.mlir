func.func @fused_matmul_other_shape(%x: tensor<?x8xf32>, %w: tensor<8x4xf32>) -> (tensor<?x4xf32>, tensor<?x8xf32>) {
  %0:2 = molten.fused hero(matmul) ins(%x, %w : tensor<?x8xf32>, tensor<8x4xf32>) -> (tensor<?x4xf32>, tensor<?x8xf32>) {
  ^bb0(%a: tensor<?x8xf32>, %b: tensor<8x4xf32>):
    %m = molten.matmul %a, %b : tensor<?x8xf32>, tensor<8x4xf32> -> tensor<?x4xf32>
    %e = molten.exp %a : tensor<?x8xf32>
    molten.yield %m, %e : tensor<?x4xf32>, tensor<?x8xf32>
  }
  return %0#0, %0#1 : tensor<?x4xf32>, tensor<?x8xf32>
}
