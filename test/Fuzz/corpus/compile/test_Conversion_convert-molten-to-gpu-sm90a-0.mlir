func.func @linear(%x: tensor<?x4096xbf16>, %w: tensor<11008x4096xbf16>, %b: tensor<11008xbf16>) -> tensor<?x11008xbf16> {
  %mm = molten.matmul %x, %w transpose_rhs : tensor<?x4096xbf16>, tensor<11008x4096xbf16> -> tensor<?x11008xbf16>
  %h = molten.add %mm, %b : tensor<?x11008xbf16>, tensor<11008xbf16>
  %y = molten.gelu %h : tensor<?x11008xbf16>
  return %y : tensor<?x11008xbf16>
}
