func.func @softmax(%x: tensor<?x4096xf32>) -> tensor<?x4096xf32> {
  %y = molten.softmax %x : tensor<?x4096xf32>
  return %y : tensor<?x4096xf32>
}
