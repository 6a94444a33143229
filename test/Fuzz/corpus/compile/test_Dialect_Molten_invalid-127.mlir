func.func @select_two_operands(%m: tensor<4xi1>, %x: tensor<4xf32>) {
  %0 = "molten.select"(%m, %x) : (tensor<4xi1>, tensor<4xf32>) -> tensor<4xf32>
  return
}
