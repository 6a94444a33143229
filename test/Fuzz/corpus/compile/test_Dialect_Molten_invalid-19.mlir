func.func @constant_not_dense() {
  %0 = "molten.constant"() <{value = 1.0 : f32}> : () -> tensor<f32>
  return
}
