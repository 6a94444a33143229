func.func @rope_cos_sin_differ(%x: tensor<?x8xf32>, %c: tensor<8xf32>, %s: tensor<1x8xf32>) {
  %0 = "molten.rope"(%x, %c, %s) <{mode = 0 : i32}> : (tensor<?x8xf32>, tensor<8xf32>, tensor<1x8xf32>) -> tensor<?x8xf32>
  return
}
