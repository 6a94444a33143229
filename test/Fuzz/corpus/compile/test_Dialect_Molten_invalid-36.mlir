func.func @rms_norm_missing_weight(%x: tensor<?x8xf32>) {
  %0 = "molten.rms_norm"(%x) <{axis = -1 : i64, eps = 1.0e-06 : f64}> : (tensor<?x8xf32>) -> tensor<?x8xf32>
  return
}
