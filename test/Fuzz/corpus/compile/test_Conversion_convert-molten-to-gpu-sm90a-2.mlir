func.func @batched_kn(%x: tensor<3x?x72xf16>, %w: tensor<3x72x200xf16>) -> tensor<3x?x200xf16> {
  %mm = molten.matmul %x, %w : tensor<3x?x72xf16>, tensor<3x72x200xf16> -> tensor<3x?x200xf16>
  return %mm : tensor<3x?x200xf16>
}
