func.func @two_results(%x: tensor<4xf32>) {
  %0:2 = "molten.exp"(%x) : (tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>)
  return
}
