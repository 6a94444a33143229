func.func @reduce_rank0(%x: tensor<f16>) {
  %0 = molten.reduce_sum %x dims = [0] : tensor<f16> -> tensor<f16>
  return
}
