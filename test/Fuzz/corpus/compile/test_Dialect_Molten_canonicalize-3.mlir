func.func @fold_cast() -> (tensor<2xbf16>, tensor<2xf16>) {
  %c = molten.constant dense<[1.00390625, 3.0e+05]> : tensor<2xf32>
  %b = molten.cast %c : tensor<2xf32> to tensor<2xbf16>
  %h = molten.cast %c : tensor<2xf32> to tensor<2xf16>
  return %b, %h : tensor<2xbf16>, tensor<2xf16>
}
