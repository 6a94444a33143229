func.func @rope(%x: tensor<?x32x128xbf16>, %cos: tensor<?x1x128xbf16>, %sin: tensor<?x1x128xbf16>) -> tensor<?x32x128xbf16> {
  %y = molten.rope %x, %cos, %sin : tensor<?x32x128xbf16>, tensor<?x1x128xbf16>
  return %y : tensor<?x32x128xbf16>
}
