func.func @abs_bf16(%x: tensor<?x4xbf16>) -> tensor<?x4xbf16> {
  %y = molten.abs %x : tensor<?x4xbf16>
  return %y : tensor<?x4xbf16>
}
