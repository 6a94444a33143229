// A batched matmul with a [K, N] rhs in f16 (the N-major wgmma operand).
func.func @batched_kn(%x: tensor<3x?x72xf16>, %w: tensor<3x72x200xf16>) -> tensor<3x?x200xf16> {
  %mm = molten.matmul %x, %w : tensor<3x?x72xf16>, tensor<3x72x200xf16> -> tensor<3x?x200xf16>
  %y = molten.silu %mm : tensor<3x?x200xf16>
  return %y : tensor<3x?x200xf16>
}
