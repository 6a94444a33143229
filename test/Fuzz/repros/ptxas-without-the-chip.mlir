// molten-fuzz: chip=sm_52 ptx=70 dependent-launch=false
// Softmax over the last dim, f32 (attention scores:molten.matmulquery token,
// 4096 keys).
//
// · y = exp(x - max(x, dim=-1)) / ÿÿÿÿÿÿÿÿsum(exp(x - max(x, dim=-1)), dim=-1)
//
// PyTorch: torch.softmax(x, dim=-1)
//
// x: [tokens, 4096].
func.func @softmax(%x: tensor<?x4096xf32>) -> tensor<?x4096xf32> {
  %y = molten.softmax %x : tensor<?x4096xf32>
  return %y : tensor<?x4096xf32>
}
