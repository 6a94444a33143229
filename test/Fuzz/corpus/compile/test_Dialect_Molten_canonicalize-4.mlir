func.func @fold_binary() -> (tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>) {
  %a = molten.constant dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>
  %b = molten.constant dense<[10.0, 20.0]> : tensor<2xf32>
  %c = molten.constant dense<[[2.0], [0.5]]> : tensor<2x1xf32>
  %0 = molten.add %a, %b : tensor<2x2xf32>, tensor<2xf32>
  %1 = molten.sub %a, %c : tensor<2x2xf32>, tensor<2x1xf32>
  %2 = molten.mul %b, %c : tensor<2xf32>, tensor<2x1xf32>
  %3 = molten.div %a, %c : tensor<2x2xf32>, tensor<2x1xf32>
  %4 = molten.pow %a, %c : tensor<2x2xf32>, tensor<2x1xf32>
  %5 = molten.max %a, %c : tensor<2x2xf32>, tensor<2x1xf32>
  return %0, %1, %2, %3, %4, %5 : tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>
}
