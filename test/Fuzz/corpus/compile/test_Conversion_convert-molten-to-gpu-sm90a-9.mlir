func.func @odd_n(%x: tensor<?x64xbf16>, %w: tensor<33x64xbf16>) -> tensor<?x33xbf16> {
  %mm = molten.matmul %x, %w transpose_rhs : tensor<?x64xbf16>, tensor<33x64xbf16> -> tensor<?x33xbf16>
  return %mm : tensor<?x33xbf16>
}
