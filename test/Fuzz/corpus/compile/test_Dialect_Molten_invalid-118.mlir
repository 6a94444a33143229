func.func @f64_operand(%x: tensor<4xf64>) {
  %0 = molten.exp %x : tensor<4xf64>
  return
}
