func.func @split(%x: tensor<?x4096xbf16>, %w: tensor<4096x4096xbf16>, %b: tensor<4096xbf16>) -> tensor<?x4096xbf16> {
  %mm = molten.matmul %x, %w transpose_rhs : tensor<?x4096xbf16>, tensor<4096x4096xbf16> -> tensor<?x4096xbf16>
  %h = molten.add %mm, %b : tensor<?x4096xbf16>, tensor<4096xbf16>
  %y = molten.gelu %h : tensor<?x4096xbf16>
  return %y : tensor<?x4096xbf16>
}
