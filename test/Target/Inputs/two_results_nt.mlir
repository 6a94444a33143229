// Two 16-bit results from one matmul, nn.Linear's layout, N not a multiple
// of the 256-wide tile: the 128x256 kernel's consumers once spilled here
// (ptxas-sm90a.test).
func.func @two_results(%x: tensor<?x1000xbf16>, %w: tensor<264x1000xbf16>) -> (tensor<?x264xbf16>, tensor<?x264xbf16>) {
  %mm = molten.matmul %x, %w transpose_rhs : tensor<?x1000xbf16>, tensor<264x1000xbf16> -> tensor<?x264xbf16>
  %g = molten.gelu %mm : tensor<?x264xbf16>
  return %mm, %g : tensor<?x264xbf16>, tensor<?x264xbf16>
}
