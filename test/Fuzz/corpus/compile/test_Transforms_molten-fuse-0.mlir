func.func @row_reduction(%x: tensor<?x64xf32>, %w: tensor<64xf32>) -> tensor<?x64xf32> {
  %eps = molten.constant dense<1.0e-05> : tensor<f32>
  %sq = molten.mul %x, %x : tensor<?x64xf32>, tensor<?x64xf32>
  %ms = molten.reduce_mean %sq dims = [1] keepdim : tensor<?x64xf32> -> tensor<?x1xf32>
  %v = molten.add %ms, %eps : tensor<?x1xf32>, tensor<f32>
  %inv = molten.rsqrt %v : tensor<?x1xf32>
  %n = molten.mul %x, %inv : tensor<?x64xf32>, tensor<?x1xf32>
  %y = molten.mul %n, %w : tensor<?x64xf32>, tensor<64xf32>
  return %y : tensor<?x64xf32>
}
