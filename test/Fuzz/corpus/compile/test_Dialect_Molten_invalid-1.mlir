func.func @mul_trailing_mismatch(%x: tensor<8x4xbf16>, %y: tensor<8xbf16>) {
  %0 = molten.mul %x, %y : tensor<8x4xbf16>, tensor<8xbf16>
  return
}
