func.func @f64_matmul(%x: tensor<4x4xf64>) {
  %0 = molten.matmul %x, %x : tensor<4x4xf64>, tensor<4x4xf64> -> tensor<4x4xf64>
  return
}
