func.func @eps_not_f64(%x: tensor<4xf32>) {
  %0 = "molten.rms_norm"(%x, %x) <{axis = -1 : i64, eps = 1.0e-06 : f32}> : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return
}
