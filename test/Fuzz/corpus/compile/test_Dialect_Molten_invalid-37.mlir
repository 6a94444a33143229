func.func @rms_norm_result_type(%x: tensor<?x8xf32>, %w: tensor<8xf32>) {
  %0 = "molten.rms_norm"(%x, %w) <{axis = -1 : i64, eps = 1.0e-06 : f64}> : (tensor<?x8xf32>, tensor<8xf32>) -> tensor<4x8xf32>
  return
}
