func.func @add_bf16(%a: tensor<?x4xbf16>, %b: tensor<4xbf16>) -> tensor<?x4xbf16> {
  %y = molten.add %a, %b : tensor<?x4xbf16>, tensor<4xbf16>
  return %y : tensor<?x4xbf16>
}
