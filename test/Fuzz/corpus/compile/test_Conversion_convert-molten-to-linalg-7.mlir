func.func @relu(%x: tensor<4xf32>) -> tensor<4xf32> {
  %y = molten.relu %x : tensor<4xf32>
  return %y : tensor<4xf32>
}
