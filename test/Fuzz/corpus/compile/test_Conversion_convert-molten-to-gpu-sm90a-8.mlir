func.func @dynamic_n(%x: tensor<?x4096xbf16>, %w: tensor<?x4096xbf16>) -> tensor<?x?xbf16> {
  %mm = molten.matmul %x, %w transpose_rhs : tensor<?x4096xbf16>, tensor<?x4096xbf16> -> tensor<?x?xbf16>
  return %mm : tensor<?x?xbf16>
}
