func.func @rms_norm_raw(%x: tensor<?x4096xf32>, %w: tensor<4096xf32>) -> tensor<?x4096xf32> {
  %eps = molten.constant dense<1.0e-05> : tensor<f32>
  %sq = molten.mul %x, %x : tensor<?x4096xf32>, tensor<?x4096xf32>
  %ms = molten.reduce_mean %sq dims = [1] keepdim : tensor<?x4096xf32> -> tensor<?x1xf32>
  %var = molten.add %ms, %eps : tensor<?x1xf32>, tensor<f32>
  %inv = molten.rsqrt %var : tensor<?x1xf32>
  %n = molten.mul %x, %inv : tensor<?x4096xf32>, tensor<?x1xf32>
  %y = molten.mul %n, %w : tensor<?x4096xf32>, tensor<4096xf32>
  return %y : tensor<?x4096xf32>
}
