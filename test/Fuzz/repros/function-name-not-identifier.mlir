func.func @"a b"(%x: tensor<?x64xf32>) -> tensor<?x64xf32> {
  %y = molten.exp %x : tensor<?x64xf32>
  return %y : tensor<?x64xf32>
}
func.func @"a.b$"(%x: tensor<?x64xf32>) -> tensor<?x64xf32> {
  %y = molten.exp %x : tensor<?x64xf32>
  return %y : tensor<?x64xf32>
}
