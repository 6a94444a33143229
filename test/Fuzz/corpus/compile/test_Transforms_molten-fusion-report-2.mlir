func.func @matmuls(%x: tensor<?x64xf32>, %w: tensor<64x64xf32>, %r: tensor<?x64xf32>) -> tensor<?x64xf32> {
  %p = molten.mul %x, %x : tensor<?x64xf32>, tensor<?x64xf32>
  %m = molten.matmul %p, %w : tensor<?x64xf32>, tensor<64x64xf32> -> tensor<?x64xf32>
  %b = molten.add %m, %r : tensor<?x64xf32>, tensor<?x64xf32>
  %n = molten.matmul %b, %w : tensor<?x64xf32>, tensor<64x64xf32> -> tensor<?x64xf32>
  return %n : tensor<?x64xf32>
}
