func.func @sigmoid(%x: tensor<4xf32>) -> tensor<4xf32> {
  %y = molten.sigmoid %x : tensor<4xf32>
  return %y : tensor<4xf32>
}
