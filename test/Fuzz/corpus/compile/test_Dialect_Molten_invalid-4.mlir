func.func @max_wrong_result_type(%x: tensor<4xf32>) {
  %0 = "molten.max"(%x, %x) : (tensor<4xf32>, tensor<4xf32>) -> tensor<1x4xf32>
  return
}
