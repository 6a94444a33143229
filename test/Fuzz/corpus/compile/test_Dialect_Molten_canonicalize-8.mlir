func.func @cast_chains(%h: tensor<4xf16>, %b: tensor<4xbf16>, %f: tensor<4xf32>) -> (tensor<4xf16>, tensor<4xbf16>, tensor<4xf16>, tensor<4xf32>, tensor<4xbf16>) {
  %0 = molten.cast %h : tensor<4xf16> to tensor<4xf32>
  %1 = molten.cast %0 : tensor<4xf32> to tensor<4xf16>
  %2 = molten.cast %b : tensor<4xbf16> to tensor<4xf32>
  %3 = molten.cast %2 : tensor<4xf32> to tensor<4xbf16>
  %4 = molten.cast %2 : tensor<4xf32> to tensor<4xf16>
  %5 = molten.cast %f : tensor<4xf32> to tensor<4xbf16>
  %6 = molten.cast %5 : tensor<4xbf16> to tensor<4xf32>
  %7 = molten.cast %b : tensor<4xbf16> to tensor<4xf16>
  %8 = molten.cast %7 : tensor<4xf16> to tensor<4xbf16>
  return %1, %3, %4, %6, %8 : tensor<4xf16>, tensor<4xbf16>, tensor<4xf16>, tensor<4xf32>, tensor<4xbf16>
}
