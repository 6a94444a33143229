// RMSNorm written out as primitive ops, f32: the same computation as
// rms_norm.mlir (molten.rms_norm), for the fusion tests to compare.
//
//   y = x * rsqrt(mean(x * x, dim=-1, keepdim) + eps) * w        eps = 1e-5
//
// PyTorch:
//   x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + 1e-5) * w
//
// x: [tokens, 4096], w: [4096]; the [tokens, 1] statistic and the rank-0 eps
// broadcast against [tokens, 4096].
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
