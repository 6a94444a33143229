func.func @unranked_concat(%x: tensor<*xf32>) {
  %0 = molten.concat %x dim = 0 : tensor<*xf32> -> tensor<f32>
  return
}
