func.func @rope_table_innermost(%x: tensor<?x8xf32>, %t: tensor<4xf32>) {
  %0 = molten.rope %x, %t, %t : tensor<?x8xf32>, tensor<4xf32>
  return
}
