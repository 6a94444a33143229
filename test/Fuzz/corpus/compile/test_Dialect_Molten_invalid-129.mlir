func.func @missing_attribute(%x: tensor<4xf32>) {
  %0 = "molten.transpose"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  return
}
