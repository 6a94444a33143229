func.func @select(%c: tensor<3x1xi1>, %a: tensor<3x4xbf16>, %b: tensor<bf16>) -> tensor<3x4xbf16> {
  %y = molten.select %c, %a, %b : tensor<3x1xi1>, tensor<3x4xbf16>, tensor<bf16>
  return %y : tensor<3x4xbf16>
}
