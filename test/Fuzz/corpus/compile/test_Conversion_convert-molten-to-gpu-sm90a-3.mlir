func.func @narrow(%x: tensor<?x64xbf16>, %w: tensor<8x64xbf16>) -> tensor<?x8xbf16> {
  %mm = molten.matmul %x, %w transpose_rhs : tensor<?x64xbf16>, tensor<8x64xbf16> -> tensor<?x8xbf16>
  return %mm : tensor<?x8xbf16>
}
