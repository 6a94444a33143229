func.func @reshape(%x: tensor<?x8xf32>) -> tensor<?x2x4xf32> {
  %y = molten.reshape %x : tensor<?x8xf32> -> tensor<?x2x4xf32>
  return %y : tensor<?x2x4xf32>
}
