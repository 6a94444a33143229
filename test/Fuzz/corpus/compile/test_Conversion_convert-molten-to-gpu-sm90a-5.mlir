func.func @k13(%x: tensor<?x13xbf16>, %w: tensor<64x13xbf16>) -> tensor<?x64xbf16> {
  %mm = molten.matmul %x, %w transpose_rhs : tensor<?x13xbf16>, tensor<64x13xbf16> -> tensor<?x64xbf16>
  return %mm : tensor<?x64xbf16>
}
