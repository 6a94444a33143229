func.func @unranked_custom(%x: tensor<*xf32>) {
  %0 = molten.add %x, %x : tensor<*xf32>, tensor<*xf32>
  return
}
