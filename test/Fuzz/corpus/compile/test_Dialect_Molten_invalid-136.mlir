func.func @tensor_too_large_bf16(%x: tensor<4611686018427387904xbf16>) {
  %y = molten.neg %x : tensor<4611686018427387904xbf16>
  return
}
