func.func @callee(%x: tensor<?x4xbf16>) -> tensor<?x4xbf16> {
  %y = molten.exp %x : tensor<?x4xbf16>
  return %y : tensor<?x4xbf16>
}
func.func @caller(%x: tensor<2x4xbf16>) -> tensor<?x4xbf16> {
  %c = tensor.cast %x : tensor<2x4xbf16> to tensor<?x4xbf16>
  %y = call @callee(%c) : (tensor<?x4xbf16>) -> tensor<?x4xbf16>
  return %y : tensor<?x4xbf16>
}
