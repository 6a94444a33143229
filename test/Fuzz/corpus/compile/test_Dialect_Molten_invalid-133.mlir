func.func @bad_mode_value(%x: tensor<4xf32>) {
  %0 = "molten.rope"(%x, %x, %x) <{mode = 2 : i32}> : (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return
}
