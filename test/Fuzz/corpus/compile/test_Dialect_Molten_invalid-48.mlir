func.func @rope_rank0(%x: tensor<f32>) {
  %0 = molten.rope %x, %x, %x : tensor<f32>, tensor<f32>
  return
}
