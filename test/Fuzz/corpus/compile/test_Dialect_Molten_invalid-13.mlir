func.func @clamp_nan_bound(%x: tensor<4xf32>) {
  %0 = molten.clamp %x min = 0x7FF8000000000000 max = 1.0 : tensor<4xf32>
  return
}
