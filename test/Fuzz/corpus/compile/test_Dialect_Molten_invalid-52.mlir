func.func @rope_table_rank_too_large(%x: tensor<?x8xf32>, %t: tensor<1x1x8xf32>) {
  %0 = molten.rope %x, %t, %t : tensor<?x8xf32>, tensor<1x1x8xf32>
  return
}
