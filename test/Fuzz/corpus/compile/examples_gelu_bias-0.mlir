func.func @gelu_bias(%x: tensor<?x5120xbf16>, %b: tensor<5120xbf16>) -> tensor<?x5120xbf16> {
  %h = molten.add %x, %b : tensor<?x5120xbf16>, tensor<5120xbf16>
  %y = molten.gelu %h approximate = tanh : tensor<?x5120xbf16>
  return %y : tensor<?x5120xbf16>
}
