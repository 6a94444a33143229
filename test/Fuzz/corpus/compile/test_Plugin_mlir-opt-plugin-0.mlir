func.func @softmax(%x: tensor<?x16xf32>) -> tensor<?x16xf32> {
  %y = molten.softmax %x : tensor<?x16xf32>
  return %y : tensor<?x16xf32>
}
