func.func @cast_changes_shape(%x: tensor<?x4xbf16>) {
  %0 = molten.cast %x : tensor<?x4xbf16> to tensor<4x4xf32>
  return
}
