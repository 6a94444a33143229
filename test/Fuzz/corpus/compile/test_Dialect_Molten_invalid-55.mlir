func.func @rope_table_incompatible(%x: tensor<3x8xf32>, %t: tensor<2x8xf32>) {
  %0 = molten.rope %x, %t, %t : tensor<3x8xf32>, tensor<2x8xf32>
  return
}
