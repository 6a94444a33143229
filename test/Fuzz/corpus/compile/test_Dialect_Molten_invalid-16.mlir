func.func @constant_f64() {
  %0 = molten.constant dense<1.0> : tensor<4xf64>
  return
}
