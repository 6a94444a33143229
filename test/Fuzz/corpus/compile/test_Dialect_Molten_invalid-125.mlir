func.func @too_few_operands(%x: tensor<4xf32>) {
  %0 = "molten.add"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  return
}
