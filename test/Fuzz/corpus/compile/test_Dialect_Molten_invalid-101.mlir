func.func @concat_size_overflow(%a: tensor<4611686018427387903xf16>) {
  %0 = molten.concat %a, %a, %a dim = 0 : tensor<4611686018427387903xf16>, tensor<4611686018427387903xf16>, tensor<4611686018427387903xf16> -> tensor<?xf16>
  return
}
