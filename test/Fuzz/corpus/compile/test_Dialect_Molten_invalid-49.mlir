func.func @rope_odd_innermost(%x: tensor<?x7xf32>, %t: tensor<7xf32>) {
  %0 = molten.rope %x, %t, %t mode = interleaved : tensor<?x7xf32>, tensor<7xf32>
  return
}
