func.func @static_rows(%x: tensor<100x4096xbf16>, %w: tensor<4096x4096xbf16>) -> tensor<100x4096xbf16> {
  %mm = molten.matmul %x, %w transpose_rhs : tensor<100x4096xbf16>, tensor<4096x4096xbf16> -> tensor<100x4096xbf16>
  return %mm : tensor<100x4096xbf16>
}
