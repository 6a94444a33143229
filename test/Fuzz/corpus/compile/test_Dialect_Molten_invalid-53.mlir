func.func @rope_table_rank0(%x: tensor<?x8xf32>, %t: tensor<f32>) {
  %0 = molten.rope %x, %t, %t : tensor<?x8xf32>, tensor<f32>
  return
}
