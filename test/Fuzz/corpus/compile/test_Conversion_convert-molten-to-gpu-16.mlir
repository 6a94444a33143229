func.func @matmul(%x: tensor<?x8xf32>, %w: tensor<16x8xf32>) -> tensor<?x16xf32> {
  %0 = molten.fused hero(matmul) ins(%x, %w : tensor<?x8xf32>, tensor<16x8xf32>) -> (tensor<?x16xf32>) {
  ^bb0(%a: tensor<?x8xf32>, %b: tensor<16x8xf32>):
    %m = molten.matmul %a, %b transpose_rhs : tensor<?x8xf32>, tensor<16x8xf32> -> tensor<?x16xf32>
    %t = molten.tanh %m : tensor<?x16xf32>
    molten.yield %t : tensor<?x16xf32>
  }
  return %0 : tensor<?x16xf32>
}
