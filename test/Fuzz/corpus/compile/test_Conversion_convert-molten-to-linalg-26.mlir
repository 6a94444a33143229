func.func @softmax(%x: tensor<?x8xf32>) -> tensor<?x8xf32> {
  %y = molten.softmax %x : tensor<?x8xf32>
  return %y : tensor<?x8xf32>
}
