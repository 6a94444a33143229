func.func @rope_table_does_not_broadcast(%x: tensor<1x8xf32>, %t: tensor<4x8xf32>) {
  %0 = molten.rope %x, %t, %t : tensor<1x8xf32>, tensor<4x8xf32>
  return
}
