func.func @constant_i32() {
  %0 = molten.constant dense<1> : tensor<4xi32>
  return
}
