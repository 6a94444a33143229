func.func @zero_n(%x: tensor<?x64xbf16>, %w: tensor<0x64xbf16>) -> tensor<?x0xbf16> {
  %mm = molten.matmul %x, %w transpose_rhs : tensor<?x64xbf16>, tensor<0x64xbf16> -> tensor<?x0xbf16>
  return %mm : tensor<?x0xbf16>
}
