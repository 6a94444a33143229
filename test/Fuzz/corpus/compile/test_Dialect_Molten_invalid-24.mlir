func.func @reduce_dim_twice(%x: tensor<2x3x4xbf16>) {
  %0 = molten.reduce_min %x dims = [1, 0, 1] : tensor<2x3x4xbf16> -> tensor<4xbf16>
  return
}
