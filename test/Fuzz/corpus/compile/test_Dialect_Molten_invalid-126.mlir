func.func @too_many_operands(%x: tensor<4xf32>) {
  %0 = "molten.exp"(%x, %x) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return
}
