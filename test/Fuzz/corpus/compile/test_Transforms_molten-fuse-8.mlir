func.func @matmul_epilogue(%x: tensor<?x64xf32>, %w: tensor<64x64xf32>, %res: tensor<?x64xf32>) -> tensor<?x64xf32> {
  %p = molten.mul %x, %x : tensor<?x64xf32>, tensor<?x64xf32>
  %m = molten.matmul %p, %w : tensor<?x64xf32>, tensor<64x64xf32> -> tensor<?x64xf32>
  %b = molten.add %m, %res : tensor<?x64xf32>, tensor<?x64xf32>
  %g = molten.tanh %b : tensor<?x64xf32>
  return %g : tensor<?x64xf32>
}
