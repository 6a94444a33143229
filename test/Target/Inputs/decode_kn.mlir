// A [K, N] rhs of N = 4096 for the decode kernel with narrow column blocks
// (ptxas-sm90a.test).
func.func @decode_kn(%x: tensor<?x4096xbf16>, %w: tensor<4096x4096xbf16>, %b: tensor<4096xbf16>) -> tensor<?x4096xbf16> {
  %y = molten.matmul %x, %w : tensor<?x4096xbf16>, tensor<4096x4096xbf16> -> tensor<?x4096xbf16>
  %z = molten.add %y, %b : tensor<?x4096xbf16>, tensor<4096xbf16>
  %g = molten.gelu %z : tensor<?x4096xbf16>
  return %g : tensor<?x4096xbf16>
}
