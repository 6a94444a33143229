func.func @reshape_count_overflow(%x: tensor<4611686018427387904x2xf32>) {
  %0 = molten.reshape %x : tensor<4611686018427387904x2xf32> -> tensor<?x3x6148914691236517205xf32>
  return
}
