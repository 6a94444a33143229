func.func @clamp_min_above_max(%x: tensor<4xf32>) {
  %0 = molten.clamp %x min = 2.0 max = 1.0 : tensor<4xf32>
  return
}
