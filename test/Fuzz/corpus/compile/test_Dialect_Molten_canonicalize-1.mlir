func.func @fold_unary_splat() -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) {
  %c = molten.constant dense<0.5> : tensor<4xf32>
  %0 = molten.log %c : tensor<4xf32>
  %1 = molten.rsqrt %c : tensor<4xf32>
  %2 = molten.tanh %c : tensor<4xf32>
  %3 = molten.sigmoid %c : tensor<4xf32>
  %4 = molten.silu %c : tensor<4xf32>
  %5 = molten.gelu %c : tensor<4xf32>
  %6 = molten.gelu %c approximate = tanh : tensor<4xf32>
  %7 = molten.erf %c : tensor<4xf32>
  %8 = molten.cast %c : tensor<4xf32> to tensor<4xf32>
  return %0, %1, %2, %3, %4, %5, %6, %7, %8 : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
}
