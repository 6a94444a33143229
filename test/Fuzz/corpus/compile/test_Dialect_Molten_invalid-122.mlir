func.func @unranked_generic(%x: tensor<*xf32>) {
  %0 = "molten.reduce_sum"(%x) <{dims = array<i64: 0>}> : (tensor<*xf32>) -> tensor<f32>
  return
}
