// Two regions: exp, then a tensor-core matmul on its result (a temporary):
// the second kernel takes tensor maps, the first does not.
func.func @f(%x: tensor<?x256xbf16>, %w: tensor<512x256xbf16>) -> tensor<?x512xbf16> {
  %a = molten.exp %x : tensor<?x256xbf16>
  %m = molten.matmul %a, %w transpose_rhs : tensor<?x256xbf16>, tensor<512x256xbf16> -> tensor<?x512xbf16>
  return %m : tensor<?x512xbf16>
}
